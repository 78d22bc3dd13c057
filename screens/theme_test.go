package screens

import (
	"image/color"
	"math"
	"testing"
)

// contrast returns the WCAG 2 contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			s := float64(v) / 0xffff
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Every text colour the kiosk uses has a contrast of at least 4.5:1 on every background
// it is drawn on (WCAG AA for normal text).
func TestContrast(t *testing.T) {
	tests := []struct {
		name   string
		fg, bg color.Color
	}{
		{"InkOnBackground", colInk, colBackground},
		{"InkOnCard", colInk, colCard},
		{"InkOnSelected", colInk, colSelected},
		{"InkOnNotice", colInk, colNotice},
		{"DanishOnBackground", colInkSoft, colBackground},
		{"DanishOnCard", colInkSoft, colCard},
		{"DanishOnSelected", colInkSoft, colSelected},
		{"DanishOnNotice", colInkSoft, colNotice},
		{"OnPrimary", colOnPrimary, colPrimary},
		{"UrgentOnBackground", colUrgent, colBackground},
		{"UrgentOnCard", colUrgent, colCard},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c := contrast(tt.fg, tt.bg); c < 4.5 {
				t.Errorf("contrast %.2f:1, want at least 4.5:1", c)
			}
		})
	}
	// The selection border is a non-text element: at least 3:1 against the card.
	if c := contrast(colPrimary, colCard); c < 3 {
		t.Errorf("selected border contrast %.2f:1, want at least 3:1", c)
	}
}
