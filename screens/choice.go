package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"skranke/assets"
)

// minTarget is the smallest side of anything a finger taps: 96 units is about 24 mm on
// a 21.5" 1920×1080 screen and 30 mm on a 15.6" 1366×768 one, well over 15 mm.
const minTarget = 96

// choice is the kiosk's one big touch target: a pictogram, a label in the resident's
// language and, under it, the same in small Danish for the counsellor. A choice that
// can be toggled shows its state by a thick border and a check mark, not by colour
// alone. It mirrors itself for right-to-left languages.
type choice struct {
	widget.BaseWidget
	id       string // stable name for tests and the layout dump: "topic:post"
	icon     fyne.Resource
	title    string
	sub      string // Danish, or "" when the resident reads Danish
	s        script
	primary  bool // filled with the primary colour: the way on
	toggle   bool
	selected bool
	vertical bool    // icon above the text instead of beside it
	iconSize float32 // the pictogram's side; 0 means the default
	textSize float32 // the title's size; 0 means sizeLarge, the sub line is smaller
	minSize  fyne.Size
	onTap    func()

	bg    *canvas.Rectangle
	check *canvas.Image
}

func newChoice(id string, icon fyne.Resource, title, sub string, s script, onTap func()) *choice {
	c := &choice{id: id, icon: icon, title: title, sub: sub, s: s, onTap: onTap, minSize: fyne.NewSize(minTarget, minTarget)}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped runs the choice's action.
func (c *choice) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// setSelected changes a toggle's state and redraws it.
func (c *choice) setSelected(on bool) {
	c.selected = on
	c.Refresh()
}

func (c *choice) MinSize() fyne.Size { return c.BaseWidget.MinSize().Max(c.minSize) }

func (c *choice) CreateRenderer() fyne.WidgetRenderer {
	c.bg = canvas.NewRectangle(colCard)
	c.bg.CornerRadius = 14
	c.check = canvas.NewImageFromResource(assets.Pictogram("done"))
	c.check.FillMode = canvas.ImageFillContain
	c.check.SetMinSize(fyne.NewSize(40, 40))

	ink := colInk
	if c.primary {
		ink = colOnPrimary
	}
	texts := container.NewVBox()
	titleSize, subSize := c.textSize, float32(sizeSmall)
	if titleSize == 0 {
		titleSize = sizeLarge
	}
	if titleSize < sizeLarge {
		subSize = sizeCorner
	}
	if c.title != "" {
		t := newPara(c.s, c.title, titleSize, true, ink, 260)
		texts.Add(t)
		if c.vertical {
			t.centered()
		}
	}
	if c.sub != "" {
		danish := scriptFor(danishLang)
		t := newPara(danish, c.sub, subSize, false, ink, 260)
		if c.s.lang.RTL() {
			t.align = fyne.TextAlignTrailing
		}
		if c.vertical {
			t.centered()
		}
		if c.primary {
			t.col = colOnPrimary
		} else {
			t.col = colInkSoft
		}
		texts.Add(t)
	}
	var body fyne.CanvasObject = container.NewVBox(layout.NewSpacer(), texts, layout.NewSpacer())
	if c.icon != nil {
		img := canvas.NewImageFromResource(c.icon)
		img.FillMode = canvas.ImageFillContain
		side := c.iconSize
		if side == 0 {
			side = 80
		}
		img.SetMinSize(fyne.NewSize(side, side))
		if c.vertical {
			body = container.NewBorder(img, nil, nil, nil, container.NewCenter(texts))
		} else {
			if c.s.lang.RTL() {
				body = container.NewBorder(nil, nil, nil, img, body)
			} else {
				body = container.NewBorder(nil, nil, img, nil, body)
			}
		}
	}
	row := body
	if c.toggle {
		// The check mark's place is kept when it is hidden, so text never jumps on a tap.
		slot := canvas.NewRectangle(color.Transparent)
		slot.SetMinSize(fyne.NewSize(40, 40))
		checkBox := container.NewVBox(container.NewStack(slot, c.check), layout.NewSpacer())
		if c.s.lang.RTL() {
			row = container.NewBorder(nil, nil, checkBox, nil, body)
		} else {
			row = container.NewBorder(nil, nil, nil, checkBox, body)
		}
	}
	content := container.NewStack(c.bg, container.NewPadded(row))
	c.refreshState()
	return widget.NewSimpleRenderer(content)
}

func (c *choice) refreshState() {
	if c.bg == nil {
		return
	}
	switch {
	case c.primary:
		c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = colPrimary, colPrimary, 2
	case c.selected:
		c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = colSelected, colPrimary, 6
	default:
		c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = colCard, colBorder, 2
	}
	c.check.Hidden = !(c.toggle && c.selected)
}

func (c *choice) Refresh() {
	c.refreshState()
	c.BaseWidget.Refresh()
}
