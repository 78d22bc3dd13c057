package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/report"
	"skranke/store"
)

// MustAddVisits stores n visits of day directly, in states that cycle through all of
// them, arriving a minute apart from 12:00 in the site's zone.
func MustAddVisits(tb testing.TB, s *store.Store, site app.Site, day string, n int) {
	tb.Helper()
	d, err := site.Date(day)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		at := d.Add(12*time.Hour + time.Duration(i)*time.Minute)
		v := app.Visit{Day: day, Lang: app.Languages[i%len(app.Languages)], Topics: []app.TopicID{"post"}, Skill: app.SkillDigital, State: app.States[i%len(app.States)], Arrived: at, FirstName: fmt.Sprintf("Name%d", i)}
		if v.State != app.StateWaiting && v.State != app.StateLeft {
			v.Table, v.Called = 1, at.Add(10*time.Minute)
		}
		if v.State == app.StateDone {
			v.Started, v.Ended, v.Outcome = v.Called, v.Called.Add(20*time.Minute), app.OutcomeResolved
		}
		if _, err := s.AddVisit(context.Background(), v); err != nil {
			tb.Fatal(err)
		}
	}
}

func anonymiser(site app.Site, day string, now time.Time) func([]app.Visit) ([]report.Fact, error) {
	return func(vs []app.Visit) ([]report.Fact, error) { return coord.Anonymise(site, day, vs, now), nil }
}

func TestCloseDay(t *testing.T) {
	ctx := context.Background()
	site := app.DefaultSite()
	const day = "2026-11-23"
	later := time.Date(2026, 11, 30, 9, 0, 0, 0, site.Location())

	t.Run("OK", func(t *testing.T) {
		s, _ := MustOpenStore(t)
		MustAddVisits(t, s, site, day, 9)
		n, err := s.CloseDay(ctx, day, false, anonymiser(site, day, later))
		if err != nil || n != 9 {
			t.Fatalf("close: got %d, %v; want 9", n, err)
		}
		if days, _ := s.Days(ctx); len(days) != 0 {
			t.Errorf("raw days after close: got %v, want none", days)
		}
		facts, err := s.Facts(ctx, day, day)
		if err != nil || len(facts) != 9 {
			t.Fatalf("facts: got %d, %v; want 9", len(facts), err)
		}
		// Closing again, as after a crash between the close and the next step, is a
		// no-op: nothing counts twice.
		n, err = s.CloseDay(ctx, day, false, anonymiser(site, day, later))
		if err != nil || n != 0 {
			t.Errorf("second close: got %d, %v; want 0, nil", n, err)
		}
		if facts, _ := s.Facts(ctx, day, day); len(facts) != 9 {
			t.Errorf("facts after second close: got %d, want 9", len(facts))
		}
	})

	t.Run("KeepNumbering", func(t *testing.T) {
		s, _ := MustOpenStore(t)
		MustAddVisits(t, s, site, day, 4)
		if n, err := s.CloseDay(ctx, day, true, anonymiser(site, day, later)); err != nil || n != 4 {
			t.Fatalf("close: got %d, %v; want 4", n, err)
		}
		if vs, _ := s.Visits(ctx, day); len(vs) != 0 {
			t.Errorf("visits after close: got %d, want 0", len(vs))
		}
		v, err := s.AddVisit(ctx, app.Visit{Day: day, Lang: "da", Topics: []app.TopicID{"post"}, State: app.StateWaiting, Arrived: later.AddDate(0, 0, -7)})
		if err != nil || v.Ticket != 5 {
			t.Fatalf("late check-in: got ticket %d, %v; want 5 (numbers are never reused within a day)", v.Ticket, err)
		}
		if n, err := s.CloseDay(ctx, day, false, anonymiser(site, day, later)); err != nil || n != 1 {
			t.Fatalf("second close: got %d, %v; want 1", n, err)
		}
		if facts, _ := s.Facts(ctx, day, day); len(facts) != 5 {
			t.Errorf("facts: got %d, want 5", len(facts))
		}
		if days, _ := s.Days(ctx); len(days) != 0 {
			t.Errorf("raw days: got %v, want none", days)
		}
	})

	refused := []struct {
		name string
		fn   func([]app.Visit) ([]report.Fact, error)
	}{
		{name: "ErrAnonymise", fn: func([]app.Visit) ([]report.Fact, error) { return nil, app.Errorf(coord.ENotDue, "not yet") }},
		{name: "ErrFactCount", fn: func(vs []app.Visit) ([]report.Fact, error) {
			return coord.Anonymise(site, day, vs[1:], later), nil
		}},
		{name: "ErrFactDate", fn: func(vs []app.Visit) ([]report.Fact, error) {
			fs := coord.Anonymise(site, day, vs, later)
			fs[0].Date = "2026-11-24"
			return fs, nil
		}},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpenStore(t)
			MustAddVisits(t, s, site, day, 3)
			if _, err := s.CloseDay(ctx, day, false, tt.fn); err == nil {
				t.Fatal("close succeeded; want it refused")
			}
			if vs, _ := s.Visits(ctx, day); len(vs) != 3 {
				t.Errorf("visits after a refused close: got %d, want 3 untouched", len(vs))
			}
			if facts, _ := s.Facts(ctx, day, day); len(facts) != 0 {
				t.Errorf("facts after a refused close: got %d, want 0", len(facts))
			}
		})
	}
}

