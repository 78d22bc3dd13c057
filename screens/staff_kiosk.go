package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"skranke/app"
	"skranke/assets"
)

// The staff screens on the kiosk, by name.
const (
	ScreenStaffPIN = "staff_pin"
	ScreenStaff    = "staff"
)

// LogoHold is how long a press on the site logo must last to open the staff PIN pad.
const LogoHold = 3 * time.Second

// siteLogo is the app icon and the site's name in a corner of Welcome. To a resident
// it is decoration; a press of LogoHold opens the staff PIN pad. The press is timed
// with the kiosk's clock, so a test holds it by moving the clock, not by sleeping.
type siteLogo struct {
	widget.BaseWidget
	name   string
	clock  app.Clock
	onHold func()

	pressed bool
	down    time.Time
}

func newSiteLogo(name string, clock app.Clock, onHold func()) *siteLogo {
	l := &siteLogo{name: name, clock: clock, onHold: onHold}
	l.ExtendBaseWidget(l)
	return l
}

func (l *siteLogo) CreateRenderer() fyne.WidgetRenderer {
	icon := canvas.NewImageFromImage(decoded(assets.Icon))
	icon.FillMode = canvas.ImageFillContain
	name := scriptFor(danishLang).line(l.name, sizeSmall, true, colInkSoft)
	return widget.NewSimpleRenderer(container.NewHBox(container.NewGridWrap(fyne.NewSize(48, 48), icon), container.NewCenter(name)))
}

// MinSize keeps the logo a comfortable target for a deliberate press.
func (l *siteLogo) MinSize() fyne.Size { return l.BaseWidget.MinSize().Max(fyne.NewSize(64, 64)) }

// MouseDown starts timing a press (a touchscreen's touch arrives as a mouse press).
func (l *siteLogo) MouseDown(*desktop.MouseEvent) {
	l.pressed, l.down = true, l.clock.Now()
}

// MouseUp ends a press; one that lasted LogoHold opens the pad.
func (l *siteLogo) MouseUp(*desktop.MouseEvent) {
	l.check()
	l.pressed = false
}

// MouseIn and MouseMoved do nothing; MouseOut cancels a press that slid off the logo.
func (l *siteLogo) MouseIn(*desktop.MouseEvent)    {}
func (l *siteLogo) MouseMoved(*desktop.MouseEvent) {}
func (l *siteLogo) MouseOut()                      { l.pressed = false }

// tick opens the pad while the finger is still down, once the hold is long enough.
func (l *siteLogo) tick() { l.check() }

func (l *siteLogo) check() {
	if l.pressed && l.clock.Now().Sub(l.down) >= LogoHold {
		l.pressed = false
		l.onHold()
	}
}

// logo returns Welcome's site logo, the hidden way in for staff.
func (k *Kiosk) logo() *siteLogo {
	return newSiteLogo(k.site.Name, k.clock, k.openStaffPIN)
}

// openStaffPIN shows the PIN pad. Without a PIN service (a kiosk built without staff
// access) the long press does nothing.
func (k *Kiosk) openStaffPIN() {
	if k.pins == nil {
		k.log.Info("logo held, but this kiosk has no staff access")
		return
	}
	k.log.Info("staff PIN pad opened on the kiosk")
	k.pad = &pinPad{lang: danishLang, clock: k.clock, log: k.log, pins: k.pins, role: app.RoleCounsellor,
		hint: k.pinHint, onOK: k.openStaff, onTouch: k.touched, onBack: k.reset, bg: &k.bg}
	k.show(ScreenStaffPIN, func() fyne.CanvasObject {
		k.newTargets()
		c := k.pad.build()
		for id, o := range k.pad.targets {
			k.register(id, o)
		}
		return c
	})
}

// openStaff shows the console on the kiosk's screen after a right PIN.
func (k *Kiosk) openStaff() {
	k.pad = nil
	k.staff = NewStaff(StaffConfig{Queue: k.queue, Site: k.site, Clock: k.clock, Log: k.log, Lang: danishLang,
		OnTouch: k.touched, OnLock: k.reset, OnCoordinator: k.coordinatorHook(), Handoffs: k.handoffs})
	k.show(ScreenStaff, func() fyne.CanvasObject {
		k.newTargets()
		return k.staff.Content()
	})
}

// Staff returns the console on the kiosk's screen, or nil when none is open.
func (k *Kiosk) Staff() *Staff { return k.staff }

// closeStaff ends a console or PIN pad on the kiosk, before the resident flow returns.
func (k *Kiosk) closeStaff() {
	k.closeCoordinator()
	if k.staff != nil {
		k.staff.Close()
		k.staff = nil
	}
	k.pad = nil
}

// staffTick returns the kiosk to the resident flow after the site's staff idle time
// without a touch, so a console is never left open to the room.
func (k *Kiosk) staffTick(now time.Time) {
	if now.Sub(k.lastTouch) >= time.Duration(k.site.StaffIdleSeconds)*time.Second {
		k.log.Info("staff idle: back to the resident flow", "screen", k.current)
		k.reset()
		return
	}
	switch {
	case k.staff != nil:
		k.staff.Tick()
	case k.pad != nil:
		k.pad.tick()
	}
}
