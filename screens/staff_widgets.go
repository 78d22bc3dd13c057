package screens

import (
	"image/color"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"skranke/app"
	"skranke/i18n"
)

// fyneColor is a colour as canvas objects take it.
type fyneColor = color.Color

// uiMu orders the work the staff screens and the board hand to fyne.Do. The real
// driver runs those functions one at a time on its main goroutine, so the lock is
// never contended there. Fyne's test driver runs each at once on the goroutine that
// calls fyne.Do; the lock gives them the same one-at-a-time order, so two screens'
// background goroutines never draw at the same moment in a test either.
var uiMu sync.Mutex

// onUI runs f on the UI goroutine.
func onUI(f func()) {
	fyne.Do(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		f()
	})
}

// seenSeq remembers the last queue change a screen has drawn, so a test can wait for
// a change to show without sleeping or polling.
type seenSeq struct {
	mu   sync.Mutex
	cond *sync.Cond
	seq  uint64
}

func (s *seenSeq) init() { s.cond = sync.NewCond(&s.mu) }

func (s *seenSeq) mark(seq uint64) {
	s.mu.Lock()
	if seq > s.seq {
		s.seq = seq
	}
	s.mu.Unlock()
	s.cond.Broadcast()
}

func (s *seenSeq) wait(seq uint64) {
	s.mu.Lock()
	for s.seq < seq {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// tableName is how a table is called on screen: its name, or its number when it has
// none (or is no longer configured).
func tableName(site app.Site, id int) string {
	if t, err := site.Table(id); err == nil && t.Name != "" {
		return t.Name
	}
	return strconv.Itoa(id)
}

// minBox is an invisible strut of the given size: put in a Stack with a widget, it
// holds the widget to at least that size (a finger-sized button).
func minBox(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

// tall holds a stock button to a touch height.
func tall(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	return container.NewStack(minBox(0, h), o)
}

// card is a white rounded panel with a thin border. It is white, not the pale card
// colour, because Fyne's buttons inside it are drawn in that pale colour.
func card(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(colBackground)
	bg.CornerRadius = 12
	bg.StrokeColor, bg.StrokeWidth = colBorder, 1
	return container.NewStack(bg, container.NewPadded(content))
}

// langLabel is a visitor's language as the staff see it: the endonym in its own script,
// large, and the Danish name small under it.
func langLabel(code string) fyne.CanvasObject {
	if !i18n.Known(code) {
		return scriptFor(danishLang).line(code, sizeBody, true, colInk)
	}
	l := i18n.Lookup(code)
	name := scriptFor(l).line(l.Endonym(), sizeBody, true, colInk)
	name.Alignment = fyne.TextAlignLeading
	if l.IsSource() {
		return container.NewVBox(layout.NewSpacer(), name, layout.NewSpacer())
	}
	da := scriptFor(danishLang).line(l.DanishName(), sizeCorner, false, colInkSoft)
	return container.NewVBox(name, da)
}

// iconText is a pictogram with a word beside it: a flag never rests on colour alone.
func iconText(l i18n.Lang, icon, text string, size float32, bold bool, col fyneColor) fyne.CanvasObject {
	t := scriptFor(l).line(text, size, bold, col)
	return container.NewHBox(container.NewCenter(picto(icon, size+8)), container.NewVBox(layout.NewSpacer(), t, layout.NewSpacer()))
}

// noticeLine is a one-line message under a staff screen: an error on the pale notice
// colour with the warning pictogram, or plain information.
func noticeLine(l i18n.Lang, text string, isErr bool) fyne.CanvasObject {
	bg := canvas.NewRectangle(colCard)
	icon := "done"
	if isErr {
		bg.FillColor = colNotice
		icon = "urgent"
	}
	bg.CornerRadius = 10
	bg.StrokeColor, bg.StrokeWidth = colBorder, 1
	return container.NewStack(bg, container.NewPadded(iconText(l, icon, text, sizeBody, isErr, colInk)))
}

// noticeText digs the text out of a noticeLine, for tests.
func noticeText(o fyne.CanvasObject) string {
	var found string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Text:
			if found == "" {
				found = x.Text
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}
