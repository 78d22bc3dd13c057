package screens

import "fyne.io/fyne/v2"

// fontsFor returns the fonts and line-height scale for a language. Until the bundled
// Noto fonts are wired in, every language uses the theme's font.
func fontsFor(code string) (regular, bold fyne.Resource, lineScale float32) {
	return nil, nil, 1
}

// visualRTL puts a right-to-left line in drawing order.
func visualRTL(s string) string { return s }
