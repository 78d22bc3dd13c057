package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"skranke/app"
	"skranke/store"
)

// runSimulate is `skranke simulate --days N --seed S`: it fills the data directory with
// the history of the N days before --until (default: yesterday) by driving the queue
// service exactly as the screens do — check-ins, call next at each table, start,
// finish with an outcome, recalls and no-shows, walk-aways — on the site's opening
// days, each day then closed as the kiosk closes it. The same seed and dates give the
// same history. It refuses a data directory that already has visits or facts in the
// period, so history is never counted twice.
func runSimulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(), "data directory")
	days := fs.Int("days", 56, "how many days of history, ending with --until")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same history")
	until := fs.String("until", "", "last simulated day, 2006-01-02 (default: yesterday)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if *days < 1 || *days > 5*366 {
		return fmt.Errorf("simulate: --days must be from 1 to %d", 5*366)
	}
	s, err := store.Open(*data)
	if err != nil {
		return err
	}
	defer s.Close()
	site, err := s.SiteOrDefault(ctx)
	if err != nil {
		return err
	}
	last := site.Day(time.Now().AddDate(0, 0, -1))
	if *until != "" {
		last = *until
	}
	lastDate, err := site.Date(last)
	if err != nil {
		return fmt.Errorf("simulate: --until: %w", err)
	}
	first := lastDate.AddDate(0, 0, 1-*days)
	st, err := simulate(ctx, s, site, first, lastDate, *seed, quietLog(stderr))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "simulated %s to %s: %d openings, %d visits (%d served, %d no-shows, %d walked away, %d not reached)\n",
		first.Format(time.DateOnly), last, st.Openings, st.Visits, st.Served, st.NoShows, st.Left, st.NotReached)
	return nil
}

// simStats counts what a simulation did.
type simStats struct {
	Openings, Visits, Served, NoShows, Left, NotReached int
}

// simulate plays the site's openings from first to last (site-local dates) through a
// queue service on s, on a manual clock, and closes each day after it.
func simulate(ctx context.Context, s *store.Store, site app.Site, first, last time.Time, seed uint64, log *slog.Logger) (simStats, error) {
	var st simStats
	from, to := first.Format(time.DateOnly), last.Format(time.DateOnly)
	open, err := s.Days(ctx)
	if err != nil {
		return st, err
	}
	for _, day := range open {
		if day >= from && day <= to {
			return st, fmt.Errorf("simulate: %s already has visits on %s; use a fresh --data directory", s.Path(), day)
		}
	}
	if old, err := s.Facts(ctx, from, to); err != nil {
		return st, err
	} else if len(old) > 0 {
		return st, fmt.Errorf("simulate: %s already has history on %s; use a fresh --data directory", s.Path(), old[0].Date)
	}
	clock := app.NewManualClock(first)
	q := app.NewQueueService(s, site, clock)
	svc := newCoord(s, q, clock, log)
	rng := rand.New(rand.NewPCG(seed, 0x534b_5241_4e4b_45)) // "SKRANKE"
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		var opened bool
		for _, o := range site.Openings {
			if o.Weekday != d.Weekday() {
				continue
			}
			sim := &opening{q: q, clock: clock, site: site, cat: q.Catalogue(), rng: rng}
			if err := sim.run(ctx, d, o); err != nil {
				return st, fmt.Errorf("simulate %s: %w", d.Format(time.DateOnly), err)
			}
			opened = true
			st.Openings++
		}
		if !opened {
			continue
		}
		vs, err := q.Today(ctx)
		if err != nil {
			return st, err
		}
		for _, v := range vs {
			st.Visits++
			switch v.State {
			case app.StateDone:
				st.Served++
			case app.StateNoShow:
				st.NoShows++
			case app.StateLeft:
				st.Left++
			default:
				st.NotReached++
			}
		}
		// The kiosk stays on overnight: its timer closes the day after midnight.
		clock.Set(d.AddDate(0, 0, 1).Add(5 * time.Minute))
		if _, err := svc.CloseDue(ctx); err != nil {
			return st, fmt.Errorf("simulate: close %s: %w", d.Format(time.DateOnly), err)
		}
	}
	return st, nil
}

