package main

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"

	"skranke/app"
	"skranke/i18n"
	"skranke/screens"
)

// The demo site's PINs, documented in the README. Only `skranke demo` sets them, and
// only in its own data directory.
const (
	demoCounsellorPIN  = "1234"
	demoCoordinatorPIN = "9876"
)

// openPINs builds the PIN service. The demo gets its documented PINs; a real data
// directory gets none, so the console stays shut until someone runs `skranke pin`:
// a guessable default PIN would be one nobody changes.
func (m *Main) openPINs(ctx context.Context) error {
	m.pins = app.NewPINService(m.store, m.Clock, app.DefaultPINParams)
	if m.Demo {
		for role, pin := range map[app.Role]string{app.RoleCounsellor: demoCounsellorPIN, app.RoleCoordinator: demoCoordinatorPIN} {
			set, err := m.pins.IsSet(ctx, role)
			if err != nil {
				return err
			}
			if !set {
				if err := m.pins.Set(ctx, role, pin); err != nil {
					return fmt.Errorf("demo PINs: %w", err)
				}
			}
		}
		return nil
	}
	set, err := m.pins.IsSet(ctx, app.RoleCounsellor)
	if err != nil {
		return err
	}
	if !set {
		m.Log.Warn("no counsellor PIN: the staff console stays locked until one is set with `skranke pin --role counsellor`")
	}
	return nil
}

// pinHint is the line under the PIN pad: the demo's PIN, nothing otherwise.
func (m *Main) pinHint() string {
	if !m.Demo {
		return ""
	}
	return i18n.Lookup("da").T("staff.pin_demo", demoCounsellorPIN)
}

// openExtraWindows opens the staff window and the call board window that the flags ask
// for (the demo opens both beside the kiosk). It returns what the second tick must do
// for them; closing a window ends its subscription.
func (m *Main) openExtraWindows(a fyne.App) (tick func()) {
	var ticks []func()
	if m.StaffWindow || m.Demo {
		g := screens.NewStaffGate(screens.StaffGateConfig{
			StaffConfig: screens.StaffConfig{Queue: m.queue, Site: m.site, Clock: m.Clock, Log: m.Log, Lang: i18n.Lookup("da"), Handoffs: m.handoffs},
			PINs:        m.pins,
			PINHint:     m.pinHint(),
		})
		w := a.NewWindow("Skranke – personale")
		w.SetContent(g.Content())
		w.Canvas().SetOnTypedRune(g.TypedRune)
		w.Canvas().SetOnTypedKey(g.TypedKey)
		w.Resize(fyne.NewSize(1366, 768))
		w.SetOnClosed(g.Close)
		w.Show()
		ticks = append(ticks, g.Tick)
	}
	if m.BoardWindow || m.Demo {
		b := screens.NewBoard(screens.BoardConfig{Queue: m.queue, Site: m.site, Log: m.Log, Chimer: screens.NewChimer(m.Log)})
		w := a.NewWindow("Skranke – opkald")
		w.SetContent(b.Content())
		w.Resize(fyne.NewSize(1280, 720))
		w.SetOnClosed(b.Close)
		w.Show()
	}
	return func() {
		for _, t := range ticks {
			t()
		}
	}
}
