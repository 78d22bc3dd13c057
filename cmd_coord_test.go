package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/report"
	"skranke/export"
	"skranke/store"
)

// MustRun runs a command line as main does and fails the test on an error.
func MustRun(tb testing.TB, args ...string) string {
	tb.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(""), &out, &errOut); err != nil {
		tb.Fatalf("skranke %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// MustSiteDir returns a data directory whose site has the given id.
func MustSiteDir(tb testing.TB, id string) string {
	tb.Helper()
	dir := tb.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	site := app.DefaultSite()
	site.ID, site.AskFirstName = id, true
	if err := s.SaveSite(context.Background(), site); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// MustWeekData returns the facts and aggregates of week in the store in dir.
func MustWeekData(tb testing.TB, dir string, week report.ISOWeek) ([]report.Fact, []report.WeekAggregate) {
	tb.Helper()
	s, err := store.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	facts, aggs, err := s.WeekFacts(context.Background(), week)
	if err != nil {
		tb.Fatal(err)
	}
	return facts, aggs
}

func TestSimulateIsDeterministic(t *testing.T) {
	week := report.ISOWeek{Year: 2026, Week: 47}
	var got [][]report.Fact
	for _, seed := range []string{"7", "7", "8"} {
		dir := MustSiteDir(t, "demo")
		MustRun(t, "simulate", "--data", dir, "--days", "7", "--seed", seed, "--until", "2026-11-22")
		facts, _ := MustWeekData(t, dir, week)
		if len(facts) < 10 || len(facts) > 40 {
			t.Errorf("seed %s: %d visits on one opening, want 10 to 40", seed, len(facts))
		}
		got = append(got, facts)
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("the same seed gave different histories")
	}
	if reflect.DeepEqual(got[0], got[2]) {
		t.Errorf("different seeds gave the same history")
	}
	// A second run into the same period is refused: history must not count twice.
	dir := MustSiteDir(t, "demo")
	MustRun(t, "simulate", "--data", dir, "--days", "7", "--until", "2026-11-22")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"simulate", "--data", dir, "--days", "7", "--until", "2026-11-22"}, nil, &out, &out); err == nil {
		t.Errorf("a second simulation of the same days succeeded")
	}
}

// TestMergeEqualsOneReportOverBothSites exports two sites' weeks as JSON through the
// command line, merges them through the command line, and compares the result with
// the report built directly from both stores' facts.
func TestMergeEqualsOneReportOverBothSites(t *testing.T) {
	week := report.ISOWeek{Year: 2026, Week: 47}
	out := t.TempDir()
	var facts []report.Fact
	var aggs []report.WeekAggregate
	var files []string
	for i, id := range []string{"tingbjerg", "gellerup"} {
		dir := MustSiteDir(t, id)
		MustRun(t, "simulate", "--data", dir, "--days", "14", "--seed", []string{"1", "2"}[i], "--until", "2026-11-22")
		f := filepath.Join(out, id+".json")
		MustRun(t, "export", "--data", dir, "--week", "2026-W47", "--out", f)
		files = append(files, f)
		fs, as := MustWeekData(t, dir, week)
		facts, aggs = append(facts, fs...), append(aggs, as...)
	}
	merged := filepath.Join(out, "kommune.json")
	MustRun(t, append([]string{"merge", "--out", merged}, files...)...)
	fh, err := os.Open(merged)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	got, k, err := export.ReadJSON(fh)
	if err != nil {
		t.Fatal(err)
	}
	want := report.Build(week, []string{"tingbjerg", "gellerup"}, append(aggs, report.Fold(week, facts))...)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merged report:\ngot  %+v\nwant %+v", got, want)
	}
	if k != app.DefaultSite().K || want.Visits.Count < 20 {
		t.Errorf("got k %d and %d visits; want k %d and the visits of two openings", k, want.Visits.Count, app.DefaultSite().K)
	}
	// A merged report can be written straight to a publishable format.
	MustRun(t, "merge", "--out", filepath.Join(out, "kommune.xlsx"), files[0], files[1])
}

// TestCloseDayAndExportsHoldNoPersonalData checks visitors in with first names on a
// past day, closes it with `skranke close-day`, and then scans the database file, the
// backup and an export in every format for the names and for ticket-bearing records.
func TestCloseDayAndExportsHoldNoPersonalData(t *testing.T) {
	ctx := context.Background()
	dir := MustSiteDir(t, "demo")
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	site, err := s.SiteOrDefault(ctx)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().AddDate(0, 0, -3)
	clock := app.NewManualClock(time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, site.Location()))
	q := app.NewQueueService(s, site, clock)
	var names []string
	for i := range 8 {
		name := "Halimo" + string(rune('A'+i)) + "Zq"
		names = append(names, name)
		if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "so", Topics: []app.TopicID{"job"}, FirstName: name}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	v, err := q.CallNext(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Do(ctx, v.ID, app.Step{Action: app.ActFinish, Outcome: app.OutcomeFollowUp}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if got := MustRun(t, "close-day", "--data", dir); !strings.Contains(got, "closed "+site.Day(clock.Now())+": 8 visits") {
		t.Fatalf("close-day printed %q", got)
	}
	if got := MustRun(t, "close-day", "--data", dir); !strings.Contains(got, "no day to close") {
		t.Errorf("second close-day printed %q, want nothing closed", got)
	}
	week := report.WeekOf(clock.Now())
	files := []string{filepath.Join(dir, store.FileName)}
	backups, _ := filepath.Glob(filepath.Join(dir, store.BackupDir, "*.db"))
	if len(backups) != 1 {
		t.Errorf("backups: got %v, want one", backups)
	}
	files = append(files, backups...)
	for _, f := range export.Formats {
		out := filepath.Join(t.TempDir(), "week."+f)
		MustRun(t, "export", "--data", dir, "--week", week.String(), "--out", out)
		files = append(files, out)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range append(names, `"ticket"`, `"first_name"`) {
			if bytes.Contains(data, []byte(m)) {
				t.Errorf("%s holds %q", filepath.Base(f), m)
			}
		}
	}
	facts, _ := MustWeekData(t, dir, week)
	if len(facts) != 8 {
		t.Errorf("facts: got %d, want 8", len(facts))
	}
}

func TestCommandErrors(t *testing.T) {
	dir := MustSiteDir(t, "demo")
	out := filepath.Join(t.TempDir(), "x.csv")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "ExportNoOut", args: []string{"export", "--data", dir}, want: "--out FILE is required"},
		{name: "ExportBadWeek", args: []string{"export", "--data", dir, "--week", "2026-W54", "--out", out}, want: "2026 has weeks 1 to 53"},
		{name: "ExportBadFormat", args: []string{"export", "--data", dir, "--out", filepath.Join(t.TempDir(), "x.pdf")}, want: `unknown format "pdf"`},
		{name: "ExportUnknownFlag", args: []string{"export", "--weak", "2026-W47"}, want: "flag provided but not defined"},
		{name: "MergeNoFiles", args: []string{"merge", "--out", out}, want: "name the JSON reports"},
		{name: "MergeNotJSON", args: []string{"merge", "--out", out, filepath.Join(dir, store.FileName)}, want: "read report json"},
		{name: "SimulateBadDays", args: []string{"simulate", "--data", dir, "--days", "0"}, want: "--days must be"},
		{name: "SimulateBadUntil", args: []string{"simulate", "--data", dir, "--until", "22/11/2026"}, want: "--until"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, nil, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if line := oneLine(err); strings.Contains(line, "\n") {
				t.Errorf("error is not one line: %q", line)
			}
		})
	}
}