// The mix of a drop-in desk in a Danish social-housing area: many Arabic, Somali,
// Farsi/Dari and Turkish speakers, and Danish; Digital Post, MitID, the job centre and
// residence permits asked about most. Weights, not shares.
var (
	simLangs = []weighted[string]{
		{"ar", 26}, {"da", 18}, {"so", 16}, {"fa", 7}, {"fa-AF", 6}, {"tr", 9}, {"ckb", 4},
		{"ur", 4}, {"uk", 4}, {"ti", 3}, {"en", 2}, {"pl", 1},
	}
	simTopics = []weighted[app.TopicID]{
		{"post", 20}, {"mitid", 15}, {"job", 14}, {"residence", 12}, {"money", 8}, {"cv", 6},
		{"passport", 6}, {"call", 6}, {"family", 4}, {"housing", 4}, {"apps", 3}, {"other", 2},
	}
	simOutcomes = []weighted[app.Outcome]{
		{app.OutcomeResolved, 55}, {app.OutcomeReferred, 15}, {app.OutcomeFollowUp, 20}, {app.OutcomeNoHelp, 10},
	}
)

type weighted[T any] struct {
	v T
	w int
}

// pick draws from items by weight, among those ok accepts.
func pick[T any](rng *rand.Rand, items []weighted[T], ok func(T) bool) (T, bool) {
	total := 0
	for _, it := range items {
		if ok(it.v) {
			total += it.w
		}
	}
	var zero T
	if total == 0 {
		return zero, false
	}
	n := rng.IntN(total)
	for _, it := range items {
		if !ok(it.v) {
			continue
		}
		if n < it.w {
			return it.v, true
		}
		n -= it.w
	}
	return zero, false
}

// opening simulates one opening of the desk: a discrete-event simulation whose events
// are applied to the queue service in time order, each at its moment on the clock.
type opening struct {
	q     *app.QueueService
	clock *app.ManualClock
	site  app.Site
	cat   app.Catalogue
	rng   *rand.Rand

	events []simEvent
	seq    int
	idle   []int // tables with nobody to call, in table order
	close  time.Time
	// stop is when the counsellors stop calling: the desk runs over by up to 45 minutes.
	stop time.Time
}

type simKind int

const (
	evArrive simKind = iota
	evFree           // a table is free and calls next
	evStart          // the called visitor sits down
	evRecall
	evNoShow
	evFinish
	evGiveUp // a waiting visitor's patience ends
)

type simEvent struct {
	at       time.Time
	seq      int
	kind     simKind
	table    int
	visit    uint64
	in       app.CheckIn
	patience time.Duration
}

func (o *opening) at(t time.Time, e simEvent) {
	o.seq++
	e.at, e.seq = t, o.seq
	o.events = append(o.events, e)
}

func (o *opening) minutes(lo, hi float64) time.Duration {
	return time.Duration((lo + o.rng.Float64()*(hi-lo)) * float64(time.Minute))
}

func atTime(day time.Time, hhmm string) (time.Time, error) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, day.Location()), nil
}

