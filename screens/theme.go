package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colours of the kiosk. Every text colour has a contrast of at least 4.5:1 on the
// background it is drawn on (checked in theme_test.go); state is never shown by colour
// alone, a selected choice also gets a thicker border and a check mark.
var (
	colBackground = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colInk        = color.NRGBA{R: 0x11, G: 0x14, B: 0x18, A: 0xff}
	colInkSoft    = color.NRGBA{R: 0x4a, G: 0x4f, B: 0x57, A: 0xff} // the small Danish line
	colCard       = color.NRGBA{R: 0xf1, G: 0xf3, B: 0xf6, A: 0xff}
	colBorder     = color.NRGBA{R: 0x6b, G: 0x72, B: 0x80, A: 0xff}
	colPrimary    = color.NRGBA{R: 0x0b, G: 0x5c, B: 0xad, A: 0xff}
	colOnPrimary  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colSelected   = color.NRGBA{R: 0xdd, G: 0xea, B: 0xfa, A: 0xff}
	colUrgent     = color.NRGBA{R: 0xa3, G: 0x1d, B: 0x1d, A: 0xff}
	colNotice     = color.NRGBA{R: 0xff, G: 0xf4, B: 0xd6, A: 0xff}
)

// Text sizes, in Fyne units (1 unit is 1 px at scale 1.0).
const (
	sizeHuge   = 180 // the ticket number
	sizeTitle  = 34
	sizeLarge  = 28
	sizeBody   = 24
	sizeSmall  = 18 // the Danish line under the resident's language
	sizeCorner = 16
)

// kioskTheme is a light, high-contrast theme with large text, used for every window.
type kioskTheme struct{ fyne.Theme }

func newKioskTheme() fyne.Theme { return kioskTheme{theme.DefaultTheme()} }

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		return colBackground
	case theme.ColorNameForeground:
		return colInk
	case theme.ColorNamePrimary, theme.ColorNameFocus:
		return colPrimary
	case theme.ColorNameForegroundOnPrimary:
		return colOnPrimary
	case theme.ColorNameButton:
		return colCard
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return colInkSoft
	case theme.ColorNameSeparator, theme.ColorNameInputBorder:
		return colBorder
	case theme.ColorNameError:
		return colUrgent
	}
	return t.Theme.Color(n, theme.VariantLight)
}

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return sizeBody
	case theme.SizeNameHeadingText:
		return sizeTitle
	case theme.SizeNameSubHeadingText:
		return sizeLarge
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNamePadding:
		return 8
	}
	return t.Theme.Size(n)
}

// Theme returns the kiosk's theme, for the whole app.
func Theme() fyne.Theme { return newKioskTheme() }
