package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/store"
)

// One table holds one visitor: a second call while it is busy is refused, so a double
// tap on "call next" cannot call two people.
func TestCallNextRules(t *testing.T) {
	s, _ := MustOpenStore(t)
	clock := app.NewManualClock(monday)
	q := newQueue(t, s, clock)
	ctx := context.Background()
	if _, err := q.CallNext(ctx, 1); app.ErrorCode(err) != app.ENoneWaiting {
		t.Fatalf("nobody waiting: got %v, want %s", err, app.ENoneWaiting)
	}
	if _, err := q.CallNext(ctx, 99); app.ErrorCode(err) != app.EUnknownTable {
		t.Fatalf("unknown table: got %v, want %s", err, app.EUnknownTable)
	}
	var ids []uint64
	for range 3 {
		tk, err := q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"post"}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.Visit.ID)
	}
	v, err := q.CallNext(ctx, 1)
	if err != nil || v.Ticket != 1 || v.Table != 1 {
		t.Fatalf("got %+v, %v; want ticket 1 at table 1", v, err)
	}
	if _, err := q.CallNext(ctx, 1); app.ErrorCode(err) != app.ETableBusy {
		t.Fatalf("busy table calls next: got %v, want %s", err, app.ETableBusy)
	}
	if _, err := q.Do(ctx, ids[2], app.Step{Action: app.ActCall, Table: 1}); app.ErrorCode(err) != app.ETableBusy {
		t.Fatalf("busy table calls one: got %v, want %s", err, app.ETableBusy)
	}
	// "Call this one" takes a visitor out of order.
	if v, err := q.Do(ctx, ids[2], app.Step{Action: app.ActCall, Table: 2}); err != nil || v.State != app.StateCalled {
		t.Fatalf("call this one: got %+v, %v", v, err)
	}
	// An illegal step on a stored visit is refused and changes nothing on disk.
	if _, err := q.Do(ctx, ids[0], app.Step{Action: app.ActNoShow}); app.ErrorCode(err) != app.EIllegal {
		t.Fatalf("no-show before recalls: got %v, want %s", err, app.EIllegal)
	}
	if _, err := q.Do(ctx, 99, app.Step{Action: app.ActRecall}); app.ErrorCode(err) != app.ENotFound {
		t.Fatalf("unknown visit: got %v, want %s", err, app.ENotFound)
	}
	vs, _ := s.Visits(ctx, "2026-11-23")
	if vs[0].State != app.StateCalled || vs[1].State != app.StateWaiting || vs[2].State != app.StateCalled {
		t.Errorf("stored states %s %s %s, want called waiting called", vs[0].State, vs[1].State, vs[2].State)
	}
}

// Recall, no-show after the site's recalls, back to the queue within the day, and
// transfer: each is one stored event, and the visit keeps its place by arrival.
func TestRecallNoShowRequeueTransfer(t *testing.T) {
	s, _ := MustOpenStore(t)
	clock := app.NewManualClock(monday)
	q := newQueue(t, s, clock)
	ctx := context.Background()
	tk, err := q.CheckIn(ctx, app.CheckIn{Lang: "so", Topics: []app.TopicID{"job"}})
	if err != nil {
		t.Fatal(err)
	}
	id := tk.Visit.ID
	clock.Advance(5 * time.Minute)
	if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"job"}}); err != nil {
		t.Fatal(err)
	}
	do := func(s app.Step) app.Visit {
		t.Helper()
		clock.Advance(time.Minute)
		v, err := q.Do(ctx, id, s)
		if err != nil {
			t.Fatalf("%s: %v", s.Action, err)
		}
		return v
	}
	do(app.Step{Action: app.ActCall, Table: 2})
	do(app.Step{Action: app.ActRecall})
	if v := do(app.Step{Action: app.ActRecall}); v.Recalls != 2 {
		t.Errorf("got %d recalls, want 2", v.Recalls)
	}
	if v := do(app.Step{Action: app.ActNoShow}); v.State != app.StateNoShow {
		t.Errorf("got %s, want no_show", v.State)
	}
	// The no-show comes back later the same day and goes before the one who came after.
	do(app.Step{Action: app.ActRequeue})
	if v, err := q.CallNext(ctx, 2); err != nil || v.ID != id {
		t.Fatalf("after requeue: got ticket %d (%v), want %d first again", v.Ticket, err, tk.Visit.Ticket)
	}
	if v := do(app.Step{Action: app.ActTransfer, Skill: app.SkillResidency}); v.State != app.StateWaiting || v.Skill != app.SkillResidency {
		t.Errorf("after transfer: %s %s, want waiting residency", v.State, v.Skill)
	}
	// Table 3 does residency: it now takes the transferred visit.
	if v, err := q.CallNext(ctx, 3); err != nil || v.ID != id {
		t.Fatalf("table 3 calls next: got ticket %d (%v), want %d", v.Ticket, err, tk.Visit.Ticket)
	}
	evs, err := s.Events(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range evs {
		if e.Visit == id {
			kinds = append(kinds, string(e.Kind))
		}
	}
	want := "checked_in called recalled recalled no_show requeued called transferred called"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("events:\n got  %s\n want %s", got, want)
	}
}

