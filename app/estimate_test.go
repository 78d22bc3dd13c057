package app_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"skranke/app"
)

// estimateSite has two tables: 1 for digital, money and general in English and Arabic;
// 2 for job and general in Somali. The catalogue's minutes: post 15, mitid 25, job 20,
// cv 35, money 20, residence 30.
func estimateSite() app.Site {
	s := app.DefaultSite()
	s.Tables = []app.Table{
		{ID: 1, Name: "1", Skills: []app.Skill{app.SkillDigital, app.SkillMoney, app.SkillGeneral}, Languages: []string{"en", "ar"}},
		{ID: 2, Name: "2", Skills: []app.Skill{app.SkillJob, app.SkillGeneral}, Languages: []string{"so"}},
	}
	return s
}

func TestEstimate(t *testing.T) {
	cat := app.DefaultCatalogue()
	waiting := func(id int, arrived int, topic app.TopicID, lang string, urgent bool) app.Visit {
		return app.Visit{ID: uint64(id), Ticket: id, Topics: []app.TopicID{topic}, Skill: cat.SkillOf([]app.TopicID{topic}),
			Lang: lang, Urgent: urgent, State: app.StateWaiting, Arrived: at(arrived)}
	}
	// serving returns a visit at table that started at start and needs topic's minutes.
	serving := func(id, table, start int, topic app.TopicID) app.Visit {
		v := waiting(id, start-10, topic, "da", false)
		v.State, v.Table, v.Called, v.Started = app.StateServing, table, at(start-1), at(start)
		return v
	}
	called := func(id, table, calledAt int, topic app.TopicID) app.Visit {
		v := waiting(id, calledAt-10, topic, "da", false)
		v.State, v.Table, v.Called = app.StateCalled, table, at(calledAt)
		return v
	}
	tests := []struct {
		name      string
		site      func(app.Site) app.Site
		today     []app.Visit
		id        int
		want      time.Duration
		wantKnown bool
	}{
		{name: "NoTables", site: func(s app.Site) app.Site { s.Tables = nil; return s },
			today: []app.Visit{waiting(1, 0, "post", "da", false)}, id: 1},
		{name: "NotWaiting", today: []app.Visit{serving(1, 1, -5, "post")}, id: 1},
		{name: "FirstOfTheDay", today: []app.Visit{waiting(1, 0, "post", "da", false)}, id: 1, want: 0, wantKnown: true},
		// Both tables are free: table 1 takes ticket 1 and table 2, with no job visitor
		// waiting, takes ticket 2 at once (any skill when none matches).
		{name: "IdleTableTakesAnySkill", today: []app.Visit{waiting(1, -1, "post", "da", false), waiting(2, 0, "post", "da", false)}, id: 2, want: 0, wantKnown: true},
		// Table 1 serves money since -5 (20 min: free at 15); table 2 cv since -10 (35:
		// free at 25).
		{name: "BusyTables", today: []app.Visit{serving(1, 1, -5, "money"), serving(2, 2, -10, "cv"), waiting(3, 0, "post", "da", false)},
			id: 3, want: 15 * time.Minute, wantKnown: true},
		// A called visit counts from its call: table 1 called a post at -20, so it was
		// due at -5 and is taken as free now.
		{name: "OverdueIsFreeNow", today: []app.Visit{called(1, 1, -20, "post"), serving(2, 2, -10, "cv"), waiting(3, 0, "post", "da", false)},
			id: 3, want: 0, wantKnown: true},
		// Table 1 free at 15 takes A (post, waited 35) before C; table 2 free at 25 takes
		// B (job). Table 1 is free again at 30 and takes C: 30 minutes. The old "work
		// ahead ÷ tables" said 15.
		{name: "QueueAhead", today: []app.Visit{serving(1, 1, -5, "money"), serving(2, 2, -10, "cv"),
			waiting(3, -20, "post", "da", false), waiting(4, -10, "job", "da", false), waiting(5, 0, "post", "da", false)},
			id: 5, want: 30 * time.Minute, wantKnown: true},
		// At 15, A has waited 20 and urgent C scores 15 + 20: C goes first.
		{name: "UrgentGoesAhead", today: []app.Visit{serving(1, 1, -5, "money"), serving(2, 2, -10, "cv"),
			waiting(3, -5, "post", "da", false), waiting(4, 0, "post", "da", true)},
			id: 4, want: 15 * time.Minute, wantKnown: true},
		// Table 2 is free at 10 and speaks Somali: A has waited 15, B 10 plus the
		// language bonus of 10, so B goes first.
		{name: "LanguageBonus", today: []app.Visit{serving(1, 1, 0, "cv"), serving(2, 2, -10, "job"),
			waiting(3, -5, "job", "da", false), waiting(4, 0, "job", "so", false)},
			id: 4, want: 10 * time.Minute, wantKnown: true},
		// Nobody covers residency: the first table to come free takes it.
		{name: "NoTableCovers", today: []app.Visit{serving(1, 1, -5, "money"), serving(2, 2, -10, "cv"), waiting(3, 0, "residence", "da", false)},
			id: 3, want: 15 * time.Minute, wantKnown: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site := estimateSite()
			if tc.site != nil {
				site = tc.site(site)
			}
			got, known := app.Estimate(tc.today, uint64(tc.id), at(0), site, cat, nil)
			if got != tc.want || known != tc.wantKnown {
				t.Errorf("got %v known=%v, want %v known=%v", got, known, tc.want, tc.wantKnown)
			}
		})
	}
}

