package main

import (
	"context"
	"time"

	"skranke/app"
)

// languageOrder returns the language grid's order for this site: the languages its
// residents chose most over the retention period (from the anonymised facts) and today
// (from the queue) first. It is worked out at start; the kiosk restarts daily in
// practice, and an order that moved under a resident's finger would be worse than a
// day-old one. A failure to read history only costs the ordering.
func (m *Main) languageOrder(ctx context.Context) []string {
	start := time.Now()
	now := m.Clock.Now()
	first := m.site.Day(now.AddDate(0, 0, -m.site.RetentionDays))
	chosen := map[string]int{}
	facts, err := m.store.Facts(ctx, first, m.site.Day(now))
	if err != nil {
		m.Log.Warn("language order: reading history failed; using the site's order", "err", err)
		return m.site.Languages
	}
	for _, f := range facts {
		chosen[f.Lang]++
	}
	today, err := m.queue.Today(ctx)
	if err == nil {
		for _, v := range today {
			chosen[v.Lang]++
		}
	}
	order := app.OrderLanguages(m.site.Languages, chosen)
	m.Log.Info("language grid order", "order", order, "from", first, "facts", len(facts), "took", time.Since(start).Round(time.Millisecond))
	return order
}
