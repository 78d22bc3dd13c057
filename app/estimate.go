package app

import (
	"slices"
	"time"
)

// Estimate returns how long visit id is likely to wait at now, by playing the queue
// forward: every table takes visitors in call-next order (PickNext, with the site's
// skills, languages and bonuses), each taking its expected handling time, until one
// of them calls id. A table that is busy is free when its visit's expected time is up
// (or now, if that has passed).
//
// This is DESIGN.md §6's "work ahead divided by the tables that can do it", done by
// hand instead of by division: a simple division counts tables that will never take
// this visitor, and misses that an urgent visitor or one in the table's language jumps
// ahead. It knows nothing of visitors who have not arrived yet, so it errs short when
// an urgent visitor comes later.
//
// It reports false when there is too little to say: no tables configured, id is not
// waiting, or the wait would pass EstimateHorizon. The horizon also bounds the work:
// the play stops there however long the queue is.
//
// expected overrides the catalogue's typical minutes per topic with what the site has
// measured (see ExpectedMinutes).
func Estimate(today []Visit, id uint64, now time.Time, site Site, cat Catalogue, expected map[TopicID]int) (time.Duration, bool) {
	if len(site.Tables) == 0 {
		return 0, false
	}
	sc := ScoringFor(site)
	// waiting holds indexes into today: a Visit is too big to copy per estimate.
	var waiting []int
	free := make([]time.Time, len(site.Tables)) // when each table can call next
	found := false
	for vi, v := range today {
		switch v.State {
		case StateWaiting:
			waiting = append(waiting, vi)
			found = found || v.ID == id
		case StateCalled, StateServing:
			for i, t := range site.Tables {
				if t.ID != v.Table {
					continue
				}
				start := v.Started
				if start.IsZero() {
					start = v.Called
				}
				end := start.Add(minutes(cat.Minutes(v.Topics, expected)))
				if end.After(free[i]) {
					free[i] = end
				}
			}
		}
	}
	if !found {
		return 0, false
	}
	for i := range free {
		if free[i].Before(now) {
			free[i] = now
		}
	}
	// Each table's preference among the waiting visits is fixed while time passes: at
	// any moment t a visit's score is (t − arrival) + bonus, so the order by bonus −
	// arrival is the order PickNext would find at every t. Sorting once per table makes
	// the play O(tables · n log n) instead of n calls to PickNext, which matters when a
	// long queue checks in one more visitor. TestEstimateMatchesPickNext holds the two
	// together.
	prefs := make([][]int, len(site.Tables))
	for ti, t := range site.Tables {
		prefs[ti] = preference(today, waiting, t, sc)
	}
	taken := make([]bool, len(waiting))
	next := make([]int, len(site.Tables)) // each table's cursor into its preference
	for range waiting {
		ti := 0
		for i := range free {
			if free[i].Before(free[ti]) { // ties by table order: free tables do not race
				ti = i
			}
		}
		at := free[ti]
		if at.Sub(now) > EstimateHorizon {
			return 0, false
		}
		for taken[prefs[ti][next[ti]]] {
			next[ti]++
		}
		wi := prefs[ti][next[ti]]
		v := &today[waiting[wi]]
		if v.ID == id {
			return at.Sub(now), true
		}
		taken[wi] = true
		free[ti] = at.Add(minutes(cat.Minutes(v.Topics, expected)))
	}
	return 0, false // unreachable: id was waiting
}

// EstimateHorizon is the longest wait Estimate tells. Beyond it a number would be a
// guess: people leave, counsellors stay late, the desk closes.
const EstimateHorizon = 3 * time.Hour

// preference returns the indexes into waiting (which indexes today) in the order table t
// would call them (PickNext's order): visits it covers first, then by score, then by
// arrival and ticket.
func preference(today []Visit, waiting []int, t Table, sc Scoring) []int {
	type cand struct {
		i     int
		match bool
		key   time.Duration // bonus − arrival, measured from the first arrival
	}
	var epoch time.Time
	for i, vi := range waiting {
		if a := today[vi].Arrived; i == 0 || a.Before(epoch) {
			epoch = a
		}
	}
	cs := make([]cand, len(waiting))
	for i, vi := range waiting {
		v := &today[vi]
		// Score at the epoch plus the time since it is the score at any later moment.
		cs[i] = cand{i: i, match: t.Covers(v.Skill), key: sc.score(v, t, v.Arrived) - v.Arrived.Sub(epoch)}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		switch {
		case a.match != b.match:
			if a.match {
				return -1
			}
			return 1
		case a.key != b.key:
			if a.key > b.key {
				return -1
			}
			return 1
		case earlier(&today[waiting[a.i]], &today[waiting[b.i]]):
			return -1
		case earlier(&today[waiting[b.i]], &today[waiting[a.i]]):
			return 1
		}
		return 0
	})
	out := make([]int, len(cs))
	for k, c := range cs {
		out[k] = c.i
	}
	return out
}

func minutes(m int) time.Duration { return time.Duration(m) * time.Minute }

// MinSamples is how many finished visits of a topic ExpectedMinutes needs before it
// lets the site's own handling times count.
const MinSamples = 3

// ExpectedMinutes returns expected handling minutes per topic that have moved from the
// catalogue's typical time halfway toward the median of the finished visits given
// (DESIGN.md §6), for topics with at least MinSamples of them. A visit with several
// topics counts for each. Topics with fewer samples are left out, so Estimate uses the
// catalogue for them.
func ExpectedMinutes(finished []Visit, cat Catalogue) map[TopicID]int {
	samples := map[TopicID][]time.Duration{}
	for _, v := range finished {
		if v.State != StateDone || v.Started.IsZero() || v.Ended.Before(v.Started) {
			continue
		}
		for _, t := range v.Topics {
			samples[t] = append(samples[t], v.Ended.Sub(v.Started))
		}
	}
	out := map[TopicID]int{}
	for id, ds := range samples {
		t, ok := cat.Topic(id)
		if !ok || len(ds) < MinSamples {
			continue
		}
		slices.Sort(ds)
		median := ds[len(ds)/2]
		if len(ds)%2 == 0 {
			median = (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
		}
		m := int((minutes(t.Minutes) + median + time.Minute) / 2 / time.Minute) // rounded
		out[id] = max(1, m)
	}
	return out
}

// RoundWait rounds a wait to what a person is told: to 5 minutes, and at least 5 when
// anyone is ahead.
func RoundWait(d time.Duration) int {
	m := int((d + 150*time.Second) / (5 * time.Minute) * 5)
	if m == 0 && d > 0 {
		m = 5
	}
	return m
}
