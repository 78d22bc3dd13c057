package report

import (
	"slices"
	"time"

	"skranke/app"
)

// End is how a visit's day ended for the resident. It is kept apart from app.Outcome
// because only a served visit has an outcome, while no-shows and walk-aways are what
// a coordinator most wants to see alongside them.
type End string

// The ways a visit can end.
const (
	// EndDone is a visit a counsellor served. A visit still being served at close is
	// counted here with no outcome: the help happened, the tap on "finish" did not.
	EndDone End = "done"
	// EndNoShow is a visit called (and recalled) without the resident coming.
	EndNoShow End = "no_show"
	// EndLeft is a walk-away: the resident left before being helped. A visit that was
	// called but neither started nor finished by close counts here too: it was called,
	// so the desk had room for it, and nothing says that help was given.
	EndLeft End = "left"
	// EndNeverCalled is a visit still waiting when the desk closed. It is kept apart
	// from walk-aways because it measures the desk's capacity, not the residents'
	// patience: the board reads it as "we did not reach everybody".
	EndNeverCalled End = "never_called"
)

// UnknownMinutes marks a time a fact cannot know: the handling time of a visit that
// was never served, or a wait whose end was not recorded. Such values are left out of
// medians and percentiles rather than counted as zero.
const UnknownMinutes = -1

// Fact is one visit, anonymised at day close: the only record of it that outlives the
// day (DESIGN.md §7). It holds nothing that points to a person: no ticket number, no
// name, no case id or handoff code, no table, no answers, and times only as the
// arrival hour and minutes rounded to 5. The store keeps facts as JSON, many
// thousands of them, so the field names are short.
type Fact struct {
	Date      string        `json:"d"`  // site-local civil date, "2006-01-02"
	Hour      int           `json:"h"`  // site-local hour of arrival, 0–23
	Weekday   time.Weekday  `json:"wd"` // of Date; kept so a reader of raw facts need not compute it
	Lang      string        `json:"l"`
	Topics    []app.TopicID `json:"t"`
	Urgent    bool          `json:"u,omitempty"`
	Returning bool          `json:"r,omitempty"`
	Outcome   app.Outcome   `json:"o,omitempty"` // only for EndDone; empty when not recorded
	End       End           `json:"e"`
	// WaitedMin is the time from arrival until the visit was called, or, for a visit
	// never called, until the resident left or the desk closed; rounded to 5.
	WaitedMin int `json:"w"`
	// HandledMin is the time from the start of service to its finish, rounded to 5;
	// UnknownMinutes unless a counsellor finished the visit with an outcome.
	HandledMin int `json:"hm"`
}

// FromVisit anonymises v at day close. loc is the site's time zone (nil means UTC) and
// closedAt the moment the desk closed that day: the end of the opening, or the last
// event if day close runs later (at the first start on a later day). It ends the wait
// of a visit still waiting, which is then counted as EndNeverCalled; a visit that was
// called but not yet started counts as EndLeft, and one still being served as EndDone
// without an outcome (see End).
func FromVisit(v app.Visit, loc *time.Location, closedAt time.Time) Fact {
	if loc == nil {
		loc = time.UTC
	}
	arrived := v.Arrived.In(loc)
	date := v.Day
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		date = arrived.Format(time.DateOnly)
		d, _ = time.Parse(time.DateOnly, date)
	}
	f := Fact{
		Date:       date,
		Hour:       arrived.Hour(),
		Weekday:    d.Weekday(),
		Lang:       v.Lang,
		Topics:     slices.Clone(v.Topics),
		Urgent:     v.Urgent,
		Returning:  v.Returning,
		WaitedMin:  UnknownMinutes,
		HandledMin: UnknownMinutes,
	}
	switch v.State {
	case app.StateDone:
		f.End, f.Outcome = EndDone, v.Outcome
		f.WaitedMin = minutes(v.Arrived, v.Called)
		if v.Outcome != "" {
			f.HandledMin = minutes(v.Started, v.Ended)
		}
	case app.StateServing:
		f.End = EndDone
		f.WaitedMin = minutes(v.Arrived, v.Called)
	case app.StateNoShow:
		f.End = EndNoShow
		f.WaitedMin = minutes(v.Arrived, v.Called)
	case app.StateCalled:
		f.End = EndLeft
		f.WaitedMin = minutes(v.Arrived, v.Called)
	case app.StateLeft:
		f.End = EndLeft
		switch {
		case !v.Called.IsZero():
			f.WaitedMin = minutes(v.Arrived, v.Called)
		case !v.Ended.IsZero():
			f.WaitedMin = minutes(v.Arrived, v.Ended)
		default:
			f.WaitedMin = minutes(v.Arrived, closedAt)
		}
	default: // waiting, or a state this version does not know
		f.End = EndNeverCalled
		f.WaitedMin = minutes(v.Arrived, closedAt)
	}
	return f
}

// minutes returns to-from rounded to the nearest 5 minutes (2m30s rounds up), or
// UnknownMinutes when either end is missing or they are the wrong way round.
func minutes(from, to time.Time) int {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return UnknownMinutes
	}
	return int(to.Sub(from).Round(BucketMinutes*time.Minute) / time.Minute)
}

// outcomeKey is the fact's cell in the outcome dimension, which lists outcomes and the
// ways a visit ends without one side by side so that it sums to the visits.
func (f Fact) outcomeKey() string {
	switch {
	case f.End == EndDone && f.Outcome == "":
		return KeyUnrecorded
	case f.End == EndDone:
		return string(f.Outcome)
	}
	return string(f.End)
}
