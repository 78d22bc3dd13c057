package screens

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"skranke/app"
	"skranke/assets"
	"skranke/i18n"
)

// pinPad asks for a staff PIN with big digit keys (a keyboard works too, for the staff
// window). The check runs off the UI goroutine: argon2id takes a moment on purpose.
// After a wrong PIN the keys rest for the delay the PIN service sets, with a countdown.
type pinPad struct {
	lang    i18n.Lang
	clock   app.Clock
	log     *slog.Logger
	pins    app.PINChecker
	role    app.Role
	hint    string // shown small under the pad, e.g. the demo's PIN
	onOK    func()
	onTouch func()
	onBack  func() // nil: no way back (the staff window has nowhere to go)
	bg      *sync.WaitGroup

	digits    string
	checking  bool
	waitUntil time.Time
	errText   string

	dots    *canvas.Text
	msg     *fyne.Container
	keys    map[string]*widget.Button
	targets map[string]fyne.CanvasObject
}

// pinKeys is the pad's layout, as on a phone.
var pinKeys = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "erase", "0", "ok"}

func (p *pinPad) build() fyne.CanvasObject {
	p.keys = map[string]*widget.Button{}
	p.targets = map[string]fyne.CanvasObject{}
	var cells []fyne.CanvasObject
	for _, k := range pinKeys {
		var b *widget.Button
		switch k {
		case "erase":
			b = widget.NewButton(p.lang.T("staff.pin_erase"), p.onErase)
		case "ok":
			b = widget.NewButton(p.lang.T("staff.pin_ok"), p.onSubmit)
			b.Importance = widget.HighImportance
		default:
			b = widget.NewButton(k, func() { p.press(rune(k[0])) })
		}
		p.keys[k] = b
		p.targets["pin:"+k] = b
		cells = append(cells, container.NewStack(minBox(120, 96), b))
	}
	p.dots = canvas.NewText("", colInk)
	p.dots.TextSize = sizeTitle + 12
	p.dots.Alignment = fyne.TextAlignCenter
	p.dots.TextStyle = fyne.TextStyle{Bold: true}
	dotsBox := container.NewStack(minBox(0, 64), p.dots)
	p.msg = container.NewStack()

	s := scriptFor(p.lang)
	title := container.NewHBox(layout.NewSpacer(), picto("staff", 56), s.line(p.lang.T("staff.pin_title"), sizeTitle, true, colInk), layout.NewSpacer())
	box := container.NewVBox(title, centered(s.line(p.lang.T("staff.pin_hint"), sizeBody, false, colInk)), dotsBox,
		container.NewGridWithColumns(3, cells...), p.msg)
	if p.hint != "" {
		box.Add(centered(s.line(p.hint, sizeSmall, false, colInkSoft)))
	}
	if p.onBack != nil {
		back := widget.NewButtonWithIcon(p.lang.T("staff.pin_back"), assets.Pictogram("back"), func() { p.touched(); p.onBack() })
		p.targets["pin:back"] = back
		box.Add(tall(back, 72))
	}
	p.refresh()
	pad := container.NewStack(fixedWidth(440), card(box))
	return container.NewStack(canvas.NewRectangle(colBackground), container.NewCenter(pad))
}

func (p *pinPad) touched() {
	if p.onTouch != nil {
		p.onTouch()
	}
}

// resting reports whether the keys rest after wrong PINs.
func (p *pinPad) resting() bool { return p.clock.Now().Before(p.waitUntil) }

// refresh draws the dots, the message and the keys' state.
func (p *pinPad) refresh() {
	p.dots.Text = strings.Repeat("● ", len(p.digits))
	if p.digits == "" {
		p.dots.Text = "—"
	}
	p.dots.Refresh()
	text, isErr := p.errText, p.errText != ""
	if p.checking {
		text, isErr = p.lang.T("staff.pin_checking"), false
	}
	if p.resting() {
		left := int((p.waitUntil.Sub(p.clock.Now()) + time.Second - 1) / time.Second)
		text = strings.TrimSpace(p.errText + " " + p.lang.T("staff.pin_wait", left))
	}
	p.msg.Objects = nil
	if text != "" {
		p.msg.Objects = []fyne.CanvasObject{noticeLine(p.lang, text, isErr)}
	}
	p.msg.Refresh()
	off := p.checking || p.resting()
	for k, b := range p.keys {
		switch {
		case off, k == "ok" && len(p.digits) < app.MinPINDigits, k == "erase" && p.digits == "":
			b.Disable()
		default:
			b.Enable()
		}
	}
}

