package screens

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"skranke/app/report"
	"skranke/assets"
)

// Charts of the coordinator screen, drawn with Fyne's canvas: rectangles for bars and
// texts for labels, so they scale with the window and need no image library. Every
// chart is drawn from a suppressed report (report.Report.Suppressed), and a hidden
// count is never drawn at its size: a small one ("<5") is an outlined pale bar as long
// as k, labelled "<5"; a complement ("x") is only its label.

var (
	colBar     = color.NRGBA{R: 0x2a, G: 0x6f, B: 0x7e, A: 0xff} // as the PNG export's bars
	colBarPale = color.NRGBA{R: 0xe3, G: 0xe7, B: 0xea, A: 0xff}
)

// Sizes of a chart's parts, in Fyne units.
const (
	chartText    = sizeCorner
	chartRow     = 30  // a horizontal chart's row
	chartLabelW  = 170 // a horizontal chart's label column, pictogram included
	chartValueW  = 56  // room for "<5" or "123" after the longest bar
	chartColumnH = 220 // a vertical chart's plot height
	chartIcon    = 24
)

// bar is one bar of a chart.
type bar struct {
	label string
	icon  string // a pictogram name, or ""
	count int
	// text is what the bar is labelled with: the count, "<5" or "x".
	text   string
	hidden bool
	small  bool
}

// barsOf turns a suppressed dimension's cells into bars, labelled by label (which may
// also return a pictogram), leaving out the cells skip says to.
func barsOf(d report.Dimension, k int, label func(key string) (string, string), skip func(c report.Cell) bool) []bar {
	var bars []bar
	for _, c := range d.Cells {
		if skip != nil && skip(c) {
			continue
		}
		l, icon := label(c.Key)
		bars = append(bars, barOf(c, k, l, icon))
	}
	return bars
}

func barOf(c report.Cell, k int, label, icon string) bar {
	b := bar{label: label, icon: icon, count: c.Count, hidden: c.Hidden, small: c.Small, text: strconv.Itoa(c.Count)}
	switch {
	case c.Hidden && c.Small:
		b.text = "<" + strconv.Itoa(k)
	case c.Hidden:
		b.text = "x"
	}
	return b
}

// barChart is a titled bar chart: horizontal bars with labels on the left, or vertical
// columns with labels underneath.
type barChart struct {
	widget.BaseWidget
	title    string
	bars     []bar
	k        int
	vertical bool
}

func newBarChart(title string, bars []bar, k int, vertical bool) *barChart {
	c := &barChart{title: title, bars: bars, k: k, vertical: vertical}
	c.ExtendBaseWidget(c)
	return c
}

// Texts returns the texts the bars are labelled with, in order: what a reader sees.
// Tests use it to check that no hidden count is shown.
func (c *barChart) Texts() []string {
	out := make([]string, len(c.bars))
	for i, b := range c.bars {
		out[i] = b.text
	}
	return out
}

// scale is the largest length a bar needs: the largest visible count, or k for the
// pale box of a small hidden one.
func (c *barChart) scale() int {
	m := 1
	for _, b := range c.bars {
		switch {
		case !b.hidden:
			m = max(m, b.count)
		case b.small:
			m = max(m, c.k)
		}
	}
	return m
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c}
	r.title = plainText(c.title, sizeBody, true, colInk)
	r.objects = append(r.objects, r.title)
	for _, b := range c.bars {
		var p chartPart
		p.rect = canvas.NewRectangle(colBar)
		if b.hidden {
			p.rect.FillColor = colBarPale
			p.rect.StrokeColor, p.rect.StrokeWidth = colBorder, 1
		}
		p.label = plainText(b.label, chartText, false, colInk)
		p.value = plainText(b.text, chartText, true, colInk)
		if b.hidden {
			p.value.Color = colInkSoft
		}
		r.objects = append(r.objects, p.rect, p.label, p.value)
		if b.icon != "" {
			p.icon = canvas.NewImageFromResource(assets.Pictogram(b.icon))
			p.icon.FillMode = canvas.ImageFillContain
			r.objects = append(r.objects, p.icon)
		}
		r.parts = append(r.parts, p)
	}
	return r
}

