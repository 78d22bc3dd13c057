package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/report"
	"skranke/store"
)

// crashDays are the days TestDayCloseCrash fills: Mondays a week apart, so each is
// alone in its ISO week and a week's report counts exactly that day. The first three
// are past the 90-day retention at crashNow, so the close also folds them.
var crashDays = func() []string {
	var days []string
	for i := range 8 {
		days = append(days, time.Date(2026, 7, 27, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 14*i).Format(time.DateOnly))
	}
	return days
}()

var crashNow = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)

// TestDayCloseCrashChild is not a test of its own: TestDayCloseCrash runs the test
// binary again with SKRANKE_CLOSE_CRASH_DIR set, and this function then does what the
// kiosk does at start on a later day — close every due day, fold, scrub, back up —
// until it finishes or is killed.
func TestDayCloseCrashChild(t *testing.T) {
	dir := os.Getenv("SKRANKE_CLOSE_CRASH_DIR")
	if dir == "" {
		t.Skip("only run as TestDayCloseCrash's child process")
	}
	if err := closeDue(dir); err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	fmt.Println("closed")
}

func closeDue(dir string) error {
	s, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	site, err := s.SiteOrDefault(context.Background())
	if err != nil {
		return err
	}
	clock := app.NewManualClock(crashNow)
	q := app.NewQueueService(s, site, clock)
	svc := coord.New(coord.Config{Store: s, Queue: q, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	_, err = svc.CloseDue(context.Background())
	return err
}

// TestDayCloseCrash kills day close with SIGKILL at random moments and checks, after
// each kill, that every day is either still wholly raw or wholly counted — as facts or
// in its week's aggregate — and never both, and that running the close again counts
// every visit exactly once.
func TestDayCloseCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test starts 40 processes")
	}
	ctx := context.Background()
	pristine := t.TempDir()
	s, err := store.Open(pristine)
	if err != nil {
		t.Fatal(err)
	}
	site, err := s.SiteOrDefault(ctx)
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string]int{}
	for i, day := range crashDays {
		truth[day] = 25 + 5*i
		MustAddVisits(t, s, site, day, truth[day])
	}
	MustCheckClose(t, s)
	image, err := os.ReadFile(filepath.Join(pristine, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	fresh := func() string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, store.FileName), image, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}

	// Calibrate: how long does an uninterrupted child take, start to exit?
	start := time.Now()
	if out, err := child(fresh()).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted child: %v\n%s", err, out)
	}
	span := time.Since(start)

	rng := rand.New(rand.NewPCG(6, 6))
	states := map[string]int{}
	for round := range 20 {
		dir := fresh()
		cmd := child(dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(span))))
		cmd.Process.Kill() // SIGKILL on Unix: no deferred Close, no cleanup
		cmd.Wait()

		s, err := store.Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		for _, day := range crashDays {
			raw, counted := counts(t, s, day)
			switch {
			case raw == truth[day] && counted == 0:
				states["raw"]++
			case raw == 0 && counted == truth[day]:
				states["counted"]++
			default:
				t.Errorf("round %d, %s: %d raw visits and %d counted, want all %d in one place", round, day, raw, counted, truth[day])
			}
		}
		MustCheckClose(t, s)

		if out, err := child(dir).CombinedOutput(); err != nil {
			t.Fatalf("round %d: close after the kill: %v\n%s", round, err, out)
		}
		s, err = store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, day := range crashDays {
			if raw, counted := counts(t, s, day); raw != 0 || counted != truth[day] {
				t.Errorf("round %d, %s after the second close: %d raw, %d counted; want 0 and %d", round, day, raw, counted, truth[day])
			}
		}
		MustCheckClose(t, s)
		if t.Failed() {
			t.Fatalf("round %d failed", round)
		}
	}
	t.Logf("child ran %v uninterrupted; days found after kills: %v", span.Round(time.Millisecond), states)
}

func child(dir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestDayCloseCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKRANKE_CLOSE_CRASH_DIR="+dir)
	return cmd
}

// counts returns how many of day's visits are still raw, and how many its week's
// report counts (facts and aggregate together).
func counts(t *testing.T, s *store.Store, day string) (raw, counted int) {
	t.Helper()
	ctx := context.Background()
	vs, err := s.Visits(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	week, err := report.WeekOfDate(day)
	if err != nil {
		t.Fatal(err)
	}
	facts, aggs, err := s.WeekFacts(ctx, week)
	if err != nil {
		t.Fatal(err)
	}
	r := report.Build(week, nil, append(aggs, report.Fold(week, facts))...)
	return len(vs), r.Visits.Count
}
