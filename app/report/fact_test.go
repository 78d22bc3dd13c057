package report_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/report"
)

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func TestFromVisit(t *testing.T) {
	cph := mustLoad(t, "Europe/Copenhagen")
	// Monday 16 November 2026, 13:02 in Copenhagen (UTC+1).
	at := func(hhmmss string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-11-16 "+hhmmss, cph)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	closed := at("17:00:00")
	base := app.Visit{
		ID: 4711, Ticket: 4711, Day: "2026-11-16", Lang: "ar", FirstName: "Zainab",
		Topics: []app.TopicID{"post", "money"}, Urgent: true, Returning: true,
		Arrived: at("13:02:00"), Table: 2, Recalls: 1,
		Answers: map[app.QuestionID]app.Answer{"post_deadline": app.Yes},
	}
	with := func(f func(*app.Visit)) app.Visit { v := base; f(&v); return v }
	tests := []struct {
		name                  string
		v                     app.Visit
		end                   report.End
		outcome               app.Outcome
		waited, handled, hour int
		closed                time.Time // zero: 17:00 on the visit's day
	}{
		{"Done", with(func(v *app.Visit) {
			v.State, v.Called, v.Started, v.Ended, v.Outcome = app.StateDone, at("13:14:29"), at("13:15:00"), at("13:37:31"), app.OutcomeReferred
		}), report.EndDone, app.OutcomeReferred, 10, 25, 13, time.Time{}},
		{"RoundsHalfUp", with(func(v *app.Visit) {
			v.State, v.Called, v.Started, v.Ended, v.Outcome = app.StateDone, at("13:04:30"), at("13:04:30"), at("13:06:59"), app.OutcomeResolved
		}), report.EndDone, app.OutcomeResolved, 5, 0, 13, time.Time{}},
		{"NoShow", with(func(v *app.Visit) {
			v.State, v.Called, v.Ended = app.StateNoShow, at("13:40:00"), at("13:45:00")
		}), report.EndNoShow, "", 40, report.UnknownMinutes, 13, time.Time{}},
		{"LeftWhileWaiting", with(func(v *app.Visit) {
			v.State, v.Ended = app.StateLeft, at("14:00:00")
		}), report.EndLeft, "", 60, report.UnknownMinutes, 13, time.Time{}},
		{"LeftAfterCall", with(func(v *app.Visit) {
			v.State, v.Called, v.Ended = app.StateLeft, at("13:20:00"), at("13:30:00")
		}), report.EndLeft, "", 20, report.UnknownMinutes, 13, time.Time{}},
		{"WaitingAtCloseNeverCalled", with(func(v *app.Visit) {
			v.State = app.StateWaiting
		}), report.EndNeverCalled, "", 240, report.UnknownMinutes, 13, time.Time{}},
		{"CalledAtCloseLeft", with(func(v *app.Visit) {
			v.State, v.Called = app.StateCalled, at("16:50:00")
		}), report.EndLeft, "", 230, report.UnknownMinutes, 13, time.Time{}},
		{"ServingAtCloseDoneUnrecorded", with(func(v *app.Visit) {
			v.State, v.Called, v.Started = app.StateServing, at("16:30:00"), at("16:31:00")
		}), report.EndDone, "", 210, report.UnknownMinutes, 13, time.Time{}},
		{"HourInSummerTime", with(func(v *app.Visit) {
			v.Day, v.State = "2026-06-15", app.StateWaiting
			v.Arrived = time.Date(2026, 6, 15, 10, 59, 0, 0, time.UTC) // 12:59 in Copenhagen
		}), report.EndNeverCalled, "", 0, report.UnknownMinutes, 12, time.Date(2026, 6, 15, 11, 1, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			closedAt := tt.closed
			if closedAt.IsZero() {
				closedAt = closed
			}
			f := report.FromVisit(tt.v, cph, closedAt)
			if f.End != tt.end || f.Outcome != tt.outcome {
				t.Errorf("end, outcome: got %v, %q, want %v, %q", f.End, f.Outcome, tt.end, tt.outcome)
			}
			if f.WaitedMin != tt.waited || f.HandledMin != tt.handled {
				t.Errorf("waited, handled: got %d, %d, want %d, %d", f.WaitedMin, f.HandledMin, tt.waited, tt.handled)
			}
			if f.Hour != tt.hour || f.Date != tt.v.Day || f.Weekday != time.Monday {
				t.Errorf("date, hour, weekday: got %s %d %v, want %s %d Monday", f.Date, f.Hour, f.Weekday, tt.v.Day, tt.hour)
			}
			if f.Lang != "ar" || !slices.Equal(f.Topics, tt.v.Topics) || !f.Urgent || !f.Returning {
				t.Errorf("lang, topics, flags: got %+v, want them copied from the visit", f)
			}
		})
	}
	t.Run("TopicsNotShared", func(t *testing.T) {
		v := with(func(v *app.Visit) { v.State = app.StateWaiting })
		f := report.FromVisit(v, cph, closed)
		f.Topics[0] = "changed"
		if v.Topics[0] != "post" {
			t.Errorf("visit topics: got %v, want the fact to hold its own copy", v.Topics)
		}
	})
}

// TestFactCarriesNoIdentity is the privacy scan: a fact has exactly the fields of
// DESIGN.md §7 and nothing that names or numbers a resident, and a fact made from a
// visit with a name, a ticket and answers holds none of them.
func TestFactCarriesNoIdentity(t *testing.T) {
	allowed := []string{"Date", "Hour", "Weekday", "Lang", "Topics", "Urgent", "Returning", "Outcome", "End", "WaitedMin", "HandledMin"}
	forbidden := []string{"ticket", "name", "id", "case", "code", "table", "answer", "cpr", "phone", "seq"}
	typ := reflect.TypeFor[report.Fact]()
	var got []string
	for f := range typ.Fields() {
		got = append(got, f.Name)
		for _, bad := range forbidden {
			if strings.Contains(strings.ToLower(f.Name), bad) {
				t.Errorf("Fact.%s: got a field named like %q, want none", f.Name, bad)
			}
		}
	}
	if !slices.Equal(got, allowed) {
		t.Errorf("Fact fields: got %v, want %v", got, allowed)
	}

	v := app.Visit{
		ID: 987654, Ticket: 987654, Day: "2026-11-16", Lang: "so", FirstName: "Zainab",
		Topics: []app.TopicID{"residence"}, State: app.StateDone, Outcome: app.OutcomeResolved,
		Answers: map[app.QuestionID]app.Answer{"residence_expiry": app.Yes},
		Arrived: time.Date(2026, 11, 16, 12, 0, 0, 0, time.UTC), Table: 3,
	}
	b, err := json.Marshal(report.FromVisit(v, time.UTC, v.Arrived.Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"Zainab", "987654", "residence_expiry"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("fact json %s: got %q in it, want it gone", b, leak)
		}
	}
}
