package report

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"skranke/app"
)

// Dim names a dimension of the report. Dimensions are reported one at a time and
// never crossed (no language × topic), because a cross table is where small groups
// of residents become recognisable.
type Dim string

// The dimensions, in the order every report lists them.
const (
	DimWeekday   Dim = "weekday"   // keys: "monday" … "sunday"
	DimHour      Dim = "hour"      // keys: "00" … "23", the hour of arrival
	DimTopic     Dim = "topic"     // keys: topic ids; a visit may count under several
	DimLanguage  Dim = "language"  // keys: language tags
	DimOutcome   Dim = "outcome"   // keys: see OutcomeKeys
	DimUrgent    Dim = "urgent"    // keys: KeyYes, KeyNo
	DimReturning Dim = "returning" // keys: KeyYes, KeyNo
)

// Dims lists the dimensions in report order.
var Dims = []Dim{DimWeekday, DimHour, DimTopic, DimLanguage, DimOutcome, DimUrgent, DimReturning}

// Keys of the two-valued dimensions and of outcome cells that are not an app.Outcome.
const (
	KeyYes = "yes"
	KeyNo  = "no"
	// KeyUnrecorded is a served visit whose outcome nobody recorded (see EndDone).
	KeyUnrecorded = "unrecorded"
)

// OutcomeKeys lists the outcome dimension's keys in order: the outcomes a counsellor
// records, then the ways a visit ends without one. Keeping them in one dimension makes
// it sum to the visits, so no-shows and walk-aways are suppressed by the same rule as
// every other cell instead of being derivable from two linked dimensions.
var OutcomeKeys = []string{
	string(app.OutcomeResolved), string(app.OutcomeReferred), string(app.OutcomeFollowUp), string(app.OutcomeNoHelp),
	KeyUnrecorded, string(EndNoShow), string(EndLeft), string(EndNeverCalled),
}

// isoWeekdays are the weekday keys Monday first, as an ISO week runs.
var isoWeekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// WeekdayKey returns the weekday dimension's key for d ("monday").
func WeekdayKey(d time.Weekday) string { return strings.ToLower(d.String()) }

// HourKey returns the hour dimension's key for h ("09").
func HourKey(h int) string { return fmt.Sprintf("%02d", h) }

// Cell is one count of a report. In a suppressed report a Hidden cell's Count is 0 so
// that no writer can print it by mistake; Small tells why it is hidden.
type Cell struct {
	Key    string `json:"key"`
	Count  int    `json:"n"`
	Hidden bool   `json:"hidden,omitempty"`
	// Small marks a hidden cell whose count is from 1 to k-1, shown as "<5". A hidden
	// cell without Small is at least k and hidden only so that a small one cannot be
	// worked out from the total; it is shown as "x", because "<5" would be false.
	Small bool `json:"small,omitempty"`
}

// Dimension is one dimension's cells in a fixed order: the known keys first, zeros
// included, then any others sorted, so that reports of different sites line up.
type Dimension struct {
	Name  Dim    `json:"name"`
	Cells []Cell `json:"cells"`
}

// Total returns the sum of the dimension's cells (of the visible ones in a suppressed
// report).
func (d Dimension) Total() int {
	n := 0
	for _, c := range d.Cells {
		n += c.Count
	}
	return n
}

// Minutes summarises waiting or handling times in minutes. Hist is the raw histogram
// (see WeekAggregate) from which N, Median and P90 are computed. A suppressed report
// keeps only Median and P90, or sets Hidden when there were fewer than k
// measurements (see suppressMinutes): a lone long wait in a histogram points to one
// visit.
type Minutes struct {
	N      int   `json:"n,omitempty"`
	Median int   `json:"median"`
	P90    int   `json:"p90"`
	Hidden bool  `json:"hidden,omitempty"`
	Hist   []int `json:"hist,omitempty"`
}

func minutesOf(hist []int) Minutes {
	m := Minutes{Hist: slices.Clone(trimHist(hist))}
	for _, n := range m.Hist {
		m.N += n
	}
	m.Median = percentile(m.Hist, m.N, (m.N+1)/2)
	m.P90 = percentile(m.Hist, m.N, (9*m.N+9)/10)
	return m
}

// percentile returns the value of the rank-th smallest measurement (nearest rank, so
// ranks ceil(n/2) and ceil(0.9n)). Nearest rank always names a value that occurred and
// depends only on the histogram, which is why merged reports agree with reports over
// the merged facts.
func percentile(hist []int, n, rank int) int {
	if n == 0 {
		return 0
	}
	seen := 0
	for i, c := range hist {
		seen += c
		if seen >= rank {
			return i * BucketMinutes
		}
	}
	return (len(hist) - 1) * BucketMinutes
}

