// Package export writes a weekly report (skranke/app/report) in the forms a
// coordinator hands on (DESIGN.md §9): CSV and XLSX for Danish Excel, a PNG chart
// sheet for the board, and JSON, the format `skranke merge` combines.
//
// What is publishable and what is not. CSV, XLSX and PNG are always written from the
// suppressed report: small counts appear only as "<5", their complements as "x", and
// no minute histogram leaves the kiosk in them. They can be mailed, printed or put on
// a website.
//
// JSON is different, because it is the merge format. Suppressed counts cannot be
// added up — three sites' "<5" might be 3 or 12 — so a merge of suppressed reports
// would either be wrong or hide far more than it needs to, and the medians of several
// sites cannot be combined at all without their histograms. The JSON file therefore
// carries the raw counts and histograms under "raw" (with the threshold k), and next
// to them, under "display", exactly the suppressed values the CSV and XLSX show. It
// contains no personal data — no names, ticket numbers, case ids or codes ever reach a
// report — but a raw count of 1 in a small housing area can point to a neighbour, so
// the file is confidential: it goes from the site coordinator to the municipality's
// coordinator under their data-processing agreement, says so in its "notice", and is
// never the form that is published. What the merge produces is suppressed again
// before anyone sees it.
//
// Labels are Danish (labels.go); the package does not depend on i18n because these
// files are for Danish-speaking staff and boards whatever language the kiosk shows.
package export
