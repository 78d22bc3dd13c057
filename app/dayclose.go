package app

import (
	"time"
)

// EventDayClosed is the kind of the change a QueueService publishes when a day is
// closed (see QueueService.CloseDay). It is never stored: after day close there is no
// visit left to attach it to. Subscribers treat it like any change, "look again", and
// find the day's queue empty.
const EventDayClosed EventKind = "day_closed"

// Open reports whether v still needs the desk: waiting, called or being served. A
// day is not closed automatically while any visit is open (see DueForClose).
func (v Visit) Open() bool {
	return v.State == StateWaiting || v.State == StateCalled || v.State == StateServing
}

// Date returns midnight at the start of day, a site-local date "2006-01-02", in the
// site's time zone.
func (s Site) Date(day string) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, day, s.Location())
	if err != nil {
		return time.Time{}, Errorf(EConfig, "date %q: want the form 2006-01-02", day)
	}
	return d, nil
}

// Closing returns when the desk closes on day: the end of the latest of the site's
// openings on that weekday, in the site's time zone. It reports false when the site
// does not open that day, or day is not a date.
func (s Site) Closing(day string) (time.Time, bool) {
	d, err := s.Date(day)
	if err != nil {
		return time.Time{}, false
	}
	var end time.Time
	for _, o := range s.Openings {
		if o.Weekday != d.Weekday() {
			continue
		}
		to, err := time.Parse("15:04", o.To)
		if err != nil {
			continue // Validate reports it
		}
		t := time.Date(d.Year(), d.Month(), d.Day(), to.Hour(), to.Minute(), 0, 0, d.Location())
		if t.After(end) {
			end = t
		}
	}
	return end, !end.IsZero()
}

// DueForClose reports whether day should be closed at now without anyone asking
// (DESIGN.md §7): a day before today always is, at the first check on a later day;
// today is once the desk's closing time has passed and no visit is still open, so a
// desk that runs over its hours is never emptied under the counsellors' hands. Today on
// a day without an opening, and any later day, is not. The coordinator's "close day"
// does not ask this: it closes today whatever is open.
func (s Site) DueForClose(day string, now time.Time, visits []Visit) bool {
	today := s.Day(now)
	switch {
	case day < today:
		return true
	case day > today:
		return false
	}
	closing, ok := s.Closing(day)
	if !ok || now.Before(closing) {
		return false
	}
	for _, v := range visits {
		if v.Open() {
			return false
		}
	}
	return true
}

// ClosedAt returns the moment day counts as closed at, for the waits of visits still
// waiting (report.FromVisit): now, when the day being closed is today; for a day
// closed later (at the first start on a later day), the desk's closing time or the
// day's last recorded moment, whichever is later, but never past that day's midnight.
// A resident still waiting when the kiosk was switched off at 17:30 waited until the
// desk closed, not for the week until the kiosk was switched on again.
func (s Site) ClosedAt(day string, visits []Visit, now time.Time) time.Time {
	if day >= s.Day(now) {
		return now
	}
	var at time.Time
	if closing, ok := s.Closing(day); ok {
		at = closing
	}
	for _, v := range visits {
		for _, t := range []time.Time{v.Arrived, v.Called, v.Announced, v.Started, v.Ended} {
			if t.After(at) {
				at = t
			}
		}
	}
	if d, err := s.Date(day); err == nil {
		if midnight := d.AddDate(0, 0, 1); at.IsZero() || at.After(midnight) {
			at = midnight
		}
	}
	if at.After(now) {
		at = now
	}
	return at
}
