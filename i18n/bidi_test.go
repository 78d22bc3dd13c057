package i18n_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/text/unicode/bidi"

	"skranke/assets"
	"skranke/i18n"
)

// A bidiCase is one logical line and what a reader must see when Fyne draws
// i18n.Visual(in) (or VisualDir, when dir is not auto).
//
// want lists the pieces of the line from the LEFT edge to the RIGHT edge of the screen.
// A piece starting with "←" is right-to-left text, written here in its ordinary
// (logical) spelling: its first letter is drawn at the piece's right end. Every other
// piece is exactly the characters seen from left to right, brackets as they look.
type bidiCase struct {
	name string
	lang string // font used by the render check
	dir  dir
	in   string
	want []string
}

type dir int

const (
	auto dir = iota
	rtl
	ltr
)

// bidiCases: each expected order below was checked by eye in the images TestBidiRender
// writes (Visual row against the reference row built from want), and against Chromium
// drawing the same logical text with dir="rtl" in the same font.
var bidiCases = []bidiCase{
	// A line that is all Arabic is already right in Fyne; Visual keeps it one run.
	{"ArabicOnly", "ar", auto, "مرحبا بك", []string{"←مرحبا بك"}},
	{"ArabicComma", "ar", auto, "نعم، لا", []string{"←نعم، لا"}},
	// A ticket number: read first, so drawn at the left, after the word.
	{"TicketWestern", "ar", auto, "رقم 17", []string{"17 ", "←رقم"}},
	{"TicketArabicIndic", "ar", auto, "رقم ١٧", []string{"١٧ ", "←رقم"}},
	{"FarsiExtendedDigits", "fa", auto, "شماره ۱۷ است", []string{"←است", " ۱۷ ", "←شماره"}},
	{"UrduWestern", "ur", auto, "آپ کا نمبر 17 ہے", []string{"←ہے", " 17 ", "←آپ کا نمبر"}},
	{"Sorani", "ckb", auto, "ژمارەی 17", []string{"17 ", "←ژمارەی"}},
	{"TwoNumbers", "ar", auto, "من 9 إلى 17", []string{"17 ", "←إلى", " 9 ", "←من"}},
	// A Latin word stays one left-to-right piece in its place.
	{"LatinWord", "ar", auto, "استخدم MitID الآن", []string{"←الآن", " MitID ", "←استخدم"}},
	{"LatinThenQuestionMark", "fa", auto, "آیا MitID دارید؟", []string{"←دارید؟", " MitID ", "←آیا"}},
	{"ArabicQuestionMarkAfterLatin", "ar", auto, "هل لديك MitID؟", []string{"←؟", "MitID ", "←هل لديك"}},
	// Brackets: inside a right-to-left run Fyne's shaper mirrors them; at the edge of a
	// number Visual lets the override put them where they belong. (want shows a bracket
	// at the edge of a right-to-left piece on its own, as it looks: the opening bracket
	// of "(مرحبا)" is the ")" at the right end.)
	{"BracketsAroundArabic", "ar", auto, "(مرحبا) بك", []string{"←مرحبا) بك", ")"}},
	{"BracketsAroundNumber", "ar", auto, "رقم (17)", []string{"(17) ", "←رقم"}},
	{"BracketsAroundLatin", "ar", auto, "رقم الطلب (ABC-123) اليوم", []string{"←اليوم", " (ABC-123) ", "←رقم الطلب"}},
	{"ExclamationAtEnd", "ar", auto, "مرحبا!", []string{"!", "←مرحبا"}},
	// Colon and time: the colon ends the word, so it sits at the word's left.
	{"ColonTime", "ar", auto, "الوقت: 12:30", []string{"12:30 :", "←الوقت"}},
	// After Arabic letters a number is an Arabic number, and % does not join it: Arabic
	// readers see the sign at the number's left, as browsers draw it too.
	{"Percent", "ar", auto, "خصم 50%", []string{"%50 ", "←خصم"}},
	{"ArabicPercent", "ar", auto, "خصم ٥٠٪", []string{"٪٥٠ ", "←خصم"}},
	// Neutral text in a right-to-left line: a time range reads from the right.
	{"TimeRangeRTL", "ar", rtl, "12:00–17:00", []string{"17:00–12:00"}},
	{"TimeRangeLTR", "ar", ltr, "12:00–17:00", []string{"12:00–17:00"}},
	// A code that starts with digits turns round in a right-to-left line, as the bidi
	// algorithm says: show codes with VisualDir(code, false).
	{"CodeRTL", "ar", rtl, "1234-ABCD", []string{"ABCD-1234"}},
	{"CodeLTR", "ar", ltr, "1234-ABCD", []string{"1234-ABCD"}},
	{"LatinInRTL", "ar", rtl, "MitID", []string{"MitID"}},
	// Arabic inside a left-to-right (Danish, English) line.
	{"ArabicInDanish", "da", auto, "Sprog: العربية (ar)", []string{"Sprog: ", "←العربية", " (ar)"}},
	{"NumberAfterArabicInEnglish", "en", auto, "Ticket رقم 17 today", []string{"Ticket 17 ", "←رقم", " today"}},
	{"LatinOnly", "da", auto, "Billet 17 (MitID): 50%", []string{"Billet 17 (MitID): 50%"}},
	{"Empty", "ar", auto, "", nil},
}

