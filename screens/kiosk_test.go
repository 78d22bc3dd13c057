package screens

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"skranke/app"
)

func demoSite() app.Site {
	s := app.DefaultSite()
	s.TimeZone = "Europe/Copenhagen"
	return s
}

// A resident goes Welcome → language → topic → skip the question → ticket in four taps,
// sees the number that was committed, and the QR code on screen is the visit's handoff
// code (code_test.go reads it back).
func TestCheckInInFourTaps(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	ctx := context.Background()
	// Two visitors are ahead.
	for range 2 {
		if _, err := r.queue.CheckIn(ctx, app.CheckIn{Lang: "da", Topics: []app.TopicID{"call"}}); err != nil {
			t.Fatal(err)
		}
	}
	r.wantScreen(ScreenWelcome)
	r.capture("welcome")
	r.tap("lang:en")
	r.wantScreen(ScreenTopics)
	r.tap("topic:post")
	r.capture("topics")
	r.tap("nav:next")
	r.wantScreen(ScreenQuestions)
	r.capture("questions")
	r.tap("nav:ticket")
	r.wantScreen(ScreenTicket)
	if r.taps > 4 {
		t.Errorf("took %d taps, want at most 4", r.taps)
	}
	if got := r.k.ticket.number.Text; got != "3" {
		t.Errorf("ticket shows %q, want 3", got)
	}
	img := r.capture("ticket")
	if got, want := decodeQR(t, img, r.k.ticket.qr), r.k.ticket.code.Text; got != want || !strings.HasPrefix(got, "SK:") {
		t.Errorf("QR says %q, want %q", got, want)
	}

	// The ticket on screen is the visit on disk.
	vs, err := r.store.Visits(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	v := vs[len(vs)-1]
	if v.Ticket != 3 || v.Lang != "en" || !slices.Equal(v.Topics, []app.TopicID{"post"}) || len(v.Answers) != 0 || v.State != app.StateWaiting {
		t.Errorf("stored %+v, want ticket 3, en, [post], no answers, waiting", v)
	}
}

// Answers are stored, a yes to a deadline makes the visit urgent, and a topic without
// questions goes straight to the ticket.
func TestAnswersAndUrgency(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	r.tap("lang:da")
	r.tap("topic:residence")
	r.tap("topic:call")
	r.tap("nav:next")
	r.wantScreen(ScreenQuestions)
	r.tap("answer:residence_expiry:no")
	r.tap("answer:residence_expiry:yes") // changes the answer
	r.tap("nav:ticket")
	r.wantScreen(ScreenTicket)
	vs, _ := r.store.Visits(context.Background(), "2026-11-23")
	if len(vs) != 1 || !vs[0].Urgent || vs[0].Answers["residence_expiry"] != app.Yes || vs[0].Skill != app.SkillResidency {
		t.Fatalf("stored %+v, want one urgent residency visit with a yes", vs)
	}

	r.tap("nav:done")
	r.wantScreen(ScreenWelcome)
	r.tap("lang:en")
	r.tap("topic:call")
	r.tap("nav:next") // a call asks nothing
	r.wantScreen(ScreenTicket)
}

// Next without a topic asks for one instead of moving on; Back is always possible
// before the ticket and keeps what was chosen.
func TestNeedTopicAndBack(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	r.tap("lang:en")
	r.tap("nav:next")
	r.wantScreen(ScreenTopics)
	if len(r.k.topicsScr.hint.Objects) == 0 {
		t.Error("no hint after Next without a topic")
	}
	r.tap("topic:mitid")
	r.tap("nav:next")
	r.wantScreen(ScreenQuestions)
	r.tap("answer:mitid_chip:dont_know")
	r.tap("nav:back")
	r.wantScreen(ScreenTopics)
	if c := r.k.Targets()["topic:mitid"].(*choice); !c.selected {
		t.Error("mitid is no longer selected after Back")
	}
	r.tap("nav:next")
	if got := r.k.questions.answers["mitid_chip"][2].selected; !got {
		t.Error("the answer was lost on Back and Next")
	}
	r.tap("nav:back")
	r.tap("nav:back")
	r.wantScreen(ScreenWelcome)
	vs, _ := r.store.Visits(context.Background(), "2026-11-23")
	if len(vs) != 0 {
		t.Errorf("%d visits stored, want none: nobody took a ticket", len(vs))
	}
}

// After the idle time without a touch the kiosk returns to Welcome and forgets what the
// resident chose; a touch restarts the count.
func TestIdleReset(t *testing.T) {
	site := demoSite()
	r := MustKiosk(t, kioskSD, site)
	r.tap("lang:en")
	r.tap("topic:job")
	r.clock.Advance(30 * time.Second)
	r.k.Tick()
	r.tap("topic:cv") // a touch: the count starts again
	r.clock.Advance(time.Duration(site.IdleSeconds-1) * time.Second)
	r.k.Tick()
	r.wantScreen(ScreenTopics)
	r.clock.Advance(time.Second)
	r.k.Tick()
	r.wantScreen(ScreenWelcome)
	if len(r.k.topics) != 0 || r.k.lang.Code() != "da" {
		t.Errorf("after idle reset: topics %v, language %s; want none and da", r.k.topics, r.k.lang.Code())
	}
	r.tap("lang:en")
	if c := r.k.Targets()["topic:job"].(*choice); c.selected {
		t.Error("a choice of the last resident is still selected")
	}

	// The ticket gives way to Welcome after TicketSeconds.
	r.tap("topic:call")
	r.tap("nav:next")
	r.wantScreen(ScreenTicket)
	r.clock.Advance(TicketSeconds * time.Second)
	r.k.Tick()
	r.wantScreen(ScreenWelcome)
}

// The topics come in pages of at most nine choices, "something else" on each, and a
// choice on one page is kept when the resident turns to the other.
func TestTopicPages(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	r.tap("lang:en")
	seen := map[string]bool{}
	for page := range 2 {
		n := 0
		for id := range r.k.Targets() {
			if len(id) > 6 && id[:6] == "topic:" {
				n++
				seen[id] = true
			}
		}
		if n > 9 {
			t.Errorf("page %d has %d choices, want at most 9", page, n)
		}
		if _, ok := r.k.Targets()["topic:other"]; !ok {
			t.Errorf("page %d has no 'something else'", page)
		}
		if page == 0 {
			r.tap("topic:post")
		}
		r.tap("nav:more")
	}
	if len(seen) != len(app.DefaultCatalogue()) {
		t.Errorf("the pages show %d topics, want all %d", len(seen), len(app.DefaultCatalogue()))
	}
	if c := r.k.Targets()["topic:post"].(*choice); !c.selected {
		t.Error("post lost its selection over a page turn")
	}
}

// Every screen fits the kiosk's screen without scrolling, and every tappable target is
// at least 64×64 at 1920×1080 (and the main choices bigger).
func TestFitsAndTargets(t *testing.T) {
	for _, size := range []fyne.Size{kioskSD, kioskHD} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			r := MustKiosk(t, size, demoSite())
			check := func() {
				t.Helper()
				if min := r.k.Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
					t.Errorf("%s needs %v, more than the screen's %v", r.k.Screen(), min, size)
				}
				for id, o := range r.k.Targets() {
					if s := o.Size(); s.Width < 64 || s.Height < 64 {
						t.Errorf("%s: target %s is %v, want at least 64×64", r.k.Screen(), id, s)
					}
				}
			}
			check()
			r.tap("lang:en")
			for _, id := range []string{"post", "mitid", "job"} {
				r.tap("topic:" + id)
			}
			check()
			r.tap("nav:next")
			check()
			r.tap("nav:ticket")
			check()
		})
	}
}

// A failed write leaves the resident where they were with a calm message, and keeps
// their choices so a counsellor can help them try again.
func TestCheckInStorageError(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	r.tap("lang:en")
	r.tap("topic:call")
	// The store is closed under the kiosk, as when the disk goes away.
	if err := r.store.Close(); err != nil {
		t.Fatal(err)
	}
	r.closed = true
	r.tap("nav:next")
	r.wantScreen(ScreenTopics)
	if len(r.k.topicsScr.hint.Objects) == 0 {
		t.Fatal("no message after a failed check-in")
	}
	if !slices.Equal(r.k.topics, []app.TopicID{"call"}) {
		t.Errorf("choices after a failed check-in: %v, want [apps]", r.k.topics)
	}
}

// The ticket for many topics still fits: a screenshot for a person to look at.
func TestTicketManyItems(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	r.tap("lang:en")
	for _, id := range []string{"post", "mitid", "job", "residence"} {
		r.tap("topic:" + id)
	}
	r.tap("nav:next")
	r.tap("nav:ticket")
	r.wantScreen(ScreenTicket)
	r.capture("ticket-many")
	if min := r.k.Content().MinSize(); min.Height > kioskSD.Height {
		t.Errorf("ticket needs %v", min)
	}
}