// Report is the weekly usage report of one or more sites (DESIGN.md §9). Build and
// Merge return it with raw counts (K is 0); Suppressed returns the view that may leave
// the coordinator's hands.
type Report struct {
	Week  ISOWeek  `json:"week"`
	Sites []string `json:"sites"`
	// K is 0 in a report of raw counts, and the threshold in a suppressed one.
	K       int         `json:"k,omitempty"`
	Visits  Cell        `json:"visits"`
	Dims    []Dimension `json:"dims"`
	Waited  Minutes     `json:"waited"`
	Handled Minutes     `json:"handled"`
}

// Build makes the report of week for sites from aggregates. Aggregates of other weeks
// are skipped, so the store can pass every stored aggregate along with the week's
// facts folded by Fold:
//
//	report.Build(week, sites, report.Fold(week, facts), stored...)
func Build(week ISOWeek, sites []string, aggs ...WeekAggregate) Report {
	total := WeekAggregate{Week: week}
	for _, a := range aggs {
		if a.Week == week {
			total.add(a)
		}
	}
	return fromAggregate(total, sites)
}

func fromAggregate(a WeekAggregate, sites []string) Report {
	sites = slices.Clone(sites)
	slices.Sort(sites)
	sites = slices.Compact(sites)
	if sites == nil {
		sites = []string{}
	}
	r := Report{
		Week:    a.Week,
		Sites:   sites,
		Visits:  Cell{Key: "visits", Count: a.Visits},
		Waited:  minutesOf(a.Waited),
		Handled: minutesOf(a.Handled),
	}
	wd := map[string]int{}
	for _, d := range isoWeekdays {
		wd[WeekdayKey(d)] = a.Weekday[d]
	}
	hours := map[string]int{}
	for h, n := range a.Hour {
		hours[HourKey(h)] = n
	}
	topics := map[string]int{}
	for t, n := range a.Topic {
		topics[string(t)] = n
	}
	yesNo := func(yes int) map[string]int { return map[string]int{KeyYes: yes, KeyNo: a.Visits - yes} }
	r.Dims = []Dimension{
		dimension(DimWeekday, wd),
		dimension(DimHour, hours),
		dimension(DimTopic, topics),
		dimension(DimLanguage, a.Lang),
		dimension(DimOutcome, a.Outcome),
		dimension(DimUrgent, yesNo(a.Urgent)),
		dimension(DimReturning, yesNo(a.Returning)),
	}
	return r
}

// knownKeys returns the keys a dimension always lists, in order.
func knownKeys(d Dim) []string {
	switch d {
	case DimWeekday:
		keys := make([]string, len(isoWeekdays))
		for i, wd := range isoWeekdays {
			keys[i] = WeekdayKey(wd)
		}
		return keys
	case DimHour:
		keys := make([]string, 24)
		for h := range keys {
			keys[h] = HourKey(h)
		}
		return keys
	case DimTopic:
		ids := app.DefaultCatalogue().IDs()
		keys := make([]string, len(ids))
		for i, id := range ids {
			keys[i] = string(id)
		}
		return keys
	case DimLanguage:
		return slices.Clone(app.Languages)
	case DimOutcome:
		return slices.Clone(OutcomeKeys)
	case DimUrgent, DimReturning:
		return []string{KeyYes, KeyNo}
	}
	return nil
}

