package report_test

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/report"
)

// f builds a fact. how is an outcome, "unrecorded", or an End other than done.
func f(date string, hour int, lang string, topics string, urgent, returning bool, how string, waited, handled int) report.Fact {
	fact := report.Fact{Date: date, Hour: hour, Lang: lang, Urgent: urgent, Returning: returning, WaitedMin: waited, HandledMin: handled}
	fact.Weekday = weekday(date)
	for _, t := range strings.Split(topics, "+") {
		fact.Topics = append(fact.Topics, app.TopicID(t))
	}
	switch how {
	case "unrecorded":
		fact.End = report.EndDone
	case string(report.EndNoShow), string(report.EndLeft), string(report.EndNeverCalled):
		fact.End = report.End(how)
	default:
		fact.End, fact.Outcome = report.EndDone, app.Outcome(how)
	}
	return fact
}

const (
	u  = true // urgent / returning, for readable tables
	__ = false
	no = report.UnknownMinutes
)

// week47 is the hand-worked history: 20 visits in 2026-W47 (Monday 16 to Sunday 22
// November) at a desk open on Monday and Thursday, plus one visit on a Saturday
// (a demo day), and one visit just outside the week on each side.
func week47() (in []report.Fact, outside []report.Fact) {
	in = []report.Fact{
		// f(date, hour, language, topics, urgent, returning, how it ended, waited, handled)
		f("2026-11-16", 12, "ar", "post", u, __, "resolved", 0, 15),          // 1
		f("2026-11-16", 12, "ar", "post", __, __, "resolved", 5, 20),         // 2
		f("2026-11-16", 12, "so", "job", __, u, "referred", 10, 25),          // 3
		f("2026-11-16", 12, "da", "residence", u, __, "resolved", 15, 30),    // 4
		f("2026-11-16", 13, "ar", "post+money", __, __, "resolved", 20, 10),  // 5
		f("2026-11-16", 13, "so", "job", __, __, "no_show", 25, no),          // 6
		f("2026-11-16", 13, "ar", "residence", __, u, "referred", 30, 40),    // 7
		f("2026-11-16", 14, "da", "post", __, __, "resolved", 35, 15),        // 8
		f("2026-11-16", 14, "ti", "residence", u, __, "referred", 40, 45),    // 9
		f("2026-11-16", 14, "ar", "job", __, __, "left", 45, no),             // 10
		f("2026-11-16", 15, "uk", "post", __, u, "resolved", 20, 20),         // 11
		f("2026-11-16", 15, "ar", "residence", __, __, "unrecorded", 10, no), // 12
		f("2026-11-19", 12, "ar", "post", __, __, "resolved", 0, 5),          // 13
		f("2026-11-19", 12, "so", "job", __, __, "referred", 5, 35),          // 14
		f("2026-11-19", 12, "da", "post", u, __, "resolved", 5, 15),          // 15
		f("2026-11-19", 13, "so", "job", __, u, "referred", 15, 30),          // 16
		f("2026-11-19", 13, "ar", "residence", __, __, "resolved", 60, 20),   // 17
		f("2026-11-19", 14, "da", "post", __, __, "no_show", 10, no),         // 18
		f("2026-11-19", 14, "da", "residence", __, u, "referred", 15, 25),    // 19
		f("2026-11-21", 10, "ar", "post", __, __, "resolved", 0, 10),         // 20
	}
	outside = []report.Fact{
		f("2026-11-15", 12, "tr", "cv", u, u, "resolved", 90, 90), // Sunday of W46
		f("2026-11-23", 12, "pl", "cv", u, u, "resolved", 90, 90), // Monday of W48
	}
	return in, outside
}

