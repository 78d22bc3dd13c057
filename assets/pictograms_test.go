package assets_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"skranke/app"
	"skranke/assets"
)

const (
	ink    = "#1a1a2e"
	accent = "#1f6feb"
)

// answerNames and uiNames are the pictograms the screens use beside topics and items.
var (
	answerNames = []string{"yes", "no", "dont_know"}
	uiNames     = []string{"back", "next", "done", "code", "language", "clock", "table", "person",
		"urgent", "returning", "staff", "board", "calendar"}
)

func TestCatalogueHasPictograms(t *testing.T) {
	c := app.DefaultCatalogue()
	for _, id := range c.IDs() {
		if !assets.HasPictogram(string(id)) {
			t.Errorf("topic %q has no pictogram", id)
		}
	}
	for _, id := range c.Items() {
		if !assets.HasPictogram(string(id)) {
			t.Errorf("ready item %q has no pictogram", id)
		}
	}
	for _, n := range append(append([]string{}, answerNames...), uiNames...) {
		if !assets.HasPictogram(n) {
			t.Errorf("pictogram %q is missing", n)
		}
	}
}

func TestPictogramResource(t *testing.T) {
	r := assets.Pictogram("post")
	if r == nil || r.Name() != "pictogram-post.svg" || len(r.Content()) == 0 {
		t.Fatalf("Pictogram(post) = %v", r)
	}
	if assets.Pictogram("post") != r {
		t.Error("Pictogram does not return the cached resource")
	}
	unknown := assets.Pictogram("no-such-pictogram")
	if unknown == nil || unknown != assets.Pictogram(assets.FallbackPictogram) {
		t.Errorf("unknown name gave %v, want the %q pictogram", unknown, assets.FallbackPictogram)
	}
	if assets.HasPictogram("no-such-pictogram") {
		t.Error("HasPictogram(no-such-pictogram) = true")
	}
	names := assets.Pictograms()
	if !sort.StringsAreSorted(names) {
		t.Errorf("Pictograms() not sorted: %v", names)
	}
	if len(names) < 40 {
		t.Errorf("only %d pictograms", len(names))
	}
}

func TestIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(assets.Icon.Content()))
	if err != nil {
		t.Fatalf("icon.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Errorf("icon is %v, want 512x512", b.Size())
	}
}

// allowedElements is what Fyne's SVG renderer (oksvg) draws reliably.
var allowedElements = map[string]bool{
	"svg": true, "g": true, "path": true, "rect": true, "circle": true, "ellipse": true,
	"line": true, "polyline": true, "polygon": true,
}

func TestPictogramSVGs(t *testing.T) {
	for _, name := range assets.Pictograms() {
		data := assets.Pictogram(name).Content()
		dec := xml.NewDecoder(bytes.NewReader(data))
		root := true
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: bad XML: %v", name, err)
				break
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if !allowedElements[se.Name.Local] {
				t.Errorf("%s: element <%s> is not drawn reliably by Fyne", name, se.Name.Local)
			}
			attrs := map[string]string{}
			for _, a := range se.Attr {
				attrs[a.Name.Local] = a.Value
				switch {
				case a.Name.Local == "transform", a.Name.Local == "style", a.Name.Local == "class",
					a.Name.Local == "clip-path", a.Name.Local == "mask", a.Name.Local == "filter":
					t.Errorf("%s: <%s> uses %s", name, se.Name.Local, a.Name.Local)
				case strings.HasPrefix(a.Name.Local, "stroke"):
					// Fyne's renderer draws strokes the same number of pixels wide at any
					// size, so lines must be drawn as filled outlines.
					t.Errorf("%s: <%s> uses %s; draw lines as filled shapes", name, se.Name.Local, a.Name.Local)
				}
			}
			if se.Name.Local != "svg" && se.Name.Local != "g" {
				if c := strings.ToLower(attrs["fill"]); c != ink && c != accent {
					t.Errorf("%s: <%s> fill %q: want %s or %s", name, se.Name.Local, c, ink, accent)
				}
			}
			// oksvg draws square corners unless both rx and ry are given.
			if se.Name.Local == "rect" && (attrs["rx"] == "") != (attrs["ry"] == "") {
				t.Errorf("%s: <rect> needs both rx and ry for round corners", name)
			}
			if root {
				root = false
				if se.Name.Local != "svg" || attrs["width"] == "" || attrs["height"] == "" || attrs["viewBox"] == "" {
					t.Errorf("%s: root must be <svg> with width, height and viewBox", name)
				}
			}
		}
	}
}

func TestPaletteContrast(t *testing.T) {
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	if r := contrast(hex(ink), white); r < 4.5 {
		t.Errorf("ink on white contrast %.2f < 4.5", r)
	}
	// The accent fills shapes, so it needs the 3:1 of graphics; the ink is also drawn on it.
	if r := contrast(hex(accent), white); r < 3 {
		t.Errorf("accent on white contrast %.2f < 3", r)
	}
	if r := contrast(hex(ink), hex(accent)); r < 3 {
		t.Errorf("ink on accent contrast %.2f < 3", r)
	}
}

// TestPictogramsRender draws every pictogram through Fyne and checks that enough of it
// is ink (this catches SVGs Fyne's renderer silently cannot draw), and that it covers
// about the same share of its square at 48, 96 and 192 pixels (this catches lines that
// do not grow with the picture).
func TestPictogramsRender(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(whiteTheme{theme.DefaultTheme()})
	for _, name := range assets.Pictograms() {
		ink96, cover96 := measure(assets.Pictogram(name), 96)
		if ink96 < 0.04 {
			t.Errorf("%s: only %.1f%% of pixels are ink at 96px; Fyne may not draw it", name, 100*ink96)
			continue
		}
		for _, size := range []float32{48, 192} {
			if _, c := measure(assets.Pictogram(name), size); math.Abs(c-cover96) > 0.15*cover96 {
				t.Errorf("%s: covers %.1f%% at %vpx but %.1f%% at 96px", name, 100*c, size, 100*cover96)
			}
		}
	}
}

// measure renders res size×size on white in a test window. It returns the share of
// pixels that are the ink colour, and the share of the square covered by paint (ink or
// accent, anti-aliased edges counting in part).
func measure(res fyne.Resource, size float32) (inkShare, cover float64) {
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	w := test.NewWindow(container.New(layout.NewGridWrapLayout(fyne.NewSize(size, size)), img))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(size, size))
	shot := w.Canvas().Capture()
	inkC, accC := hex(ink), hex(accent)
	// Ink and accent have nearly the same red, far from white's: red measures coverage.
	paintR := (float64(inkC.R) + float64(accC.R)) / 2
	var dark, total int
	var painted float64
	b := shot.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			total++
			c := shot.At(x, y)
			if near(c, inkC, 60) {
				dark++
			}
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			painted += math.Min(1, math.Max(0, (255-float64(n.R))/(255-paintR)))
		}
	}
	return float64(dark) / float64(total), painted / float64(total)
}

type whiteTheme struct{ fyne.Theme }

func (w whiteTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameBackground {
		return color.White
	}
	return w.Theme.Color(n, theme.VariantLight)
}

func near(c color.Color, want color.NRGBA, tol int) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	d := func(a, b uint8) int { return int(a) - int(b) }
	return n.A > 200 && abs(d(n.R, want.R)) <= tol && abs(d(n.G, want.G)) <= tol && abs(d(n.B, want.B)) <= tol
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func hex(s string) color.NRGBA {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil {
		panic(fmt.Sprintf("bad colour %q", s))
	}
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// luminance is WCAG 2's relative luminance.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
