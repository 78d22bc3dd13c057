package screens

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	qrcode "github.com/skip2/go-qrcode"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/i18n"
)

// handoffSite is the demo site with two other desks, so tickets and follow-ups list
// where and when desks open next.
func handoffSite() app.Site {
	s := demoSite()
	s.OtherDesks = []app.Desk{
		{Name: "Tingbjerg", Openings: []app.Opening{{Weekday: time.Tuesday, From: "13:00", To: "17:00"}}},
		{Name: "Husum", Openings: []app.Opening{{Weekday: time.Thursday, From: "09:00", To: "11:00"}}},
	}
	return s
}

// MustCode issues a code at the rig's site for a visit in lang about topics.
func (r *rig) MustCode(lang string, topics []app.TopicID, flags handoff.Flags, next handoff.NextStep) handoff.Code {
	r.t.Helper()
	c, err := r.h.Issue(context.Background(), handoff.Context{Lang: lang, Topics: topics, Flags: flags, Next: next})
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

// typeOnKeys types s on the code screen's on-screen keyboard, key by key.
func (r *rig) typeOnKeys(s string) {
	r.t.Helper()
	for _, ch := range s {
		if ch == '-' {
			continue
		}
		r.tap("key:" + string(ch))
	}
}

// scan types s into the window as a USB scanner does, ending with Enter.
func (r *rig) scan(s string) {
	r.t.Helper()
	test.TypeOnCanvas(r.w.Canvas(), s)
	r.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.k.Wait()
}

// lastVisit returns the visit stored last today.
func (r *rig) lastVisit() app.Visit {
	r.t.Helper()
	vs, err := r.store.Visits(context.Background(), "2026-11-23")
	if err != nil || len(vs) == 0 {
		r.t.Fatalf("stored visits: %v, %v", vs, err)
	}
	return vs[len(vs)-1]
}

// texts returns every text drawn under o: paragraphs and single lines.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *para:
			out = append(out, x.text)
		case *canvas.Text:
			out = append(out, x.Text)
		case *choice:
			out = append(out, x.title, x.sub)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func (r *rig) shows(want string) bool { return slices.Contains(texts(r.k.Content()), want) }

// The ticket's QR is the visit's sealed handoff code: the picture on screen decodes to
// it, it opens to the visit's language and topics, and its short code is shown as
// printed. The QR stays at version 5 with whole-pixel modules of 5 units.
func TestTicketCarriesHandoffCode(t *testing.T) {
	r := MustKiosk(t, kioskSD, handoffSite())
	r.tap("lang:ar")
	r.tap("topic:mitid")
	r.tap("nav:next")
	r.tap("answer:mitid_chip:yes")
	r.tap("nav:ticket")
	r.wantScreen(ScreenTicket)
	tk := r.k.ticket
	img := r.capture("ticket-code-ar")
	got := decodeQR(t, img, tk.qr)
	if got != tk.code.Text || !strings.HasPrefix(got, handoff.Prefix) {
		t.Fatalf("QR on screen says %q, want the handoff code %q", got, tk.code.Text)
	}
	c, err := r.h.Resolve(context.Background(), got)
	if err != nil {
		t.Fatal(err)
	}
	if c.Lang != "ar" || !slices.Equal(c.Topics, []app.TopicID{"mitid"}) || c.Flags != handoff.FlagChipPassport || c.Next != handoff.NextNone {
		t.Errorf("code carries %+v, want ar, [mitid], chip passport, next none", c)
	}
	if tk.short.Text != tk.code.Short.String() || len(tk.short.Text) != 9 || tk.short.Text[4] != '-' {
		t.Errorf("short code on screen %q, want %q as two groups of four", tk.short.Text, tk.code.Short)
	}

	q, err := qrcode.New(got, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	modules := len(q.Bitmap())
	side := tk.qr.MinSize().Width
	t.Logf("ticket QR: %d characters, version %d, %d modules with quiet zone, %.0f units wide: %.1f units a module",
		len(got), q.VersionNumber, modules, side, side/float32(modules))
	if q.VersionNumber > 5 {
		t.Errorf("QR version %d, want at most 5", q.VersionNumber)
	}
	if unit := side / float32(modules); unit < 5 || unit != float32(int(unit)) {
		t.Errorf("%.2f units a module, want a whole number of at least 5", unit)
	}
	if !r.shows(i18n.Lookup("ar").T("ticket.code")) || !r.shows(openingLine(i18n.Lookup("ar"), app.NextOpenings(handoffSite(), monday, 1)[0], monday)) {
		t.Error("the ticket does not say to bring the code, or when the desk opens next")
	}
}

// "I have a code" → the short code on the on-screen keyboard → the questions the code
// does not answer, in the code's language → the ticket. The stored visit is marked
// returning, in the code's language and topics, with the answer the code carried.
func TestReturnWithShortCode(t *testing.T) {
	r := MustKiosk(t, kioskSD, handoffSite())
	code := r.MustCode("ar", []app.TopicID{"mitid", "passport"}, handoff.FlagChipPassport, handoff.NextPhotoNeeded)

	r.wantScreen(ScreenWelcome)
	r.tap("welcome:code")
	r.wantScreen(ScreenCode)
	r.capture("code-entry")
	r.typeOnKeys(code.Short.String()[:6])
	r.tap("key:erase")
	r.tap("key:" + code.Short.String()[5:6])
	r.typeOnKeys(code.Short.String()[6:])
	if got := r.k.code.display.Text; got != code.Short.String() {
		t.Errorf("display shows %q, want %q", got, code.Short)
	}
	r.capture("code-typed")
	r.tap("code:ok")
	r.wantScreen(ScreenQuestions)
	if r.k.lang.Code() != "ar" || !slices.Equal(r.k.topics, []app.TopicID{"mitid", "passport"}) {
		t.Fatalf("restored lang %s topics %v, want ar [mitid passport]", r.k.lang.Code(), r.k.topics)
	}
	if _, asked := r.k.Targets()["answer:mitid_chip:yes"]; asked {
		t.Error("the chip question is asked again; the code answered it")
	}
	if _, asked := r.k.Targets()["answer:passport_citizen:yes"]; !asked {
		t.Error("the citizen question, which the code does not answer, is not asked")
	}
	r.capture("code-questions-ar")
	r.tap("nav:ticket")
	r.wantScreen(ScreenTicket)
	v := r.lastVisit()
	if !v.Returning || v.Lang != "ar" || !slices.Equal(v.Topics, []app.TopicID{"mitid", "passport"}) || v.Answers["mitid_chip"] != app.Yes {
		t.Errorf("stored %+v; want returning, ar, [mitid passport], chip yes", v)
	}
	// The new ticket's code continues the same matter.
	if got := r.k.ticket.code.Context.CaseID; got != code.Context.CaseID {
		t.Errorf("new code's case id %s, want the returning one %s", got, code.Context.CaseID)
	}
	// The next resident starts afresh.
	r.tap("nav:done")
	r.tap("lang:en")
	r.tap("topic:call")
	r.tap("nav:next")
	if v := r.lastVisit(); v.Returning {
		t.Error("the next resident is marked returning")
	}
}

// A code whose questions are all answered goes straight to the ticket; a USB scanner
// typing the full code on Welcome does the same without a tap.
func TestReturnStraightToTicket(t *testing.T) {
	tests := []struct {
		name  string
		enter func(r *rig, c handoff.Code)
	}{
		{name: "ShortCodeTyped", enter: func(r *rig, c handoff.Code) {
			r.tap("welcome:code")
			r.typeOnKeys(c.Short.String())
			r.tap("code:ok")
		}},
		{name: "ScannedOnWelcome", enter: func(r *rig, c handoff.Code) { r.scan(c.Text) }},
		{name: "ScannedOnEntry", enter: func(r *rig, c handoff.Code) {
			r.tap("welcome:code")
			r.scan(strings.ToLower(c.Text))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := MustKiosk(t, kioskSD, handoffSite())
			code := r.MustCode("ur", []app.TopicID{"call", "housing"}, 0, handoff.NextCallAuthority)
			tt.enter(r, code)
			r.wantScreen(ScreenTicket)
			v := r.lastVisit()
			if !v.Returning || v.Lang != "ur" || !slices.Equal(v.Topics, []app.TopicID{"call", "housing"}) {
				t.Errorf("stored %+v; want returning, ur, [call housing]", v)
			}
			if r.taps > 10 {
				t.Errorf("%d taps", r.taps)
			}
		})
	}
}

// A refused code gets a calm message with the code pictogram and two ways on: in
// Danish and English when the code says nothing, in the code's own language (Danish
// under it) when it is only too old. Nothing is checked in.
func TestBadCode(t *testing.T) {
	tests := []struct {
		name     string
		input    func(r *rig) string
		wantKey  string
		wantLang string // the message's language; Danish comes with it
	}{
		{
			name: "Expired",
			input: func(r *rig) string {
				c := r.MustCode("ar", []app.TopicID{"post"}, 0, handoff.NextNone)
				r.clock.Advance(time.Duration(handoff.DefaultValidityDays+1) * 24 * time.Hour)
				return c.Short.String()
			},
			wantKey: "code.error.code_expired", wantLang: "ar",
		},
		{
			name: "Tampered",
			input: func(r *rig) string {
				c := r.MustCode("ar", []app.TopicID{"post"}, 0, handoff.NextNone)
				b := []byte(c.Text)
				i := len(b) - 5
				b[i] = map[bool]byte{true: 'B', false: 'A'}[b[i] == 'A']
				return string(b)
			},
			wantKey: "", wantLang: "en", // tampered, or malformed when the change breaks Base45
		},
		{name: "UnknownShort", input: func(*rig) string { return "7KQ2-M9XD" }, wantKey: "code.error.code_unknown", wantLang: "en"},
		{name: "Malformed", input: func(*rig) string { return "HELLO" }, wantKey: "code.error.code_malformed", wantLang: "en"},
		{
			name: "Foreign",
			input: func(r *rig) string {
				// Another municipality's key, which this site does not hold.
				kr := handoff.Keyring{Current: handoff.Key{ID: 7, Secret: [32]byte{7}}}
				c := handoff.Context{Site: "amager", Issued: monday, Expires: monday, Lang: "so", Topics: []app.TopicID{"post"}, CaseID: handoff.CaseID{1}}
				text, err := handoff.Seal(kr, c, rand.NewChaCha8([32]byte{9}))
				if err != nil {
					r.t.Fatal(err)
				}
				return text
			},
			wantKey: "code.error.code_foreign", wantLang: "en",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := MustKiosk(t, kioskSD, handoffSite())
			input := tt.input(r)
			r.tap("welcome:code")
			if handoff.IsCodeText(input) {
				r.scan(input)
			} else {
				r.typeOnKeys(input)
				r.tap("code:ok")
			}
			r.wantScreen(ScreenCode)
			key := tt.wantKey
			if key == "" {
				key = refusalKey(handoffErr(t, r, input))
			}
			main := i18n.Lookup(tt.wantLang)
			if tt.wantLang == "en" {
				main = danishLang // Danish large, English under it
			}
			for _, l := range []i18n.Lang{main, danishLang, i18n.Lookup("en")} {
				if l.Code() == "en" && tt.wantLang != "en" {
					continue
				}
				if !r.shows(l.T(key)) {
					t.Errorf("no %s message %q on screen; texts: %q", l.Code(), l.T(key), texts(r.k.Content()))
				}
			}
			if f := r.k.Content().MinSize(); f.Width > kioskSD.Width || f.Height > kioskSD.Height {
				t.Errorf("the message needs %v", f)
			}
			r.capture("code-refused-" + strings.ToLower(tt.name))
			if vs, _ := r.store.Visits(context.Background(), "2026-11-23"); len(vs) != 0 {
				t.Errorf("%d visits stored after a refused code", len(vs))
			}
			// Try again: the keyboard is back, empty.
			r.tap("code:retry")
			if _, ok := r.k.Targets()["key:A"]; !ok || r.k.code.text != "" {
				t.Errorf("after try again: keys %v, text %q", ok, r.k.code.text)
			}
			r.typeOnKeys("X")
			r.tap("nav:back")
			r.wantScreen(ScreenWelcome)
		})
	}
}

// handoffErr returns the error the rig's service gives for input.
func handoffErr(t *testing.T, r *rig, input string) error {
	t.Helper()
	_, err := r.h.Resolve(context.Background(), input)
	if err == nil {
		t.Fatalf("%q: no error", input)
	}
	return err
}

// "Choose language" after a refusal starts over on Welcome.
func TestBadCodeChooseLanguage(t *testing.T) {
	r := MustKiosk(t, kioskSD, handoffSite())
	r.tap("welcome:code")
	r.typeOnKeys("HELLO")
	r.tap("code:ok")
	r.tap("code:language")
	r.wantScreen(ScreenWelcome)
	if r.k.returning || len(r.k.topics) != 0 {
		t.Error("state left over after choose language")
	}
}

// A code in a language this site does not offer restores the topics and lets the
// resident choose a language; unattended, that waiting state is forgotten.
func TestReturnLanguageNotOffered(t *testing.T) {
	site := handoffSite()
	r := MustKiosk(t, kioskSD, site)
	code := r.MustCode("ti", []app.TopicID{"call"}, 0, handoff.NextNone)
	site.Languages = slices.DeleteFunc(slices.Clone(site.Languages), func(l string) bool { return l == "ti" })
	r.k.site = site
	r.tap("welcome:code")
	r.typeOnKeys(code.Short.String())
	r.tap("code:ok")
	r.wantScreen(ScreenWelcome)
	r.tap("lang:en")
	r.wantScreen(ScreenTopics)
	if c := r.k.Targets()["topic:call"].(*choice); !c.selected {
		t.Error("the code's topic is not chosen")
	}
	r.tap("nav:next")
	r.wantScreen(ScreenTicket)
	if v := r.lastVisit(); !v.Returning || v.Lang != "en" {
		t.Errorf("stored %+v, want returning in en", v)
	}

	r.tap("nav:done")
	r.tap("welcome:code")
	r.typeOnKeys(code.Short.String())
	r.tap("code:ok")
	r.wantScreen(ScreenWelcome)
	r.clock.Advance(time.Duration(site.IdleSeconds) * time.Second)
	r.k.Tick()
	if r.k.returning || len(r.k.topics) != 0 {
		t.Error("an unattended restored choice was not forgotten")
	}
}

// The code entry and its keys fit and are big enough at both kiosk sizes; the idle
// timeout leaves it like any other screen.
func TestCodeScreenFitsAndTimesOut(t *testing.T) {
	for _, size := range []fyne.Size{kioskSD, kioskHD} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			r := MustKiosk(t, size, handoffSite())
			if o := r.k.Targets()["welcome:code"]; o == nil || o.Size().Height < minTarget {
				t.Fatalf("welcome:code is %v", o)
			}
			r.tap("welcome:code")
			if min := r.k.Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("code screen needs %v", min)
			}
			for id, o := range r.k.Targets() {
				if s := o.Size(); s.Width < 64 || s.Height < 64 {
					t.Errorf("target %s is %v, want at least 64×64", id, s)
				}
			}
			r.clock.Advance(time.Duration(handoffSite().IdleSeconds) * time.Second)
			r.k.Tick()
			r.wantScreen(ScreenWelcome)
		})
	}
}

