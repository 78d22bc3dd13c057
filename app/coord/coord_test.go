package coord_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/report"
	"skranke/store"
)

// rig is a coordinator service over a real store and queue, on a manual clock.
type rig struct {
	t     *testing.T
	store *store.Store
	queue *app.QueueService
	svc   *coord.Service
	clock *app.ManualClock
	site  app.Site
}

var cph = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is a time on Monday 23 November 2026 (the site opens Mondays 12–17), or days later.
func at(days, hour, min int) time.Time { return time.Date(2026, 11, 23+days, hour, min, 0, 0, cph) }

func MustRig(t *testing.T) *rig {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	site, err := s.SiteOrDefault(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	clock := app.NewManualClock(at(0, 12, 0))
	q := app.NewQueueService(s, site, clock)
	write := func(w io.Writer, format string, r report.Report, k int) error {
		if format == "broken" {
			w.Write([]byte("half a file"))
			return errors.New("the writer failed")
		}
		_, err := io.WriteString(w, format+" "+r.Week.String())
		return err
	}
	svc := coord.New(coord.Config{Store: s, Queue: q, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Write: write})
	t.Cleanup(func() {
		if r, err := s.Check(); err != nil || !r.OK() {
			t.Errorf("check: %v %v", err, r.Problems)
		}
		s.Close()
	})
	return &rig{t: t, store: s, queue: q, svc: svc, clock: clock, site: site}
}

// visitors checks n visitors in a minute apart; the first done visits are called
// and finished.
func (r *rig) visitors(n, done int) {
	r.t.Helper()
	ctx := context.Background()
	for range n {
		if _, err := r.queue.CheckIn(ctx, app.CheckIn{Lang: "ar", Topics: []app.TopicID{"post"}}); err != nil {
			r.t.Fatal(err)
		}
		r.clock.Advance(time.Minute)
	}
	for range done {
		v, err := r.queue.CallNext(ctx, 1)
		if err != nil {
			r.t.Fatal(err)
		}
		r.clock.Advance(10 * time.Minute)
		if _, err := r.queue.Do(ctx, v.ID, app.Step{Action: app.ActFinish, Outcome: app.OutcomeResolved}); err != nil {
			r.t.Fatal(err)
		}
	}
}

func (r *rig) facts(day string) []report.Fact {
	r.t.Helper()
	fs, err := r.store.Facts(context.Background(), day, day)
	if err != nil {
		r.t.Fatal(err)
	}
	return fs
}

func TestCloseDue(t *testing.T) {
	tests := []struct {
		name       string
		n, done    int
		now        time.Time
		wantClosed int
	}{
		{name: "BeforeClosing", n: 3, done: 3, now: at(0, 16, 0), wantClosed: 0},
		{name: "AfterClosingQueueOpen", n: 3, done: 2, now: at(0, 17, 30), wantClosed: 0},
		{name: "AfterClosingQuiet", n: 3, done: 3, now: at(0, 17, 30), wantClosed: 3},
		{name: "NextDayWhateverIsOpen", n: 3, done: 1, now: at(1, 0, 5), wantClosed: 3},
		{name: "EmptyDay", now: at(1, 9, 0), wantClosed: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := MustRig(t)
			r.visitors(tt.n, tt.done)
			r.clock.Set(tt.now)
			res, err := r.svc.CloseDue(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Visits(); got != tt.wantClosed {
				t.Fatalf("closed %d visits, want %d", got, tt.wantClosed)
			}
			if got := len(r.facts("2026-11-23")); got != tt.wantClosed {
				t.Errorf("facts: got %d, want %d", got, tt.wantClosed)
			}
			if tt.wantClosed > 0 && (res.Backup == "" || filepath.Base(res.Backup) != "skranke-2026-11-23.db") {
				t.Errorf("backup: got %q, want skranke-2026-11-23.db", res.Backup)
			}
			if tt.wantClosed == 0 && res.Backup != "" {
				t.Errorf("a close that closed nothing wrote a backup: %s", res.Backup)
			}
		})
	}
}

// TestCloseDueNextDay checks what visitors still waiting when the kiosk was left
// overnight become: never called, having waited until the desk closed at 17:00.
func TestCloseDueNextDay(t *testing.T) {
	r := MustRig(t)
	r.clock.Set(at(0, 16, 30))
	r.visitors(1, 0)
	r.clock.Set(at(7, 9, 0)) // the kiosk is switched on again a week later
	if _, err := r.svc.CloseDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	fs := r.facts("2026-11-23")
	if len(fs) != 1 || fs[0].End != report.EndNeverCalled || fs[0].WaitedMin != 30 {
		t.Errorf("got %+v, want one fact never called, waited 30 minutes", fs)
	}
}

// TestCloseToday is the coordinator's button: today closes with visitors still open,
// the queue empties at once, and a visitor checking in later gets the next number.
func TestCloseToday(t *testing.T) {
	ctx := context.Background()
	r := MustRig(t)
	r.visitors(4, 1) // one done, three waiting
	if _, err := r.queue.CallNext(ctx, 2); err != nil {
		t.Fatal(err)
	}
	changes, stop := r.svc.Subscribe()
	defer stop()
	res, err := r.svc.CloseToday(ctx)
	if err != nil || res.Visits() != 4 {
		t.Fatalf("close today: got %+v, %v; want 4 visits", res, err)
	}
	if c := <-changes; c.Event.Kind != app.EventDayClosed {
		t.Errorf("change: got %s, want %s", c.Event.Kind, app.EventDayClosed)
	}
	if vs, _ := r.queue.Today(ctx); len(vs) != 0 {
		t.Errorf("queue after close: %d visits, want none", len(vs))
	}
	ends := map[report.End]int{}
	for _, f := range r.facts("2026-11-23") {
		ends[f.End]++
	}
	if want := map[report.End]int{report.EndDone: 1, report.EndLeft: 1, report.EndNeverCalled: 2}; !equalMaps(ends, want) {
		t.Errorf("ends: got %v, want %v (called but not started counts as left)", ends, want)
	}
	tk, err := r.queue.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"mitid"}})
	if err != nil || tk.Visit.Ticket != 5 {
		t.Errorf("late check-in: ticket %d, %v; want 5", tk.Visit.Ticket, err)
	}
	// The timer's next close after midnight counts the late visitor too.
	r.clock.Set(at(1, 0, 5))
	if res, err := r.svc.CloseDue(ctx); err != nil || res.Visits() != 1 {
		t.Errorf("close the next day: %+v, %v; want the one late visit", res, err)
	}
	if got := len(r.facts("2026-11-23")); got != 5 {
		t.Errorf("facts: got %d, want 5", got)
	}
	if days, _ := r.store.Days(ctx); len(days) != 0 {
		t.Errorf("raw days left: %v", days)
	}
}