func mustWeek(tb testing.TB, s string) report.ISOWeek {
	tb.Helper()
	w, err := report.ParseISOWeek(s)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// TestReportByHand checks every number of the week47 report, raw and suppressed at
// k = 5, against a count done by hand.
//
// Raw counts (facts numbered as in week47):
//
//	visits     20 (the two facts outside the week are not counted)
//	weekday    monday 12 (1–12), thursday 7 (13–19), saturday 1 (20), others 0
//	hour       10:1 (20)  12:7 (1–4, 13–15)  13:5 (5–7, 16–17)  14:5 (8–10, 18–19)  15:2 (11–12)
//	topic      post 9 (1,2,5,8,11,13,15,18,20)  residence 6 (4,7,9,12,17,19)
//	           job 5 (3,6,10,14,16)  money 1 (5)  — 21 mentions, fact 5 has two topics
//	language   ar 9  da 5  so 4  ti 1  uk 1
//	outcome    resolved 10  referred 6  unrecorded 1 (12)  no_show 2 (6,18)  left 1 (10)
//	urgent     yes 4 (1,4,9,15)  no 16
//	returning  yes 5 (3,7,11,16,19)  no 15 → share 25 %
//
// Waited, all 20 known, sorted:
//
//	0 0 0 5 5 5 10 10 10 15 | 15 15 20 20 25 30 35 40 45 60
//
// median = the ceil(20/2) = 10th value = 15; p90 = the ceil(18) = 18th value = 40.
//
// Handled, known for the 16 visits finished with an outcome (not 6, 10, 12, 18):
//
//	5 10 10 15 15 15 20 20 | 20 25 25 30 30 35 40 45
//
// median = the 8th value = 20; p90 = the ceil(14.4) = 15th value = 40.
//
// Suppressed at k = 5 ("<5" cells are counts 1–4; "x" cells are hidden complements):
//
//	visits     20 shown.
//	weekday    saturday 1 → "<5". Alone beside the total it would be 20−12−7 = 1, so
//	           the smallest visible non-zero cell, thursday 7, becomes "x". Now the
//	           reader knows saturday + thursday = 8 and thursday ≥ 5, so saturday is
//	           1–3, and thursday ≤ monday (12) says nothing more: not pinned. monday
//	           12 and the zeros stay.
//	hour       10:1 and 15:2 → "<5". Their sum 3 and each ≥ 1 leaves each 1–2: not
//	           pinned, no complement. 12:7, 13:5, 14:5 shown.
//	topic      money 1 → "<5", pinned by the total. Next smallest: job 5 → "x". Now
//	           money + job = 6, job ≥ 5 gives money ≤ 1: still pinned. Next smallest:
//	           residence 6 → "x". Now money + job + residence = 12 with job and
//	           residence each 5–9 (at most post's 9): money is 1–2, not pinned. post 9
//	           shown.
//	language   so 4, ti 1, uk 1 → "<5"; sum 6, each 1–4 possible (e.g. 4+1+1 or
//	           2+2+2): not pinned. ar 9 and da 5 shown.
//	outcome    unrecorded 1, no_show 2, left 1 → "<5"; sum 4, each 1–2: not pinned.
//	           resolved 10, referred 6 shown. So no-shows and walk-aways are "<5".
//	urgent     yes 4 → "<5", pinned as 20 − no; no 16 → "x". Share hidden.
//	returning  yes 5, no 15 shown; share 25 %.
//	times      20 and 16 measurements ≥ 5: medians and p90 shown, counts and
//	           histograms dropped.
func TestReportByHand(t *testing.T) {
	in, outside := week47()
	week := mustWeek(t, "2026-W47")
	// Part of the week is already folded into a stored aggregate (facts 1–8, past
	// their retention), the rest are still facts; an aggregate of another week must
	// be left out.
	stored := report.Fold(week, in[:8])
	other := report.Fold(mustWeek(t, "2026-W46"), outside)
	facts := append(append([]report.Fact{}, outside...), in[8:]...)
	r := report.Build(week, []string{"site-b", "site-a", "site-b"}, report.Fold(week, facts), stored, other)

	if err := r.Check(); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if got, want := r.Sites, []string{"site-a", "site-b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sites: got %v, want %v", got, want)
	}
	raw := map[report.Dim]map[string]int{
		report.DimWeekday:   {"monday": 12, "thursday": 7, "saturday": 1},
		report.DimHour:      {"10": 1, "12": 7, "13": 5, "14": 5, "15": 2},
		report.DimTopic:     {"post": 9, "residence": 6, "job": 5, "money": 1},
		report.DimLanguage:  {"ar": 9, "da": 5, "so": 4, "ti": 1, "uk": 1},
		report.DimOutcome:   {"resolved": 10, "referred": 6, "unrecorded": 1, "no_show": 2, "left": 1},
		report.DimUrgent:    {"yes": 4, "no": 16},
		report.DimReturning: {"yes": 5, "no": 15},
	}
	if r.Visits.Count != 20 {
		t.Errorf("visits: got %d, want 20", r.Visits.Count)
	}
	for _, d := range report.Dims {
		for _, c := range r.Dim(d).Cells {
			if want := raw[d][c.Key]; c.Count != want || c.Hidden {
				t.Errorf("raw %s %s: got %d (hidden %v), want %d", d, c.Key, c.Count, c.Hidden, want)
			}
		}
	}
	if got, want := [4]int{r.Waited.Median, r.Waited.P90, r.Handled.Median, r.Handled.P90}, [4]int{15, 40, 20, 40}; got != want {
		t.Errorf("waited median, p90, handled median, p90: got %v, want %v", got, want)
	}
	if r.Waited.N != 20 || r.Handled.N != 16 {
		t.Errorf("measurements: got %d waited, %d handled, want 20, 16", r.Waited.N, r.Handled.N)
	}
	if s, ok := r.UrgentShare(); !ok || s != 0.2 {
		t.Errorf("raw urgent share: got %v, %v, want 0.2, true", s, ok)
	}

	s := r.Suppressed(5)
	// "<" is a small hidden cell, "x" a hidden complement; every other cell is shown.
	hidden := map[report.Dim]map[string]string{
		report.DimWeekday:   {"saturday": "<", "thursday": "x"},
		report.DimHour:      {"10": "<", "15": "<"},
		report.DimTopic:     {"money": "<", "job": "x", "residence": "x"},
		report.DimLanguage:  {"so": "<", "ti": "<", "uk": "<"},
		report.DimOutcome:   {"unrecorded": "<", "no_show": "<", "left": "<"},
		report.DimUrgent:    {"yes": "<", "no": "x"},
		report.DimReturning: {},
	}
	if s.K != 5 || s.Visits.Count != 20 || s.Visits.Hidden {
		t.Errorf("suppressed k, visits: got %d, %+v, want 5, 20 shown", s.K, s.Visits)
	}
	for _, d := range report.Dims {
		for _, c := range s.Dim(d).Cells {
			var got string
			switch {
			case c.Hidden && c.Small:
				got = "<"
			case c.Hidden:
				got = "x"
			}
			if want := hidden[d][c.Key]; got != want {
				t.Errorf("suppressed %s %s: got %q, want %q", d, c.Key, got, want)
			}
			if c.Hidden && c.Count != 0 {
				t.Errorf("suppressed %s %s: got count %d kept, want 0", d, c.Key, c.Count)
			}
			if !c.Hidden && c.Count != raw[d][c.Key] {
				t.Errorf("suppressed %s %s: got %d, want %d", d, c.Key, c.Count, raw[d][c.Key])
			}
		}
	}
	if _, ok := s.UrgentShare(); ok {
		t.Errorf("suppressed urgent share: got shown, want hidden")
	}
	if got, ok := s.ReturningShare(); !ok || got != 0.25 {
		t.Errorf("suppressed returning share: got %v, %v, want 0.25, true", got, ok)
	}
	if !s.NoShows().Hidden || !s.WalkAways().Hidden || s.NeverCalled().Hidden {
		t.Errorf("no-shows, walk-aways, never called: got %+v %+v %+v, want <5, <5, 0", s.NoShows(), s.WalkAways(), s.NeverCalled())
	}
	wantTimes := []report.Minutes{{Median: 15, P90: 40}, {Median: 20, P90: 40}}
	if got := []report.Minutes{s.Waited, s.Handled}; !reflect.DeepEqual(got, wantTimes) {
		t.Errorf("suppressed times: got %+v, want %+v", got, wantTimes)
	}
	// The raw report is untouched by suppressing it.
	if r.Cell(report.DimTopic, "money").Count != 1 || r.Waited.Hist == nil {
		t.Errorf("raw report after Suppressed: got it changed")
	}
}

