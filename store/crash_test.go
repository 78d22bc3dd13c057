package store_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/store"
)

// TestCrashChild is not a test of its own: TestCrash runs the test binary again with
// SKRANKE_CRASH_DIR set, and this function then checks visitors in and moves them
// through every queue step (call, recall, no-show, back to queue, transfer, start,
// finish) as fast as it can, printing "kind ticket" after each committed step, until
// it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("SKRANKE_CRASH_DIR")
	if dir == "" {
		t.Skip("only run as TestCrash's child process")
	}
	fail := func(err error) {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	s, err := store.Open(dir)
	if err != nil {
		fail(err)
	}
	site, err := s.SiteOrDefault(context.Background())
	if err != nil {
		fail(err)
	}
	q := app.NewQueueService(s, site, app.NewManualClock(monday))
	ctx := context.Background()
	do := func(id uint64, st app.Step) app.Visit {
		v, err := q.Do(ctx, id, st)
		if err != nil {
			fail(err)
		}
		return v
	}
	report := func(kind app.EventKind, v app.Visit) { fmt.Printf("%s %d\n", kind, v.Ticket) }
	// A kill may have left a visitor at a table: send them back, as staff would.
	today, err := q.Today(ctx)
	if err != nil {
		fail(err)
	}
	for _, v := range today {
		if v.State == app.StateCalled || v.State == app.StateServing {
			report(app.EventRequeued, do(v.ID, app.Step{Action: app.ActRequeue}))
		}
	}
	for i := 0; ; i++ {
		tk, err := q.CheckIn(ctx, app.CheckIn{Lang: "ar", Topics: []app.TopicID{"post", "money"}})
		if err != nil {
			fail(err)
		}
		report(app.EventCheckedIn, tk.Visit)
		if i%3 != 2 {
			continue
		}
		v, err := q.CallNext(ctx, 1+i%len(site.Tables))
		if err != nil {
			fail(err)
		}
		report(app.EventCalled, v)
		switch (i / 3) % 5 {
		case 0:
			report(app.EventDone, do(v.ID, app.Step{Action: app.ActFinish, Outcome: app.OutcomeResolved}))
		case 1:
			for range site.MaxRecalls {
				report(app.EventRecalled, do(v.ID, app.Step{Action: app.ActRecall}))
			}
			report(app.EventNoShow, do(v.ID, app.Step{Action: app.ActNoShow}))
		case 2:
			report(app.EventRequeued, do(v.ID, app.Step{Action: app.ActRequeue}))
		case 3:
			report(app.EventTransferred, do(v.ID, app.Step{Action: app.ActTransfer, Skill: app.SkillJob}))
		case 4:
			report(app.EventServing, do(v.ID, app.Step{Action: app.ActStart}))
			report(app.EventDone, do(v.ID, app.Step{Action: app.ActFinish, Outcome: app.OutcomeFollowUp}))
		}
	}
}

// TestCrash kills a process that is writing as fast as it can, at a random moment, 20
// times over the same file. After each kill every step the child reported as committed
// is in the file, no ticket number repeats, the events of each visit are a legal path
// that ends in its stored state, and bbolt's consistency check passes.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test starts 20 processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	reported := map[string]int{} // "kind ticket" → times reported
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

func record(t *testing.T, reported map[string]int, line string) {
	if strings.HasPrefix(line, "ERR") {
		t.Fatalf("child: %s", line)
	}
	if kind, _, ok := strings.Cut(line, " "); ok && replay[app.EventKind(kind)].to != "" {
		reported[line]++
	}
}

// replay says, for each event, which states it may follow and which it leads to: the
// queue's transitions as the event log sees them.
var replay = map[app.EventKind]struct {
	from []app.State
	to   app.State
}{
	app.EventCheckedIn:   {from: []app.State{""}, to: app.StateWaiting},
	app.EventCalled:      {from: []app.State{app.StateWaiting}, to: app.StateCalled},
	app.EventRecalled:    {from: []app.State{app.StateCalled}, to: app.StateCalled},
	app.EventServing:     {from: []app.State{app.StateCalled}, to: app.StateServing},
	app.EventDone:        {from: []app.State{app.StateCalled, app.StateServing}, to: app.StateDone},
	app.EventNoShow:      {from: []app.State{app.StateCalled}, to: app.StateNoShow},
	app.EventLeft:        {from: []app.State{app.StateWaiting, app.StateCalled}, to: app.StateLeft},
	app.EventRequeued:    {from: []app.State{app.StateCalled, app.StateServing, app.StateNoShow}, to: app.StateWaiting},
	app.EventTransferred: {from: []app.State{app.StateWaiting, app.StateCalled, app.StateServing}, to: app.StateWaiting},
}

// verifyAfterCrash checks that every step the child reported is in the file (as many
// times as reported), that each visit's events are a legal path through the states and
// end where the stored visit is (so no visit is in two states), and that ticket numbers
// neither repeat nor leave a gap.
func verifyAfterCrash(t *testing.T, s *store.Store, reported map[string]int) {
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
	stored := map[string]int{}
	states := map[int]app.State{}
	for _, e := range evs {
		stored[fmt.Sprintf("%s %d", e.Kind, e.Ticket)]++
		r, ok := replay[e.Kind]
		if !ok {
			t.Errorf("ticket %d: unknown event %q", e.Ticket, e.Kind)
			continue
		}
		if !slices.Contains(r.from, states[e.Ticket]) {
			t.Errorf("ticket %d: event %s follows state %q", e.Ticket, e.Kind, states[e.Ticket])
		}
		states[e.Ticket] = r.to
	}
	for line, n := range reported {
		if stored[line] < n {
			t.Errorf("committed step %q was reported %d times but is in the file %d times", line, n, stored[line])
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