func plainText(s string, size float32, bold bool, col color.Color) *canvas.Text {
	t := canvas.NewText(s, col)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: bold}
	return t
}

type chartPart struct {
	rect         *canvas.Rectangle
	label, value *canvas.Text
	icon         *canvas.Image
}

type chartRenderer struct {
	c       *barChart
	title   *canvas.Text
	parts   []chartPart
	objects []fyne.CanvasObject
}

func (r *chartRenderer) Destroy() {}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *chartRenderer) Refresh() { canvas.Refresh(r.c) }

func (r *chartRenderer) MinSize() fyne.Size {
	head := r.title.MinSize().Height + 8
	if r.c.vertical {
		h := head + chartColumnH + 2*chartRow
		for _, p := range r.parts {
			if p.icon != nil {
				h += chartIcon + 2
				break
			}
		}
		return fyne.NewSize(max(r.title.MinSize().Width, float32(len(r.parts))*44), h)
	}
	return fyne.NewSize(max(r.title.MinSize().Width, chartLabelW+120+chartValueW), head+float32(len(r.parts))*chartRow)
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.title.Move(fyne.NewPos(0, 0))
	r.title.Resize(r.title.MinSize())
	top := r.title.MinSize().Height + 8
	scale := float32(r.c.scale())
	if r.c.vertical {
		r.layoutColumns(size, top, scale)
		return
	}
	plotW := max(size.Width-chartLabelW-chartValueW, 10)
	for i, p := range r.parts {
		b := r.c.bars[i]
		y := top + float32(i)*chartRow
		x := float32(0)
		if p.icon != nil {
			p.icon.Move(fyne.NewPos(0, y+(chartRow-chartIcon)/2))
			p.icon.Resize(fyne.NewSize(chartIcon, chartIcon))
			x = chartIcon + 6
		}
		p.label.Move(fyne.NewPos(x, y+(chartRow-p.label.MinSize().Height)/2))
		p.label.Resize(fyne.NewSize(chartLabelW-x-8, p.label.MinSize().Height))
		length := float32(b.count) / scale * plotW
		if b.hidden {
			length = 0
			if b.small {
				length = float32(r.c.k) / scale * plotW
			}
		}
		p.rect.Move(fyne.NewPos(chartLabelW, y+4))
		p.rect.Resize(fyne.NewSize(length, chartRow-8))
		p.rect.Hidden = length == 0
		p.value.Move(fyne.NewPos(chartLabelW+length+6, y+(chartRow-p.value.MinSize().Height)/2))
		p.value.Resize(p.value.MinSize())
	}
}

func (r *chartRenderer) layoutColumns(size fyne.Size, top, scale float32) {
	n := float32(max(len(r.parts), 1))
	colW := size.Width / n
	base := top + chartRow + chartColumnH // the columns' baseline, under the value texts
	for i, p := range r.parts {
		b := r.c.bars[i]
		x := float32(i) * colW
		h := float32(b.count) / scale * chartColumnH
		if b.hidden {
			h = 0
			if b.small {
				h = float32(r.c.k) / scale * chartColumnH
			}
		}
		w := colW * 0.6
		p.rect.Move(fyne.NewPos(x+(colW-w)/2, base-h))
		p.rect.Resize(fyne.NewSize(w, h))
		p.rect.Hidden = h == 0
		vs := p.value.MinSize()
		p.value.Move(fyne.NewPos(x+(colW-vs.Width)/2, base-h-vs.Height-2))
		p.value.Resize(vs)
		ls := p.label.MinSize()
		y := base + 4
		if p.icon != nil {
			p.icon.Move(fyne.NewPos(x+(colW-chartIcon)/2, y))
			p.icon.Resize(fyne.NewSize(chartIcon, chartIcon))
			y += chartIcon + 2
		}
		p.label.Move(fyne.NewPos(x+(colW-ls.Width)/2, y))
		p.label.Resize(ls)
	}
}
