package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"skranke/app"
)

// BucketMinutes is the width of a minute histogram's buckets and the rounding of a
// fact's minutes: fine enough for "about 20 minutes", coarse enough that a time does
// not single out a visit.
const BucketMinutes = 5

// MaxMinutes caps a histogram: longer times (a day close that ran late) count in the
// last bucket, so one bad timestamp cannot grow a stored aggregate without bound.
const MaxMinutes = 24 * 60

// WeekAggregate is one ISO week of facts folded into counts: what the store keeps once
// facts pass their retention, and what every report is built from. It can be folded
// further (Merge) without losing anything a report shows; in particular the minute
// histograms keep medians and percentiles exact.
type WeekAggregate struct {
	Week    ISOWeek             `json:"wk"`
	Visits  int                 `json:"n"`
	Weekday [7]int              `json:"wd"` // indexed by time.Weekday, Sunday first
	Hour    [24]int             `json:"h"`
	Topic   map[app.TopicID]int `json:"t,omitempty"`
	Lang    map[string]int      `json:"l,omitempty"`
	// Outcome counts the outcome dimension's keys: the app.Outcomes, KeyUnrecorded,
	// and the Ends other than EndDone (no-shows, walk-aways, never called).
	Outcome   map[string]int `json:"o,omitempty"`
	Urgent    int            `json:"u"`
	Returning int            `json:"r"`
	// Waited and Handled count minutes in BucketMinutes buckets: index i holds the
	// facts with i*BucketMinutes minutes. Trailing empty buckets are trimmed.
	Waited  []int `json:"w,omitempty"`
	Handled []int `json:"hm,omitempty"`
}

// Add counts one fact. It does not check the fact's week: Fold and FoldWeeks do.
// Values out of range (an hour of 25) are left out of that dimension rather than
// failing, because facts come from disk and a report must still be possible.
func (a *WeekAggregate) Add(f Fact) {
	a.Visits++
	if f.Weekday >= time.Sunday && f.Weekday <= time.Saturday {
		a.Weekday[f.Weekday]++
	}
	if f.Hour >= 0 && f.Hour < 24 {
		a.Hour[f.Hour]++
	}
	for _, t := range f.Topics {
		a.Topic = inc(a.Topic, t, 1)
	}
	a.Lang = inc(a.Lang, f.Lang, 1)
	a.Outcome = inc(a.Outcome, f.outcomeKey(), 1)
	if f.Urgent {
		a.Urgent++
	}
	if f.Returning {
		a.Returning++
	}
	a.Waited = addMinutes(a.Waited, f.WaitedMin)
	a.Handled = addMinutes(a.Handled, f.HandledMin)
}

// Merge adds b's counts to a. Both must be of the same week: adding weeks together
// would make a report that claims one week and counts another.
func (a *WeekAggregate) Merge(b WeekAggregate) error {
	if a.Week != b.Week {
		return fmt.Errorf("merge aggregate of %v into %v: weeks differ", b.Week, a.Week)
	}
	a.add(b)
	return nil
}

func (a *WeekAggregate) add(b WeekAggregate) {
	a.Visits += b.Visits
	for i, n := range b.Weekday {
		a.Weekday[i] += n
	}
	for i, n := range b.Hour {
		a.Hour[i] += n
	}
	for k, n := range b.Topic {
		a.Topic = inc(a.Topic, k, n)
	}
	for k, n := range b.Lang {
		a.Lang = inc(a.Lang, k, n)
	}
	for k, n := range b.Outcome {
		a.Outcome = inc(a.Outcome, k, n)
	}
	a.Urgent += b.Urgent
	a.Returning += b.Returning
	a.Waited = addHist(a.Waited, b.Waited)
	a.Handled = addHist(a.Handled, b.Handled)
}

// Fold counts the facts that fall in week and skips the others, so a caller can hand
// it every fact it has. Selecting is two string comparisons per fact (see
// ISOWeek.Dates): that, not the counting, is what a weekly report over years of facts
// spends its time on.
func Fold(week ISOWeek, facts []Fact) WeekAggregate {
	a := WeekAggregate{Week: week}
	first, last := week.Dates()
	for i := range facts {
		if inRange(facts[i].Date, first, last) {
			a.Add(facts[i])
		}
	}
	return a
}

// FoldWeeks folds facts into one aggregate per ISO week, oldest first: what the store
// does with facts past their retention. It fails on the first fact whose date does not
// parse, so that a caller about to delete the facts it folded does not lose one.
func FoldWeeks(facts []Fact) ([]WeekAggregate, error) {
	byWeek := map[ISOWeek]*WeekAggregate{}
	for _, f := range facts {
		w, err := WeekOfDate(f.Date)
		if err != nil {
			return nil, fmt.Errorf("fold facts: %w", err)
		}
		a := byWeek[w]
		if a == nil {
			a = &WeekAggregate{Week: w}
			byWeek[w] = a
		}
		a.Add(f)
	}
	weeks := slices.SortedFunc(maps.Keys(byWeek), func(x, y ISOWeek) int {
		return cmp.Or(cmp.Compare(x.Year, y.Year), cmp.Compare(x.Week, y.Week))
	})
	out := make([]WeekAggregate, len(weeks))
	for i, w := range weeks {
		out[i] = *byWeek[w]
	}
	return out, nil
}

func inc[K comparable](m map[K]int, k K, n int) map[K]int {
	if m == nil {
		m = map[K]int{}
	}
	m[k] += n
	return m
}

func addMinutes(h []int, m int) []int {
	if m < 0 {
		return h
	}
	i := min(m, MaxMinutes) / BucketMinutes
	if i >= len(h) {
		h = append(h, make([]int, i+1-len(h))...)
	}
	h[i]++
	return h
}

func addHist(a, b []int) []int {
	if len(b) > len(a) {
		a = append(a, make([]int, len(b)-len(a))...)
	}
	for i, n := range b {
		a[i] += n
	}
	return trimHist(a)
}

func trimHist(h []int) []int {
	for len(h) > 0 && h[len(h)-1] == 0 {
		h = h[:len(h)-1]
	}
	if len(h) == 0 {
		return nil
	}
	return h
}
