package assets

import (
	"bytes"
	"embed"
	"sync"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"
	"golang.org/x/text/language"
)

// The fonts are Noto fonts subset and merged by build/fonts/merge.sh; fonts/README.md
// says what is in each and why right-to-left languages need one font for everything.
//
//go:embed fonts/*.ttf
var fontFS embed.FS

// A family is one embedded font in its two weights.
type family struct {
	regular, bold fyne.Resource
}

// Families are loaded once: Fyne caches a parsed font per resource value, so handing out
// the same resources every time keeps one parsed copy per font however often FontFor is
// called.
var families = sync.OnceValue(func() map[string]family {
	load := func(name string) fyne.Resource {
		b, err := fontFS.ReadFile("fonts/" + name)
		if err != nil {
			panic("assets: embedded font missing: " + err.Error()) // a build error, not a runtime one
		}
		return fyne.NewStaticResource(name, b)
	}
	m := map[string]family{}
	for _, f := range []string{"Sans", "Arabic", "Nastaliq", "Ethiopic"} {
		m[f] = family{load("Skranke" + f + "-Regular.ttf"), load("Skranke" + f + "-Bold.ttf")}
	}
	return m
})

// familyFor picks the font family for a BCP 47 tag by the script the language is
// written in, so any Arabic-script language (ar, fa, fa-AF, ckb, ps …) gets the merged
// Arabic font and any Ethiopic one (ti, am) the Ethiopic font. Urdu is written in
// Nastaliq, a style of its own that Urdu readers expect.
func familyFor(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return "Sans"
	}
	if base, _ := tag.Base(); base.String() == "ur" {
		return "Nastaliq"
	}
	switch script, _ := tag.Script(); script.String() {
	case "Arab":
		return "Arabic"
	case "Ethi":
		return "Ethiopic"
	}
	return "Sans"
}

// FontFor returns the regular and bold font for text in the language with BCP 47 tag
// lang. Each font covers its language's script together with Latin (Danish, English,
// Polish, Turkish, Somali), Cyrillic, Western digits and punctuation, so a line that
// mixes them is drawn with one font: Fyne splits a text run wherever the font changes,
// and a right-to-left run split that way comes out in the wrong order.
//
// Set the result as canvas.Text.FontSource (or return it from a theme's Font method).
// The same resources are returned on every call.
func FontFor(lang string) (regular, bold fyne.Resource) {
	f := families()[familyFor(lang)]
	return f.regular, f.bold
}

// LineHeightScale reports how much taller a line of text in lang is than a line of Latin
// text at the same text size: 1 for the Latin and Ethiopic fonts, about 1.55 for Arabic
// and 1.84 for Nastaliq, whose letters climb and descend far from the baseline.
// canvas.Text already measures its height from its own font, so widgets sized by
// MinSize need nothing; use this where a layout reserves height before it has the text
// (a fixed row, a tile sized for two lines).
func LineHeightScale(lang string) float32 {
	return lineHeights()[familyFor(lang)]
}

var lineHeights = sync.OnceValue(func() map[string]float32 {
	height := func(res fyne.Resource) float32 {
		face := parse(res)
		if face == nil {
			return 0
		}
		ext, _ := face.FontHExtents()
		return (ext.Ascender - ext.Descender + ext.LineGap) / float32(face.Upem())
	}
	fams := families()
	latin := height(fams["Sans"].regular)
	m := map[string]float32{}
	for name, f := range fams {
		m[name] = 1
		if h := height(f.regular); h > 0 && latin > 0 {
			m[name] = h / latin
		}
	}
	return m
})

// FontCovers reports whether the font in res has a glyph for r, as Fyne's text shaper
// looks it up. A rune a font does not cover is drawn from some other font, or as a box,
// which tests of translations use this to catch.
func FontCovers(res fyne.Resource, r rune) bool {
	face := parse(res)
	if face == nil {
		return false
	}
	_, ok := face.NominalGlyph(r)
	return ok
}

type faceKey struct {
	name string
	size int
}

// faces caches parsed fonts: FontCovers is called for every rune of every message.
var faces sync.Map // faceKey → *font.Face, or nil if the resource is not a font

func parse(res fyne.Resource) *font.Face {
	key := faceKey{res.Name(), len(res.Content())}
	if f, ok := faces.Load(key); ok {
		return f.(*font.Face)
	}
	face, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		face = nil
	}
	faces.Store(key, face)
	return face
}
