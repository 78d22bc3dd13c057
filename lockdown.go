package main

import (
	"sync/atomic"

	"fyne.io/fyne/v2"

	"skranke/screens"
)

// lockdown is what keeps the kiosk window on the screen: a curious child must not be
// able to close it, and only staff, behind their PIN, may end it.
type lockdown struct {
	// quit is set when staff asked the kiosk to end; only then is a close obeyed.
	quit atomic.Bool
}

// lockDown makes w the kiosk: fullscreen (without a window manager there are no
// decorations; with one, GLFW asks for a fullscreen window without them), close
// requests swallowed (Alt+F4, the window manager's close, WM_DELETE_WINDOW), and the
// pointer hidden over the resident screens.
func (m *Main) lockDown(w fyne.Window) {
	w.SetContent(screens.HideCursor(w.Content()))
	w.SetFullScreen(true)
	w.SetCloseIntercept(func() {
		if m.lock.quit.Load() {
			fyne.CurrentApp().Quit()
			return
		}
		m.Log.Warn("close request ignored: the kiosk ends only from the coordinator screen")
	})
}

// RequestQuit ends the kiosk. It is the one way out of a locked-down kiosk: the
// coordinator screen's staff-only quit, behind the PIN, calls it. Under the Linux
// systemd unit the kiosk is started again (Restart=always); under Windows Shell
// Launcher the configured exit action applies. It may be called from any goroutine.
func (m *Main) RequestQuit() {
	m.Log.Info("quit requested by staff")
	m.lock.quit.Store(true)
	fyne.Do(func() { fyne.CurrentApp().Quit() })
}