// The board lists the latest announcement first (a recall brings a ticket back to the
// top), at most five, leaves out visits sent back, and counts who is waiting.
func TestBoard(t *testing.T) {
	s, _ := MustOpenStore(t)
	site := scenarioSite()
	site.Tables = append(site.Tables, app.Table{ID: 4, Name: "4"}, app.Table{ID: 5, Name: "5"}, app.Table{ID: 6, Name: "6"})
	if err := s.SaveSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	clock := app.NewManualClock(monday)
	q := app.NewQueueService(s, site, clock)
	ctx := context.Background()
	for range 8 {
		if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"other"}}); err != nil {
			t.Fatal(err)
		}
	}
	var called []app.Visit
	for table := 1; table <= 6; table++ {
		clock.Advance(time.Minute)
		v, err := q.CallNext(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		called = append(called, v)
	}
	clock.Advance(time.Minute)
	if _, err := q.Do(ctx, called[0].ID, app.Step{Action: app.ActRecall}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Do(ctx, called[5].ID, app.Step{Action: app.ActRequeue}); err != nil {
		t.Fatal(err)
	}
	b, err := q.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, c := range b.Calls {
		got = append(got, c.Ticket)
	}
	// Tickets 1–6 went to tables 1–6; 1 was recalled, 6 sent back.
	if want := []int{1, 5, 4, 3, 2}; !equalInts(got, want) {
		t.Errorf("board shows %v, want %v", got, want)
	}
	if b.Calls[0].Recalls != 1 || b.Calls[0].Table != 1 {
		t.Errorf("top line %+v, want ticket 1 at table 1 recalled once", b.Calls[0])
	}
	if b.Waiting != 3 {
		t.Errorf("%d waiting, want 3", b.Waiting)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A subscriber that does not read loses the oldest changes, never the newest; one that
// unsubscribes gets its channel closed.
func TestSubscribeKeepsNewest(t *testing.T) {
	s, _ := MustOpenStore(t)
	q := newQueue(t, s, app.NewManualClock(monday))
	ctx := context.Background()
	ch, stop := q.Subscribe()
	for range 100 {
		if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"call"}}); err != nil {
			t.Fatal(err)
		}
	}
	var last app.Change
	for len(ch) > 0 {
		last = <-ch
	}
	if last.Seq != 100 || last.Visit.Ticket != 100 || q.LastSeq() != 100 {
		t.Errorf("last change seen is %d (ticket %d), queue at %d; want 100", last.Seq, last.Visit.Ticket, q.LastSeq())
	}
	stop()
	stop() // twice is harmless
	if _, open := <-ch; open {
		t.Error("channel still open after unsubscribe")
	}
}

// The ticket's estimate comes from the queue as it is: the first visitor of the day
// with free tables is next; one behind a visitor of the only table for the skill waits
// for that visit.
func TestTicketEstimate(t *testing.T) {
	s, _ := MustOpenStore(t)
	clock := app.NewManualClock(monday)
	site := scenarioSite()
	if err := s.SaveSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	q := app.NewQueueService(s, site, clock)
	ctx := context.Background()
	tk, err := q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"cv"}})
	if err != nil || !tk.WaitKnown || tk.Wait != 0 {
		t.Fatalf("first ticket: wait %v known %v (%v), want 0 known", tk.Wait, tk.WaitKnown, err)
	}
	if _, err := q.CallNext(ctx, 2); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Minute)
	// Tables 1 and 3 are free and take any skill when none of theirs waits, so a job
	// visitor is next...
	tk, _ = q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"job"}})
	if tk.Wait != 0 {
		t.Errorf("job visitor with free tables: wait %v, want 0", tk.Wait)
	}
	// The ticket says the same as asking the queue afterwards.
	if d, ok, err := q.Estimate(ctx, tk.Visit.ID); err != nil || !ok || d != tk.Wait {
		t.Errorf("queue estimate %v %v %v, want the ticket's %v", d, ok, err, tk.Wait)
	}
	// With a digital and a housing visitor called to tables 1 (post, 15 min) and 3
	// (housing, 20 min), and table 2 on the cv until 35: table 1 is free first, at
	// 20, and takes the job visitor who came before; table 3 at 25 takes this one.
	for _, topic := range []app.TopicID{"post", "housing"} {
		if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{topic}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, table := range []int{1, 3} {
		if _, err := q.CallNext(ctx, table); err != nil {
			t.Fatal(err)
		}
	}
	tk, _ = q.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"job"}})
	if !tk.WaitKnown || tk.Wait != 20*time.Minute {
		t.Errorf("job visitor behind busy tables: wait %v known %v, want 20m known", tk.Wait, tk.WaitKnown)
	}
}

// BenchmarkCallNextDurable is call-next with 1,000 visitors waiting, through the queue service
// on a real file: the choice, one durable bbolt transaction and the notification.
// BenchmarkCallNext and BenchmarkPickNext in app/ leave the disk out.
func BenchmarkCallNextDurable(b *testing.B) {
	dir := b.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer MustCheckClose(b, s)
	site, _ := s.SiteOrDefault(context.Background())
	clock := app.NewManualClock(monday)
	q := app.NewQueueService(s, site, clock)
	ctx := context.Background()
	for i := range 1000 {
		clock.Advance(time.Second)
		if _, err := q.CheckIn(ctx, app.CheckIn{Lang: app.Languages[i%len(app.Languages)], Topics: []app.TopicID{app.DefaultCatalogue()[i%12].ID}}); err != nil {
			b.Fatal(err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, store.FileName)); err == nil {
		b.Logf("file with 1,000 visits: %d KiB", fi.Size()/1024)
	}
	b.ResetTimer()
	for b.Loop() {
		v, err := q.CallNext(ctx, 2)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, err := q.Do(ctx, v.ID, app.Step{Action: app.ActRequeue}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
