package report

import (
	"fmt"
	"time"
)

// ISOWeek is a week numbered as ISO 8601 does: weeks start on Monday and week 1 is the
// week with the year's first Thursday. Reports use it because Danish offices and
// municipalities plan by it ("uge 47"). Its Year is the ISO year, which differs from
// the calendar year for a few days around New Year: 1 January 2021 is in 2020-W53 and
// 29 December 2025 is in 2026-W01.
type ISOWeek struct {
	Year int
	Week int
}

// WeekOf returns the ISO week of t's calendar date in t's own location; callers pass
// a time in the site's time zone.
func WeekOf(t time.Time) ISOWeek {
	y, w := t.ISOWeek()
	return ISOWeek{Year: y, Week: w}
}

// WeekOfDate returns the ISO week of a civil date "2006-01-02", the form facts keep
// their date in.
func WeekOfDate(date string) (ISOWeek, error) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return ISOWeek{}, fmt.Errorf("week of date %q: %w", date, err)
	}
	return WeekOf(d), nil
}

// WeeksIn returns how many ISO weeks year has, 52 or 53. 28 December is always in the
// year's last week, so its week number is the count.
func WeeksIn(year int) int {
	_, w := time.Date(year, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// ParseISOWeek parses the form String writes, "2026-W47". It refuses a week 53 in a
// year that has only 52, so a typo on the command line cannot silently export the
// first week of the next year.
func ParseISOWeek(s string) (ISOWeek, error) {
	var w ISOWeek
	if len(s) != 8 || s[4] != '-' || s[5] != 'W' {
		return ISOWeek{}, fmt.Errorf("parse week %q: want the form 2026-W47", s)
	}
	for i, c := range []byte(s) {
		if i == 4 || i == 5 {
			continue
		}
		if c < '0' || c > '9' {
			return ISOWeek{}, fmt.Errorf("parse week %q: want the form 2026-W47", s)
		}
	}
	w.Year = int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	w.Week = int(s[6]-'0')*10 + int(s[7]-'0')
	if !w.Valid() {
		return ISOWeek{}, fmt.Errorf("parse week %q: %d has weeks 1 to %d", s, w.Year, WeeksIn(w.Year))
	}
	return w, nil
}

// Valid reports whether the week exists: a week from 1 to 52, or 53 in a year that has
// one.
func (w ISOWeek) Valid() bool {
	return w.Year >= 1 && w.Year <= 9999 && w.Week >= 1 && w.Week <= WeeksIn(w.Year)
}

// String returns the week as "2026-W47".
func (w ISOWeek) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// Monday returns midnight UTC of the week's Monday. The time is a civil date; its
// zone only carries it.
func (w ISOWeek) Monday() time.Time {
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, time.UTC) // always in week 1
	back := (int(jan4.Weekday()) + 6) % 7                            // days since Monday
	return jan4.AddDate(0, 0, 7*(w.Week-1)-back)
}

// Dates returns the week's Monday and Sunday as "2006-01-02". Because such dates sort
// as strings, a fact's week membership is two string comparisons, which is what keeps
// selecting a week from 250,000 facts cheap.
func (w ISOWeek) Dates() (first, last string) {
	m := w.Monday()
	return m.Format(time.DateOnly), m.AddDate(0, 0, 6).Format(time.DateOnly)
}

// Contains reports whether the civil date "2006-01-02" lies in the week.
func (w ISOWeek) Contains(date string) bool {
	first, last := w.Dates()
	return inRange(date, first, last)
}

func inRange(date, first, last string) bool {
	return len(date) == len(time.DateOnly) && date >= first && date <= last
}

// MarshalText writes the week as String does, so JSON shows "2026-W47".
func (w ISOWeek) MarshalText() ([]byte, error) {
	if !w.Valid() {
		return nil, fmt.Errorf("marshal week %d-%d: not a valid ISO week", w.Year, w.Week)
	}
	return []byte(w.String()), nil
}

// UnmarshalText reads the form String writes.
func (w *ISOWeek) UnmarshalText(b []byte) error {
	v, err := ParseISOWeek(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}
