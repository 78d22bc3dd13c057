package app_test

import (
	"context"
	"testing"
	"time"

	"skranke/app"
)

// closeSite opens on Mondays 12–17 and Thursdays 9–11 and 13–15, in Copenhagen.
func closeSite() app.Site {
	s := app.DefaultSite()
	s.Openings = []app.Opening{
		{Weekday: time.Monday, From: "12:00", To: "17:00"},
		{Weekday: time.Thursday, From: "09:00", To: "11:00"},
		{Weekday: time.Thursday, From: "13:00", To: "15:00"},
	}
	return s
}

// cph returns a time on 23–26 November 2026 (Monday to Thursday) in Copenhagen (UTC+1).
func cph(day, hour, min int) time.Time {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	return time.Date(2026, 11, day, hour, min, 0, 0, loc)
}

func TestSiteClosing(t *testing.T) {
	s := closeSite()
	tests := []struct {
		name   string
		day    string
		want   time.Time
		wantOK bool
	}{
		{name: "Monday", day: "2026-11-23", want: cph(23, 17, 0), wantOK: true},
		{name: "TwoOpeningsTakeTheLater", day: "2026-11-26", want: cph(26, 15, 0), wantOK: true},
		{name: "ClosedWeekday", day: "2026-11-24", wantOK: false},
		{name: "NotADate", day: "23/11/2026", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Closing(tt.day)
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Errorf("Closing(%s): got %v %v, want %v %v", tt.day, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestSiteDueForClose(t *testing.T) {
	s := closeSite()
	waiting := app.Visit{State: app.StateWaiting}
	serving := app.Visit{State: app.StateServing}
	done := app.Visit{State: app.StateDone}
	left := app.Visit{State: app.StateLeft}
	tests := []struct {
		name   string
		day    string
		now    time.Time
		visits []app.Visit
		want   bool
	}{
		{name: "PastDayAlways", day: "2026-11-23", now: cph(24, 0, 1), visits: []app.Visit{waiting, serving}, want: true},
		{name: "PastClosedWeekday", day: "2026-11-24", now: cph(26, 8, 0), want: true},
		{name: "TodayBeforeClosing", day: "2026-11-23", now: cph(23, 16, 59), visits: []app.Visit{done}, want: false},
		{name: "TodayAfterClosingQuiet", day: "2026-11-23", now: cph(23, 17, 0), visits: []app.Visit{done, left}, want: true},
		{name: "TodayAfterClosingStillWaiting", day: "2026-11-23", now: cph(23, 17, 30), visits: []app.Visit{done, waiting}, want: false},
		{name: "TodayAfterClosingStillServing", day: "2026-11-23", now: cph(23, 18, 0), visits: []app.Visit{serving}, want: false},
		{name: "TodayNoOpening", day: "2026-11-24", now: cph(24, 23, 0), visits: []app.Visit{done}, want: false},
		{name: "BetweenTwoOpenings", day: "2026-11-26", now: cph(26, 12, 0), visits: []app.Visit{done}, want: false},
		{name: "Future", day: "2026-11-26", now: cph(23, 18, 0), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.DueForClose(tt.day, tt.now, tt.visits); got != tt.want {
				t.Errorf("DueForClose(%s, %v): got %v, want %v", tt.day, tt.now, got, tt.want)
			}
		})
	}
}

func TestSiteClosedAt(t *testing.T) {
	s := closeSite()
	arrived := func(tm time.Time) app.Visit { return app.Visit{State: app.StateWaiting, Arrived: tm} }
	tests := []struct {
		name   string
		day    string
		now    time.Time
		visits []app.Visit
		want   time.Time
	}{
		{name: "TodayIsNow", day: "2026-11-23", now: cph(23, 15, 10), visits: []app.Visit{arrived(cph(23, 12, 0))}, want: cph(23, 15, 10)},
		{name: "LaterDayAtClosing", day: "2026-11-23", now: cph(30, 9, 0), visits: []app.Visit{arrived(cph(23, 16, 55))}, want: cph(23, 17, 0)},
		{name: "LaterDayRanOver", day: "2026-11-23", now: cph(30, 9, 0), visits: []app.Visit{{State: app.StateDone, Arrived: cph(23, 16, 0), Ended: cph(23, 17, 40)}}, want: cph(23, 17, 40)},
		{name: "NoOpeningLastEvent", day: "2026-11-24", now: cph(30, 9, 0), visits: []app.Visit{arrived(cph(24, 10, 5))}, want: cph(24, 10, 5)},
		{name: "NeverPastMidnight", day: "2026-11-23", now: cph(30, 9, 0), visits: []app.Visit{{State: app.StateServing, Arrived: cph(23, 16, 0), Started: cph(24, 2, 0)}}, want: cph(24, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.ClosedAt(tt.day, tt.visits, tt.now); !got.Equal(tt.want) {
				t.Errorf("ClosedAt: got %v, want %v", got, tt.want)
			}
		})
	}
}

// memStore is a VisitStore in memory, enough for the queue's own tests.
type memStore struct{ days map[string][]app.Visit }

func (m *memStore) AddVisit(ctx context.Context, v app.Visit) (app.Visit, error) {
	v.ID = uint64(len(m.days[v.Day]) + 1)
	v.Ticket = int(v.ID)
	m.days[v.Day] = append(m.days[v.Day], v)
	return v, nil
}

func (m *memStore) UpdateVisit(ctx context.Context, day string, id uint64, fn func(app.Visit) (app.Visit, app.Event, error)) (app.Visit, error) {
	v, _, err := fn(m.days[day][id-1])
	if err != nil {
		return app.Visit{}, err
	}
	m.days[day][id-1] = v
	return v, nil
}

func (m *memStore) Visits(ctx context.Context, day string) ([]app.Visit, error) {
	return append([]app.Visit(nil), m.days[day]...), nil
}

func (m *memStore) Events(ctx context.Context, day string) ([]app.Event, error) { return nil, nil }

// TestQueueCloseDayForgetsToday checks the queue's side of day close: the day is
// reread after the close, so the queue is empty, and subscribers hear of it.
func TestQueueCloseDayForgetsToday(t *testing.T) {
	ctx := context.Background()
	st := &memStore{days: map[string][]app.Visit{}}
	clock := app.NewManualClock(cph(23, 12, 0))
	q := app.NewQueueService(st, closeSite(), clock)
	if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "ar", Topics: []app.TopicID{"post"}}); err != nil {
		t.Fatal(err)
	}
	changes, stop := q.Subscribe()
	defer stop()
	err := q.CloseDay(ctx, "2026-11-23", func(now time.Time) error {
		if !now.Equal(clock.Now()) {
			t.Errorf("now: got %v, want %v", now, clock.Now())
		}
		delete(st.days, "2026-11-23") // what the store's close does
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	today, err := q.Today(ctx)
	if err != nil || len(today) != 0 {
		t.Errorf("today after close: got %d visits (%v), want none", len(today), err)
	}
	if c := <-changes; c.Event.Kind != app.EventDayClosed {
		t.Errorf("change: got %s, want %s", c.Event.Kind, app.EventDayClosed)
	}
}

func TestQueueCloseDayError(t *testing.T) {
	ctx := context.Background()
	st := &memStore{days: map[string][]app.Visit{}}
	q := app.NewQueueService(st, closeSite(), app.NewManualClock(cph(23, 12, 0)))
	if _, err := q.CheckIn(ctx, app.CheckIn{Lang: "ar", Topics: []app.TopicID{"post"}}); err != nil {
		t.Fatal(err)
	}
	want := app.Errorf(app.EStorage, "disk full")
	if err := q.CloseDay(ctx, "2026-11-23", func(time.Time) error { return want }); err != want {
		t.Fatalf("got %v, want %v", err, want)
	}
	if today, _ := q.Today(ctx); len(today) != 1 {
		t.Errorf("a failed close must leave the queue as it was: got %d visits, want 1", len(today))
	}
}