func (o *opening) run(ctx context.Context, day time.Time, op app.Opening) error {
	from, err := atTime(day, op.From)
	if err != nil {
		return err
	}
	if o.close, err = atTime(day, op.To); err != nil {
		return err
	}
	o.stop = o.close.Add(o.minutes(15, 45))
	// 10–40 visitors; a third of them are at the door in the first quarter of an hour.
	n := 10 + o.rng.IntN(31)
	early := n / 3
	span := o.close.Add(-20 * time.Minute).Sub(from.Add(15 * time.Minute))
	for i := range n {
		t := from.Add(o.minutes(0, 15))
		if i >= early {
			t = from.Add(15*time.Minute + time.Duration(o.rng.Float64()*float64(span)))
		}
		// Patience: most wait as long as it takes; some give up after 20 minutes to
		// two hours.
		patience := time.Duration(math.MaxInt64)
		if o.rng.IntN(100) < 12 {
			patience = o.minutes(20, 120)
		}
		o.at(t, simEvent{kind: evArrive, in: o.checkIn(), patience: patience})
	}
	for _, t := range o.site.Tables {
		o.at(from.Add(o.minutes(0, 5)), simEvent{kind: evFree, table: t.ID})
	}
	for len(o.events) > 0 {
		i := 0
		for j, e := range o.events {
			if c := cmp.Or(e.at.Compare(o.events[i].at), cmp.Compare(e.seq, o.events[i].seq)); c < 0 {
				i = j
			}
		}
		e := o.events[i]
		o.events = slices.Delete(o.events, i, i+1)
		o.clock.Set(e.at)
		if err := o.handle(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// checkIn draws what a resident chooses at the kiosk: a language, one topic or
// sometimes two, and answers to the questions asked (some skipped).
func (o *opening) checkIn() app.CheckIn {
	lang, ok := pick(o.rng, simLangs, func(l string) bool { return slices.Contains(o.site.Languages, l) })
	if !ok {
		lang = o.site.Languages[0]
	}
	in := app.CheckIn{Lang: lang, Returning: o.rng.IntN(100) < 8}
	shown := func(t app.TopicID) bool { return o.site.ShowsTopic(t) && !slices.Contains(in.Topics, t) }
	for range 1 + min(1, o.rng.IntN(5)/4) { // one topic, a fifth of the time two
		if t, ok := pick(o.rng, simTopics, shown); ok {
			in.Topics = append(in.Topics, t)
		}
	}
	in.Answers = map[app.QuestionID]app.Answer{}
	for _, q := range app.Ask(o.cat, in.Topics) {
		switch r := o.rng.IntN(10); {
		case r < 3:
			in.Answers[q.ID] = app.Yes
		case r < 7:
			in.Answers[q.ID] = app.No
		case r < 8:
			in.Answers[q.ID] = app.DontKnow
		}
	}
	return in
}

func (o *opening) handle(ctx context.Context, e simEvent) error {
	now := e.at
	switch e.kind {
	case evArrive:
		t, err := o.q.CheckIn(ctx, e.in)
		if err != nil {
			return fmt.Errorf("check in: %w", err)
		}
		if e.patience < time.Duration(math.MaxInt64) {
			o.at(now.Add(e.patience), simEvent{kind: evGiveUp, visit: t.Visit.ID})
		}
		for _, table := range o.idle { // an idle counsellor looks up
			o.at(now.Add(o.minutes(0.5, 2)), simEvent{kind: evFree, table: table})
		}
		o.idle = nil
	case evFree:
		if now.After(o.stop) {
			return nil // the counsellor has gone home
		}
		v, err := o.q.CallNext(ctx, e.table)
		if app.ErrorCode(err) == app.ENoneWaiting {
			o.idle = append(o.idle, e.table)
			return nil
		}
		if err != nil {
			return fmt.Errorf("call next at table %d: %w", e.table, err)
		}
		if o.rng.IntN(100) < 6 { // not there: recalled, then marked no-show
			o.at(now.Add(o.minutes(1, 2)), simEvent{kind: evRecall, table: e.table, visit: v.ID})
			return nil
		}
		o.at(now.Add(o.minutes(0.5, 2)), simEvent{kind: evStart, table: e.table, visit: v.ID})
	case evRecall:
		v, err := o.q.Do(ctx, e.visit, app.Step{Action: app.ActRecall})
		if err != nil {
			return fmt.Errorf("recall: %w", err)
		}
		next := simEvent{kind: evRecall, table: e.table, visit: e.visit}
		if v.Recalls >= o.site.MaxRecalls {
			next.kind = evNoShow
		}
		o.at(now.Add(o.minutes(1, 2)), next)
	case evNoShow:
		if _, err := o.q.Do(ctx, e.visit, app.Step{Action: app.ActNoShow}); err != nil {
			return fmt.Errorf("no-show: %w", err)
		}
		o.at(now, simEvent{kind: evFree, table: e.table})
	case evStart:
		v, err := o.q.Do(ctx, e.visit, app.Step{Action: app.ActStart})
		if err != nil {
			return fmt.Errorf("start: %w", err)
		}
		// Handling takes about the topic's typical time: log-normally spread, 5 to 90
		// minutes.
		typical := float64(o.cat.Minutes(v.Topics, nil))
		m := math.Min(90, math.Max(5, typical*math.Exp(0.45*o.rng.NormFloat64())))
		o.at(now.Add(time.Duration(m*float64(time.Minute))), simEvent{kind: evFinish, table: e.table, visit: e.visit})
	case evFinish:
		outcome, _ := pick(o.rng, simOutcomes, func(app.Outcome) bool { return true })
		if _, err := o.q.Do(ctx, e.visit, app.Step{Action: app.ActFinish, Outcome: outcome}); err != nil {
			return fmt.Errorf("finish: %w", err)
		}
		o.at(now.Add(o.minutes(0.5, 3)), simEvent{kind: evFree, table: e.table})
	case evGiveUp:
		today, err := o.q.Today(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(today, func(v app.Visit) bool { return v.ID == e.visit })
		if i < 0 || today[i].State != app.StateWaiting {
			return nil // called in time
		}
		if _, err := o.q.Do(ctx, e.visit, app.Step{Action: app.ActLeave}); err != nil {
			return fmt.Errorf("leave: %w", err)
		}
	}
	return nil
}