// An expired code's message, and the ticket with its code and openings, fit the
// smaller kiosk screen in every language.
func TestCodeScreensInEveryLanguage(t *testing.T) {
	for _, code := range app.Languages {
		t.Run(code, func(t *testing.T) {
			r := MustKiosk(t, kioskSD, handoffSite())
			fits := func(what string) {
				t.Helper()
				if min := r.k.Content().MinSize(); min.Width > kioskSD.Width || min.Height > kioskSD.Height {
					t.Errorf("%s needs %v, more than %v", what, min, kioskSD)
				}
			}
			c := r.MustCode(code, []app.TopicID{"residence", "post", "mitid", "job"}, 0, handoff.NextNone)
			r.clock.Advance(time.Duration(handoff.DefaultValidityDays+1) * 24 * time.Hour)
			r.tap("welcome:code")
			r.typeOnKeys(c.Short.String())
			r.tap("code:ok")
			fits("expired message")
			if !r.shows(i18n.Lookup(code).T("code.error.code_expired")) {
				t.Errorf("no expired message in %s", code)
			}
			r.clock.Set(monday)
			r.tap("code:retry")
			r.typeOnKeys(c.Short.String())
			r.tap("code:ok")
			r.wantScreen(ScreenQuestions)
			r.tap("nav:ticket")
			r.wantScreen(ScreenTicket)
			fits("ticket with code")
		})
	}
}

// The screenshots a person looks at: Welcome with its code button, the entry, a
// refusal and a ticket in Danish, Arabic and Urdu.
func TestScreenshotCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("screenshots")
	}
	for _, code := range []string{"da", "ar", "ur"} {
		r := MustKiosk(t, kioskSD, handoffSite())
		r.capture("welcome-code-button")
		c := r.MustCode(code, []app.TopicID{"residence", "post"}, 0, handoff.NextNone)
		r.clock.Advance(time.Duration(handoff.DefaultValidityDays+1) * 24 * time.Hour)
		r.tap("welcome:code")
		r.typeOnKeys(c.Short.String())
		r.tap("code:ok")
		r.capture("code-expired-" + code)
		r.clock.Set(monday)
		r.tap("code:retry")
		r.typeOnKeys(c.Short.String())
		r.tap("code:ok")
		r.tap("nav:ticket")
		r.capture("ticket-with-code-" + code)
	}
}
