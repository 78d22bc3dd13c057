// Package report turns anonymised visit facts into the weekly usage report that a
// coordinator hands to the board and the municipality (DESIGN.md §9).
//
// The pipeline has three steps, each a plain value so that store/ can keep the
// middle ones and export/ can render the last:
//
//	app.Visit ──FromVisit──▶ Fact ──Fold──▶ WeekAggregate ──Build──▶ Report ──Suppressed──▶ shown
//
// A Fact is written at day close and is all that survives of a visit: no ticket
// number, name, case id or handoff code ever reaches this package. Facts older than
// the retention are folded into a WeekAggregate per ISO week, which keeps every count
// a report needs, including the waiting and handling minutes as 5-minute histograms
// so that medians and 90th percentiles stay exact after folding and after merging
// several sites (Merge).
//
// A Report holds raw counts. Suppressed returns the view that may be published:
// counts from 1 to k-1 are hidden ("<5"), plus as few further cells as it takes to
// keep a hidden count from being worked out from the published total. Zeros stay
// visible; see Suppressed for why.
//
// The package imports only the standard library and skranke/app.
package report
