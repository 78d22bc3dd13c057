package app

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Desk is another drop-in desk of the municipality: its name as residents know it
// ("Beboerhuset Tingbjerg") and its weekly openings in the site's time zone. Desks
// open on different weekdays, so a resident sent home to fetch a document may find
// another desk open before this one opens again.
type Desk struct {
	Name     string    `json:"name" toml:"name"`
	Openings []Opening `json:"openings" toml:"openings"`
}

// validateDesks reports the first desk without a name or with a bad opening.
func validateDesks(desks []Desk) error {
	for _, d := range desks {
		if strings.TrimSpace(d.Name) == "" {
			return Errorf(EConfig, "another desk has no name")
		}
		if len(d.Openings) == 0 {
			return Errorf(EConfig, "desk %q has no openings", d.Name)
		}
		for _, o := range d.Openings {
			if _, _, ok := o.clock(); !ok {
				return Errorf(EConfig, "desk %q: opening %s %s–%s is not a valid time range", d.Name, o.Weekday, o.From, o.To)
			}
		}
	}
	return nil
}

// clock returns the opening's start and end as minutes after midnight, and false
// when they are not "15:04" times with the start before the end.
func (o Opening) clock() (from, to int, ok bool) {
	f, err1 := time.Parse("15:04", o.From)
	t, err2 := time.Parse("15:04", o.To)
	if err1 != nil || err2 != nil || !f.Before(t) {
		return 0, 0, false
	}
	return f.Hour()*60 + f.Minute(), t.Hour()*60 + t.Minute(), true
}

// NextOpening is one coming opening of a desk.
type NextOpening struct {
	// Desk is the desk's name; for this site, the site's name.
	Desk string
	// Here is set for this site's own openings.
	Here bool
	// From and To are the opening's start and end in the site's time zone.
	From, To time.Time
}

// NextOpenings returns the next n openings of this site and its other desks, as seen
// at now, earliest first (this site first when two start together). An opening that
// has started but not ended counts: a resident who must leave can still come back the
// same day. One that has ended today comes round again next week. Each weekly opening
// appears at most once, so the list spans at most a week.
//
// It is a pure function of the configuration and the clock, so the ticket and the
// follow-up screen say the same thing and a test can pin it.
func NextOpenings(s Site, now time.Time, n int) []NextOpening {
	loc := s.Location()
	now = now.In(loc)
	y, m, d := now.Date()
	var out []NextOpening
	add := func(name string, here bool, o Opening) {
		from, to, ok := o.clock()
		if !ok {
			return
		}
		for day := 0; day <= 7; day++ {
			date := time.Date(y, m, d+day, 0, 0, 0, 0, loc)
			if date.Weekday() != o.Weekday {
				continue
			}
			start := time.Date(y, m, d+day, from/60, from%60, 0, 0, loc)
			end := time.Date(y, m, d+day, to/60, to%60, 0, 0, loc)
			if !end.After(now) {
				continue
			}
			out = append(out, NextOpening{Desk: name, Here: here, From: start, To: end})
			return
		}
	}
	for _, o := range s.Openings {
		add(s.Name, true, o)
	}
	for _, desk := range s.OtherDesks {
		for _, o := range desk.Openings {
			add(desk.Name, false, o)
		}
	}
	slices.SortStableFunc(out, func(a, b NextOpening) int {
		if c := a.From.Compare(b.From); c != 0 {
			return c
		}
		if a.Here != b.Here {
			if a.Here {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Desk, b.Desk)
	})
	if len(out) > n {
		out = out[:max(n, 0)]
	}
	return out
}

// OpenNow reports whether the opening is under way at now.
func (o NextOpening) OpenNow(now time.Time) bool { return !now.Before(o.From) && now.Before(o.To) }