// TestSuppressed checks the suppression rule on one dimension at a time. The visit
// total is the sum of the cells.
func TestSuppressed(t *testing.T) {
	tests := []struct {
		name  string
		k     int
		cells []int
		want  string // per cell: a count, "<" or "x"
	}{
		{"NothingSmall", 5, []int{5, 9, 0, 12}, "5 9 0 12"},
		{"ZerosStay", 5, []int{0, 0, 20, 0}, "0 0 20 0"},
		{"OneSmallTakesNextSmallest", 5, []int{30, 3, 12, 0, 9}, "30 < 12 0 x"},
		{"TieTakesFirst", 5, []int{3, 12, 12}, "< x 12"},
		// 1 + 5: with the 5 hidden the 1 is at most 6−5 = 1, so hide the 20 too.
		{"ComplementTooSmall", 5, []int{1, 5, 20}, "< x x"},
		{"TwoOnesPinned", 5, []int{1, 1, 10, 30}, "< < x 30"},
		{"TwoFoursPinned", 5, []int{4, 4, 10, 30}, "< < x 30"},
		{"ThreeAndFourFree", 5, []int{3, 4, 10, 30}, "< < 10 30"},
		{"OneAndTwoFree", 5, []int{1, 2, 10, 30}, "< < 10 30"},
		{"AllSmall", 5, []int{1, 2, 0}, "< < 0"},
		{"OnlyOneCellSmall", 5, []int{0, 3, 0}, "0 < 0"},
		{"KTwoNeedsNoComplement", 2, []int{1, 7, 9}, "< 7 9"},
		{"KOneHidesNothing", 1, []int{1, 2}, "1 2"},
		{"KTen", 10, []int{9, 10, 25}, "< x 25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report.Report{Week: mustWeek(t, "2026-W47"), Dims: []report.Dimension{{Name: "test"}}}
			for i, n := range tt.cells {
				r.Dims[0].Cells = append(r.Dims[0].Cells, report.Cell{Key: string(rune('a' + i)), Count: n})
				r.Visits.Count += n
			}
			s := r.Suppressed(tt.k)
			var got []string
			for _, c := range s.Dims[0].Cells {
				switch {
				case c.Hidden && c.Small:
					got = append(got, "<")
				case c.Hidden:
					got = append(got, "x")
				default:
					got = append(got, strconv.Itoa(c.Count))
				}
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("cells %v at k=%d: got %s, want %s", tt.cells, tt.k, strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestSuppressedSmallWeek(t *testing.T) {
	in, _ := week47()
	week := mustWeek(t, "2026-W47")
	s := report.Build(week, []string{"a"}, report.Fold(week, in[:3])).Suppressed(5)
	if !s.Visits.Hidden || !s.Visits.Small || s.Visits.Count != 0 {
		t.Errorf("visits of a 3-visit week: got %+v, want hidden as <5", s.Visits)
	}
	if !s.Waited.Hidden || !s.Handled.Hidden || s.Waited.Median != 0 {
		t.Errorf("times of a 3-visit week: got %+v %+v, want hidden", s.Waited, s.Handled)
	}
	if _, ok := s.ReturningShare(); ok {
		t.Errorf("returning share of a 3-visit week: got shown, want hidden")
	}
	again := s.Suppressed(5)
	if !reflect.DeepEqual(again, s) {
		t.Errorf("suppressing twice at the same k: got %+v, want %+v", again, s)
	}
	stricter := s.Suppressed(10)
	for _, c := range stricter.Dim(report.DimHour).Cells {
		if c.Count != 0 {
			t.Errorf("suppressing again at k=10: got %s shown as %d, want every non-zero hidden", c.Key, c.Count)
		}
	}
}

// TestMergeEqualsBuildOverAllFacts checks that two sites' raw reports merge into the
// report over both sites' facts, medians and percentiles included, and that the
// merged report survives a JSON round trip.
func TestMergeEqualsBuildOverAllFacts(t *testing.T) {
	in, outside := week47()
	week := mustWeek(t, "2026-W47")
	a := report.Build(week, []string{"nord"}, report.Fold(week, in[:12]))
	b := report.Build(week, []string{"syd"}, report.Fold(week, append(in[12:], outside...)))
	want := report.Build(week, []string{"syd", "nord"}, report.Fold(week, append(in, outside...)))

	got, err := report.Merge(a, b)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge(nord, syd):\ngot  %+v\nwant %+v", got, want)
	}
	// The medians of the parts do not give the merged median; the histograms do.
	if a.Waited.Median == want.Waited.Median && b.Waited.Median == want.Waited.Median {
		t.Fatalf("test data: want the sites' medians to differ from the merged one")
	}
	if got.Waited.Median != 15 || got.Handled.P90 != 40 {
		t.Errorf("merged median wait, p90 handled: got %d, %d, want 15, 40", got.Waited.Median, got.Handled.P90)
	}

	var back report.Report
	js, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, got) {
		t.Errorf("json round trip:\ngot  %+v\nwant %+v", back, got)
	}
	if again, err := report.Merge(back); err != nil || !reflect.DeepEqual(again, got) {
		t.Errorf("Merge of one report: got %+v, %v, want it unchanged", again, err)
	}
}

func TestMergeErrors(t *testing.T) {
	in, _ := week47()
	w47, w48 := mustWeek(t, "2026-W47"), mustWeek(t, "2026-W48")
	a := report.Build(w47, []string{"nord"}, report.Fold(w47, in))
	broken := report.Build(w47, []string{"syd"}, report.Fold(w47, in))
	broken.Dims[0].Cells[0].Count += 3 // weekdays no longer add up to the visits
	tests := []struct {
		name    string
		reports []report.Report
		want    string
	}{
		{"ErrNone", nil, "no reports"},
		{"ErrOtherWeek", []report.Report{a, report.Build(w48, []string{"syd"})}, "week 2026-W48"},
		{"ErrSameSiteTwice", []report.Report{a, a}, `site "nord"`},
		{"ErrSuppressed", []report.Report{a, report.Build(w47, []string{"syd"}).Suppressed(5)}, "suppressed"},
		{"ErrInconsistent", []report.Report{a, broken}, "adds up to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := report.Merge(tt.reports...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Merge: got %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestFoldWeeks(t *testing.T) {
	in, outside := week47()
	facts := append(append([]report.Fact{}, in...), outside...)
	facts = append(facts, f("2027-01-02", 11, "ar", "post", __, __, "resolved", 5, 5)) // Saturday of 2026-W53
	aggs, err := report.FoldWeeks(facts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var n int
	for _, a := range aggs {
		got = append(got, a.Week.String())
		n += a.Visits
	}
	if want := "2026-W46 2026-W47 2026-W48 2026-W53"; strings.Join(got, " ") != want {
		t.Errorf("weeks: got %s, want %s", strings.Join(got, " "), want)
	}
	if n != len(facts) {
		t.Errorf("visits folded: got %d, want %d", n, len(facts))
	}
	if got := report.Build(aggs[1].Week, nil, aggs...); got.Visits.Count != 20 {
		t.Errorf("report of W47 from folded weeks: got %d visits, want 20", got.Visits.Count)
	}
	if _, err := report.FoldWeeks([]report.Fact{{Date: "16-11-2026"}}); err == nil {
		t.Errorf("FoldWeeks with a bad date: got no error, want one")
	}
	var a report.WeekAggregate
	if err := a.Merge(aggs[0]); err == nil {
		t.Errorf("Merge of another week's aggregate: got no error, want one")
	}
}

func weekday(date string) time.Weekday {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return d.Weekday()
}
