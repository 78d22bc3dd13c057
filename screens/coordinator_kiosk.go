package screens

import (
	"fyne.io/fyne/v2"

	"skranke/app"
)

// The coordinator screen on the kiosk's own screen: the staff console's "Coordinator"
// button asks for the coordinator's PIN, and after it shows the coordinator screen.
// Both run under the staff screen names, so the kiosk's staff idle timeout returns
// them to the resident flow like the console, and reset closes them.

// coordinatorHook returns what the console's Coordinator button does, or nil (no
// button) when the kiosk has no coordinator service or no PIN check.
func (k *Kiosk) coordinatorHook() func() {
	if k.coordinator == nil || k.pins == nil {
		return nil
	}
	return k.openCoordinatorPIN
}

// openCoordinatorPIN shows the PIN pad for the coordinator's PIN.
func (k *Kiosk) openCoordinatorPIN() {
	k.closeStaff()
	k.log.Info("coordinator PIN pad opened on the kiosk")
	k.pad = &pinPad{lang: danishLang, clock: k.clock, log: k.log, pins: k.pins, role: app.RoleCoordinator,
		hint: k.pinHint, onOK: k.openCoordinator, onTouch: k.touched, onBack: k.reset, bg: &k.bg}
	k.show(ScreenStaffPIN, func() fyne.CanvasObject {
		k.newTargets()
		c := k.pad.build()
		for id, o := range k.pad.targets {
			k.register(id, o)
		}
		return c
	})
}

// openCoordinator shows the coordinator screen after the coordinator's PIN.
func (k *Kiosk) openCoordinator() {
	k.pad = nil
	k.coordScr = NewCoordinator(CoordinatorConfig{Service: k.coordinator, Clock: k.clock, Log: k.log, Lang: danishLang,
		OnTouch: k.touched, OnLock: k.reset, OnQuit: k.onQuit})
	k.show(ScreenStaff, func() fyne.CanvasObject {
		k.newTargets()
		return k.coordScr.Content()
	})
}

// Coordinator returns the coordinator screen on the kiosk, or nil when none is open.
func (k *Kiosk) Coordinator() *Coordinator { return k.coordScr }

// closeCoordinator ends a coordinator screen on the kiosk.
func (k *Kiosk) closeCoordinator() {
	if k.coordScr != nil {
		k.coordScr.Close()
		k.coordScr = nil
	}
}