func equalMaps[K comparable](a, b map[K]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCloseFoldsPastRetention: facts older than the site's retention become weekly
// aggregates at the next close, and the week's report does not change.
func TestCloseFoldsPastRetention(t *testing.T) {
	ctx := context.Background()
	r := MustRig(t)
	old := report.Fact{Date: "2026-08-03", Weekday: time.Monday, Hour: 12, Lang: "so", Topics: []app.TopicID{"job"}, End: report.EndDone, Outcome: app.OutcomeReferred, WaitedMin: 15, HandledMin: 20}
	if err := r.store.AddFacts(ctx, []report.Fact{old, old, old}); err != nil {
		t.Fatal(err)
	}
	week, _ := report.WeekOfDate(old.Date)
	before, err := r.svc.Week(ctx, week)
	if err != nil {
		t.Fatal(err)
	}
	r.visitors(2, 2)
	r.clock.Set(at(1, 0, 5))
	res, err := r.svc.CloseDue(ctx)
	if err != nil || res.Folded != 3 {
		t.Fatalf("close: got %+v, %v; want 3 facts folded", res, err)
	}
	after, err := r.svc.Week(ctx, week)
	if err != nil || after.Visits.Count != 3 || after.Cell(report.DimTopic, "job").Count != before.Cell(report.DimTopic, "job").Count {
		t.Errorf("week %v after folding: %+v, %v; want what it was", week, after.Visits, err)
	}
	if fs := r.facts(old.Date); len(fs) != 0 {
		t.Errorf("facts past the retention: %d left", len(fs))
	}
}

func TestSpanAddsUpWeeks(t *testing.T) {
	ctx := context.Background()
	r := MustRig(t)
	var facts []report.Fact
	for w := range 3 {
		d := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*w)
		for i := range 4 + w {
			facts = append(facts, report.Fact{Date: d.Format(time.DateOnly), Weekday: d.Weekday(), Hour: 12, Lang: app.Languages[i%3],
				Topics: []app.TopicID{"post"}, End: report.EndDone, Outcome: app.OutcomeResolved, WaitedMin: 5 * i, HandledMin: 10})
		}
	}
	if err := r.store.AddFacts(ctx, facts); err != nil {
		t.Fatal(err)
	}
	weeks, err := r.svc.Weeks(ctx, report.ISOWeek{Year: 2026, Week: 47}, 3)
	if err != nil {
		t.Fatal(err)
	}
	span, err := coord.Span(weeks)
	if err != nil {
		t.Fatal(err)
	}
	// One report over all the facts, as if they were one week's.
	all := make([]report.Fact, len(facts))
	for i, f := range facts {
		f.Date = "2026-11-16"
		all[i] = f
	}
	want := report.Build(report.ISOWeek{Year: 2026, Week: 47}, []string{"demo"}, report.Fold(report.ISOWeek{Year: 2026, Week: 47}, all))
	if span.Visits != want.Visits || span.Waited.Median != want.Waited.Median || span.Cell(report.DimLanguage, "ar") != want.Cell(report.DimLanguage, "ar") {
		t.Errorf("span: got %+v, want %+v", span.Visits, want.Visits)
	}
	if len(span.Sites) != 1 || span.Sites[0] != "demo" {
		t.Errorf("span sites: got %v, want [demo]", span.Sites)
	}
}

