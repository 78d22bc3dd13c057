package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// VisitStore keeps visits and their events. store.Store implements it with bbolt; every
// method that changes something is one durable transaction, committed before it returns.
type VisitStore interface {
	// AddVisit gives v the next ticket number of v.Day and stores it with its check-in
	// event. The returned visit has ID and Ticket set.
	AddVisit(ctx context.Context, v Visit) (Visit, error)
	// UpdateVisit applies fn to the stored visit and stores the visit and event it
	// returns. An error from fn aborts the transaction and is returned as it is.
	UpdateVisit(ctx context.Context, day string, id uint64, fn func(Visit) (Visit, Event, error)) (Visit, error)
	// Visits returns the day's visits in ticket order.
	Visits(ctx context.Context, day string) ([]Visit, error)
	// Events returns the day's events in the order they happened.
	Events(ctx context.Context, day string) ([]Event, error)
}

// Ticket is what the resident gets after checking in.
type Ticket struct {
	Visit Visit
	Site  string
	// Wait is the estimated wait; WaitKnown is false when there is too little to say.
	Wait      time.Duration
	WaitKnown bool
	Ready     []ItemID
}

// Call is one line on the call board: a ticket called to a table.
type Call struct {
	Ticket int
	Table  int
	// At is when the ticket was last announced: its call, or its latest recall.
	At      time.Time
	Recalls int
}

// Board is what the call board shows.
type Board struct {
	Calls   []Call // the latest announcement first, at most BoardCalls
	Waiting int
}

// BoardCalls is how many recent calls the board lists.
const BoardCalls = 5

// Change tells subscribers that a visit changed, with the event that changed it.
type Change struct {
	// Seq numbers the queue's changes from 1, in the order they were committed. A
	// subscriber that has seen Seq n has seen the queue as it was after change n.
	Seq   uint64
	Event Event
	Visit Visit
}

// Queue is the service the screens use: check in, see the day, move visits through the
// queue, and hear about every change. Its methods take and return plain values so that
// a network client can implement it later.
type Queue interface {
	CheckIn(ctx context.Context, c CheckIn) (Ticket, error)
	// Today returns today's visits in ticket order.
	Today(ctx context.Context) ([]Visit, error)
	// Do applies a step to one of today's visits.
	Do(ctx context.Context, id uint64, s Step) (Visit, error)
	// CallNext calls the visit that table should see next (DESIGN.md §6).
	CallNext(ctx context.Context, table int) (Visit, error)
	Board(ctx context.Context) (Board, error)
	// Subscribe returns a channel that receives every change after it is committed, and
	// a function that ends the subscription and closes the channel. A subscriber that
	// falls more than a buffer behind loses the oldest changes, never the newest, so
	// subscribers treat a change as "look again".
	Subscribe() (<-chan Change, func())
	// LastSeq returns the Seq of the latest change, 0 before the first.
	LastSeq() uint64
}

// QueueService implements Queue on a VisitStore. It is the one owner of today's queue:
// it keeps today's visits in memory, so call-next and the lists read no disk, and it
// serialises writes so two tables never call the same visit.
type QueueService struct {
	store VisitStore
	clock Clock
	cat   Catalogue

	mu    sync.Mutex
	site  Site
	day   string
	today []Visit // index i holds ticket i+1
	subs  map[chan Change]struct{}
	seq   uint64 // the last change's Seq
}

var _ Queue = (*QueueService)(nil)

// NewQueueService returns a queue for site over store, telling time by clock.
func NewQueueService(store VisitStore, site Site, clock Clock) *QueueService {
	return &QueueService{store: store, clock: clock, cat: DefaultCatalogue(), site: site, subs: map[chan Change]struct{}{}}
}

// Site returns the configuration the queue runs with.
func (q *QueueService) Site() Site {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.site
}

// SetSite changes the configuration, for example after the coordinator edits it.
func (q *QueueService) SetSite(s Site) {
	q.mu.Lock()
	q.site = s
	q.mu.Unlock()
}

// Catalogue returns the topic catalogue.
func (q *QueueService) Catalogue() Catalogue { return q.cat }

// CheckIn validates c, stores the visit durably and returns its ticket.
func (q *QueueService) CheckIn(ctx context.Context, c CheckIn) (Ticket, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := c.Validate(q.cat, q.site); err != nil {
		return Ticket{}, err
	}
	now := q.clock.Now()
	if err := q.loadLocked(ctx, now); err != nil {
		return Ticket{}, err
	}
	v := Visit{
		Day:       q.day,
		Lang:      c.Lang,
		Topics:    slices.Clone(c.Topics),
		Answers:   c.Answers,
		Skill:     q.cat.SkillOf(c.Topics),
		Urgent:    c.Urgent(q.cat),
		Returning: c.Returning,
		FirstName: c.FirstName,
		State:     StateWaiting,
		Arrived:   now,
	}
	v, err := q.store.AddVisit(ctx, v)
	if err != nil {
		return Ticket{}, fmt.Errorf("check in: %w", err)
	}
	q.putLocked(v)
	wait, known := Estimate(q.today, v.ID, now, q.site, q.cat, ExpectedMinutes(q.today, q.cat))
	q.publishLocked(Change{Event: Event{Visit: v.ID, Ticket: v.Ticket, Kind: EventCheckedIn, At: now, Skill: v.Skill}, Visit: v})
	return Ticket{Visit: v, Site: q.site.ID, Wait: wait, WaitKnown: known, Ready: q.cat.Ready(v.Topics)}, nil
}