func visualFor(c bidiCase) string {
	switch c.dir {
	case rtl:
		return i18n.VisualDir(c.in, true)
	case ltr:
		return i18n.VisualDir(c.in, false)
	}
	return i18n.Visual(c.in)
}

func TestBidiVisual(t *testing.T) {
	for _, c := range bidiCases {
		t.Run(c.name, func(t *testing.T) {
			got := visualFor(c)
			if d := drawn(got); !slices.Equal(d, c.want) {
				t.Errorf("Fyne would draw %q as %q, want %q", c.in, d, c.want)
			}
			if stripped := stripControls(got); utf8.RuneCountInString(stripped) != utf8.RuneCountInString(c.in) {
				t.Errorf("got %q: lost or added characters", got)
			}
		})
	}
}

// TestBidiRaw shows what Fyne does with text given as it is: right for a line of Arabic
// alone, wrong as soon as a number or a Latin word is in it.
func TestBidiRaw(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"مرحبا بك", []string{"←مرحبا بك"}},
		{"رقم 17", []string{" ", "←رقم", "17"}},                                // 17 on the right: read last
		{"استخدم MitID الآن", []string{" ", "←استخدم", "MitID", "←الآن", " "}}, // first word on the left
	} {
		if got := drawn(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Fyne draws %q as %q, want %q", c.in, got, c.want)
		}
	}
}

// TestBidiOnce: Visual turns a logical line into drawing order; applied to its own
// result it reorders again and the line is wrong. Widgets apply it once, to logical text.
func TestBidiOnce(t *testing.T) {
	in := "رقم 17"
	once := i18n.Visual(in)
	want := []string{"17 ", "←رقم"}
	if got := drawn(once); !slices.Equal(got, want) {
		t.Fatalf("once: got %q, want %q", got, want)
	}
	if got := drawn(i18n.Visual(once)); slices.Equal(got, want) {
		t.Errorf("twice: got %q, the same as once; the test no longer shows the rule", got)
	}
}

func TestBidiLines(t *testing.T) {
	got := i18n.Visual("رقم 17\nMitID")
	want := i18n.Visual("رقم 17") + "\n" + "MitID"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBidiIsRTL(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"مرحبا", true},
		{"17 رقم", true},
		{"(MitID) رقم", false},
		{"Dansk", false},
		{"١٧", false},
		{"", false},
		{"ትግርኛ", false},
	} {
		if got := i18n.IsRTL(c.in); got != c.want {
			t.Errorf("IsRTL(%q): got %v, want %v", c.in, got, c.want)
		}
	}
}

