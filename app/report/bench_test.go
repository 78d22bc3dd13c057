package report_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/report"
)

// history returns about 250,000 facts: 30 sites, each open one weekday, with 32
// visits a week for 261 weeks (5 years) up to and including 2026-W47, in date order
// as the store keeps them.
func history(tb testing.TB) (facts []report.Fact, sites []string, week report.ISOWeek) {
	tb.Helper()
	week = mustWeek(tb, "2026-W47")
	const nSites, nWeeks, perWeek = 30, 261, 32
	rng := rand.New(rand.NewPCG(1, 2))
	topics := app.DefaultCatalogue().IDs()
	ends := []report.End{report.EndDone, report.EndDone, report.EndDone, report.EndDone, report.EndDone, report.EndDone, report.EndNoShow, report.EndLeft, report.EndNeverCalled}
	first := week.Monday().AddDate(0, 0, -7*(nWeeks-1))
	facts = make([]report.Fact, 0, nSites*nWeeks*perWeek)
	for w := range nWeeks {
		for s := range nSites {
			day := first.AddDate(0, 0, 7*w+s%5)
			for range perWeek {
				f := report.Fact{
					Date:      day.Format(time.DateOnly),
					Weekday:   day.Weekday(),
					Hour:      12 + rng.IntN(5),
					Lang:      app.Languages[rng.IntN(len(app.Languages))],
					Topics:    []app.TopicID{topics[rng.IntN(len(topics))]},
					Urgent:    rng.IntN(5) == 0,
					Returning: rng.IntN(4) == 0,
					End:       ends[rng.IntN(len(ends))],
					WaitedMin: 5 * rng.IntN(13),
				}
				f.HandledMin = report.UnknownMinutes
				if f.End == report.EndDone {
					f.Outcome = app.Outcomes[rng.IntN(len(app.Outcomes))]
					f.HandledMin = 5 * (1 + rng.IntN(12))
				}
				facts = append(facts, f)
			}
		}
	}
	for s := range nSites {
		sites = append(sites, fmt.Sprintf("site-%02d", s+1))
	}
	return facts, sites, week
}

// BenchmarkWeeklyReport250k is the budget of DESIGN.md §12, "weekly export from 5
// years of facts of 30 sites": select one week's facts out of 250,000 held in memory,
// fold them, build the report and suppress it. Writing a file is measured in export/.
func BenchmarkWeeklyReport250k(b *testing.B) {
	facts, sites, week := history(b)
	b.ReportAllocs()
	var r report.Report
	for b.Loop() {
		r = report.Build(week, sites, report.Fold(week, facts)).Suppressed(report.DefaultK)
	}
	if r.Visits.Count != 30*32 {
		b.Fatalf("visits: got %d, want %d", r.Visits.Count, 30*32)
	}
	b.ReportMetric(float64(len(facts)), "facts")
}

// BenchmarkWeeklyReport250kFromJSON is the same report when the facts are first
// decoded from the JSON the store keeps them in. DecodeAll decodes every fact, as a
// store that scanned the whole facts bucket would; SeekWeek finds the week by its
// date keys (as a bbolt cursor's Seek would) and decodes only that week's. The
// difference is why the store must key facts by date: decoding 250,000 values, not
// the report, is what would break the budget.
func BenchmarkWeeklyReport250kFromJSON(b *testing.B) {
	facts, sites, week := history(b)
	keys := make([]string, len(facts))
	values := make([][]byte, len(facts))
	for i, f := range facts {
		js, err := json.Marshal(f)
		if err != nil {
			b.Fatal(err)
		}
		keys[i], values[i] = f.Date, js
	}
	run := func(b *testing.B, from, to int) {
		b.ReportAllocs()
		decoded := make([]report.Fact, to-from)
		var r report.Report
		for b.Loop() {
			for i, js := range values[from:to] {
				decoded[i] = report.Fact{}
				if err := json.Unmarshal(js, &decoded[i]); err != nil {
					b.Fatal(err)
				}
			}
			r = report.Build(week, sites, report.Fold(week, decoded)).Suppressed(report.DefaultK)
		}
		if r.Visits.Count != 30*32 {
			b.Fatalf("visits: got %d, want %d", r.Visits.Count, 30*32)
		}
	}
	b.Run("DecodeAll", func(b *testing.B) { run(b, 0, len(values)) })
	b.Run("SeekWeek", func(b *testing.B) {
		first, last := week.Dates()
		from, _ := slices.BinarySearch(keys, first)
		to, _ := slices.BinarySearch(keys, last+"\x00")
		run(b, from, to)
	})
}
