package coord

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"skranke/app"
	"skranke/app/report"
)

// Glance is today at a glance, for the coordinator while the desk is open. It counts
// today's visits in the queue, not facts: the day is not closed yet. The counts are
// not suppressed. The coordinator sees the queue itself, and these figures stay on
// the coordinator's screen; what leaves it is a report (Week), which is.
type Glance struct {
	Day       string
	CheckedIn int
	Waiting   int
	// AtTables counts the visits called or being served.
	AtTables int
	Served   int
	NoShows  int
	Left     int
	Urgent   int
	// Topics counts the topics asked for, in catalogue order; a visit may ask for
	// several. Topics nobody asked for are left out.
	Topics []Count[app.TopicID]
	// Langs counts languages, most used first.
	Langs []Count[string]
}

// Count is how many visits have a value of a dimension.
type Count[K comparable] struct {
	Key K
	N   int
}

// Glance returns today's figures so far.
func (s *Service) Glance(ctx context.Context) (Glance, error) {
	vs, err := s.queue.Today(ctx)
	if err != nil {
		return Glance{}, fmt.Errorf("today at a glance: %w", err)
	}
	day, _ := s.Today()
	g := GlanceOf(vs, app.DefaultCatalogue())
	g.Day = day
	return g, nil
}

// GlanceOf counts visits.
func GlanceOf(vs []app.Visit, cat app.Catalogue) Glance {
	var g Glance
	topics := map[app.TopicID]int{}
	langs := map[string]int{}
	for _, v := range vs {
		g.CheckedIn++
		switch v.State {
		case app.StateWaiting:
			g.Waiting++
		case app.StateCalled, app.StateServing:
			g.AtTables++
		case app.StateDone:
			g.Served++
		case app.StateNoShow:
			g.NoShows++
		case app.StateLeft:
			g.Left++
		}
		if v.Urgent {
			g.Urgent++
		}
		for _, t := range v.Topics {
			topics[t]++
		}
		langs[v.Lang]++
	}
	for _, id := range cat.IDs() {
		if n := topics[id]; n > 0 {
			g.Topics = append(g.Topics, Count[app.TopicID]{id, n})
		}
	}
	for l, n := range langs {
		g.Langs = append(g.Langs, Count[string]{l, n})
	}
	slices.SortFunc(g.Langs, func(a, b Count[string]) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) })
	return g
}

// AddWeeks returns the ISO week n weeks after w (before it for negative n).
func AddWeeks(w report.ISOWeek, n int) report.ISOWeek {
	return report.WeekOf(w.Monday().AddDate(0, 0, 7*n))
}

// LastCompleteWeek returns the ISO week before the one day lies in: the week a
// coordinator reports on by default.
func LastCompleteWeek(day string) (report.ISOWeek, error) {
	w, err := report.WeekOfDate(day)
	if err != nil {
		return report.ISOWeek{}, err
	}
	return AddWeeks(w, -1), nil
}

// Span adds up the raw weekly reports of one site into one report over all those
// weeks, for the coordinator's "last 8 weeks" charts: counts, shares, and waiting
// and handling times, exact because they come from the histograms. It is labelled
// with the last week, since a report has one week; Sites are the reports' sites.
// Suppress it like any report before showing it.
func Span(rs []report.Report) (report.Report, error) {
	if len(rs) == 0 {
		return report.Report{}, fmt.Errorf("span of no weeks")
	}
	last := rs[len(rs)-1].Week
	var sites []string
	relabelled := make([]report.Report, len(rs))
	for i, r := range rs {
		sites = append(sites, r.Sites...)
		// report.Merge adds up reports of one week from different sites; a span is
		// the same sum over one site's weeks, so each week poses as a site of the last.
		r.Week = last
		r.Sites = []string{fmt.Sprintf("%s#%d", strings.Join(r.Sites, ","), i)}
		relabelled[i] = r
	}
	m, err := report.Merge(relabelled...)
	if err != nil {
		return report.Report{}, fmt.Errorf("span of %d weeks: %w", len(rs), err)
	}
	slices.Sort(sites)
	m.Sites = slices.Compact(sites)
	return m, nil
}