// dimension lays out counts in the dimension's canonical order: known keys with
// zeros, then other keys with a count, sorted.
func dimension(name Dim, counts map[string]int) Dimension {
	known := knownKeys(name)
	d := Dimension{Name: name, Cells: make([]Cell, 0, len(known))}
	for _, k := range known {
		d.Cells = append(d.Cells, Cell{Key: k, Count: counts[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] != 0 && !slices.Contains(known, k) {
			d.Cells = append(d.Cells, Cell{Key: k, Count: counts[k]})
		}
	}
	return d
}

// Dim returns the dimension called name, or an empty one.
func (r Report) Dim(name Dim) Dimension {
	for _, d := range r.Dims {
		if d.Name == name {
			return d
		}
	}
	return Dimension{Name: name}
}

// Cell returns the cell key of dimension d, or a zero cell.
func (r Report) Cell(d Dim, key string) Cell {
	for _, c := range r.Dim(d).Cells {
		if c.Key == key {
			return c
		}
	}
	return Cell{Key: key}
}

// NoShows returns the visits called without the resident coming.
func (r Report) NoShows() Cell { return r.Cell(DimOutcome, string(EndNoShow)) }

// WalkAways returns the visits whose resident left before being helped.
func (r Report) WalkAways() Cell { return r.Cell(DimOutcome, string(EndLeft)) }

// NeverCalled returns the visits still waiting when the desk closed.
func (r Report) NeverCalled() Cell { return r.Cell(DimOutcome, string(EndNeverCalled)) }

// UrgentShare returns the share (0–1) of visits marked urgent. It reports false when
// there are no visits or when the share would reveal a hidden count.
func (r Report) UrgentShare() (float64, bool) { return r.share(DimUrgent) }

// ReturningShare returns the share (0–1) of visits that came with a handoff code, on
// the same terms as UrgentShare.
func (r Report) ReturningShare() (float64, bool) { return r.share(DimReturning) }

func (r Report) share(d Dim) (float64, bool) {
	if r.Visits.Hidden || r.Visits.Count == 0 {
		return 0, false
	}
	for _, c := range r.Dim(d).Cells {
		if c.Hidden {
			return 0, false
		}
	}
	return float64(r.Cell(d, KeyYes).Count) / float64(r.Visits.Count), true
}

// Check reports the first inconsistency in a report of raw counts: what Merge runs on
// reports read from files, so that a damaged or hand-edited file is refused instead of
// being added in.
func (r Report) Check() error {
	if !r.Week.Valid() {
		return fmt.Errorf("check report: week %d-%d is not an ISO week", r.Week.Year, r.Week.Week)
	}
	if r.K != 0 {
		return fmt.Errorf("check report %v: suppressed at k=%d; only raw counts can be checked", r.Week, r.K)
	}
	if r.Visits.Count < 0 || r.Visits.Hidden {
		return fmt.Errorf("check report %v: bad visit count", r.Week)
	}
	for _, d := range Dims {
		dim := r.Dim(d)
		if len(dim.Cells) == 0 {
			return fmt.Errorf("check report %v: dimension %s is missing", r.Week, d)
		}
		for _, c := range dim.Cells {
			if c.Count < 0 || c.Hidden {
				return fmt.Errorf("check report %v: %s %q has count %d", r.Week, d, c.Key, c.Count)
			}
		}
		if d != DimTopic && dim.Total() != r.Visits.Count {
			return fmt.Errorf("check report %v: %s adds up to %d, want %d visits", r.Week, d, dim.Total(), r.Visits.Count)
		}
	}
	for _, m := range []Minutes{r.Waited, r.Handled} {
		for _, n := range m.Hist {
			if n < 0 {
				return fmt.Errorf("check report %v: negative minute count", r.Week)
			}
		}
	}
	return nil
}

// Merge combines the raw reports of several sites for one week into one, as if it were
// built from all their facts (the reports must not be suppressed: a "<5" cannot be
// added). It refuses reports of other weeks and a site that appears twice, which would
// count its visits twice. Suppress the result before showing it.
func Merge(reports ...Report) (Report, error) {
	if len(reports) == 0 {
		return Report{}, errors.New("merge reports: no reports")
	}
	total := WeekAggregate{Week: reports[0].Week}
	var sites []string
	for i, r := range reports {
		if err := r.Check(); err != nil {
			return Report{}, fmt.Errorf("merge report %d (%s): %w", i+1, strings.Join(r.Sites, ","), err)
		}
		if r.Week != total.Week {
			return Report{}, fmt.Errorf("merge report %d: week %v, want %v", i+1, r.Week, total.Week)
		}
		for _, s := range r.Sites {
			if slices.Contains(sites, s) {
				return Report{}, fmt.Errorf("merge report %d: site %q is already in another report", i+1, s)
			}
		}
		sites = append(sites, r.Sites...)
		a, err := aggregateOf(r)
		if err != nil {
			return Report{}, fmt.Errorf("merge report %d: %w", i+1, err)
		}
		if err := total.Merge(a); err != nil {
			return Report{}, fmt.Errorf("merge report %d: %w", i+1, err)
		}
	}
	return fromAggregate(total, sites), nil
}

// aggregateOf turns a raw report back into the aggregate it was built from.
func aggregateOf(r Report) (WeekAggregate, error) {
	a := WeekAggregate{Week: r.Week, Visits: r.Visits.Count}
	for _, c := range r.Dim(DimWeekday).Cells {
		i := slices.IndexFunc(isoWeekdays, func(d time.Weekday) bool { return WeekdayKey(d) == c.Key })
		if i < 0 {
			return WeekAggregate{}, fmt.Errorf("weekday %q is not a weekday", c.Key)
		}
		a.Weekday[isoWeekdays[i]] += c.Count
	}
	for _, c := range r.Dim(DimHour).Cells {
		h, err := strconv.Atoi(c.Key)
		if err != nil || h < 0 || h > 23 {
			return WeekAggregate{}, fmt.Errorf("hour %q is not an hour", c.Key)
		}
		a.Hour[h] += c.Count
	}
	for _, c := range r.Dim(DimTopic).Cells {
		if c.Count != 0 {
			a.Topic = inc(a.Topic, app.TopicID(c.Key), c.Count)
		}
	}
	for _, c := range r.Dim(DimLanguage).Cells {
		if c.Count != 0 {
			a.Lang = inc(a.Lang, c.Key, c.Count)
		}
	}
	for _, c := range r.Dim(DimOutcome).Cells {
		if c.Count != 0 {
			a.Outcome = inc(a.Outcome, c.Key, c.Count)
		}
	}
	a.Urgent = r.Cell(DimUrgent, KeyYes).Count
	a.Returning = r.Cell(DimReturning, KeyYes).Count
	a.Waited = slices.Clone(r.Waited.Hist)
	a.Handled = slices.Clone(r.Handled.Hist)
	return a, nil
}
