package screens

import (
	"context"
	"image"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	qrcode "github.com/skip2/go-qrcode"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/i18n"
)

// followUpConsole is a console at table 3 with handoff codes, with the visitor v
// called and arrived at the table.
func (r *staffRig) followUpConsole(v app.Visit) (*Staff, fyne.Window, *handoff.Service) {
	r.t.Helper()
	h := handoff.NewService(handoff.Config{Repo: r.store, Site: handoffSite(), Clock: r.clock, Rand: rand.NewChaCha8([32]byte{3})})
	s := NewStaff(StaffConfig{Queue: r.queue, Site: handoffSite(), Clock: r.clock, Lang: danishLang, Table: 3, Handoffs: h})
	r.t.Cleanup(s.Close)
	s.Wait()
	w := test.NewTempWindow(r.t, s.Content())
	w.Resize(kioskSD)
	r.settle(s)
	tapStaff(r.t, s, callTarget(v))
	r.settle(s)
	tapStaff(r.t, s, "staff:start")
	r.settle(s)
	return s, w, h
}

// Finish → follow-up needed → a next step: the visit is finished with that outcome, and
// the code fills the screen: its QR decodes to a code that carries the visit and the
// step, the short code is shown, and the step is written in the resident's language
// with Danish under it. Done returns to the console.
func TestFollowUp(t *testing.T) {
	r := MustStaffRig(t)
	v := r.checkIn("ar", "passport", map[app.QuestionID]app.Answer{"passport_citizen": app.Yes})
	s, w, h := r.followUpConsole(v)

	tapStaff(t, s, "staff:finish")
	tapStaff(t, s, "staff:outcome:follow_up")
	f := s.followUp
	if f == nil {
		t.Fatal("follow-up needed did not open the follow-up")
	}
	for _, step := range handoff.NextSteps {
		if _, ok := s.Targets()["followup:step:"+step.String()]; !ok {
			t.Errorf("no button for next step %s", step)
		}
	}
	shoot(t, w, "followup-steps")
	tapStaff(t, s, "followup:step:photo_needed")
	r.settle(s)

	stored, err := r.store.Visits(context.Background(), "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	if got := stored[v.ID-1]; got.State != app.StateDone || got.Outcome != app.OutcomeFollowUp {
		t.Errorf("visit after follow-up: %s %s, want done with follow_up", got.State, got.Outcome)
	}
	code := f.Code()
	if code.Text == "" {
		t.Fatal("no code")
	}
	img := shoot(t, w, "followup-code-ar")
	if got := decodeQR(t, img, f.qr); got != code.Text {
		t.Fatalf("QR on screen says %q, want %q", got, code.Text)
	}
	c, err := h.Resolve(context.Background(), code.Short.String())
	if err != nil {
		t.Fatal(err)
	}
	if c.Lang != "ar" || !slices.Equal(c.Topics, []app.TopicID{"passport"}) || c.Flags != handoff.FlagCitizen || c.Next != handoff.NextPhotoNeeded {
		t.Errorf("code carries %+v, want ar, [passport], citizen, photo needed", c)
	}
	q, _ := qrcode.New(code.Text, qrcode.Medium)
	t.Logf("follow-up QR: version %d, %d modules, %.0f units wide: %.0f units a module",
		q.VersionNumber, f.modules, f.qr.MinSize().Width, f.qr.MinSize().Width/float32(f.modules))
	all := texts(s.Content())
	for _, want := range []string{code.Short.String(), i18n.Lookup("ar").T("next.photo_needed"), danishLang.T("next.photo_needed")} {
		if !slices.Contains(all, want) {
			t.Errorf("%q is not on the follow-up screen", want)
		}
	}
	if min := s.Content().MinSize(); min.Width > kioskSD.Width || min.Height > kioskSD.Height {
		t.Errorf("the follow-up needs %v", min)
	}

	tapStaff(t, s, "followup:done")
	if s.followUp != nil {
		t.Fatal("still on the follow-up after Done")
	}
	if _, ok := s.Targets()["staff:next"]; !ok {
		t.Error("the console is not back after Done")
	}
	if !strings.Contains(s.Notice(), strconv.Itoa(v.Ticket)) {
		t.Errorf("console notice %q, want ticket %d finished", s.Notice(), v.Ticket)
	}
}

// Cancel on the step picker changes nothing: the visitor is still at the table.
func TestFollowUpCancel(t *testing.T) {
	r := MustStaffRig(t)
	v := r.checkIn("so", "cv", nil)
	s, _, _ := r.followUpConsole(v)
	tapStaff(t, s, "staff:finish")
	tapStaff(t, s, "staff:outcome:follow_up")
	tapStaff(t, s, "followup:cancel")
	if s.followUp != nil {
		t.Fatal("still on the follow-up after Cancel")
	}
	stored, _ := r.store.Visits(context.Background(), "2026-11-23")
	if got := stored[v.ID-1]; got.State != app.StateServing {
		t.Errorf("visit after cancel: %s, want still serving", got.State)
	}
}

// The code view fits the kiosk's smaller screen in every language, with the longest
// next step.
func TestFollowUpInEveryLanguage(t *testing.T) {
	for _, code := range app.Languages {
		t.Run(code, func(t *testing.T) {
			r := MustStaffRig(t)
			v := r.checkIn(code, "residence", nil)
			s, w, _ := r.followUpConsole(v)
			tapStaff(t, s, "staff:finish")
			tapStaff(t, s, "staff:outcome:follow_up")
			tapStaff(t, s, "followup:step:other_desk")
			r.settle(s) // the finish comes back through the subscription too
			if min := s.Content().MinSize(); min.Width > kioskSD.Width || min.Height > kioskSD.Height {
				t.Errorf("follow-up in %s needs %v", code, min)
			}
			if code == "ur" || code == "da" {
				shoot(t, w, "followup-code-"+code)
			}
		})
	}
}

// shoot renders w and saves it to SKRANKE_SHOTS when set, like rig.capture.
func shoot(t *testing.T, w fyne.Window, name string) image.Image {
	t.Helper()
	r := &rig{t: t, w: w}
	return r.capture(name)
}
