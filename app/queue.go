package app

import (
	"slices"
	"time"
)

// Action is a step a counsellor (or the kiosk) takes on a visit.
type Action string

// The queue steps of DESIGN.md §6.
const (
	ActCall     Action = "call"     // waiting → called, to a table
	ActRecall   Action = "recall"   // called → called, announced again
	ActStart    Action = "start"    // called → serving
	ActFinish   Action = "finish"   // called | serving → done, with an outcome
	ActNoShow   Action = "no_show"  // called → no-show, after enough recalls
	ActLeave    Action = "leave"    // waiting | called → left (walked away)
	ActRequeue  Action = "requeue"  // called | serving | no-show → waiting ("back to queue")
	ActTransfer Action = "transfer" // waiting | called | serving → waiting with another skill
)

// Step is an action with what it needs: the table for a call, the outcome for a
// finish, the new skill for a transfer.
type Step struct {
	Action  Action  `json:"action"`
	Table   int     `json:"table,omitempty"`
	Outcome Outcome `json:"outcome,omitempty"`
	Skill   Skill   `json:"skill,omitempty"`
}

var legalFrom = map[Action][]State{
	ActCall:     {StateWaiting},
	ActRecall:   {StateCalled},
	ActStart:    {StateCalled},
	ActFinish:   {StateCalled, StateServing},
	ActNoShow:   {StateCalled},
	ActLeave:    {StateWaiting, StateCalled},
	ActRequeue:  {StateCalled, StateServing, StateNoShow},
	ActTransfer: {StateWaiting, StateCalled, StateServing},
}

// Apply returns the visit after step s at time now and the event that records it. It
// is pure: the store calls it inside the transaction that saves the result. An illegal
// step returns an EIllegal error and leaves v as it was.
func Apply(v Visit, s Step, now time.Time, maxRecalls int) (Visit, Event, error) {
	from, ok := legalFrom[s.Action]
	if !ok {
		return v, Event{}, Errorf(EIllegal, "unknown action %q", s.Action)
	}
	if !slices.Contains(from, v.State) {
		return v, Event{}, Errorf(EIllegal, "ticket %d is %s; cannot %s", v.Ticket, v.State, s.Action)
	}
	ev := Event{Visit: v.ID, Ticket: v.Ticket, At: now}
	switch s.Action {
	case ActCall:
		if s.Table <= 0 {
			return v, Event{}, Errorf(EUnknownTable, "call needs a table")
		}
		v.State, v.Table, v.Called, v.Announced, v.Recalls = StateCalled, s.Table, now, now, 0
		ev.Kind, ev.Table = EventCalled, s.Table
	case ActRecall:
		v.Recalls++
		v.Announced = now
		ev.Kind, ev.Table = EventRecalled, v.Table
	case ActStart:
		v.State, v.Started = StateServing, now
		ev.Kind, ev.Table = EventServing, v.Table
	case ActFinish:
		if !slices.Contains(Outcomes, s.Outcome) {
			return v, Event{}, Errorf(EIllegal, "finish needs an outcome, got %q", s.Outcome)
		}
		if v.Started.IsZero() {
			// Finished straight from called: the counsellor skipped "arrived", so the
			// handling is counted from the call, not as zero minutes.
			v.Started = v.Called
		}
		v.State, v.Ended, v.Outcome = StateDone, now, s.Outcome
		ev.Kind, ev.Table, ev.Outcome = EventDone, v.Table, s.Outcome
	case ActNoShow:
		if v.Recalls < maxRecalls {
			return v, Event{}, Errorf(EIllegal, "ticket %d was recalled %d of %d times; recall before marking no-show", v.Ticket, v.Recalls, maxRecalls)
		}
		v.State, v.Ended = StateNoShow, now
		ev.Kind, ev.Table = EventNoShow, v.Table
	case ActLeave:
		v.State, v.Ended = StateLeft, now
		ev.Kind, ev.Table = EventLeft, v.Table
	case ActRequeue:
		ev.Kind, ev.Table = EventRequeued, v.Table
		v = requeue(v)
	case ActTransfer:
		if !slices.Contains(Skills, s.Skill) {
			return v, Event{}, Errorf(EIllegal, "transfer needs a skill, got %q", s.Skill)
		}
		ev.Kind, ev.Table, ev.Skill = EventTransferred, v.Table, s.Skill
		v = requeue(v)
		v.Skill = s.Skill
	}
	return v, ev, nil
}

