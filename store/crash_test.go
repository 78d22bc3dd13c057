package store_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/store"
)

// TestCrashChild is not a test of its own: TestCrash runs the test binary again with
// SKRANKE_CRASH_DIR set, and this function then checks visitors in, calls and finishes
// them as fast as it can, printing a line after each committed step, until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("SKRANKE_CRASH_DIR")
	if dir == "" {
		t.Skip("only run as TestCrash's child process")
	}
	s, err := store.Open(dir)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	site, err := s.SiteOrDefault(context.Background())
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	q := app.NewQueueService(s, site, app.NewManualClock(monday))
	ctx := context.Background()
	for i := 0; ; i++ {
		tk, err := q.CheckIn(ctx, app.CheckIn{Lang: "ar", Topics: []app.TopicID{"post", "money"}})
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Printf("checked_in %d\n", tk.Visit.Ticket)
		if i%3 == 2 {
			v, err := q.CallNext(ctx, 1+i%len(site.Tables))
			if err != nil {
				fmt.Println("ERR", err)
				os.Exit(1)
			}
			fmt.Printf("called %d\n", v.Ticket)
			if v, err = q.Do(ctx, v.ID, app.Step{Action: app.ActFinish, Outcome: app.OutcomeResolved}); err != nil {
				fmt.Println("ERR", err)
				os.Exit(1)
			}
			fmt.Printf("done %d\n", v.Ticket)
		}
	}
}

// TestCrash kills a process that is writing as fast as it can, at a random moment, 20
// times over the same file. After each kill every step the child reported as committed
// is in the file, no ticket number repeats, the events of each visit replay to its
// stored state, and bbolt's consistency check passes.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test starts 20 processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	reported := map[string]bool{} // "kind ticket"
	for round := range 20 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SKRANKE_CRASH_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the first commit, then kill after a random 0–100 ms.
		first, ok := <-lines
		if !ok || strings.HasPrefix(first, "ERR") {
			t.Fatalf("round %d: child failed: %q", round, first)
		}
		record(t, reported, first)
		kill := time.After(time.Duration(rng.IntN(100)) * time.Millisecond)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				record(t, reported, l)
			case <-kill:
				cmd.Process.Kill()
				kill = nil
			}
		}
		cmd.Wait()

		s, err := store.Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		verifyAfterCrash(t, s, reported)
		MustCheckClose(t, s)
		if t.Failed() {
			t.Fatalf("round %d failed", round)
		}
	}
	t.Logf("%d committed steps survived 20 kills", len(reported))
}

func record(t *testing.T, reported map[string]bool, line string) {
	if strings.HasPrefix(line, "ERR") {
		t.Fatalf("child: %s", line)
	}
	if strings.HasPrefix(line, "checked_in ") || strings.HasPrefix(line, "called ") || strings.HasPrefix(line, "done ") {
		reported[line] = true
	}
}

func verifyAfterCrash(t *testing.T, s *store.Store, reported map[string]bool) {
	t.Helper()
	ctx := context.Background()
	vs, err := s.Visits(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := s.Events(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	states := map[int]app.State{}
	for _, e := range evs {
		stored[fmt.Sprintf("%s %d", e.Kind, e.Ticket)] = true
		switch e.Kind {
		case app.EventCheckedIn:
			states[e.Ticket] = app.StateWaiting
		case app.EventCalled:
			states[e.Ticket] = app.StateCalled
		case app.EventDone:
			states[e.Ticket] = app.StateDone
		}
	}
	for line := range reported {
		if !stored[line] {
			t.Errorf("committed step %q is not in the file", line)
		}
	}
	tickets := map[int]bool{}
	for _, v := range vs {
		if tickets[v.Ticket] {
			t.Errorf("ticket %d repeats", v.Ticket)
		}
		tickets[v.Ticket] = true
		if states[v.Ticket] != v.State {
			t.Errorf("ticket %d is stored as %s but its events replay to %s", v.Ticket, v.State, states[v.Ticket])
		}
	}
	for n := 1; n <= len(vs); n++ {
		if !tickets[n] {
			t.Errorf("ticket %d is missing: numbers have a gap", n)
		}
	}
}
