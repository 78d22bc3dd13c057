package export

import (
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"skranke/app/report"
)

// The chart sheet is A4-like portrait at 144 dpi: 1600 × 2200 pixels, sharp when
// printed and readable on a screen.
const (
	sheetW = 800 * vg.Length(1)
	sheetH = 1100 * vg.Length(1)
	dpi    = 144
)

var (
	colInk    = color.RGBA{R: 0x22, G: 0x2B, B: 0x30, A: 0xFF}
	colMuted  = color.RGBA{R: 0x5F, G: 0x6B, B: 0x72, A: 0xFF}
	colBar    = color.RGBA{R: 0x2A, G: 0x6F, B: 0x7E, A: 0xFF}
	colHidden = color.RGBA{R: 0x9A, G: 0xA5, B: 0xAB, A: 0xFF}
	colGrid   = color.RGBA{R: 0xE3, G: 0xE7, B: 0xEA, A: 0xFF}
	colBand   = color.RGBA{R: 0xEE, G: 0xF4, B: 0xF5, A: 0xFF}
)

func sans(size float64, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

func textStyle(size float64, bold bool, c color.Color) text.Style {
	return text.Style{Color: c, Font: sans(size, bold), Handler: plot.DefaultTextHandler, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

// writePNG draws the chart sheet: a header with the week and the sites, bar charts of
// the weekdays, hours, topics, languages and outcomes, the key figures, and the notes
// on suppression. A hidden count is never drawn as a bar of its size: a "<5" is a
// hatched box up to 5, labelled "<5", and an "x" is only its label.
func writePNG(w io.Writer, d display) error {
	img := vgimg.NewWith(vgimg.UseWH(sheetW, sheetH), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)

	// Header band.
	const headH, footH = 86, 96
	top := dc.Max.Y
	dc.FillPolygon(colBand, []vg.Point{{X: 0, Y: top}, {X: sheetW, Y: top}, {X: sheetW, Y: top - headH}, {X: 0, Y: top - headH}})
	title := "Åben rådgivning – uge " + strconv.Itoa(weekNumber(d.Week)) + ", " + d.Week[:4]
	dc.FillText(textStyle(22, true, colInk), vg.Point{X: 28, Y: top - 40}, title)
	sub := d.Period + "   ·   " + figureText(d, "visits") + " besøg   ·   " + siteLine(d.Sites)
	dc.FillText(textStyle(11, false, colMuted), vg.Point{X: 28, Y: top - 66}, sub)

	// Charts, three rows of two.
	body := draw.Crop(dc, 0, 0, footH, -headH-8)
	tiles := draw.Tiles{Rows: 3, Cols: 2, PadTop: 4, PadBottom: 4, PadLeft: 20, PadRight: 24, PadX: 28, PadY: 22}
	charts := []struct {
		dim   report.Dim
		title string
		horiz bool
		all   bool // show zero rows too
	}{
		{report.DimWeekday, "Besøg pr. ugedag", false, true},
		{report.DimHour, "Besøg efter ankomsttid", false, true},
		{report.DimTopic, "Emner (et besøg kan have flere)", true, true},
		{report.DimLanguage, "Sprog", true, false},
		{report.DimOutcome, "Udfald", true, true},
	}
	for i, ch := range charts {
		c := tiles.At(body, i%2, i/2)
		b := blockOf(d, ch.dim)
		if err := drawChart(c, b, ch.title, ch.horiz, ch.all, d.K); err != nil {
			return err
		}
	}
	drawFigures(tiles.At(body, 1, 2), d)

	// Notes.
	ny := vg.Length(footH) - 20
	for _, n := range d.Notes {
		for _, line := range wrap(n, textStyle(8.5, false, colMuted), sheetW-56) {
			dc.FillText(textStyle(8.5, false, colMuted), vg.Point{X: 28, Y: ny}, line)
			ny -= 12
		}
	}
	// Fastest compression: the sheet is flat colour, so the file grows by about 5 %
	// while writing it takes about half as long.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img.Image())
}

func blockOf(d display, dim report.Dim) block {
	for _, b := range d.Dims {
		if b.Dim == dim {
			return b
		}
	}
	return block{Dim: dim}
}

func figureText(d display, key string) string {
	for _, f := range d.Figures {
		if f.Key == key {
			return f.Text
		}
	}
	return ""
}

func weekNumber(week string) int {
	n, _ := strconv.Atoi(strings.TrimLeft(week[len(week)-2:], "0")) // "2026-W07" → 7
	return n
}

func siteLine(sites []string) string {
	switch len(sites) {
	case 0:
		return ""
	case 1:
		return "Sted: " + sites[0]
	}
	return "Steder: " + strings.Join(sites, ", ")
}

// drawChart draws one dimension as a bar chart in c. Horizontal charts list the
// categories top down in report order.
func drawChart(c draw.Canvas, b block, title string, horiz, all bool, k int) error {
	var rows []row
	for _, r := range b.Rows {
		if all || r.N == nil || *r.N > 0 {
			rows = append(rows, r)
		}
	}
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(13, true)
	p.Title.TextStyle.Color = colInk
	p.Title.Padding = 8
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Tick.Label.Font = sans(9, false)
		ax.Tick.Label.Color = colInk
		ax.Label.TextStyle.Font = sans(9, false)
		ax.Label.TextStyle.Color = colMuted
		ax.LineStyle.Color = colGrid
		ax.Tick.LineStyle.Color = colGrid
	}
	if len(rows) == 0 {
		p.HideAxes()
		p.Draw(c)
		ctr := c.Center()
		sty := textStyle(11, false, colMuted)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		c.FillText(sty, ctr, "Ingen besøg")
		return nil
	}
	names := make([]string, len(rows))
	bs := &bars{horiz: horiz, k: k, items: make([]bar, len(rows))}
	for i, r := range rows {
		j := i
		if horiz {
			j = len(rows) - 1 - i // first row on top
		}
		names[j] = r.Label
		if b.Dim == report.DimHour && len(r.Key) == 2 {
			names[j] = r.Key
		}
		it := bar{mark: r.Text}
		if r.N != nil {
			it.value, it.mark = float64(*r.N), ""
		}
		bs.items[j] = it
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = nil, nil
	ticks := plot.TickerFunc(integerTicks)
	if horiz {
		p.NominalY(names...)
		p.X.Tick.Marker = ticks
		p.X.Min = 0
		grid.Vertical.Color, grid.Vertical.Width = colGrid, vg.Points(0.6)
		p.X.Label.Text = "antal besøg"
	} else {
		p.NominalX(names...)
		p.Y.Tick.Marker = ticks
		p.Y.Min = 0
		grid.Horizontal.Color, grid.Horizontal.Width = colGrid, vg.Points(0.6)
		p.Y.Label.Text = "antal besøg"
		if b.Dim == report.DimHour {
			p.X.Label.Text = "kl."
		}
	}
	p.Add(grid, bs)
	p.Draw(c)
	return nil
}

// integerTicks marks whole numbers of visits, about five of them.
func integerTicks(lo, hi float64) []plot.Tick {
	span := math.Max(hi-lo, 1)
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000} {
		step = s
		if span/s <= 6 {
			break
		}
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
	}
	return ts
}

type bar struct {
	value float64
	mark  string // "" for a shown count, else "<5" or "x"
}

// bars is a bar chart that knows hidden counts. plotter.BarChart would draw a value
// for every bar; a hidden count has none to draw.
type bars struct {
	items []bar
	horiz bool
	k     int
}

func (b *bars) top() float64 {
	m := float64(max(b.k, 1))
	for _, it := range b.items {
		m = math.Max(m, it.value)
	}
	return m
}

// DataRange leaves room past the longest bar for its label.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	n := float64(len(b.items))
	vmax := b.top() * 1.12
	if b.horiz {
		return 0, vmax, -0.5, n - 0.5
	}
	return -0.5, n - 0.5, 0, vmax
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	trCat, trVal := trX, trY
	if b.horiz {
		trCat, trVal = trY, trX
	}
	spacing := trCat(1) - trCat(0)
	if spacing < 0 {
		spacing = -spacing
	}
	half := spacing * 0.34
	base := trVal(0)
	label := textStyle(9, true, colInk)
	markSty := textStyle(9, true, colMuted)
	for i, it := range b.items {
		mid := trCat(float64(i))
		var end vg.Length
		sty := label
		txt := strconv.Itoa(int(it.value))
		switch {
		case it.mark == "":
			end = trVal(it.value)
			if it.value > 0 {
				c.FillPolygon(colBar, b.rect(mid-half, mid+half, base, end))
			}
		case strings.HasPrefix(it.mark, "<"):
			// Somewhere from 1 to k-1: a hatched box reaching k, never a value.
			end = trVal(float64(b.k))
			hatch(c, b.rect(mid-half, mid+half, base, end))
			sty, txt = markSty, it.mark
		default:
			end, sty, txt = base, markSty, it.mark
		}
		gap := vg.Points(3)
		if b.horiz {
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
			c.FillText(sty, vg.Point{X: end + gap, Y: mid}, txt)
		} else {
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			c.FillText(sty, vg.Point{X: mid, Y: end + gap}, txt)
		}
	}
}

// rect returns the bar's corners for a category span (c0, c1) and a value span
// (v0, v1), in canvas coordinates.
func (b *bars) rect(c0, c1, v0, v1 vg.Length) []vg.Point {
	if b.horiz {
		return []vg.Point{{X: v0, Y: c0}, {X: v1, Y: c0}, {X: v1, Y: c1}, {X: v0, Y: c1}}
	}
	return []vg.Point{{X: c0, Y: v0}, {X: c0, Y: v1}, {X: c1, Y: v1}, {X: c1, Y: v0}}
}

// hatch draws a dashed outline and diagonal hatching over the rectangle pts.
func hatch(c draw.Canvas, pts []vg.Point) {
	x0, y0, x1, y1 := pts[0].X, pts[0].Y, pts[0].X, pts[0].Y
	for _, p := range pts[1:] {
		x0, x1 = min(x0, p.X), max(x1, p.X)
		y0, y1 = min(y0, p.Y), max(y1, p.Y)
	}
	c.FillPolygon(color.RGBA{R: 0xF3, G: 0xF5, B: 0xF6, A: 0xFF}, pts)
	line := draw.LineStyle{Color: colHidden, Width: vg.Points(0.8)}
	const step = 5
	for d := x0 - y1; d < x1-y0; d += step {
		// the 45° line y = x − d, clipped to the rectangle
		lo, hi := max(x0, y0+d), min(x1, y1+d)
		if lo < hi {
			c.StrokeLine2(line, lo, lo-d, hi, hi-d)
		}
	}
	outline := draw.LineStyle{Color: colHidden, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	c.StrokeLines(outline, append(pts, pts[0]))
}

// drawFigures lists the key figures in the last tile.
func drawFigures(c draw.Canvas, d display) {
	y := c.Max.Y - 4
	c.FillText(textStyle(13, true, colInk), vg.Point{X: c.Min.X, Y: y - 13}, "Nøgletal")
	y -= 38
	lines := []struct{ label, key, unit string }{
		{"Besøg i alt", "visits", ""},
		{"Hastende", "urgent_share", " %"},
		{"Kom igen med kode", "returning_share", " %"},
		{"Ventetid, median", "waited_median", " min"},
		{"Ventetid, 90 %-fraktil", "waited_p90", " min"},
		{"Behandlingstid, median", "handled_median", " min"},
		{"Behandlingstid, 90 %-fraktil", "handled_p90", " min"},
		{"Udeblev ved kald", "no_shows", ""},
		{"Gik inden hjælp", "walk_aways", ""},
		{"Nåede ikke at blive kaldt", "never_called", ""},
	}
	lab := textStyle(10.5, false, colInk)
	val := textStyle(10.5, true, colInk)
	val.XAlign = draw.XRight
	right := c.Max.X - 8
	for i, l := range lines {
		t := figureText(d, l.key)
		if t != markComplement && !strings.HasPrefix(t, "<") {
			t += l.unit
		}
		if i%2 == 0 {
			c.FillPolygon(colBand, []vg.Point{{X: c.Min.X - 4, Y: y - 6}, {X: c.Max.X, Y: y - 6}, {X: c.Max.X, Y: y + 16}, {X: c.Min.X - 4, Y: y + 16}})
		}
		c.FillText(lab, vg.Point{X: c.Min.X, Y: y}, l.label)
		c.FillText(val, vg.Point{X: right, Y: y}, t)
		y -= 24
	}
}

// wrap breaks s into lines no wider than width in style sty.
func wrap(s string, sty text.Style, width vg.Length) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && sty.Width(try) > width {
			lines = append(lines, line)
			try = w
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