// requeue puts v back in the waiting line. It keeps its arrival time, so it does not
// lose its place by being sent back.
func requeue(v Visit) Visit {
	v.State, v.Table, v.Recalls = StateWaiting, 0, 0
	v.Called, v.Announced, v.Started, v.Ended = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return v
}

// Scoring weighs waiting visits for call-next (DESIGN.md §6).
type Scoring struct {
	UrgencyBonus  time.Duration
	LanguageBonus time.Duration
}

// ScoringFor returns the site's call-next weights.
func ScoringFor(s Site) Scoring {
	return Scoring{
		UrgencyBonus:  time.Duration(s.UrgencyBonus) * time.Minute,
		LanguageBonus: time.Duration(s.LanguageBonus) * time.Minute,
	}
}

// Score is a waiting visit's priority for table t at now: time waited, plus the urgency
// bonus, plus the language bonus when the table speaks the visitor's language.
func (sc Scoring) Score(v Visit, t Table, now time.Time) time.Duration { return sc.score(&v, t, now) }

func (sc Scoring) score(v *Visit, t Table, now time.Time) time.Duration {
	s := v.Waited(now)
	if v.Urgent {
		s += sc.UrgencyBonus
	}
	if v.Lang != "da" && t.Speaks(v.Lang) {
		s += sc.LanguageBonus
	}
	return s
}

// PickNext returns the index in waiting of the visit table t should call next at now,
// or -1 when nobody is waiting. Only visits in StateWaiting count. Among visits whose
// skill the table covers it takes the highest score; when none matches, any waiting
// visit. Ties go to the earlier arrival, then the lower ticket.
func PickNext(waiting []Visit, t Table, now time.Time, sc Scoring) int {
	best, bestMatch := -1, false
	var bestScore time.Duration
	for i := range waiting {
		v := &waiting[i] // a Visit is a few hundred bytes: no copy per candidate
		if v.State != StateWaiting {
			continue
		}
		match := t.Covers(v.Skill)
		score := sc.score(v, t, now)
		if best >= 0 {
			b := &waiting[best]
			switch {
			case bestMatch && !match:
				continue
			case match == bestMatch:
				if score < bestScore || score == bestScore && !earlier(v, b) {
					continue
				}
			}
		}
		best, bestMatch, bestScore = i, match, score
	}
	return best
}

func earlier(a, b *Visit) bool {
	if !a.Arrived.Equal(b.Arrived) {
		return a.Arrived.Before(b.Arrived)
	}
	return a.Ticket < b.Ticket
}

// ETableBusy is returned when a table calls someone while its last visitor is still
// called or being served. It keeps a double tap on "call next" from calling two people
// to one table; the counsellor finishes or sends back the current visitor first.
const ETableBusy = "table_busy"

// AtTable returns the index in vs of the visit that table is calling or serving, or -1
// when the table is free.
func AtTable(vs []Visit, table int) int {
	for i, v := range vs {
		if v.Table == table && (v.State == StateCalled || v.State == StateServing) {
			return i
		}
	}
	return -1
}

// CallOrder returns the waiting visits of vs in the order table t would call them, one
// after another, from now on: the order PickNext finds at every moment, since waiting
// adds the same minutes to every score. The staff console lists the queue so, with the
// visit "call next" takes on top.
func CallOrder(vs []Visit, t Table, sc Scoring) []Visit {
	var waiting []int
	for i := range vs {
		if vs[i].State == StateWaiting {
			waiting = append(waiting, i)
		}
	}
	out := make([]Visit, 0, len(waiting))
	for _, wi := range preference(vs, waiting, t, sc) {
		out = append(out, vs[waiting[wi]])
	}
	return out
}
