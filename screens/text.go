package screens

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"skranke/i18n"
)

// script knows how to draw one language's text: its font, its direction and its line
// height. Every text a resident reads is made through one, so the right font and the
// right-to-left order are never forgotten on a single screen.
type script struct {
	lang          i18n.Lang
	regular, bold fyne.Resource // nil: the theme's font
	// lead caps how far a wrapped line advances, in text sizes; 0 means as measured.
	lead float32
}

func scriptFor(l i18n.Lang) script {
	s := script{lang: l}
	s.regular, s.bold, s.lead = fontsFor(l.Code())
	return s
}

func (s script) font(bold bool) fyne.Resource {
	if bold && s.bold != nil {
		return s.bold
	}
	return s.regular
}

// visual returns one logical line in the order it must be drawn.
func (s script) visual(line string) string {
	if s.lang.RTL() {
		return visualRTL(line)
	}
	return line
}

// align returns the alignment at the start of a line in this language.
func (s script) align() fyne.TextAlign {
	if s.lang.RTL() {
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}

// measure returns the size of a logical line drawn in this script.
func (s script) measure(text string, size float32, bold bool) fyne.Size {
	sz, _ := fyne.CurrentApp().Driver().RenderedTextSize(text, size, fyne.TextStyle{Bold: bold}, s.font(bold))
	return sz
}

// line makes one line of text, never wrapped.
func (s script) line(text string, size float32, bold bool, col color.Color) *canvas.Text {
	t := canvas.NewText(s.visual(text), col)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: bold}
	t.FontSource = s.font(bold)
	t.Alignment = s.align()
	return t
}

// para is a paragraph in one script, wrapped to its width before each line is put in
// visual order, so a right-to-left paragraph keeps its first words on the first line.
type para struct {
	widget.BaseWidget
	s     script
	text  string
	size  float32
	bold  bool
	col   color.Color
	align fyne.TextAlign
	// width is the width the paragraph expects; its minimum height is measured at it.
	width float32
}

func newPara(s script, text string, size float32, bold bool, col color.Color, width float32) *para {
	p := &para{s: s, text: text, size: size, bold: bold, col: col, width: width, align: s.align()}
	p.ExtendBaseWidget(p)
	return p
}

// centered makes the paragraph centred, as titles are.
func (p *para) centered() *para { p.align = fyne.TextAlignCenter; return p }

func (p *para) lines(width float32) []string {
	measure := func(t string) float32 { return p.s.measure(t, p.size, p.bold).Width }
	var out []string
	for _, hard := range strings.Split(p.text, "\n") {
		out = append(out, i18n.Wrap(hard, measure, width)...)
	}
	return out
}

// lineHeight is the height of one line as the font measures it; advance is how far
// each wrapped line moves down from the one before.
func (p *para) lineHeight() float32 { return p.s.measure("Ag", p.size, p.bold).Height }

func (p *para) advance() float32 {
	h := p.lineHeight()
	if p.s.lead > 0 {
		return min(h, p.size*p.s.lead)
	}
	return h
}

func (p *para) height(lines int) float32 {
	if lines == 0 {
		return 0
	}
	return float32(lines-1)*p.advance() + p.lineHeight()
}

func (p *para) MinSize() fyne.Size {
	w := p.width
	if s := p.Size(); s.Width > 0 {
		w = s.Width
	}
	ls := p.lines(w)
	widest := float32(0)
	for _, l := range ls {
		widest = max(widest, p.s.measure(l, p.size, p.bold).Width)
	}
	return fyne.NewSize(min(widest, w), p.height(len(ls)))
}

func (p *para) CreateRenderer() fyne.WidgetRenderer {
	r := &paraRenderer{p: p}
	r.Refresh()
	return r
}

type paraRenderer struct {
	p     *para
	texts []fyne.CanvasObject
	width float32
}

func (r *paraRenderer) build(width float32) {
	r.width = width
	r.texts = r.texts[:0]
	for _, l := range r.p.lines(width) {
		t := r.p.s.line(l, r.p.size, r.p.bold, r.p.col)
		t.Alignment = r.p.align
		r.texts = append(r.texts, t)
	}
}

func (r *paraRenderer) Layout(size fyne.Size) {
	if size.Width != r.width {
		r.build(size.Width)
	}
	h, adv := r.p.lineHeight(), r.p.advance()
	for i, t := range r.texts {
		t.Move(fyne.NewPos(0, float32(i)*adv))
		t.Resize(fyne.NewSize(size.Width, h))
	}
}

func (r *paraRenderer) MinSize() fyne.Size           { return r.p.MinSize() }
func (r *paraRenderer) Objects() []fyne.CanvasObject { return r.texts }
func (r *paraRenderer) Destroy()                     {}
func (r *paraRenderer) Refresh() {
	w := r.p.Size().Width
	if w == 0 {
		w = r.p.width
	}
	r.build(w)
	r.Layout(r.p.Size())
	for _, t := range r.texts {
		t.Refresh()
	}
}