func TestGlanceOf(t *testing.T) {
	vs := []app.Visit{
		{State: app.StateWaiting, Lang: "ar", Topics: []app.TopicID{"post", "money"}, Urgent: true},
		{State: app.StateCalled, Lang: "so", Topics: []app.TopicID{"job"}},
		{State: app.StateServing, Lang: "ar", Topics: []app.TopicID{"post"}},
		{State: app.StateDone, Lang: "da", Topics: []app.TopicID{"mitid"}},
		{State: app.StateNoShow, Lang: "ar", Topics: []app.TopicID{"post"}},
		{State: app.StateLeft, Lang: "so", Topics: []app.TopicID{"job"}},
	}
	g := coord.GlanceOf(vs, app.DefaultCatalogue())
	if g.CheckedIn != 6 || g.Waiting != 1 || g.AtTables != 2 || g.Served != 1 || g.NoShows != 1 || g.Left != 1 || g.Urgent != 1 {
		t.Errorf("counts: got %+v", g)
	}
	wantTopics := []coord.Count[app.TopicID]{{Key: "post", N: 3}, {Key: "mitid", N: 1}, {Key: "job", N: 2}, {Key: "money", N: 1}}
	if len(g.Topics) != len(wantTopics) {
		t.Fatalf("topics: got %v, want %v", g.Topics, wantTopics)
	}
	for i := range wantTopics {
		if g.Topics[i] != wantTopics[i] {
			t.Errorf("topics: got %v, want %v (catalogue order)", g.Topics, wantTopics)
		}
	}
	if g.Langs[0] != (coord.Count[string]{Key: "ar", N: 3}) || g.Langs[1] != (coord.Count[string]{Key: "so", N: 2}) {
		t.Errorf("languages: got %v, want ar 3, so 2, da 1", g.Langs)
	}
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	r := MustRig(t)
	dir := t.TempDir()
	week := report.ISOWeek{Year: 2026, Week: 47}
	path, err := r.svc.Export(ctx, week, "csv", dir)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != "csv 2026-W47" || filepath.Base(path) != "skranke-demo-2026-W47.csv" {
		t.Errorf("export: %s = %q, %v", path, data, err)
	}
	if _, err := r.svc.Export(ctx, week, "broken", dir); err == nil {
		t.Error("a failed writer gave no error")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("after a failed export the folder holds %d files, want only the first export", len(entries))
	}
}

func TestSaveSite(t *testing.T) {
	ctx := context.Background()
	r := MustRig(t)
	site := r.site
	site.Name, site.K = "Tingbjerg", 10
	if err := r.svc.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if got := r.svc.Site(); got.Name != "Tingbjerg" || got.K != 10 {
		t.Errorf("service site: got %q k=%d, want the saved one", got.Name, got.K)
	}
	if got := r.queue.Site(); got.K != r.site.K {
		t.Errorf("queue site: got k=%d; the queue keeps its site until the next start", got.K)
	}
	tests := []struct {
		name string
		edit func(*app.Site)
	}{
		{name: "ErrSiteID", edit: func(s *app.Site) { s.ID = "other" }},
		{name: "ErrK", edit: func(s *app.Site) { s.K = 0 }},
		{name: "ErrOpening", edit: func(s *app.Site) { s.Openings = []app.Opening{{Weekday: time.Monday, From: "17:00", To: "12:00"}} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := r.svc.Site()
			tt.edit(&s)
			if err := r.svc.SaveSite(ctx, s); app.ErrorCode(err) != app.EConfig {
				t.Errorf("got %v, want an %s error", err, app.EConfig)
			}
			if got, _, _ := r.store.LoadSite(ctx); got.K != 10 || got.ID != "demo" {
				t.Errorf("a refused site was stored: %+v", got)
			}
		})
	}
}
