package screens

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"skranke/assets"
)

// The resident flow's steps, for the progress row.
var flowSteps = []string{ScreenWelcome, ScreenTopics, ScreenQuestions, ScreenTicket}

// header is a screen's title in the resident's language, with Danish small under it,
// and an optional hint line.
func (k *Kiosk) header(titleKey, hintKey string) fyne.CanvasObject {
	s := scriptFor(k.lang)
	box := container.NewVBox(newPara(s, k.lang.T(titleKey), sizeTitle, true, colInk, 1200).centered())
	if !k.lang.IsSource() {
		box.Add(newPara(scriptFor(danishLang), danishLang.T(titleKey), sizeSmall, false, colInkSoft, 1200).centered())
	}
	if hintKey != "" {
		box.Add(newPara(s, k.lang.T(hintKey), sizeSmall+2, false, colInk, 1200).centered())
	}
	return box
}

// progress draws where the resident is in the flow: a filled circle for each step done
// or current, an outline for the ones to come (shape, not colour, carries the state).
// It runs right to left for right-to-left languages.
func (k *Kiosk) progress(current string) fyne.CanvasObject {
	var dots []fyne.CanvasObject
	reached := true
	for _, step := range flowSteps {
		c := canvas.NewCircle(color.Transparent)
		c.StrokeColor, c.StrokeWidth = colPrimary, 3
		if reached {
			c.FillColor = colPrimary
		}
		if step == current {
			reached = false
		}
		dots = append(dots, container.NewGridWrap(fyne.NewSize(22, 22), c))
	}
	if k.lang.RTL() {
		for i, j := 0, len(dots)-1; i < j; i, j = i+1, j-1 {
			dots[i], dots[j] = dots[j], dots[i]
		}
	}
	return container.NewHBox(dots...)
}

// navButton makes a button of the bottom bar: a pictogram and a short word.
func (k *Kiosk) navButton(id, icon, key string, primary bool, onTap func()) *choice {
	sub := ""
	if !k.lang.IsSource() {
		sub = danishLang.T(key)
	}
	if k.lang.RTL() {
		// Forward is to the left in a right-to-left language, back to the right.
		switch icon {
		case "next":
			icon = "back"
		case "back":
			icon = "next"
		}
	}
	c := newChoice(id, assets.Pictogram(icon), k.lang.T(key), sub, scriptFor(k.lang), func() {
		k.touched()
		onTap()
	})
	c.primary = primary
	c.textSize = sizeBody + 2
	c.minSize = fyne.NewSize(300, minTarget)
	k.register(id, c)
	return c
}

// navBar lays out the way back and the way on: Back at the start of the reading
// direction, on the left for left-to-right languages and on the right for
// right-to-left ones; the way on at the other end.
func (k *Kiosk) navBar(back, middle, next fyne.CanvasObject) fyne.CanvasObject {
	if k.lang.RTL() {
		back, next = next, back
	}
	items := []fyne.CanvasObject{}
	if back != nil {
		items = append(items, back)
	}
	items = append(items, layout.NewSpacer())
	if middle != nil {
		items = append(items, middle, layout.NewSpacer())
	}
	if next != nil {
		items = append(items, next)
	}
	return container.NewHBox(items...)
}

// page puts a screen together: header, progress, body filling the middle, nav bar.
func (k *Kiosk) page(top, body, bottom fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(colBackground)
	// The progress row sits in the header's top corner at the start of the reading
	// direction, so it costs no height of its own.
	corner := container.NewVBox(k.progress(k.current))
	switch {
	case k.current == ScreenWelcome:
		// The first step needs no progress, and its corner holds the site's logo.
	case !slices.Contains(flowSteps, k.current):
		// A screen beside the flow (the code entry) has no place in it to show.
	case k.lang.RTL():
		top = container.NewStack(top, container.NewBorder(nil, nil, nil, corner))
	default:
		top = container.NewStack(top, container.NewBorder(nil, nil, corner, nil))
	}
	return container.NewStack(bg, container.NewPadded(container.NewBorder(
		top,
		bottom, nil, nil,
		body,
	)))
}
