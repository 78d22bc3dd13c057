package store_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/report"
	"skranke/export"
	"skranke/store"
)

// MustHistory250k fills s with about 250,000 facts written straight into the facts
// bucket (not through the queue): 30 sites, each open one weekday, 32 visits a week,
// for the 261 weeks (5 years) up to and including week. Each week is one AddFacts, so
// a date's value holds the six sites open that weekday (192 facts); a week decodes
// the same 960 facts however they are split into values.
func MustHistory250k(tb testing.TB, s *store.Store, week report.ISOWeek) (sites []string, n int) {
	tb.Helper()
	const nSites, nWeeks, perWeek = 30, 261, 32
	rng := rand.New(rand.NewPCG(1, 2))
	topics := app.DefaultCatalogue().IDs()
	ends := []report.End{report.EndDone, report.EndDone, report.EndDone, report.EndDone, report.EndDone, report.EndDone, report.EndNoShow, report.EndLeft, report.EndNeverCalled}
	first := week.Monday().AddDate(0, 0, -7*(nWeeks-1))
	for w := range nWeeks {
		facts := make([]report.Fact, 0, nSites*perWeek)
		for site := range nSites {
			day := first.AddDate(0, 0, 7*w+site%5)
			for range perWeek {
				f := report.Fact{
					Date: day.Format(time.DateOnly), Weekday: day.Weekday(), Hour: 12 + rng.IntN(5),
					Lang:   app.Languages[rng.IntN(len(app.Languages))],
					Topics: []app.TopicID{topics[rng.IntN(len(topics))]},
					Urgent: rng.IntN(5) == 0, Returning: rng.IntN(4) == 0,
					End: ends[rng.IntN(len(ends))], WaitedMin: 5 * rng.IntN(13), HandledMin: report.UnknownMinutes,
				}
				if f.End == report.EndDone {
					f.Outcome, f.HandledMin = app.Outcomes[rng.IntN(len(app.Outcomes))], 5*(1+rng.IntN(12))
				}
				facts = append(facts, f)
			}
		}
		if err := s.AddFacts(context.Background(), facts); err != nil {
			tb.Fatal(err)
		}
		n += len(facts)
	}
	for i := range nSites {
		sites = append(sites, fmt.Sprintf("site-%02d", i+1))
	}
	return sites, n
}

// BenchmarkWeeklyReportFromStore250k is DESIGN.md §12's budget, "weekly export from 5
// years of facts of 30 sites (about 250,000) < 200 ms", on a real bbolt file: seek to
// the week's first date key, decode its values, fold, build, suppress (Report), and
// then write each export format to io.Discard. FullScan decodes every fact instead of
// seeking, to show what keying facts by date buys.
func BenchmarkWeeklyReportFromStore250k(b *testing.B) {
	s, _ := MustOpenStore(b)
	week := report.ISOWeek{Year: 2026, Week: 47}
	sites, n := MustHistory250k(b, s, week)
	ctx := context.Background()
	build := func(b *testing.B) report.Report {
		facts, aggs, err := s.WeekFacts(ctx, week)
		if err != nil {
			b.Fatal(err)
		}
		return report.Build(week, sites, append(aggs, report.Fold(week, facts))...)
	}
	check := func(b *testing.B, r report.Report) {
		if r.Visits.Count != 30*32 {
			b.Fatalf("visits: got %d, want %d", r.Visits.Count, 30*32)
		}
	}
	b.Run("Report", func(b *testing.B) {
		b.ReportAllocs()
		var r report.Report
		for b.Loop() {
			r = build(b)
			_ = r.Suppressed(report.DefaultK)
		}
		check(b, r)
		b.ReportMetric(float64(n), "facts")
	})
	for _, format := range export.Formats {
		b.Run("Export"+format, func(b *testing.B) {
			b.ReportAllocs()
			var r report.Report
			for b.Loop() {
				r = build(b)
				if err := export.Write(io.Discard, format, r, report.DefaultK); err != nil {
					b.Fatal(err)
				}
			}
			check(b, r)
		})
	}
	b.Run("FullScan", func(b *testing.B) {
		var r report.Report
		for b.Loop() {
			facts, err := s.Facts(ctx, "0000-00-00", "9999-99-99")
			if err != nil {
				b.Fatal(err)
			}
			r = report.Build(week, sites, report.Fold(week, facts))
		}
		check(b, r)
	})
}