func TestBidiWrap(t *testing.T) {
	// letters is a width that counts letters but not combining marks.
	letters := func(s string) float32 {
		n := 0
		for _, r := range s {
			if !unicode.Is(unicode.Mn, r) {
				n++
			}
		}
		return float32(n)
	}
	for _, c := range []struct {
		name string
		in   string
		max  float32
		want []string
	}{
		{"OK", "one two three four", 9, []string{"one two", "three", "four"}},
		// The first words of a right-to-left paragraph stay on the first line.
		{"RTLFirstWordsFirst", "مرحبا بك في المكتب رقم 17", 10, []string{"مرحبا بك", "في المكتب", "رقم 17"}},
		{"Newline", "a b\n\nc", 10, []string{"a b", "", "c"}},
		{"SpacesCollapse", "  a   b  ", 10, []string{"a b"}},
		{"NoBreakSpace", "pris 17\u00a0kr", 6, []string{"pris", "17\u00a0kr"}},
		{"LongWord", "abcdefgh ij", 3, []string{"abc", "def", "gh", "ij"}},
		{"MarksStay", "e\u0301e\u0301e\u0301", 1, []string{"e\u0301", "e\u0301", "e\u0301"}},
		{"Empty", "", 10, []string{""}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := i18n.Wrap(c.in, letters, c.max); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// drawn models what Fyne 2.7 draws for s, as pieces from left to right in the notation
// of bidiCase.want. Fyne (through go-text's Segmenter) runs golang.org/x/text's bidi
// algorithm on s with the paragraph direction from the first strong letter, and lays the
// runs out left to right in logical order; HarfBuzz reverses each right-to-left run and
// mirrors its brackets. TestBidiShaping checks this model against go-text itself.
func drawn(s string) []string {
	var pieces []string
	add := func(p string) {
		if p == "" {
			return
		}
		if n := len(pieces); n > 0 && !strings.HasPrefix(p, "←") && !strings.HasPrefix(pieces[n-1], "←") {
			pieces[n-1] += p
			return
		}
		pieces = append(pieces, p)
	}
	var p bidi.Paragraph
	if _, err := p.SetString(s, bidi.DefaultDirection(bidi.LeftToRight)); err != nil {
		panic(err)
	}
	o, err := p.Order()
	if err != nil {
		panic(err)
	}
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		rs := []rune(stripControls(run.String()))
		if run.Direction() == bidi.LeftToRight {
			add(string(rs))
			continue
		}
		first, last := -1, -1
		for k, r := range rs {
			if c := classOf(r); c == bidi.R || c == bidi.AL {
				if first < 0 {
					first = k
				}
				last = k
			}
		}
		if first < 0 {
			add(mirrorReverse(rs))
			continue
		}
		for last+1 < len(rs) && classOf(rs[last+1]) == bidi.NSM {
			last++
		}
		add(mirrorReverse(rs[last+1:])) // the end of a right-to-left run is at its left
		add("←" + string(rs[first:last+1]))
		add(mirrorReverse(rs[:first]))
	}
	return pieces
}

func classOf(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// mirrorReverse returns neutral characters of a right-to-left run as they are seen,
// left to right: reversed, with mirrored glyphs for brackets and their kin.
func mirrorReverse(rs []rune) string {
	out := make([]rune, 0, len(rs))
	for i := len(rs) - 1; i >= 0; i-- {
		r := rs[i]
		if m, ok := mirrors[r]; ok {
			r = m
		}
		out = append(out, r)
	}
	return string(out)
}

var mirrors = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹',
}

// stripControls drops the bidi marks and formatting characters, which Fyne draws as
// zero-width glyphs.
func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\u200E' || r == '\u200F' || r == '\u061C' || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') {
			return -1
		}
		return r
	}, s)
}

// TestBidiShaping checks the model drawn uses against go-text, the shaper inside Fyne:
// it splits Visual's output into runs and shapes them the way Fyne's painter does
// (fyne.io/fyne/v2/internal/painter walkString: one Segmenter.Split, then HarfBuzz per
// run, the runs laid left to right) with the language's font, and compares the order
// in which the characters come out with the order the model says.
func TestBidiShaping(t *testing.T) {
	for _, c := range bidiCases {
		t.Run(c.name, func(t *testing.T) {
			s := visualFor(c)
			regular, _ := assets.FontFor(c.lang)
			face, err := font.ParseTTF(bytes.NewReader(regular.Content()))
			if err != nil {
				t.Fatal(err)
			}
			got := shapedOrder(face, s)
			want := modelOrder(s)
			// A ligature or a mark is one cluster for several characters: compare the
			// characters that start a cluster.
			want = slices.DeleteFunc(want, func(i int) bool { return !slices.Contains(got, i) })
			if !slices.Equal(got, want) {
				t.Errorf("%q: go-text draws characters %v, the model %v", s, got, want)
			}
		})
	}
}

type oneFont struct{ *font.Face }

func (f oneFont) ResolveFace(rune) *font.Face { return f.Face }

// shapedOrder returns the indices of the runes of s in the order go-text draws them, left
// to right, leaving out the zero-width bidi controls.
func shapedOrder(face *font.Face, s string) []int {
	runes := []rune(s)
	in := shaping.Input{Text: runes, RunEnd: len(runes), Direction: di.DirectionLTR, Face: face, Size: 32 << 6}
	var seg shaping.Segmenter
	var shaper shaping.HarfbuzzShaper
	var order []int
	for _, run := range seg.Split(in, oneFont{face}) {
		for _, g := range shaper.Shape(run).Glyphs {
			i := g.ClusterIndex
			if n := len(order); (n == 0 || order[n-1] != i) && stripControls(string(runes[i])) != "" {
				order = append(order, i)
			}
		}
	}
	return order
}