// press adds a digit.
func (p *pinPad) press(d rune) {
	p.touched()
	if p.checking || p.resting() || len(p.digits) >= app.MaxPINDigits || d < '0' || d > '9' {
		return
	}
	p.digits += string(d)
	p.errText = ""
	p.refresh()
}

func (p *pinPad) onErase() {
	p.touched()
	if p.digits != "" {
		p.digits = p.digits[:len(p.digits)-1]
	}
	p.refresh()
}

// onSubmit checks the PIN off the UI goroutine.
func (p *pinPad) onSubmit() {
	p.touched()
	if p.checking || p.resting() || len(p.digits) < app.MinPINDigits {
		return
	}
	pin := p.digits
	p.digits, p.checking, p.errText = "", true, ""
	p.refresh()
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		wait, err := p.pins.Check(ctx, p.role, pin)
		onUI(func() {
			p.checking = false
			if err == nil {
				p.log.Info("staff PIN accepted", "role", p.role)
				p.refresh()
				p.onOK()
				return
			}
			p.log.Warn("staff PIN refused", "code", app.ErrorCode(err), "wait", wait)
			p.errText = staffErrorText(p.lang, err)
			if wait > 0 {
				p.waitUntil = p.clock.Now().Add(wait)
			}
			p.refresh()
		})
	}()
}

// tick counts the rest down and gives the keys back when it is over.
func (p *pinPad) tick() {
	if !p.waitUntil.IsZero() {
		if !p.resting() {
			p.waitUntil = time.Time{}
		}
		p.refresh()
	}
}

// typedRune and typedKey let staff type the PIN on a keyboard.
func (p *pinPad) typedRune(r rune) { p.press(r) }

func (p *pinPad) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		p.onSubmit()
	case fyne.KeyBackspace:
		p.onErase()
	}
}

// StaffGateConfig is what the staff window needs: the console's configuration and the
// PIN check in front of it.
type StaffGateConfig struct {
	StaffConfig
	PINs app.PINChecker
	// PINHint is shown under the pad; the demo tells its PIN there.
	PINHint string
}

// StaffGate is the staff window: a PIN pad, and after the counsellor's (or the
// coordinator's) PIN the console, until someone taps Lock.
type StaffGate struct {
	cfg   StaffGateConfig
	root  *fyne.Container
	pad   *pinPad
	staff *Staff
	bg    sync.WaitGroup
}

// NewStaffGate builds a staff window's content, locked.
func NewStaffGate(cfg StaffGateConfig) *StaffGate {
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	g := &StaffGate{cfg: cfg, root: container.NewStack()}
	g.lock()
	return g
}

// Content is the window's canvas object.
func (g *StaffGate) Content() fyne.CanvasObject { return g.root }

// Staff returns the console, or nil while the window is locked.
func (g *StaffGate) Staff() *Staff { return g.staff }

// Targets returns the PIN pad's keys while locked, the console's targets after.
func (g *StaffGate) Targets() map[string]fyne.CanvasObject {
	if g.staff != nil {
		return g.staff.Targets()
	}
	return g.pad.targets
}

// Wait blocks until a PIN check has come back.
func (g *StaffGate) Wait() { g.bg.Wait() }

// Tick is called every second on the UI goroutine.
func (g *StaffGate) Tick() {
	if g.staff != nil {
		g.staff.Tick()
		return
	}
	g.pad.tick()
}

// TypedRune and TypedKey take a keyboard's keys for the PIN pad; wire them to the
// window's canvas.
func (g *StaffGate) TypedRune(r rune) {
	if g.staff == nil {
		g.pad.typedRune(r)
	}
}

// TypedKey: see TypedRune.
func (g *StaffGate) TypedKey(ev *fyne.KeyEvent) {
	if g.staff == nil {
		g.pad.typedKey(ev)
	}
}

// Close ends the console's subscription, if it is open.
func (g *StaffGate) Close() {
	if g.staff != nil {
		g.staff.Close()
		g.staff = nil
	}
}

func (g *StaffGate) unlock() {
	cfg := g.cfg.StaffConfig
	cfg.OnLock = g.lock
	g.staff = NewStaff(cfg)
	g.root.Objects = []fyne.CanvasObject{g.staff.Content()}
	g.root.Refresh()
}

func (g *StaffGate) lock() {
	g.Close()
	g.pad = &pinPad{lang: g.cfg.Lang, clock: g.cfg.Clock, log: g.cfg.Log, pins: g.cfg.PINs, role: app.RoleCounsellor,
		hint: g.cfg.PINHint, onOK: g.unlock, bg: &g.bg}
	g.root.Objects = []fyne.CanvasObject{g.pad.build()}
	g.root.Refresh()
}
