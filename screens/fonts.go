package screens

import (
	"fyne.io/fyne/v2"

	"skranke/assets"
	"skranke/i18n"
)

// fontsFor returns the bundled fonts for a language and the most a wrapped line may
// advance, in text sizes. Each font covers its script together with Latin, digits and
// punctuation, so a right-to-left line never switches font in the middle (which would
// split it into runs again).
//
// canvas.Text measures a line from its font's full extent, which for Arabic (about 2.1
// em) and Nastaliq (about 2.6 em) reserves room for the rarest stacked marks; between
// the lines of a paragraph that leaves gaps a reader sees as separate texts. Lines
// therefore advance by at most 1.7 em (Arabic) and 2.0 em (Nastaliq), the spacing those
// scripts are set with in print; the last line keeps its full height.
func fontsFor(code string) (regular, bold fyne.Resource, lead float32) {
	regular, bold = assets.FontFor(code)
	switch scale := assets.LineHeightScale(code); {
	case scale > 1.7:
		return regular, bold, 2.0
	case scale > 1.2:
		return regular, bold, 1.7
	}
	return regular, bold, 0 // no limit: Latin, Cyrillic and Ethiopic lines are set as measured
}

// visualRTL puts one logical line of a right-to-left language in the order Fyne must
// draw it: Fyne shapes each run right to left but lays the runs out left to right, so
// the runs are reordered here, exactly once, at the widget boundary.
func visualRTL(s string) string { return i18n.VisualDir(s, true) }
