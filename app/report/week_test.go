package report_test

import (
	"encoding/json"
	"testing"
	"time"

	"skranke/app/report"
)

func TestWeekOfDate(t *testing.T) {
	tests := []struct {
		name string
		date string
		want string
	}{
		{"OrdinaryMonday", "2026-11-16", "2026-W47"},
		{"OrdinarySunday", "2026-11-22", "2026-W47"},
		{"NewYearOnThursday", "2026-01-01", "2026-W01"},
		{"DecemberInNextYearsWeek1", "2025-12-29", "2026-W01"},
		{"LastSundayOf2025", "2025-12-28", "2025-W52"},
		{"Jan1InPreviousYearsW53", "2027-01-01", "2026-W53"},
		{"Jan3InPreviousYearsW53", "2027-01-03", "2026-W53"},
		{"FirstMondayOf2027", "2027-01-04", "2027-W01"},
		{"Jan1_2021In2020W53", "2021-01-01", "2020-W53"},
		{"Jan3_2021In2020W53", "2021-01-03", "2020-W53"},
		{"Jan1_2023InW52", "2023-01-01", "2022-W52"},
		{"Dec30_2024InNextYear", "2024-12-30", "2025-W01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := report.WeekOfDate(tt.date)
			if err != nil {
				t.Fatalf("WeekOfDate(%q): %v", tt.date, err)
			}
			if got.String() != tt.want {
				t.Errorf("WeekOfDate(%q): got %v, want %v", tt.date, got, tt.want)
			}
			if first, last := got.Dates(); tt.date < first || tt.date > last {
				t.Errorf("%v.Dates(): got %s–%s, want a range holding %s", got, first, last, tt.date)
			}
		})
	}
}

func TestParseISOWeek(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		monday  string // "" when parsing must fail
		weeksIn int
	}{
		{"OK", "2026-W47", "2026-11-16", 53},
		{"W53_2026", "2026-W53", "2026-12-28", 53},
		{"W53_2020", "2020-W53", "2020-12-28", 53},
		{"W53_2015", "2015-W53", "2015-12-28", 53},
		{"W01StartsInDecember", "2026-W01", "2025-12-29", 53},
		{"W52_2025", "2025-W52", "2025-12-22", 52},
		{"ErrW53In52WeekYear", "2025-W53", "", 52},
		{"ErrW53_2021", "2021-W53", "", 52},
		{"ErrW00", "2026-W00", "", 53},
		{"ErrW54", "2026-W54", "", 53},
		{"ErrOneDigit", "2026-W7", "", 53},
		{"ErrNoDash", "2026W47", "", 53},
		{"ErrLowerW", "2026-w47", "", 53},
		{"ErrLetters", "20x6-W47", "", 53},
		{"ErrEmpty", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := report.ParseISOWeek(tt.in)
			if tt.monday == "" {
				if err == nil {
					t.Fatalf("ParseISOWeek(%q): got %v, want an error", tt.in, w)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseISOWeek(%q): %v", tt.in, err)
			}
			if got := w.Monday().Format(time.DateOnly); got != tt.monday {
				t.Errorf("%v.Monday(): got %s, want %s", w, got, tt.monday)
			}
			if got := report.WeeksIn(w.Year); got != tt.weeksIn {
				t.Errorf("WeeksIn(%d): got %d, want %d", w.Year, got, tt.weeksIn)
			}
			if w.String() != tt.in {
				t.Errorf("String(): got %s, want %s", w, tt.in)
			}
		})
	}
}

// TestWeeksRoundTrip walks every week of 14 years: each week's Monday and Sunday are
// in it, the next Monday is 7 days on, and String and ParseISOWeek agree.
func TestWeeksRoundTrip(t *testing.T) {
	for y := 2019; y <= 2032; y++ {
		for n := 1; n <= report.WeeksIn(y); n++ {
			w := report.ISOWeek{Year: y, Week: n}
			mon := w.Monday()
			if got := report.WeekOf(mon); got != w {
				t.Fatalf("WeekOf(%v.Monday()): got %v, want %v", w, got, w)
			}
			if got := report.WeekOf(mon.AddDate(0, 0, 6)); got != w {
				t.Fatalf("WeekOf(%v Sunday): got %v, want %v", w, got, w)
			}
			if mon.Weekday() != time.Monday {
				t.Fatalf("%v.Monday(): got a %v", w, mon.Weekday())
			}
			p, err := report.ParseISOWeek(w.String())
			if err != nil || p != w {
				t.Fatalf("ParseISOWeek(%q): got %v, %v, want %v", w.String(), p, err, w)
			}
		}
		next := report.ISOWeek{Year: y, Week: report.WeeksIn(y)}.Monday().AddDate(0, 0, 7)
		if got := report.WeekOf(next); got != (report.ISOWeek{Year: y + 1, Week: 1}) {
			t.Fatalf("week after the last of %d: got %v, want %d-W01", y, got, y+1)
		}
	}
}

func TestISOWeekJSON(t *testing.T) {
	w := report.ISOWeek{Year: 2020, Week: 53}
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `"2020-W53"` {
		t.Errorf("json: got %s, want %q", b, "2020-W53")
	}
	var back report.ISOWeek
	if err := json.Unmarshal(b, &back); err != nil || back != w {
		t.Errorf("round trip: got %v, %v, want %v", back, err, w)
	}
	if err := json.Unmarshal([]byte(`"2021-W53"`), &back); err == nil {
		t.Errorf("unmarshal 2021-W53: got no error, want one")
	}
	if _, err := json.Marshal(report.ISOWeek{}); err == nil {
		t.Errorf("marshal zero week: got no error, want one")
	}
}