func TestExpectedMinutes(t *testing.T) {
	cat := app.DefaultCatalogue()
	done := func(handled int, topics ...app.TopicID) app.Visit {
		return app.Visit{State: app.StateDone, Topics: topics, Started: at(0), Ended: at(handled)}
	}
	got := app.ExpectedMinutes([]app.Visit{
		done(25, "post"), done(40, "post"), done(31, "post", "mitid"), done(10, "mitid"),
		{State: app.StateServing, Topics: []app.TopicID{"post"}, Started: at(0)}, // not finished: ignored
	}, cat)
	// post: median of 25, 31, 40 is 31; halfway from the catalogue's 15 is 23.
	if got["post"] != 23 {
		t.Errorf("post: got %d, want 23", got["post"])
	}
	// mitid has two samples: too few, so the catalogue's value stays.
	if _, ok := got["mitid"]; ok {
		t.Errorf("mitid: got %d from two samples, want none", got["mitid"])
	}
}

func TestRoundWait(t *testing.T) {
	tests := []struct {
		name string
		d    time.Duration
		want int
	}{
		{name: "Nothing", d: 0, want: 0},
		{name: "Moments", d: time.Second, want: 5},
		{name: "Seven", d: 7 * time.Minute, want: 5},
		{name: "SevenAndAHalf", d: 7*time.Minute + 30*time.Second, want: 10},
		{name: "TwentyTwo", d: 22 * time.Minute, want: 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := app.RoundWait(tc.d); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

// A queue longer than the horizon gives no number, and costs little to find that out.
func TestEstimateHorizon(t *testing.T) {
	site := estimateSite()
	var today []app.Visit
	for i := range 2000 {
		today = append(today, app.Visit{ID: uint64(i + 1), Ticket: i + 1, Topics: []app.TopicID{"cv"}, Skill: app.SkillJob, Lang: "da", State: app.StateWaiting, Arrived: at(0)})
	}
	if d, known := app.Estimate(today, 2000, at(0), site, app.DefaultCatalogue(), nil); known {
		t.Errorf("got %v known for the 2000th in line, want unknown", d)
	}
}

// BenchmarkEstimate is the estimate a check-in makes with 1,000 visitors waiting.
func BenchmarkEstimate(b *testing.B) {
	site := estimateSite()
	var today []app.Visit
	for i := range 1000 {
		today = append(today, app.Visit{ID: uint64(i + 1), Ticket: i + 1, Topics: []app.TopicID{"post"}, Skill: app.SkillDigital, Lang: "da", State: app.StateWaiting, Arrived: at(i / 100)})
	}
	cat := app.DefaultCatalogue()
	for b.Loop() {
		app.Estimate(today, 1000, at(10), site, cat, nil)
	}
}

// naiveEstimate is Estimate written the slow, obvious way: at each step the table that
// is free first calls PickNext. Estimate must always agree with it.
func naiveEstimate(today []app.Visit, id uint64, now time.Time, site app.Site, cat app.Catalogue) (time.Duration, bool) {
	free := make([]time.Time, len(site.Tables))
	var waiting []app.Visit
	for _, v := range today {
		if v.State == app.StateWaiting {
			waiting = append(waiting, v)
		}
		if v.State == app.StateServing || v.State == app.StateCalled {
			for i, t := range site.Tables {
				start := v.Started
				if start.IsZero() {
					start = v.Called
				}
				if end := start.Add(time.Duration(cat.Minutes(v.Topics, nil)) * time.Minute); t.ID == v.Table && end.After(free[i]) {
					free[i] = end
				}
			}
		}
	}
	for i := range free {
		if free[i].Before(now) {
			free[i] = now
		}
	}
	for len(waiting) > 0 {
		ti := 0
		for i := range free {
			if free[i].Before(free[ti]) {
				ti = i
			}
		}
		if free[ti].Sub(now) > app.EstimateHorizon {
			return 0, false
		}
		i := app.PickNext(waiting, site.Tables[ti], free[ti], app.ScoringFor(site))
		if waiting[i].ID == id {
			return free[ti].Sub(now), true
		}
		free[ti] = free[ti].Add(time.Duration(cat.Minutes(waiting[i].Topics, nil)) * time.Minute)
		waiting = append(waiting[:i], waiting[i+1:]...)
	}
	return 0, false
}

func TestEstimateMatchesPickNext(t *testing.T) {
	cat := app.DefaultCatalogue()
	site := app.DefaultSite()
	rng := rand.New(rand.NewPCG(3, 4))
	langs := []string{"da", "ar", "so", "fa", "en", "uk"}
	for round := range 300 {
		var today []app.Visit
		n := 1 + rng.IntN(40)
		for i := range n {
			topic := cat[rng.IntN(len(cat))].ID
			v := app.Visit{ID: uint64(i + 1), Ticket: i + 1, Topics: []app.TopicID{topic}, Skill: cat.SkillOf([]app.TopicID{topic}),
				Lang: langs[rng.IntN(len(langs))], Urgent: rng.IntN(5) == 0, State: app.StateWaiting, Arrived: at(rng.IntN(60))}
			if rng.IntN(4) == 0 {
				v.State, v.Table, v.Called = app.StateCalled, 1+rng.IntN(3), at(60-rng.IntN(30))
			}
			today = append(today, v)
		}
		// The console's list starts with the visit call-next takes.
		for _, table := range site.Tables {
			order := app.CallOrder(today, table, app.ScoringFor(site))
			if i := app.PickNext(today, table, at(60), app.ScoringFor(site)); i >= 0 && (len(order) == 0 || order[0].ID != today[i].ID) {
				t.Fatalf("round %d, table %d: PickNext takes ticket %d, CallOrder starts with %v", round, table.ID, today[i].Ticket, order)
			}
		}
		for _, v := range today {
			want, wantOK := naiveEstimate(today, v.ID, at(60), site, cat)
			got, gotOK := app.Estimate(today, v.ID, at(60), site, cat, nil)
			if got != want || gotOK != wantOK {
				t.Fatalf("round %d, ticket %d: got %v %v, PickNext says %v %v", round, v.Ticket, got, gotOK, want, wantOK)
			}
		}
	}
}
