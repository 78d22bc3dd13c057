package app_test

import (
	"fmt"
	"testing"
	"time"

	"skranke/app"
)

var noon = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func at(min int) time.Time { return noon.Add(time.Duration(min) * time.Minute) }

// visitIn returns a visit in state s with the fields that state implies.
func visitIn(s app.State) app.Visit {
	v := app.Visit{ID: 7, Day: "2026-11-23", Ticket: 7, Lang: "ar", Topics: []app.TopicID{"post"}, Skill: app.SkillDigital, State: s, Arrived: at(0)}
	switch s {
	case app.StateCalled:
		v.Table, v.Called, v.Announced = 2, at(10), at(10)
	case app.StateServing:
		v.Table, v.Called, v.Announced, v.Started = 2, at(10), at(10), at(12)
	case app.StateDone:
		v.Table, v.Called, v.Started, v.Ended, v.Outcome = 2, at(10), at(12), at(30), app.OutcomeResolved
	case app.StateNoShow:
		v.Table, v.Called, v.Ended, v.Recalls = 2, at(10), at(14), 2
	case app.StateLeft:
		v.Ended = at(5)
	}
	return v
}

// TestApplyTransitions checks every action from every state: the legal transitions of
// DESIGN.md §6 give the state and event written here, and every other pair returns
// EIllegal and leaves the visit as it was. The legal list is written out by hand, not
// derived from the code's table, so that a change to either shows up here.
func TestApplyTransitions(t *testing.T) {
	now := at(20)
	type legal struct {
		name      string
		from      app.State
		step      app.Step
		recalls   int // set on the visit before the step
		wantState app.State
		wantEvent app.EventKind
		check     func(t *testing.T, v app.Visit)
	}
	legals := []legal{
		{name: "call", from: app.StateWaiting, step: app.Step{Action: app.ActCall, Table: 3}, wantState: app.StateCalled, wantEvent: app.EventCalled,
			check: func(t *testing.T, v app.Visit) {
				if v.Table != 3 || !v.Called.Equal(now) || !v.Announced.Equal(now) || v.Recalls != 0 {
					t.Errorf("got table %d called %v announced %v recalls %d, want 3, now, now, 0", v.Table, v.Called, v.Announced, v.Recalls)
				}
			}},
		{name: "recall", from: app.StateCalled, step: app.Step{Action: app.ActRecall}, recalls: 1, wantState: app.StateCalled, wantEvent: app.EventRecalled,
			check: func(t *testing.T, v app.Visit) {
				if v.Recalls != 2 || !v.Announced.Equal(now) || !v.Called.Equal(at(10)) {
					t.Errorf("got recalls %d announced %v called %v, want 2, now, the first call", v.Recalls, v.Announced, v.Called)
				}
			}},
		{name: "start", from: app.StateCalled, step: app.Step{Action: app.ActStart}, wantState: app.StateServing, wantEvent: app.EventServing,
			check: func(t *testing.T, v app.Visit) {
				if !v.Started.Equal(now) {
					t.Errorf("got started %v, want now", v.Started)
				}
			}},
		{name: "finish_called", from: app.StateCalled, step: app.Step{Action: app.ActFinish, Outcome: app.OutcomeReferred}, wantState: app.StateDone, wantEvent: app.EventDone,
			check: func(t *testing.T, v app.Visit) {
				if v.Outcome != app.OutcomeReferred || !v.Ended.Equal(now) || !v.Started.Equal(v.Called) {
					t.Errorf("got outcome %s ended %v started %v, want referred, now, the call time", v.Outcome, v.Ended, v.Started)
				}
			}},
		{name: "finish_serving", from: app.StateServing, step: app.Step{Action: app.ActFinish, Outcome: app.OutcomeFollowUp}, wantState: app.StateDone, wantEvent: app.EventDone,
			check: func(t *testing.T, v app.Visit) {
				if !v.Started.Equal(at(12)) {
					t.Errorf("got started %v, want it kept at %v", v.Started, at(12))
				}
			}},
		{name: "no_show", from: app.StateCalled, step: app.Step{Action: app.ActNoShow}, recalls: 2, wantState: app.StateNoShow, wantEvent: app.EventNoShow},
		{name: "leave_waiting", from: app.StateWaiting, step: app.Step{Action: app.ActLeave}, wantState: app.StateLeft, wantEvent: app.EventLeft},
		{name: "leave_called", from: app.StateCalled, step: app.Step{Action: app.ActLeave}, wantState: app.StateLeft, wantEvent: app.EventLeft},
		{name: "requeue_called", from: app.StateCalled, step: app.Step{Action: app.ActRequeue}, wantState: app.StateWaiting, wantEvent: app.EventRequeued},
		{name: "requeue_serving", from: app.StateServing, step: app.Step{Action: app.ActRequeue}, wantState: app.StateWaiting, wantEvent: app.EventRequeued},
		{name: "requeue_no_show", from: app.StateNoShow, step: app.Step{Action: app.ActRequeue}, wantState: app.StateWaiting, wantEvent: app.EventRequeued},
		{name: "transfer_waiting", from: app.StateWaiting, step: app.Step{Action: app.ActTransfer, Skill: app.SkillMoney}, wantState: app.StateWaiting, wantEvent: app.EventTransferred},
		{name: "transfer_called", from: app.StateCalled, step: app.Step{Action: app.ActTransfer, Skill: app.SkillMoney}, wantState: app.StateWaiting, wantEvent: app.EventTransferred},
		{name: "transfer_serving", from: app.StateServing, step: app.Step{Action: app.ActTransfer, Skill: app.SkillMoney}, wantState: app.StateWaiting, wantEvent: app.EventTransferred,
			check: func(t *testing.T, v app.Visit) {
				if v.Skill != app.SkillMoney {
					t.Errorf("got skill %s, want money", v.Skill)
				}
			}},
	}
	isLegal := map[string]bool{}
	for _, tc := range legals {
		isLegal[string(tc.step.Action)+"|"+string(tc.from)] = true
		t.Run(tc.name, func(t *testing.T) {
			v := visitIn(tc.from)
			v.Recalls = tc.recalls
			got, ev, err := app.Apply(v, tc.step, now, 2)
			if err != nil {
				t.Fatalf("got %v, want no error", err)
			}
			if got.State != tc.wantState || ev.Kind != tc.wantEvent {
				t.Errorf("got %s with event %s, want %s with %s", got.State, ev.Kind, tc.wantState, tc.wantEvent)
			}
			if ev.Visit != v.ID || ev.Ticket != v.Ticket || !ev.At.Equal(now) {
				t.Errorf("event %+v does not name visit %d at %v", ev, v.ID, now)
			}
			if got.State == app.StateWaiting {
				if got.Table != 0 || !got.Called.IsZero() || !got.Started.IsZero() || got.Recalls != 0 || !got.Arrived.Equal(v.Arrived) {
					t.Errorf("back in the queue with table %d called %v started %v recalls %d arrived %v; want a clean wait that keeps its arrival", got.Table, got.Called, got.Started, got.Recalls, got.Arrived)
				}
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}

	// Every other action from every state is illegal.
	actions := []app.Action{app.ActCall, app.ActRecall, app.ActStart, app.ActFinish, app.ActNoShow, app.ActLeave, app.ActRequeue, app.ActTransfer, "dance"}
	full := map[app.Action]app.Step{
		app.ActCall: {Action: app.ActCall, Table: 1}, app.ActFinish: {Action: app.ActFinish, Outcome: app.OutcomeResolved},
		app.ActTransfer: {Action: app.ActTransfer, Skill: app.SkillJob},
	}
	for _, a := range actions {
		for _, s := range app.States {
			if isLegal[string(a)+"|"+string(s)] {
				continue
			}
			t.Run(fmt.Sprintf("%s_from_%s", a, s), func(t *testing.T) {
				step, ok := full[a]
				if !ok {
					step = app.Step{Action: a}
				}
				v := visitIn(s)
				v.Recalls = 5
				got, _, err := app.Apply(v, step, now, 2)
				if code := app.ErrorCode(err); code != app.EIllegal {
					t.Fatalf("got %v, want %s", err, app.EIllegal)
				}
				if got.State != s {
					t.Errorf("got state %s after an illegal step, want %s", got.State, s)
				}
			})
		}
	}

	// Legal pairs whose step lacks what it needs.
	bad := []struct {
		name    string
		from    app.State
		step    app.Step
		recalls int
		want    string
	}{
		{name: "call_without_table", from: app.StateWaiting, step: app.Step{Action: app.ActCall}, want: app.EUnknownTable},
		{name: "finish_without_outcome", from: app.StateServing, step: app.Step{Action: app.ActFinish}, want: app.EIllegal},
		{name: "finish_unknown_outcome", from: app.StateServing, step: app.Step{Action: app.ActFinish, Outcome: "great"}, want: app.EIllegal},
		{name: "no_show_before_recalls", from: app.StateCalled, step: app.Step{Action: app.ActNoShow}, recalls: 1, want: app.EIllegal},
		{name: "transfer_unknown_skill", from: app.StateWaiting, step: app.Step{Action: app.ActTransfer, Skill: "juggling"}, want: app.EIllegal},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			v := visitIn(tc.from)
			v.Recalls = tc.recalls
			got, _, err := app.Apply(v, tc.step, now, 2)
			if code := app.ErrorCode(err); code != tc.want {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			if got.State != tc.from || got.Recalls != tc.recalls {
				t.Errorf("the visit changed on an error: %+v", got)
			}
		})
	}
}

func TestPickNext(t *testing.T) {
	sc := app.Scoring{UrgencyBonus: 20 * time.Minute, LanguageBonus: 10 * time.Minute}
	jobTable := app.Table{ID: 2, Skills: []app.Skill{app.SkillJob, app.SkillGeneral}, Languages: []string{"so"}}
	w := func(ticket, arrivedMin int, skill app.Skill, lang string, urgent bool) app.Visit {
		return app.Visit{ID: uint64(ticket), Ticket: ticket, Skill: skill, Lang: lang, Urgent: urgent, State: app.StateWaiting, Arrived: at(arrivedMin)}
	}
	called := w(1, 0, app.SkillJob, "da", true)
	called.State = app.StateCalled
	tests := []struct {
		name    string
		waiting []app.Visit
		now     int
		want    int // ticket, 0 for nobody
	}{
		{name: "Empty", want: 0},
		{name: "OnlyCalled", waiting: []app.Visit{called}, now: 30, want: 0},
		{name: "LongestWait", waiting: []app.Visit{w(1, 10, app.SkillJob, "da", false), w(2, 5, app.SkillJob, "da", false)}, now: 30, want: 2},
		{name: "UrgentForward", waiting: []app.Visit{w(1, 0, app.SkillJob, "da", false), w(2, 15, app.SkillJob, "da", true)}, now: 30, want: 2},      // 30 vs 15+20
		{name: "UrgentNotUnbounded", waiting: []app.Visit{w(1, 0, app.SkillJob, "da", false), w(2, 25, app.SkillJob, "da", true)}, now: 30, want: 1}, // 30 vs 5+20
		{name: "LanguageBonus", waiting: []app.Visit{w(1, 0, app.SkillJob, "ar", false), w(2, 5, app.SkillJob, "so", false)}, now: 30, want: 2},      // 30 vs 25+10
		{name: "DanishNoBonus", waiting: []app.Visit{w(1, 0, app.SkillJob, "en", false), w(2, 5, app.SkillJob, "da", false)}, now: 30, want: 1},
		{name: "SkillBeatsScore", waiting: []app.Visit{w(1, 0, app.SkillResidency, "so", true), w(2, 29, app.SkillJob, "da", false)}, now: 30, want: 2},
		{name: "AnySkillWhenNoneMatches", waiting: []app.Visit{w(1, 10, app.SkillResidency, "da", false), w(2, 0, app.SkillMoney, "da", false)}, now: 30, want: 2},
		{name: "TieByArrival", waiting: []app.Visit{w(2, 10, app.SkillJob, "so", false), w(1, 0, app.SkillJob, "da", false)}, now: 10, want: 1}, // 0+10 = 10+0
		{name: "TieByTicket", waiting: []app.Visit{w(4, 5, app.SkillJob, "da", false), w(3, 5, app.SkillJob, "da", false)}, now: 10, want: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := app.PickNext(tc.waiting, jobTable, at(tc.now), sc)
			got := 0
			if i >= 0 {
				got = tc.waiting[i].Ticket
			}
			if got != tc.want {
				t.Errorf("got ticket %d, want %d", got, tc.want)
			}
		})
	}
}

func TestAtTable(t *testing.T) {
	vs := []app.Visit{visitIn(app.StateDone), visitIn(app.StateWaiting), visitIn(app.StateServing)}
	if got := app.AtTable(vs, 2); got != 2 {
		t.Errorf("got %d, want 2: the serving visit, not the done one", got)
	}
	if got := app.AtTable(vs, 1); got != -1 {
		t.Errorf("got %d for a free table, want -1", got)
	}
}

// BenchmarkPickNext is call-next's decision with 1,000 visitors waiting (DESIGN.md §12:
// under 1 ms). BenchmarkCallNext in store/ adds the durable write.
func BenchmarkPickNext(b *testing.B) {
	waiting := make([]app.Visit, 1000)
	for i := range waiting {
		waiting[i] = app.Visit{ID: uint64(i + 1), Ticket: i + 1, State: app.StateWaiting, Arrived: noon.Add(time.Duration(i) * time.Second),
			Skill: app.Skills[i%len(app.Skills)], Lang: app.Languages[i%len(app.Languages)], Urgent: i%7 == 0}
	}
	t := app.DefaultSite().Tables[1]
	sc := app.ScoringFor(app.DefaultSite())
	now := at(120)
	for b.Loop() {
		if app.PickNext(waiting, t, now, sc) < 0 {
			b.Fatal("nobody picked")
		}
	}
}