// history returns facts for every Monday and Thursday of the ten weeks up to and
// including 2026-W48, n a day.
func history(n int) []report.Fact {
	var facts []report.Fact
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -7*9)
	for w := range 10 {
		for _, off := range []int{0, 3} {
			d := monday.AddDate(0, 0, 7*w+off)
			for i := range n {
				facts = append(facts, report.Fact{
					Date: d.Format(time.DateOnly), Weekday: d.Weekday(), Hour: 12 + i%5,
					Lang: app.Languages[(w+i)%len(app.Languages)], Topics: []app.TopicID{app.DefaultCatalogue().IDs()[i%12]},
					Urgent: i%4 == 0, End: report.EndDone, Outcome: app.Outcomes[i%4], WaitedMin: 5 * (i % 7), HandledMin: 5 * (1 + i%9),
				})
			}
		}
	}
	return facts
}

func TestWeekFacts(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenStore(t)
	all := history(7)
	if err := s.AddFacts(ctx, all); err != nil {
		t.Fatal(err)
	}
	week := report.ISOWeek{Year: 2026, Week: 45}
	facts, aggs, err := s.WeekFacts(ctx, week)
	if err != nil {
		t.Fatal(err)
	}
	var want []report.Fact
	for _, f := range all {
		if week.Contains(f.Date) {
			want = append(want, f)
		}
	}
	if len(aggs) != 0 || !reflect.DeepEqual(facts, want) {
		t.Errorf("got %d facts and %d aggregates, want the week's %d facts and none", len(facts), len(aggs), len(want))
	}
}

