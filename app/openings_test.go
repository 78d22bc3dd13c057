package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"skranke/app"
)

// openingsSite opens here on Monday 12–17, and knows two other desks: Tingbjerg on
// Tuesday 13–17 and Thursday 9–11, Husum on Monday 9–11 and Thursday 9–11.
func openingsSite() app.Site {
	s := app.DefaultSite()
	s.Name = "Beboerhuset"
	s.OtherDesks = []app.Desk{
		{Name: "Tingbjerg", Openings: []app.Opening{{Weekday: time.Tuesday, From: "13:00", To: "17:00"}, {Weekday: time.Thursday, From: "09:00", To: "11:00"}}},
		{Name: "Husum", Openings: []app.Opening{{Weekday: time.Monday, From: "09:00", To: "11:00"}, {Weekday: time.Thursday, From: "09:00", To: "11:00"}}},
	}
	return s
}

// format writes openings as "Mon 2026-11-23 12:00-17:00 Beboerhuset*" (* = here).
func format(os []app.NextOpening) string {
	var parts []string
	for _, o := range os {
		here := ""
		if o.Here {
			here = "*"
		}
		parts = append(parts, fmt.Sprintf("%s %s %s-%s %s%s", o.From.Format("Mon"), o.From.Format(time.DateOnly),
			o.From.Format("15:04"), o.To.Format("15:04"), o.Desk, here))
	}
	return strings.Join(parts, ", ")
}

func TestNextOpenings(t *testing.T) {
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, cph) }
	// 2026-11-23 is a Monday.
	tests := []struct {
		name string
		site app.Site
		now  time.Time
		n    int
		want string
	}{
		{
			name: "MondayMorningBeforeOpening",
			site: openingsSite(), now: at(2026, 11, 23, 8, 0), n: 3,
			want: "Mon 2026-11-23 09:00-11:00 Husum, Mon 2026-11-23 12:00-17:00 Beboerhuset*, Tue 2026-11-24 13:00-17:00 Tingbjerg",
		},
		{
			name: "UnderWayCounts",
			site: openingsSite(), now: at(2026, 11, 23, 13, 30), n: 2,
			want: "Mon 2026-11-23 12:00-17:00 Beboerhuset*, Tue 2026-11-24 13:00-17:00 Tingbjerg",
		},
		{
			name: "SameDayAfterClosing",
			site: openingsSite(), now: at(2026, 11, 23, 17, 0), n: 4,
			want: "Tue 2026-11-24 13:00-17:00 Tingbjerg, Thu 2026-11-26 09:00-11:00 Husum, Thu 2026-11-26 09:00-11:00 Tingbjerg, Mon 2026-11-30 09:00-11:00 Husum",
		},
		{
			name: "WeekWrap",
			site: openingsSite(), now: at(2026, 11, 28, 10, 0), n: 3, // Saturday
			want: "Mon 2026-11-30 09:00-11:00 Husum, Mon 2026-11-30 12:00-17:00 Beboerhuset*, Tue 2026-12-01 13:00-17:00 Tingbjerg",
		},
		{
			name: "OnlyThisSiteAfterClosingIsNextWeek",
			site: app.DefaultSite(), now: at(2026, 11, 23, 18, 0), n: 3,
			want: "Mon 2026-11-30 12:00-17:00 Beboerhuset*",
		},
		{
			name: "HereFirstOnATie",
			site: func() app.Site {
				s := openingsSite()
				s.OtherDesks = append(s.OtherDesks, app.Desk{Name: "Amager", Openings: []app.Opening{{Weekday: time.Monday, From: "12:00", To: "15:00"}}})
				return s
			}(),
			now: at(2026, 11, 23, 11, 30), n: 3,
			want: "Mon 2026-11-23 12:00-17:00 Beboerhuset*, Mon 2026-11-23 12:00-15:00 Amager, Tue 2026-11-24 13:00-17:00 Tingbjerg",
		},
		{
			name: "AcrossDaylightSavingTime", // clocks go back on Sunday 2026-10-25
			site: openingsSite(), now: at(2026, 10, 24, 12, 0), n: 1,
			want: "Mon 2026-10-26 09:00-11:00 Husum",
		},
		{
			name: "NoOpenings",
			site: func() app.Site { s := app.DefaultSite(); s.Openings = nil; return s }(),
			now:  at(2026, 11, 23, 12, 0), n: 3,
			want: "",
		},
		{
			name: "ZeroWanted",
			site: openingsSite(), now: at(2026, 11, 23, 8, 0), n: 0,
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := app.NextOpenings(tt.site, tt.now, tt.n)
			if g := format(got); g != tt.want {
				t.Errorf("got %s\nwant %s", g, tt.want)
			}
			for _, o := range got {
				if o.From.Location().String() != "Europe/Copenhagen" {
					t.Errorf("%s: in %s, want the site's time zone", o.Desk, o.From.Location())
				}
			}
		})
	}
}

func TestNextOpeningOpenNow(t *testing.T) {
	o := app.NextOpenings(app.DefaultSite(), time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC), 1)[0]
	if !o.OpenNow(time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC)) {
		t.Errorf("OpenNow at 14:00 CET: got false, want true")
	}
	if o.OpenNow(o.To) {
		t.Errorf("OpenNow at closing: got true, want false")
	}
}

func TestValidateOtherDesks(t *testing.T) {
	tests := []struct {
		name string
		desk app.Desk
		ok   bool
	}{
		{name: "OK", desk: app.Desk{Name: "Tingbjerg", Openings: []app.Opening{{Weekday: time.Tuesday, From: "13:00", To: "17:00"}}}, ok: true},
		{name: "NoName", desk: app.Desk{Name: " ", Openings: []app.Opening{{Weekday: time.Tuesday, From: "13:00", To: "17:00"}}}},
		{name: "NoOpenings", desk: app.Desk{Name: "Tingbjerg"}},
		{name: "BadTime", desk: app.Desk{Name: "Tingbjerg", Openings: []app.Opening{{Weekday: time.Tuesday, From: "13", To: "17:00"}}}},
		{name: "Backwards", desk: app.Desk{Name: "Tingbjerg", Openings: []app.Opening{{Weekday: time.Tuesday, From: "17:00", To: "13:00"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := app.DefaultSite()
			s.OtherDesks = []app.Desk{tt.desk}
			err := s.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate: got %v, want ok=%v", err, tt.ok)
			}
			if err != nil && app.ErrorCode(err) != app.EConfig {
				t.Errorf("code: got %s, want %s", app.ErrorCode(err), app.EConfig)
			}
		})
	}
}
