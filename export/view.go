package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"skranke/app/report"
)

// display is a suppressed report as every publishable form shows it: texts, not
// counts. CSV, XLSX and PNG render it and JSON carries it, so the four cannot
// disagree about what is hidden.
type display struct {
	Week    string   `json:"week"`
	Period  string   `json:"period"`
	Sites   []string `json:"sites"`
	K       int      `json:"k"`
	Figures []figure `json:"figures"`
	Dims    []block  `json:"dimensions"`
	Notes   []string `json:"notes"`
}

// figure is one key figure of the overview. Value is set when Text is a number, so
// XLSX can store it as one.
type figure struct {
	Key   string   `json:"key"`
	Label string   `json:"label"`
	Text  string   `json:"text"`
	Value *float64 `json:"value,omitempty"`
}

// block is one dimension.
type block struct {
	Dim   report.Dim `json:"dim"`
	Title string     `json:"title"`
	Rows  []row      `json:"rows"`
}

// row is one cell: Text is the count, "<5" or "x"; N and SharePct are left out when
// the cell is hidden.
type row struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Text     string   `json:"text"`
	N        *int     `json:"n,omitempty"`
	SharePct *float64 `json:"share_pct,omitempty"`
}

// Marks for hidden values in every publishable form.
const (
	markComplement = "x" // hidden so that a small count cannot be worked out
)

func markSmall(k int) string { return "<" + strconv.Itoa(k) }

// newDisplay renders s, which must be suppressed.
func newDisplay(s report.Report) display {
	first := s.Week.Monday()
	d := display{
		Week:   s.Week.String(),
		Period: first.Format("02.01.2006") + "–" + first.AddDate(0, 0, 6).Format("02.01.2006"),
		Sites:  make([]string, len(s.Sites)),
		K:      s.K,
	}
	for i, site := range s.Sites {
		d.Sites[i] = safe(site)
	}
	k := s.K
	cellText := func(c report.Cell) (string, *float64) {
		switch {
		case c.Hidden && c.Small:
			return markSmall(k), nil
		case c.Hidden:
			return markComplement, nil
		}
		v := float64(c.Count)
		return strconv.Itoa(c.Count), &v
	}
	num := func(key, lbl string, v int, hidden bool) figure {
		if hidden {
			return figure{Key: key, Label: lbl, Text: markComplement}
		}
		f := float64(v)
		return figure{Key: key, Label: lbl, Text: strconv.Itoa(v), Value: &f}
	}
	share := func(key, lbl string, sh float64, ok bool) figure {
		if !ok {
			return figure{Key: key, Label: lbl, Text: markComplement}
		}
		p := pct(sh)
		return figure{Key: key, Label: lbl, Text: decimal(p), Value: &p}
	}
	cell := func(key, lbl string, c report.Cell) figure {
		t, v := cellText(c)
		return figure{Key: key, Label: lbl, Text: t, Value: v}
	}
	urgent, uok := s.UrgentShare()
	returning, rok := s.ReturningShare()
	d.Figures = []figure{
		{Key: "week", Label: "Uge", Text: d.Week},
		{Key: "period", Label: "Periode", Text: d.Period},
		{Key: "sites", Label: "Steder", Text: strings.Join(d.Sites, ", ")},
		cell("visits", "Besøg i alt", s.Visits),
		share("urgent_share", "Hastende (%)", urgent, uok),
		share("returning_share", "Kom igen med kode (%)", returning, rok),
		num("waited_median", "Ventetid, median (min)", s.Waited.Median, s.Waited.Hidden),
		num("waited_p90", "Ventetid, 90 %-fraktil (min)", s.Waited.P90, s.Waited.Hidden),
		num("handled_median", "Behandlingstid, median (min)", s.Handled.Median, s.Handled.Hidden),
		num("handled_p90", "Behandlingstid, 90 %-fraktil (min)", s.Handled.P90, s.Handled.Hidden),
		cell("no_shows", label(report.DimOutcome, "no_show"), s.NoShows()),
		cell("walk_aways", label(report.DimOutcome, "left"), s.WalkAways()),
		cell("never_called", label(report.DimOutcome, "never_called"), s.NeverCalled()),
	}
	for _, name := range report.Dims {
		dim := s.Dim(name)
		b := block{Dim: name, Title: dimTitle(name)}
		cells := dim.Cells
		if name == report.DimHour {
			cells = trimHours(cells)
		}
		for _, c := range cells {
			r := row{Key: safe(c.Key), Label: safe(label(name, c.Key))}
			r.Text, _ = cellText(c)
			if !c.Hidden {
				n := c.Count
				r.N = &n
				if !s.Visits.Hidden && s.Visits.Count > 0 {
					p := pct(float64(c.Count) / float64(s.Visits.Count))
					r.SharePct = &p
				}
			}
			b.Rows = append(b.Rows, r)
		}
		d.Dims = append(d.Dims, b)
	}
	d.Notes = notes(k)
	return d
}

func notes(k int) []string {
	var n []string
	if k > 1 {
		n = append(n,
			fmt.Sprintf("%s: et tal fra 1 til %d. Små tal vises ikke, så ingen beboer kan genkendes.", markSmall(k), k-1),
			markComplement+": skjult, så et lille tal ikke kan regnes ud fra totalen.",
		)
	} else {
		n = append(n, "Ingen tal er skjult (grænsen for små tal er 1).")
	}
	return append(n,
		"Andel (%) er andel af ugens besøg. Et besøg kan handle om flere emner, så emnerne tilsammen kan give over 100 %.",
		fmt.Sprintf("Ventetid: fra ankomst til kald (eller til man gik, eller skranken lukkede). Behandlingstid: fra start til afslutning. Minutter er afrundet til 5 og vises kun ved mindst %d målinger.", max(k, 1)),
	)
}

// trimHours drops the hours before the first and after the last hour with visits:
// 24 rows of which 19 are zero would bury the five that matter, and the span of
// opening hours is no secret.
func trimHours(cells []report.Cell) []report.Cell {
	used := func(c report.Cell) bool { return c.Hidden || c.Count > 0 }
	lo, hi := 0, len(cells)
	for lo < hi && !used(cells[lo]) {
		lo++
	}
	for hi > lo && !used(cells[hi-1]) {
		hi--
	}
	return cells[lo:hi]
}

// pct returns a share as a percentage rounded to one decimal.
func pct(share float64) float64 { return math.Round(share*1000) / 10 }

// decimal writes a percentage with a Danish decimal comma: 12.5 → "12,5".
func decimal(p float64) string {
	return strings.Replace(strconv.FormatFloat(p, 'f', 1, 64), ".", ",", 1)
}

// safe keeps a text from being read as a formula by a spreadsheet (CSV injection):
// site ids and keys from a merged file are not ours to trust.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
