package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/store"
)

// scenarioSite has three tables with different skills and languages. The bonuses are
// DESIGN.md §6's defaults: 20 minutes for urgency, 10 for a table that speaks the
// visitor's language (Danish earns none: every table speaks it).
func scenarioSite() app.Site {
	s := app.DefaultSite()
	s.Tables = []app.Table{
		{ID: 1, Name: "1", Skills: []app.Skill{app.SkillDigital, app.SkillMoney}, Languages: []string{"ar", "en"}},
		{ID: 2, Name: "2", Skills: []app.Skill{app.SkillJob, app.SkillGeneral}, Languages: []string{"so"}},
		{ID: 3, Name: "3", Skills: []app.Skill{app.SkillResidency, app.SkillFamily, app.SkillHousing}, Languages: []string{"fa", "ur"}},
	}
	s.UrgencyBonus, s.LanguageBonus = 20, 10
	return s
}

// TestScenario is one afternoon at the desk on a real store. Ten residents check in
// over 30 minutes; the three tables call next, finish and call next again. The order
// of calls is worked out by hand below from the rule of DESIGN.md §6:
//
//	score = minutes waited + 20 if urgent + 10 if the table speaks the language,
//	highest first among visits whose skill the table covers, any visit if none does.
//
// Check-ins (minutes after 12:00; skill from the topic):
//
//	#1  t=0   da  post       digital
//	#2  t=2   ar  residence  residency  urgent (card expires within a month)
//	#3  t=5   so  job        job
//	#4  t=8   en  money      money      urgent (deadline within 7 days)
//	#5  t=10  da  cv         job
//	#6  t=14  fa  housing    housing
//	#7  t=18  ar  mitid      digital
//	#8  t=22  da  family     family
//	#9  t=25  so  cv         job        urgent (application due within 7 days)
//	#10 t=30  ur  passport   residency
//
// Calls:
//
//	t=12 T1 (digital, money; ar en):  #1 12, #4 4+20+10 = 34           → #4
//	t=12 T2 (job, general; so):       #3 7+10 = 17, #5 2                 → #3
//	t=12 T3 (residency…; fa ur):      #2 10+20 = 30 (T3 has no Arabic)   → #2
//	t=20 T1 finishes #4, calls:       #1 20, #7 2+10 = 12                → #1
//	t=26 T2 finishes #3, calls:       #5 16, #9 1+20+10 = 31             → #9  urgency and language beat 15 minutes
//	t=28 T3 finishes #2, calls:       #6 14+10 = 24, #8 6                → #6
//	t=32 T1 finishes #1, calls:       #7 14+10 = 24 (only digital one)   → #7
//	t=40 T3 finishes #6, calls:       #8 18, #10 10+10 = 20              → #10 the language bonus beats 8 minutes
//	t=45 T1 finishes #7, calls:       none of its skills waits; any:
//	                                  #5 35, #8 23                       → #5
//	t=50 T2 finishes #9, calls:       only #8 (family) waits, any skill  → #8
//	t=55 T3 finishes #10, calls:      nobody waits                       → none
//
// So the calls are #4 #3 #2 #1 #9 #6 #7 #10 #5 #8, to tables 1 2 3 1 2 3 1 3 1 2.
func TestScenario(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	site := scenarioSite()
	if err := s.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	clock := app.NewManualClock(monday)
	q := app.NewQueueService(s, site, clock)
	changes, stop := q.Subscribe()
	defer stop()

	yes := func(q app.QuestionID) map[app.QuestionID]app.Answer { return map[app.QuestionID]app.Answer{q: app.Yes} }
	type step struct {
		at      int
		checkIn *app.CheckIn
		finish  int // a table that finishes its visit
		call    int // a table that calls next
	}
	in := func(lang string, topic app.TopicID, answers map[app.QuestionID]app.Answer) *app.CheckIn {
		return &app.CheckIn{Lang: lang, Topics: []app.TopicID{topic}, Answers: answers}
	}
	steps := []step{
		{at: 0, checkIn: in("da", "post", nil)},
		{at: 2, checkIn: in("ar", "residence", yes("residence_expiry"))},
		{at: 5, checkIn: in("so", "job", nil)},
		{at: 8, checkIn: in("en", "money", yes("money_deadline"))},
		{at: 10, checkIn: in("da", "cv", nil)},
		{at: 12, call: 1}, {at: 12, call: 2}, {at: 12, call: 3},
		{at: 14, checkIn: in("fa", "housing", nil)},
		{at: 18, checkIn: in("ar", "mitid", nil)},
		{at: 20, finish: 1}, {at: 20, call: 1},
		{at: 22, checkIn: in("da", "family", nil)},
		{at: 25, checkIn: in("so", "cv", yes("cv_deadline"))},
		{at: 26, finish: 2}, {at: 26, call: 2},
		{at: 28, finish: 3}, {at: 28, call: 3},
		{at: 30, checkIn: in("ur", "passport", nil)},
		{at: 32, finish: 1}, {at: 32, call: 1},
		{at: 40, finish: 3}, {at: 40, call: 3},
		{at: 45, finish: 1}, {at: 45, call: 1},
		{at: 50, finish: 2}, {at: 50, call: 2},
		{at: 55, finish: 3}, {at: 55, call: 3},
	}
	serving := map[int]app.Visit{} // table → its visit
	var calls []string
	for _, st := range steps {
		clock.Set(monday.Add(time.Duration(st.at) * time.Minute))
		switch {
		case st.checkIn != nil:
			if _, err := q.CheckIn(ctx, *st.checkIn); err != nil {
				t.Fatalf("t=%d: check in: %v", st.at, err)
			}
		case st.finish > 0:
			v := serving[st.finish]
			if _, err := q.Do(ctx, v.ID, app.Step{Action: app.ActStart}); err != nil {
				t.Fatalf("t=%d: start #%d: %v", st.at, v.Ticket, err)
			}
			if _, err := q.Do(ctx, v.ID, app.Step{Action: app.ActFinish, Outcome: app.OutcomeResolved}); err != nil {
				t.Fatalf("t=%d: finish #%d: %v", st.at, v.Ticket, err)
			}
			delete(serving, st.finish)
		case st.call > 0:
			v, err := q.CallNext(ctx, st.call)
			if app.ErrorCode(err) == app.ENoneWaiting {
				calls = append(calls, fmt.Sprintf("-→T%d", st.call))
				continue
			}
			if err != nil {
				t.Fatalf("t=%d: table %d calls next: %v", st.at, st.call, err)
			}
			serving[st.call] = v
			calls = append(calls, fmt.Sprintf("#%d→T%d", v.Ticket, st.call))
		}
	}
	want := "#4→T1 #3→T2 #2→T3 #1→T1 #9→T2 #6→T3 #7→T1 #10→T3 #5→T1 #8→T2 -→T3"
	if got := strings.Join(calls, " "); got != want {
		t.Errorf("calls:\n got  %s\n want %s", got, want)
	}

	// Every step was published, in order, numbered without a gap.
	var seq uint64
	for len(changes) > 0 {
		c := <-changes
		if c.Seq != seq+1 {
			t.Errorf("change %d follows change %d", c.Seq, seq)
		}
		seq = c.Seq
	}
	if seq != q.LastSeq() {
		t.Errorf("saw changes up to %d, the queue is at %d", seq, q.LastSeq())
	}

	// After a restart, the file tells the same afternoon: every call is an event with
	// its table and time, and the visits are where the events leave them.
	MustCheckClose(t, s)
	var s2 *store.Store
	s2, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { MustCheckClose(t, s2) })
	evs, err := s2.Events(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	last := time.Time{}
	for _, e := range evs {
		if e.At.Before(last) {
			t.Errorf("event %s #%d at %v is before the one stored ahead of it", e.Kind, e.Ticket, e.At)
		}
		last = e.At
		if e.Kind == app.EventCalled {
			stored = append(stored, fmt.Sprintf("#%d→T%d", e.Ticket, e.Table))
		}
	}
	if got, want := strings.Join(stored, " "), strings.TrimSuffix(want, " -→T3"); got != want {
		t.Errorf("stored calls:\n got  %s\n want %s", got, want)
	}
	vs, err := s2.Visits(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		wantState := app.StateDone
		if v.Ticket == 5 || v.Ticket == 8 {
			wantState = app.StateCalled
		}
		if v.State != wantState {
			t.Errorf("#%d is %s, want %s", v.Ticket, v.State, wantState)
		}
	}
}
