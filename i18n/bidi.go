package i18n

// Right-to-left text in Fyne 2.7: what Fyne does, and what Visual adds.
//
// Found by reading fyne.io/fyne/v2@v2.7.1/internal/painter/font.go (walkString) and
// go-text/typesetting@v0.2.1/shaping (Segmenter.Split), and by rendering with Fyne's test
// driver (the images are made by TestBidiRender in bidi_test.go):
//
//   - Fyne does run the Unicode bidi algorithm (golang.org/x/text/unicode/bidi, through
//     go-text's Segmenter), with the paragraph direction taken from the first strong
//     character. It uses it only to cut a line into runs of one direction, and cuts
//     those again wherever the script or the font changes.
//   - Each run is shaped by HarfBuzz in its own direction. A right-to-left run comes back
//     with its glyphs in visual order and its brackets mirrored, so a run of Arabic is
//     drawn right to left correctly, joined and with "(" turned round.
//   - The runs are then laid left to right in logical order. Nothing reorders runs
//     (the rule L2 of the algorithm is missing) and nothing aligns or mirrors layouts.
//
// So a line that is all Arabic, Farsi or Urdu (letters, spaces, Arabic punctuation) is
// right as it is, as long as one font has every character of it: a font change splits
// the run, and the pieces come out in logical order, first word on the left. Any line
// with a second direction in it (digits, a Latin word like "MitID", a ticket number) is
// wrong: "رقم 17" is drawn with 17 to the right of the word, where an Arabic reader
// reads it first, and a space or bracket at the edge of a run lands on the wrong side.
//
// Visual therefore reorders runs but never reverses characters: it resolves the bidi
// levels of the line, puts its runs in visual order (L2) and writes each run in its own
// logical order, wrapped in an override (RLO…PDF or LRO…PDF). The override makes Fyne's
// own bidi pass see exactly those runs with exactly those directions, whatever the
// neighbours; HarfBuzz then reverses and mirrors each right-to-left run itself. The
// override characters are zero-width glyphs in every font of package assets and in
// Fyne's own fonts.
//
// Visual works on one line. Wrap a paragraph into lines first (Wrap), then apply Visual
// to each line once, at the place the text is handed to a canvas.Text. Applied twice the
// order is wrong again, and Fyne's own wrapping, truncation and text entry would cut or
// edit the reordered text in the wrong places, so widgets that wrap, truncate or edit
// must be given plain logical text.

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// Bidi formatting characters.
const (
	lrm = '\u200E' // left-to-right mark
	pdf = '\u202C' // pop directional formatting
	lro = '\u202D' // left-to-right override
	rlo = '\u202E' // right-to-left override
)

// IsRTL reports whether s is a right-to-left paragraph: whether its first letter with a
// strong direction is Arabic, Hebrew or another right-to-left script. Text with no such
// letter (digits, punctuation, nothing) is left to right.
func IsRTL(s string) bool {
	for _, r := range s {
		switch class(r) {
		case bidi.R, bidi.AL:
			return true
		case bidi.L:
			return false
		}
	}
	return false
}

// Visual turns one logical line into the string Fyne draws in the right visual order,
// with the paragraph direction found from the first strong letter (IsRTL). Apply it
// exactly once, to a whole line, where the line is handed to a canvas.Text; see the
// comment at the top of this file. A line with nothing right to left in it is returned
// unchanged. A newline starts a new line, reordered on its own.
func Visual(s string) string { return visualLines(s, IsRTL) }

// VisualDir is Visual with the paragraph direction given: rtl for a line shown in a
// right-to-left language, whatever letter it starts with ("MitID er …" in an Arabic
// sentence still reads from the right).
func VisualDir(s string, rtl bool) string {
	return visualLines(s, func(string) bool { return rtl })
}

func visualLines(s string, rtl func(string) bool) string {
	if !strings.Contains(s, "\n") {
		return visualLine(s, rtl(s))
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = visualLine(l, rtl(l))
	}
	return strings.Join(lines, "\n")
}

// LRI and PDI mark a left-to-right isolate: text such as a time range "12:00–17:00"
// or a code "8WX3-27F8" that must read left to right inside a right-to-left line.
// Isolate wraps a string in them.
const (
	lri = '\u2066'
	pdi = '\u2069'
)

// Isolate marks s as one left-to-right unit for Visual: it keeps its inner order and
// moves as a whole. Use it for times, numbers with separators and codes put into a
// message.
func Isolate(s string) string { return string(lri) + s + string(pdi) }

func visualLine(s string, rtl bool) string {
	s, spans := takeIsolates(s)
	if len(spans) == 0 {
		return reorderLine(s, rtl)
	}
	return putIsolates(reorderLine(s, rtl), spans)
}

