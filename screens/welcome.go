package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"skranke/i18n"
)

// welcomeScreen is the first screen: a grid of languages, each written in itself, and
// a privacy line that goes round all the languages shown.
type welcomeScreen struct {
	k       *Kiosk
	langs   []*choice
	privacy *fyne.Container
}

func (w *welcomeScreen) build() fyne.CanvasObject {
	k := w.k
	k.newTargets()
	var cells []fyne.CanvasObject
	for _, code := range k.site.Languages {
		l := i18n.Lookup(code)
		c := newChoice("lang:"+code, nil, l.Endonym(), l.DanishName(), scriptFor(l), func() { k.chooseLanguage(code) })
		if l.IsSource() {
			c.sub = ""
		}
		c.vertical = true
		c.minSize = fyne.NewSize(240, 110)
		k.register(c.id, c)
		w.langs = append(w.langs, c)
		cells = append(cells, c)
	}
	cols := 4
	if len(cells) <= 6 {
		cols = 3
	}
	title := container.NewVBox(
		newPara(scriptFor(danishLang), danishLang.T("welcome.title"), sizeTitle, true, colInk, 1200).centered(),
		newPara(scriptFor(danishLang), welcomeChoose(k.site.Languages), sizeBody, false, colInkSoft, 1200).centered(),
	)
	w.privacy = container.NewStack()
	w.showPrivacy(0)
	body := container.NewBorder(nil, w.privacy, nil, nil, container.NewGridWithColumns(cols, cells...))
	return k.page(title, body, nil)
}

// welcomeChoose is "choose your language" in Danish and, when offered, English: the
// one line on Welcome that is not in one chosen language.
func welcomeChoose(langs []string) string {
	s := danishLang.T("welcome.choose")
	for _, c := range langs {
		if c == "en" {
			s += " · " + i18n.Lookup("en").T("welcome.choose")
		}
	}
	return s
}

// showPrivacy shows the privacy line in the n-th language the site offers.
func (w *welcomeScreen) showPrivacy(n int) {
	codes := w.k.site.Languages
	l := i18n.Lookup(codes[n%len(codes)])
	s := scriptFor(l)
	bg := canvas.NewRectangle(colNotice)
	bg.CornerRadius = 10
	line := newPara(s, l.T("welcome.privacy"), sizeBody, false, colInk, 1200).centered()
	w.privacy.Objects = []fyne.CanvasObject{bg, container.NewPadded(container.NewVBox(layout.NewSpacer(), line, layout.NewSpacer()))}
	w.privacy.Refresh()
}
