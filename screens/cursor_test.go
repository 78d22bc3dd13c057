package screens

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestHideCursor(t *testing.T) {
	test.NewTempApp(t)
	tapped := false
	button := widget.NewButton("ok", func() { tapped = true })
	w := test.NewTempWindow(t, HideCursor(button))
	w.Resize(fyne.NewSize(200, 100))

	c, ok := w.Content().(desktop.Cursorable)
	if !ok || c.Cursor() != desktop.HiddenCursor {
		t.Fatalf("got %T, want a desktop.Cursorable asking for desktop.HiddenCursor", w.Content())
	}
	// What is inside still takes touches.
	test.TapCanvas(w.Canvas(), fyne.NewPos(100, 50))
	if !tapped {
		t.Error("got no tap through the wrapper, want the button tapped")
	}
}