// modelOrder returns the indices of the runes of s in the order drawn says Fyne draws
// them: bidi runs in logical order, each right-to-left run reversed.
func modelOrder(s string) []int {
	runes := []rune(s)
	var p bidi.Paragraph
	if _, err := p.SetString(s, bidi.DefaultDirection(bidi.LeftToRight)); err != nil {
		panic(err)
	}
	o, err := p.Order()
	if err != nil {
		panic(err)
	}
	var order []int
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		start, end := run.Pos()
		idx := make([]int, 0, end-start+1)
		for k := start; k <= end; k++ {
			if stripControls(string(runes[k])) != "" {
				idx = append(idx, k)
			}
		}
		if run.Direction() == bidi.RightToLeft {
			slices.Reverse(idx)
		}
		order = append(order, idx...)
	}
	return order
}

// TestBidiRender draws every case with Fyne's test driver in three rows: the text as it
// is, the text through Visual, and a reference put together piece by piece from want
// (each piece its own canvas.Text, placed left to right). The Visual row must match the
// reference; the images are kept for a person to look at.
func TestBidiRender(t *testing.T) {
	test.NewTempApp(t)
	dir := filepath.Join(os.TempDir(), "skranke-bidi")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const size, rowH, width = 32, 80, 900
	var shots []image.Image
	for i, c := range bidiCases {
		if c.in == "" {
			continue
		}
		regular, _ := assets.FontFor(c.lang)
		text := func(s string, x, y float32) *canvas.Text {
			tx := canvas.NewText(s, color.Black)
			tx.TextSize, tx.FontSource = size, regular
			tx.Move(fyne.NewPos(x, y))
			tx.Resize(tx.MinSize())
			return tx
		}
		row := func(y float32) []fyne.CanvasObject {
			bg := canvas.NewRectangle(color.White)
			bg.Move(fyne.NewPos(0, y))
			bg.Resize(fyne.NewSize(width, 3*rowH))
			objs := []fyne.CanvasObject{bg, text(c.in, 10, y), text(visualFor(c), 10, y+rowH)}
			x := float32(10)
			for _, p := range c.want {
				s := "\u202D" + p + "\u202C"
				if r, ok := strings.CutPrefix(p, "←"); ok {
					s = "\u202E" + r + "\u202C"
				}
				tx := text(s, x, y+2*rowH)
				x += tx.MinSize().Width
				objs = append(objs, tx)
			}
			return objs
		}
		w := test.NewWindow(container.NewWithoutLayout(row(0)...))
		w.SetPadded(false)
		w.Resize(fyne.NewSize(width, 3*rowH))
		img := w.Canvas().Capture()
		w.Close()
		savePNG(t, filepath.Join(dir, fmt.Sprintf("%02d-%s.png", i, c.name)), img)
		shots = append(shots, img)
		// Text in another order differs in half or more of its pixels; the same text drawn
		// in one piece or in several differs by a few pixels of spacing and kerning.
		if d := rowDiff(img, rowH, 1, 2); d > 0.2 {
			t.Errorf("%s: the Visual row differs from the reference in %.0f%% of its pixels; see %s", c.name, 100*d, dir)
		}
	}
	// All cases in one image, to look at together.
	sheet := image.NewRGBA(image.Rect(0, 0, width, len(shots)*3*rowH))
	for i, img := range shots {
		draw.Draw(sheet, img.Bounds().Add(image.Pt(0, i*3*rowH)), img, img.Bounds().Min, draw.Src)
	}
	savePNG(t, filepath.Join(dir, "all.png"), sheet)
	t.Logf("images in %s: in each, the text as it is, through Visual, and the reference", dir)
}

// rowDiff returns the share of inked pixels in row a of img that have no pixel of about
// the same shade within 3 pixels to either side in row b, or the other way round. The
// slack absorbs the sub-pixel placement of separately drawn pieces; text in another
// order differs in most of its pixels.
func rowDiff(img image.Image, rowH int, a, b int) float64 {
	gray := func(x, row, y int) int {
		bounds := img.Bounds()
		p := image.Pt(bounds.Min.X+x, bounds.Min.Y+row*rowH+y)
		if !p.In(bounds) {
			return 255
		}
		return int(color.GrayModel.Convert(img.At(p.X, p.Y)).(color.Gray).Y)
	}
	w := img.Bounds().Dx()
	oneWay := func(a, b int) float64 {
		differ, inked := 0, 0
		for y := 0; y < rowH; y++ {
			for x := 0; x < w; x++ {
				g := gray(x, a, y)
				if g > 200 {
					continue
				}
				inked++
				best := 255
				for dx := -3; dx <= 3; dx++ {
					best = min(best, abs(g-gray(x+dx, b, y)))
				}
				if best > 64 {
					differ++
				}
			}
		}
		if inked == 0 {
			return 0
		}
		return float64(differ) / float64(inked)
	}
	return max(oneWay(a, b), oneWay(b, a))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