// TestFoldFacts folds facts past a cut in the middle of a week and checks that every
// week's report is exactly what it was, and that folding again changes nothing.
func TestFoldFacts(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenStore(t)
	if err := s.AddFacts(ctx, history(6)); err != nil {
		t.Fatal(err)
	}
	weeks := func() []report.Report {
		var rs []report.Report
		for w := 39; w <= 48; w++ {
			week := report.ISOWeek{Year: 2026, Week: w}
			facts, aggs, err := s.WeekFacts(ctx, week)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, report.Build(week, []string{"demo"}, append(aggs, report.Fold(week, facts))...))
		}
		return rs
	}
	before := weeks()
	const cut = "2026-10-29" // a Thursday in 2026-W44: its Monday folds, it stays a fact
	n, err := s.FoldFacts(ctx, cut)
	if err != nil || n != 6*11 {
		t.Fatalf("fold: got %d, %v; want %d facts (5 weeks of two days and a Monday)", n, err, 6*11)
	}
	if left, _ := s.Facts(ctx, "2000-01-01", "2026-10-28"); len(left) != 0 {
		t.Errorf("facts before the cut: got %d, want 0", len(left))
	}
	if got := weeks(); !reflect.DeepEqual(got, before) {
		t.Errorf("reports changed by folding:\ngot  %+v\nwant %+v", got, before)
	}
	if n, err := s.FoldFacts(ctx, cut); err != nil || n != 0 {
		t.Errorf("second fold: got %d, %v; want 0", n, err)
	}
	// Fold the rest of W44 later: its aggregate grows, the report stays.
	if _, err := s.FoldFacts(ctx, "2026-11-02"); err != nil {
		t.Fatal(err)
	}
	if got := weeks(); !reflect.DeepEqual(got, before) {
		t.Errorf("reports changed by the second fold")
	}
	ws, err := s.Weeks(ctx)
	if err != nil || len(ws) != 6 || ws[0] != (report.ISOWeek{Year: 2026, Week: 39}) || ws[5] != (report.ISOWeek{Year: 2026, Week: 44}) {
		t.Errorf("weeks with aggregates: got %v, %v; want 2026-W39 to 2026-W44", ws, err)
	}
}

func TestSaveBackupKeepsTheNewest(t *testing.T) {
	ctx := context.Background()
	s, dir := MustOpenStore(t)
	MustAddVisits(t, s, app.DefaultSite(), "2026-11-23", 3)
	bdir := filepath.Join(dir, store.BackupDir)
	if err := os.MkdirAll(bdir, 0o700); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(bdir, ".skranke-123.db.tmp") // left by a crash mid-backup
	if err := os.WriteFile(stray, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	var paths []string
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for i := range 16 {
		p, err := s.SaveBackup(ctx, start.AddDate(0, 0, 7*i).Format(time.DateOnly), coord.DefaultBackups)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	entries, err := os.ReadDir(bdir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var want []string
	for _, p := range paths[2:] {
		want = append(want, filepath.Base(p))
	}
	if !slices.Equal(names, want) {
		t.Errorf("backups: got %v, want the newest 14 %v", names, want)
	}
	// A backup is a database of its own that opens and checks clean.
	restored := t.TempDir()
	data, err := os.ReadFile(paths[len(paths)-1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, store.FileName), data, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.Check()
	b.Close()
	if err != nil || !r.OK() || r.Visits != 3 {
		t.Errorf("restored backup: %+v, %v; want 3 visits and no problems", r, err)
	}
}

func TestSaveBackupRefusesABadDay(t *testing.T) {
	s, _ := MustOpenStore(t)
	for _, day := range []string{"", "../../x.db", "2026/11/23"} {
		if _, err := s.SaveBackup(context.Background(), day, 14); err == nil {
			t.Errorf("SaveBackup(%q): got no error", day)
		}
	}
}

func TestScrubKeepsTheDatabase(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenStore(t)
	site := app.DefaultSite()
	for i := range 20 {
		day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly)
		MustAddVisits(t, s, site, day, 30)
		if _, err := s.CloseDay(ctx, day, false, anonymiser(site, day, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))); err != nil {
			t.Fatal(err)
		}
		if err := s.Scrub(ctx); err != nil {
			t.Fatal(err)
		}
	}
	facts, err := s.Facts(ctx, "2026-09-01", "2026-09-30")
	if err != nil || len(facts) != 600 {
		t.Errorf("facts: got %d, %v; want 600", len(facts), err)
	}
	if err := s.Scrub(ctx); errors.Is(err, store.ErrScrubBusy) || err != nil {
		t.Errorf("scrub: %v", err)
	}
}
