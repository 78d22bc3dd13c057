package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"skranke/assets"
	"skranke/i18n"
)

// welcomeScreen is the first screen: a grid of languages, each written in itself, and
// a privacy line that goes round all the languages shown.
type welcomeScreen struct {
	k       *Kiosk
	langs   []*choice
	privacy *fyne.Container
	shown   []string // the languages on the grid
	line    int      // which of them the privacy line is in
	logo    *siteLogo
}

// privacySeconds is how long the privacy line stays in one language.
const privacySeconds = 4

func (w *welcomeScreen) build() fyne.CanvasObject {
	k := w.k
	k.newTargets()
	var cells []fyne.CanvasObject
	for _, code := range k.languages {
		if !i18n.Known(code) {
			k.log.Warn("site offers a language without translations; not shown", "lang", code)
			continue
		}
		l := i18n.Lookup(code)
		c := newChoice("lang:"+code, nil, l.Endonym(), l.DanishName(), scriptFor(l), func() { k.chooseLanguage(code) })
		if l.IsSource() {
			c.sub = ""
		}
		c.vertical = true
		c.minSize = fyne.NewSize(240, 110)
		k.register(c.id, c)
		w.shown = append(w.shown, code)
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
	// The site logo sits in the top corner; a long press on it is the staff's way in.
	w.logo = k.logo()
	title = container.NewStack(title, container.NewHBox(container.NewVBox(w.logo)))
	w.privacy = container.NewStack()
	w.showPrivacy(0)
	bottom := container.NewVBox(w.privacy)
	if code := w.codeButton(); code != nil {
		bottom.Objects = []fyne.CanvasObject{container.NewCenter(code), w.privacy}
	}
	body := container.NewBorder(nil, bottom, nil, nil, container.NewGridWithColumns(cols, cells...))
	return k.page(title, body, nil)
}

// codeButton is "I have a code", for a resident who comes back with a handoff code.
// The language is not chosen yet, so it says it in Danish and English beside the QR
// pictogram, which a resident who reads neither knows from the paper or phone in
// their hand. Without a handoff service there is no button.
func (w *welcomeScreen) codeButton() *choice {
	k := w.k
	if k.handoffs == nil {
		return nil
	}
	en := i18n.Lookup("en")
	c := newChoice("welcome:code", assets.Pictogram("code"), danishLang.T("welcome.code"), en.T("welcome.code"), scriptFor(danishLang), k.openCode)
	c.iconSize = 64
	c.textSize = sizeBody + 2
	c.minSize = fyne.NewSize(460, minTarget)
	k.register(c.id, c)
	return c
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

// rotatePrivacy moves the privacy line on to the next language every privacySeconds.
func (w *welcomeScreen) rotatePrivacy(since time.Duration) {
	if n := int(since / (privacySeconds * time.Second)); n != w.line {
		w.showPrivacy(n)
	}
}

// showPrivacy shows the privacy line in the n-th language of the grid.
func (w *welcomeScreen) showPrivacy(n int) {
	w.line = n
	if len(w.shown) == 0 {
		return
	}
	l := i18n.Lookup(w.shown[n%len(w.shown)])
	s := scriptFor(l)
	bg := canvas.NewRectangle(colNotice)
	bg.CornerRadius = 10
	line := newPara(s, l.T("welcome.privacy"), sizeBody, false, colInk, 1200).centered()
	w.privacy.Objects = []fyne.CanvasObject{bg, container.NewPadded(container.NewVBox(layout.NewSpacer(), line, layout.NewSpacer()))}
	w.privacy.Refresh()
}
