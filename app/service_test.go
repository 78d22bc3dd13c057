package app_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"skranke/app"
)

// memVisits is a VisitStore in memory: it measures the queue service without a disk.
// The store's own tests run the service on a real file.
type memVisits struct {
	mu     sync.Mutex
	visits map[string][]app.Visit
	events []app.Event
}

func (m *memVisits) AddVisit(_ context.Context, v app.Visit) (app.Visit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.visits == nil {
		m.visits = map[string][]app.Visit{}
	}
	v.ID = uint64(len(m.visits[v.Day]) + 1)
	v.Ticket = int(v.ID)
	m.visits[v.Day] = append(m.visits[v.Day], v)
	return v, nil
}

func (m *memVisits) UpdateVisit(_ context.Context, day string, id uint64, fn func(app.Visit) (app.Visit, app.Event, error)) (app.Visit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	vs := m.visits[day]
	if id == 0 || int(id) > len(vs) {
		return app.Visit{}, app.Errorf(app.ENotFound, "no visit %d", id)
	}
	v, ev, err := fn(vs[id-1])
	if err != nil {
		return app.Visit{}, err
	}
	vs[id-1] = v
	m.events = append(m.events, ev)
	return v, nil
}

func (m *memVisits) Visits(_ context.Context, day string) ([]app.Visit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.visits[day]), nil
}

func (m *memVisits) Events(context.Context, string) ([]app.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.events), nil
}

// The service numbers its changes and tells every subscriber, in order.
func TestQueueServiceChanges(t *testing.T) {
	clock := app.NewManualClock(noon)
	q := app.NewQueueService(&memVisits{}, app.DefaultSite(), clock)
	ctx := context.Background()
	a, stopA := q.Subscribe()
	defer stopA()
	b, stopB := q.Subscribe()
	defer stopB()
	tk, err := q.CheckIn(ctx, app.CheckIn{Lang: "so", Topics: []app.TopicID{"job"}})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if _, err := q.CallNext(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []<-chan app.Change{a, b} {
		c1, c2 := <-ch, <-ch
		if c1.Seq != 1 || c1.Event.Kind != app.EventCheckedIn || c2.Seq != 2 || c2.Event.Kind != app.EventCalled || c2.Visit.ID != tk.Visit.ID || c2.Event.Table != 2 {
			t.Errorf("got %d %s, %d %s table %d; want 1 checked_in, 2 called table 2", c1.Seq, c1.Event.Kind, c2.Seq, c2.Event.Kind, c2.Event.Table)
		}
	}
}

// BenchmarkCallNext is call-next with 1,000 visitors waiting through the queue service
// with the disk taken away (DESIGN.md §12: under 1 ms): the lock, the choice, the step
// and the notification. store's BenchmarkCallNextDurable adds bbolt's commit and fsync.
func BenchmarkCallNext(b *testing.B) {
	clock := app.NewManualClock(noon)
	q := app.NewQueueService(&memVisits{}, app.DefaultSite(), clock)
	ctx := context.Background()
	cat := app.DefaultCatalogue()
	for i := range 1000 {
		clock.Advance(time.Second)
		if _, err := q.CheckIn(ctx, app.CheckIn{Lang: app.Languages[i%len(app.Languages)], Topics: []app.TopicID{cat[i%len(cat)].ID}}); err != nil {
			b.Fatal(err)
		}
	}
	_, stop := q.Subscribe() // a screen listens, as in the kiosk
	defer stop()
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