// takeIsolates replaces each left-to-right isolate with one private-use character,
// which the bidi algorithm treats as a single strong left-to-right letter, and returns
// the isolates' texts in order.
func takeIsolates(s string) (string, []string) {
	if !strings.ContainsRune(s, lri) {
		return s, nil
	}
	var b strings.Builder
	var spans []string
	for {
		i := strings.IndexRune(s, lri)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		rest := s[i+len(string(lri)):]
		j := strings.IndexRune(rest, pdi)
		if j < 0 {
			j = len(rest) // an unclosed isolate runs to the end of the line
		}
		spans = append(spans, string(stripFormatting(rest[:j])))
		b.WriteRune(isolateBase + rune(len(spans)-1))
		s = rest[min(len(rest), j+len(string(pdi))):]
		if j == len(rest) {
			break
		}
	}
	return b.String(), spans
}

// isolateBase is the first of the private-use characters that stand in for isolates.
const isolateBase = '\uE000'

func putIsolates(s string, spans []string) string {
	return strings.NewReplacer(isolatePairs(spans)...).Replace(s)
}

func isolatePairs(spans []string) []string {
	var pairs []string
	for i, sp := range spans {
		pairs = append(pairs, string(isolateBase+rune(i)), sp)
	}
	return pairs
}

func reorderLine(s string, rtl bool) string {
	runes := stripFormatting(s)
	if !rtl && !hasRightToLeft(runes) {
		// Fyne's own pass resolves all of it left to right, as we would.
		if len(runes) == len([]rune(s)) {
			return s
		}
		return string(runes)
	}
	levels := resolveLevels(runes, rtl)
	if levels == nil {
		return string(runes)
	}
	order := visualOrder(levels)
	if !hasRightToLeft(runes) && slices.IsSorted(order) && !slices.ContainsFunc(levels, isOdd) {
		return string(runes) // nothing moves, and Fyne's pass sees it all left to right too
	}

	var b strings.Builder
	for i := 0; i < len(order); {
		odd := isOdd(levels[order[i]])
		j := i
		for j < len(order) && isOdd(levels[order[j]]) == odd {
			j++
		}
		seg := order[i:j]
		if odd {
			// Fyne's shaper reverses a right-to-left run, so write it in logical order:
			// the reverse of the visual order.
			b.WriteRune(rlo)
			for k := len(seg) - 1; k >= 0; k-- {
				b.WriteRune(runes[seg[k]])
			}
		} else {
			b.WriteRune(lro)
			for _, k := range seg {
				b.WriteRune(runes[k])
			}
		}
		b.WriteRune(pdf)
		i = j
	}
	return b.String()
}

// stripFormatting drops embeddings, overrides and isolates (LRE … PDI), which Visual
// does not support and writes itself. The marks LRM, RLM and ALM stay: they are
// ordinary strong characters to the algorithm and zero-width glyphs in the fonts.
func stripFormatting(s string) []rune {
	runes := []rune(s)
	return slices.DeleteFunc(runes, func(r rune) bool {
		return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
	})
}

func isOdd(level int) bool { return level%2 == 1 }

func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// hasRightToLeft reports whether runes has anything the bidi algorithm can put at an odd
// level in a left-to-right paragraph: a right-to-left letter or an Arabic-Indic digit.
func hasRightToLeft(runes []rune) bool {
	for _, r := range runes {
		switch class(r) {
		case bidi.R, bidi.AL, bidi.AN:
			return true
		}
	}
	return false
}

// resolveLevels returns the embedding level of each rune of a line with no explicit
// formatting characters: 0 or 2 for left to right, 1 for right to left.
//
// The direction of each rune is golang.org/x/text/unicode/bidi's, the same code Fyne
// uses. Its API tells only odd or even, so the level is rebuilt: in a right-to-left
// paragraph every even rune is at level 2; in a left-to-right one an even rune is at
// level 2 only if it is part of a number the algorithm kept as a number (rule I1), that
// is a number after right-to-left text.
func resolveLevels(runes []rune, rtl bool) []int {
	text := string(runes)
	var opts []bidi.Option
	shift := 0
	if rtl {
		opts = append(opts, bidi.DefaultDirection(bidi.RightToLeft))
	} else {
		// x/text can force right to left but only detects left to right; a leading
		// LRM makes the first strong letter left to right.
		text = string(lrm) + text
		shift = 1
	}
	var p bidi.Paragraph
	if _, err := p.SetString(text, opts...); err != nil {
		return nil
	}
	o, err := p.Order()
	if err != nil {
		return nil
	}
	levels := make([]int, len(runes))
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		start, end := run.Pos()
		for k := max(start-shift, 0); k <= end-shift && k < len(levels); k++ {
			switch {
			case run.Direction() == bidi.RightToLeft:
				levels[k] = 1
			case rtl:
				levels[k] = 2
			}
		}
	}
	if !rtl {
		for k, isNum := range numbersAfterRTL(runes) {
			if isNum && levels[k] == 0 {
				levels[k] = 2
			}
		}
	}
	return levels
}

