package app

import (
	"slices"
	"time"
)

// State is where a visit is in the queue.
type State string

// The states of DESIGN.md §6.
const (
	StateWaiting State = "waiting"
	StateCalled  State = "called"
	StateServing State = "serving"
	StateDone    State = "done"
	StateNoShow  State = "no_show"
	StateLeft    State = "left"
)

// States lists every state; a visit in any other state is corrupt.
var States = []State{StateWaiting, StateCalled, StateServing, StateDone, StateNoShow, StateLeft}

// Answer is a resident's answer to a question. A skipped question has no answer.
type Answer string

// The answers a resident can give.
const (
	Yes      Answer = "yes"
	No       Answer = "no"
	DontKnow Answer = "dont_know"
)

// Outcome is how a finished visit went.
type Outcome string

// The outcomes a counsellor can record.
const (
	OutcomeResolved Outcome = "resolved"
	OutcomeReferred Outcome = "referred"
	OutcomeFollowUp Outcome = "follow_up"
	OutcomeNoHelp   Outcome = "could_not_help"
)

// Outcomes lists every outcome in display order.
var Outcomes = []Outcome{OutcomeResolved, OutcomeReferred, OutcomeFollowUp, OutcomeNoHelp}

// Visit is one resident's visit to the desk on one day. It holds no CPR and no free
// text except the optional first name, which day close wipes.
type Visit struct {
	ID      uint64                `json:"id"`     // the day's sequence, also the ticket number
	Day     string                `json:"day"`    // site-local date, "2006-01-02"
	Ticket  int                   `json:"ticket"` // shown to the resident; unique within the day
	Lang    string                `json:"lang"`
	Topics  []TopicID             `json:"topics"`
	Answers map[QuestionID]Answer `json:"answers,omitempty"`
	Skill   Skill                 `json:"skill"`
	Urgent  bool                  `json:"urgent"`
	// Returning marks a visitor who came back with a handoff code.
	Returning bool      `json:"returning,omitempty"`
	FirstName string    `json:"first_name,omitempty"`
	State     State     `json:"state"`
	Arrived   time.Time `json:"arrived"`
	Called    time.Time `json:"called,omitzero"`
	// Announced is the last time the visit was called or recalled: the call board
	// shows the latest announcement on top.
	Announced time.Time `json:"announced,omitzero"`
	Started   time.Time `json:"started,omitzero"`
	Ended     time.Time `json:"ended,omitzero"`
	Table     int       `json:"table,omitempty"`
	Recalls   int       `json:"recalls,omitempty"`
	Outcome   Outcome   `json:"outcome,omitempty"`
}

// Waited returns how long the visit has waited at now, or waited before it was called.
func (v Visit) Waited(now time.Time) time.Duration {
	end := now
	if !v.Called.IsZero() && v.State != StateWaiting {
		end = v.Called
	}
	if end.Before(v.Arrived) {
		return 0
	}
	return end.Sub(v.Arrived)
}

// HasTopic reports whether the visit is about topic id.
func (v Visit) HasTopic(id TopicID) bool { return slices.Contains(v.Topics, id) }

// EventKind names a change in a visit's life.
type EventKind string

// The events a visit goes through; each is stored with its time.
const (
	EventCheckedIn   EventKind = "checked_in"
	EventCalled      EventKind = "called"
	EventRecalled    EventKind = "recalled"
	EventServing     EventKind = "serving"
	EventDone        EventKind = "done"
	EventNoShow      EventKind = "no_show"
	EventLeft        EventKind = "left"
	EventRequeued    EventKind = "requeued"
	EventTransferred EventKind = "transferred"
)

// Event is one change of one visit, stored in the same transaction as the change.
type Event struct {
	Visit   uint64    `json:"visit"`
	Ticket  int       `json:"ticket"`
	Kind    EventKind `json:"kind"`
	At      time.Time `json:"at"`
	Table   int       `json:"table,omitempty"`
	Skill   Skill     `json:"skill,omitempty"`
	Outcome Outcome   `json:"outcome,omitempty"`
}
