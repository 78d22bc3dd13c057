package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// HideCursor wraps the resident screens so the mouse pointer is not drawn over them.
// A touchscreen moves the pointer to every touch; a pointer left on the screen looks
// like something to click and shows where the last person touched. Fyne's desktop
// driver asks each object under the pointer for its cursor, outermost first, so a
// widget inside (a text entry, say) may still show its own.
func HideCursor(content fyne.CanvasObject) fyne.CanvasObject {
	h := &hiddenCursor{content: content}
	h.ExtendBaseWidget(h)
	return h
}

// hiddenCursor is a widget that draws its content and asks for no pointer.
type hiddenCursor struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

var _ desktop.Cursorable = (*hiddenCursor)(nil)

// Cursor tells the desktop driver to hide the pointer.
func (h *hiddenCursor) Cursor() desktop.Cursor { return desktop.HiddenCursor }

func (h *hiddenCursor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(h.content)
}
