package screens

import (
	"fyne.io/fyne/v2"

	"skranke/assets"
	"skranke/i18n"
)

// fontsFor returns the bundled fonts and the line-height scale for a language. Each
// font covers its script together with Latin, digits and punctuation, so a right-to-left
// line never switches font in the middle (which would split it into runs again).
func fontsFor(code string) (regular, bold fyne.Resource, lineScale float32) {
	regular, bold = assets.FontFor(code)
	return regular, bold, assets.LineHeightScale(code)
}

// visualRTL puts one logical line of a right-to-left language in the order Fyne must
// draw it: Fyne shapes each run right to left but lays the runs out left to right, so
// the runs are reordered here, exactly once, at the widget boundary.
func visualRTL(s string) string { return i18n.VisualDir(s, true) }