// Today returns a copy of today's visits in ticket order.
func (q *QueueService) Today(ctx context.Context) ([]Visit, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := q.loadLocked(ctx, q.clock.Now()); err != nil {
		return nil, err
	}
	return slices.Clone(q.today), nil
}

// Do applies step s to today's visit id.
func (q *QueueService) Do(ctx context.Context, id uint64, s Step) (Visit, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.clock.Now()
	if err := q.loadLocked(ctx, now); err != nil {
		return Visit{}, err
	}
	if s.Action == ActCall {
		if err := q.freeLocked(s.Table); err != nil {
			return Visit{}, err
		}
	}
	return q.applyLocked(ctx, id, s, now)
}

// freeLocked checks that table is configured and not calling or serving anyone.
func (q *QueueService) freeLocked(table int) error {
	if _, err := q.site.Table(table); err != nil {
		return err
	}
	if i := AtTable(q.today, table); i >= 0 {
		return Errorf(ETableBusy, "table %d still has ticket %d (%s); finish it or send it back first", table, q.today[i].Ticket, q.today[i].State)
	}
	return nil
}

// CallNext calls the best waiting visit to table.
func (q *QueueService) CallNext(ctx context.Context, table int) (Visit, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.clock.Now()
	t, err := q.site.Table(table)
	if err != nil {
		return Visit{}, err
	}
	if err := q.loadLocked(ctx, now); err != nil {
		return Visit{}, err
	}
	if err := q.freeLocked(table); err != nil {
		return Visit{}, err
	}
	i := PickNext(q.today, t, now, ScoringFor(q.site))
	if i < 0 {
		return Visit{}, Errorf(ENoneWaiting, "nobody is waiting")
	}
	return q.applyLocked(ctx, q.today[i].ID, Step{Action: ActCall, Table: table}, now)
}

// Board returns the recent calls and the number waiting.
func (q *QueueService) Board(ctx context.Context) (Board, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := q.loadLocked(ctx, q.clock.Now()); err != nil {
		return Board{}, err
	}
	var b Board
	for _, v := range q.today {
		switch v.State {
		case StateWaiting:
			b.Waiting++
		case StateCalled, StateServing, StateDone:
			// Sent back, no-show and left are not on the board: nobody should walk to
			// a table for them.
			at := v.Announced
			if at.IsZero() { // stored before Announced existed
				at = v.Called
			}
			b.Calls = append(b.Calls, Call{Ticket: v.Ticket, Table: v.Table, At: at, Recalls: v.Recalls})
		}
	}
	slices.SortFunc(b.Calls, func(a, b Call) int {
		return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.Ticket, a.Ticket))
	})
	if len(b.Calls) > BoardCalls {
		b.Calls = b.Calls[:BoardCalls]
	}
	return b, nil
}

// Estimate returns the current estimated wait of today's waiting visit id; see the
// function Estimate. It reports false for a visit that is not waiting.
func (q *QueueService) Estimate(ctx context.Context, id uint64) (time.Duration, bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.clock.Now()
	if err := q.loadLocked(ctx, now); err != nil {
		return 0, false, err
	}
	d, ok := Estimate(q.today, id, now, q.site, q.cat, ExpectedMinutes(q.today, q.cat))
	return d, ok, nil
}

// LastSeq returns the Seq of the latest change; see Queue.
func (q *QueueService) LastSeq() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.seq
}

// Subscribe registers a subscriber; see Queue.
func (q *QueueService) Subscribe() (<-chan Change, func()) {
	ch := make(chan Change, 64)
	q.mu.Lock()
	q.subs[ch] = struct{}{}
	q.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			q.mu.Lock()
			delete(q.subs, ch)
			q.mu.Unlock()
			close(ch)
		})
	}
}

func (q *QueueService) applyLocked(ctx context.Context, id uint64, s Step, now time.Time) (Visit, error) {
	var ev Event
	v, err := q.store.UpdateVisit(ctx, q.day, id, func(v Visit) (Visit, Event, error) {
		var err error
		v, ev, err = Apply(v, s, now, q.site.MaxRecalls)
		return v, ev, err
	})
	if err != nil {
		return Visit{}, err
	}
	q.putLocked(v)
	q.publishLocked(Change{Event: ev, Visit: v})
	return v, nil
}

// loadLocked makes q.today hold the visits of now's day, reading them from the store
// when the day has changed (at the first call and after midnight).
func (q *QueueService) loadLocked(ctx context.Context, now time.Time) error {
	day := q.site.Day(now)
	if day == q.day {
		return nil
	}
	vs, err := q.store.Visits(ctx, day)
	if err != nil {
		return fmt.Errorf("load visits of %s: %w", day, err)
	}
	q.day, q.today = day, vs
	return nil
}

func (q *QueueService) putLocked(v Visit) {
	i, found := slices.BinarySearchFunc(q.today, v.ID, func(x Visit, id uint64) int { return cmp.Compare(x.ID, id) })
	if found {
		q.today[i] = v
		return
	}
	q.today = slices.Insert(q.today, i, v)
}

// publishLocked numbers c and hands it to every subscriber without blocking. A
// subscriber whose buffer is full loses its oldest change to make room: the newest
// must arrive, or a screen could stay behind the queue until something else happens.
func (q *QueueService) publishLocked(c Change) {
	q.seq++
	c.Seq = q.seq
	for ch := range q.subs {
		select {
		case ch <- c:
			continue
		default:
		}
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- c:
		default:
		}
	}
}