// numbersAfterRTL marks the runes that the weak-type rules W1–W7 leave as a European or
// Arabic number in a left-to-right paragraph: Arabic-Indic digits anywhere, and Western
// digits whose nearest strong letter before them is right to left, together with the
// separators (W4) and terminators (W5) that join such digits.
func numbersAfterRTL(runes []rune) []bool {
	n := len(runes)
	types := make([]bidi.Class, n)
	for i, r := range runes {
		types[i] = class(r)
		// W1, and X9 for joiners: marks and joiners take the type of the rune before.
		if types[i] == bidi.NSM || types[i] == bidi.BN {
			types[i] = bidi.ON
			if i > 0 {
				types[i] = types[i-1]
			}
		}
	}
	// W2: a European number after Arabic letters is an Arabic number. W3: AL is R.
	last := bidi.L // sos of a left-to-right paragraph
	for i, t := range types {
		switch t {
		case bidi.L, bidi.R, bidi.AL:
			last = t
		case bidi.EN:
			if last == bidi.AL {
				types[i] = bidi.AN
			}
		}
		if t == bidi.AL {
			types[i] = bidi.R
		}
	}
	isNum := func(t bidi.Class) bool { return t == bidi.EN || t == bidi.AN }
	// W4: one separator between two numbers of the same kind.
	for i := 1; i+1 < n; i++ {
		a, t, c := types[i-1], types[i], types[i+1]
		if (t == bidi.ES && a == bidi.EN && c == bidi.EN) || (t == bidi.CS && isNum(a) && a == c) {
			types[i] = a
		}
	}
	// W5: terminators (%, $, °) next to a European number.
	for i := 0; i < n; {
		if types[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < n && types[j] == bidi.ET {
			j++
		}
		if (i > 0 && types[i-1] == bidi.EN) || (j < n && types[j] == bidi.EN) {
			for k := i; k < j; k++ {
				types[k] = bidi.EN
			}
		}
		i = j
	}
	// W7: a European number after left-to-right letters is left to right.
	out := make([]bool, n)
	last = bidi.L
	for i, t := range types {
		switch t {
		case bidi.L, bidi.R:
			last = t
		case bidi.EN:
			out[i] = last != bidi.L
		case bidi.AN:
			out[i] = true
		}
	}
	return out
}

// visualOrder applies rule L2: from the highest level down to the lowest odd one,
// reverse every run of runes at that level or higher. It returns logical indices in
// visual order, left to right.
func visualOrder(levels []int) []int {
	order := make([]int, len(levels))
	for i := range order {
		order[i] = i
	}
	hi, lo := 0, 1<<30
	for _, l := range levels {
		hi = max(hi, l)
		if l%2 == 1 {
			lo = min(lo, l)
		}
	}
	for lvl := hi; lvl >= lo && lvl > 0; lvl-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lvl {
				j++
			}
			slices.Reverse(order[i:j])
			i = j
		}
	}
	return order
}

// Wrap breaks a logical paragraph into logical lines no wider than maxWidth, by words, so
// that a right-to-left paragraph starts on its first line with its first words (Fyne's
// own wrapping would break the reordered text). width measures a line as it will be
// drawn, for example
//
//	func(s string) float32 {
//		t := canvas.Text{Text: i18n.Visual(s), TextSize: size, FontSource: font}
//		return t.MinSize().Width
//	}
//
// A newline always breaks; a no-break space never does. A word wider than maxWidth on
// its own is broken between characters, never between a letter and its marks. Apply
// Visual to each line after wrapping, never before.
func Wrap(s string, width func(string) float32, maxWidth float32) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.FieldsFunc(para, isBreakingSpace)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line := ""
		for _, w := range words {
			if line != "" && width(line+" "+w) <= maxWidth {
				line += " " + w
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			line = w
			if width(w) > maxWidth {
				pieces := breakWord(w, width, maxWidth)
				lines = append(lines, pieces[:len(pieces)-1]...)
				line = pieces[len(pieces)-1]
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// isBreakingSpace reports whether a line may break at r: any white space but the
// no-break spaces, which keep a number and its unit ("17 kr") on one line.
func isBreakingSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u00A0' && r != '\u2007' && r != '\u202F'
}

// breakWord breaks a word too wide for a line into pieces that fit, each at least one
// character with its combining marks and joiners.
func breakWord(w string, width func(string) float32, maxWidth float32) []string {
	var pieces []string
	var cur []rune
	runes := []rune(w)
	for i := 0; i < len(runes); {
		j := i + 1
		for j < len(runes) && (unicode.In(runes[j], unicode.Mn, unicode.Me, unicode.Mc) || runes[j] == '\u200D' || runes[j-1] == '\u200D') {
			j++
		}
		next := append(slices.Clone(cur), runes[i:j]...)
		if len(cur) > 0 && width(string(next)) > maxWidth {
			pieces = append(pieces, string(cur))
			next = slices.Clone(runes[i:j])
		}
		cur = next
		i = j
	}
	return append(pieces, string(cur))
}
