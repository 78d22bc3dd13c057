package screens

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/assets"
	"skranke/i18n"
)

// ScreenCode is where a returning resident enters a handoff code.
const ScreenCode = "code"

// maxCodeInput bounds what the entry keeps: a scanned code is about 120 characters; a
// scanner stuck on repeat must not grow the line without end.
const maxCodeInput = 200

// codeKeyRows is the on-screen keyboard: digits, then the Latin letters as on a
// keyboard, which residents who know a phone's keyboard find fastest. The printed
// short codes never use I, L, O or U; typing I, L or O still works (they read as 1, 1
// and 0), and there is nothing else to type.
var codeKeyRows = []string{"1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"}

// codeScreen takes a handoff code: the 8 characters of a short code typed on its
// on-screen keyboard, or a code's full text typed by a USB barcode scanner, which acts
// as a keyboard and ends with Enter (Kiosk.TypedRune and TypedKey bring its keys
// here). The resident's language is not known yet, so the screen speaks Danish and
// English and shows the code pictogram; after a refusal of a code whose language is
// known (an expired one), the message is in that language.
type codeScreen struct {
	k    *Kiosk
	text string // what has been typed or scanned, letters in upper case
	busy bool   // a code is being read: input waits

	display *canvas.Text
	body    *fyne.Container // the keyboard, or the message after a refusal
	keys    *fyne.Container
	ok      *choice
	refused bool // the message is up
}

// codeLangs returns the two languages the code screen speaks before it knows the
// resident's: Danish, and English under it.
func codeLangs() (i18n.Lang, i18n.Lang) { return danishLang, i18n.Lookup("en") }

func (c *codeScreen) build() fyne.CanvasObject {
	k := c.k
	k.newTargets()
	da, en := codeLangs()
	title := container.NewVBox(
		newPara(scriptFor(da), da.T("code.title"), sizeTitle, true, colInk, 1000).centered(),
		newPara(scriptFor(en), en.T("code.title"), sizeLarge, false, colInk, 1000).centered(),
		newPara(scriptFor(da), da.T("code.hint"), sizeSmall, false, colInkSoft, 1100).centered(),
		newPara(scriptFor(en), en.T("code.hint"), sizeSmall, false, colInkSoft, 1100).centered(),
	)
	top := container.NewBorder(nil, nil, container.NewCenter(picto("code", 88)), nil, title)

	c.display = canvas.NewText("", colInk)
	c.display.TextSize = sizeTitle + 14
	c.display.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
	c.display.Alignment = fyne.TextAlignCenter
	bg := canvas.NewRectangle(colCard)
	bg.CornerRadius = 12
	bg.StrokeColor, bg.StrokeWidth = colBorder, 2
	field := container.NewStack(bg, minBox(640, 76), c.display)

	c.keys = c.keyboard()
	c.body = container.NewStack(c.keys)
	back := bilingualButton(k, "nav:back", "back", "nav.back", false, k.reset)
	c.ok = bilingualButton(k, "code:ok", "done", "code.ok", true, c.onSubmit)
	c.refresh()
	middle := container.NewBorder(container.NewCenter(field), nil, nil, nil, container.NewPadded(c.body))
	return k.page(top, middle, k.navBar(back, nil, c.ok))
}

// keyboard builds the on-screen keys, each at least minKey on a side.
func (c *codeScreen) keyboard() *fyne.Container {
	k := c.k
	rows := container.NewVBox()
	key := func(id, label string, icon fyne.Resource, w float32, tap func()) *choice {
		ch := newChoice(id, icon, label, "", scriptFor(danishLang), func() { k.touched(); tap() })
		ch.vertical = icon == nil
		ch.textSize = sizeTitle
		ch.iconSize = 40
		ch.minSize = fyne.NewSize(w, codeKeySize.Height)
		k.register(id, ch)
		return ch
	}
	for i, row := range codeKeyRows {
		var cells []fyne.CanvasObject
		for _, r := range row {
			cells = append(cells, key("key:"+string(r), string(r), nil, codeKeySize.Width, func() { c.add(string(r)) }))
		}
		if i == len(codeKeyRows)-1 {
			da, en := codeLangs()
			erase := key("key:erase", da.T("code.erase"), assets.Pictogram("back"), 2*codeKeySize.Width, c.onErase)
			erase.sub = en.T("code.erase")
			erase.textSize = sizeBody
			clear := key("key:clear", da.T("code.clear"), nil, 1.6*codeKeySize.Width, c.onClear)
			clear.sub = en.T("code.clear")
			clear.textSize = sizeBody
			cells = append(cells, erase, clear)
		}
		rows.Add(container.NewCenter(container.NewHBox(cells...)))
	}
	return rows
}

// codeKeySize is one letter key: well over the 64 units a finger needs.
var codeKeySize = fyne.NewSize(100, 74)

// bilingualButton is a way-on button of the code screen: its word in Danish, with
// English under it (the resident's language is not known yet).
func bilingualButton(k *Kiosk, id, icon, key string, primary bool, onTap func()) *choice {
	da, en := codeLangs()
	sub := en.T(key)
	if sub == da.T(key) {
		sub = "" // "OK" once is enough
	}
	c := newChoice(id, assets.Pictogram(icon), da.T(key), sub, scriptFor(da), func() {
		k.touched()
		onTap()
	})
	c.primary = primary
	c.textSize = sizeBody + 2
	c.minSize = fyne.NewSize(300, minTarget)
	k.register(id, c)
	return c
}

// refresh shows what has been typed and whether OK can be pressed.
func (c *codeScreen) refresh() {
	c.display.Text, c.display.Color = displayCode(c.text), colInk
	if c.text == "" {
		c.display.Text, c.display.Color = "····-····", colInkSoft
	}
	if c.busy {
		c.display.Text = danishLang.T("code.checking")
	}
	c.display.Refresh()
	c.ok.Hidden = c.busy || c.refused
	c.ok.Refresh()
}

// displayCode shows a short code as it is printed, in two groups of four, and a
// scanned code by its start only: 120 characters do not fit, and mean nothing to read.
func displayCode(s string) string {
	if handoff.IsCodeText(s) {
		if len(s) > 14 {
			return s[:14] + "…"
		}
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '-' || r == ' ' {
			continue
		}
		if n == 4 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// add types s at the end of the code.
func (c *codeScreen) add(s string) {
	if c.busy {
		return
	}
	if c.refused {
		c.onRetry()
	}
	if len(c.text)+len(s) > maxCodeInput {
		return
	}
	c.text += s
	c.refresh()
}

func (c *codeScreen) onErase() {
	if c.busy || c.text == "" {
		return
	}
	r := []rune(c.text)
	c.text = string(r[:len(r)-1])
	c.refresh()
}

func (c *codeScreen) onClear() {
	if c.busy {
		return
	}
	c.text = ""
	c.refresh()
}

// typedRune takes a key from a keyboard or a scanner. Letters are upper-cased as the
// codes are printed; anything else a scanner sends is kept for the decoder to judge,
// so a scanner set to the wrong keyboard country is refused as malformed (and logged)
// rather than silently dropped.
func (c *codeScreen) typedRune(r rune) {
	c.k.touched()
	if unicode.IsControl(r) {
		return
	}
	c.add(string(unicode.ToUpper(r)))
}

func (c *codeScreen) typedKey(ev *fyne.KeyEvent) {
	c.k.touched()
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.onSubmit()
	case fyne.KeyBackspace:
		c.onErase()
	case fyne.KeyEscape:
		c.onClear()
	}
}

// onSubmit reads the code off the UI goroutine: a short code is a database read.
func (c *codeScreen) onSubmit() {
	k := c.k
	if c.busy || c.refused || strings.TrimSpace(c.text) == "" {
		return
	}
	if k.handoffs == nil {
		k.log.Error("handoff code entered, but this kiosk has no handoff service")
		c.showRefusal(app.Errorf(app.EConfig, "no handoff service"), handoff.Context{})
		return
	}
	input := c.text
	c.busy = true
	c.refresh()
	k.bg.Add(1)
	go func() {
		defer k.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hc, err := k.handoffs.Resolve(ctx, input)
		onUI(func() {
			if k.code != c || k.current != ScreenCode {
				return // the kiosk went back to Welcome meanwhile
			}
			c.busy = false
			if err != nil {
				// Staff see why; the resident sees a calm message and a way on.
				k.log.Warn("handoff code refused", "code", app.ErrorCode(err), "err", err, "length", len(input))
				c.showRefusal(err, hc)
				return
			}
			k.log.Info("handoff code accepted", "site", hc.Site, "issued", hc.Issued.Format(time.DateOnly),
				"lang", hc.Lang, "topics", hc.Topics, "next", hc.Next, "case", hc.CaseID)
			k.restore(hc)
		})
	}()
}

// refusalKey returns the message for a refused code.
func refusalKey(err error) string {
	switch code := app.ErrorCode(err); code {
	case handoff.EMalformed, handoff.EVersion, handoff.EForeign, handoff.ETampered, handoff.EExpired, handoff.EUnknownShort:
		return "code.error." + code
	case app.EStorage:
		return "error.storage"
	}
	return "error.generic"
}

// showRefusal replaces the keyboard with a calm message and two ways on: try again,
// or start over by choosing a language. The message is in the code's language when
// the code said it (an expired code), else in Danish and English.
func (c *codeScreen) showRefusal(err error, hc handoff.Context) {
	k := c.k
	c.refused = true
	c.text = ""
	main, sub := codeLangs()
	if hc.Lang != "" && i18n.Known(hc.Lang) {
		main, sub = i18n.Lookup(hc.Lang), danishLang
	}
	key := refusalKey(err)
	msg := container.NewVBox(newPara(scriptFor(main), main.T(key), sizeLarge, true, colInk, 900).centered())
	if main.Code() != sub.Code() {
		msg.Add(newPara(scriptFor(sub), sub.T(key), sizeBody, false, colInkSoft, 900).centered())
	}
	button := func(id, icon, key string, primary bool, tap func()) *choice {
		title, under := main.T(key), sub.T(key)
		if main.Code() == sub.Code() {
			under = ""
		}
		b := newChoice(id, assets.Pictogram(icon), title, under, scriptFor(main), func() { k.touched(); tap() })
		b.primary = primary
		b.textSize = sizeBody + 2
		b.minSize = fyne.NewSize(360, minTarget)
		k.register(id, b)
		return b
	}
	// The keys are gone while the message is up; a scanner's next code still comes in.
	for id := range k.targets {
		if strings.HasPrefix(id, "key:") {
			delete(k.targets, id)
		}
	}
	retry := button("code:retry", "code", "code.try_again", true, c.onRetry)
	lang := button("code:language", "language", "code.choose_language", false, k.reset)
	ways := []fyne.CanvasObject{retry, lang}
	if main.RTL() {
		slices.Reverse(ways)
	}
	bg := canvas.NewRectangle(colNotice)
	bg.CornerRadius = 12
	bg.StrokeColor, bg.StrokeWidth = colBorder, 2
	card := container.NewStack(bg, container.NewPadded(container.NewVBox(
		container.NewCenter(picto("code", 72)), msg, fixedHeight(12),
		container.NewCenter(container.NewHBox(ways...)))))
	c.body.Objects = []fyne.CanvasObject{container.NewVBox(layout.NewSpacer(), card, layout.NewSpacer())}
	c.body.Refresh()
	c.refresh()
}

// onRetry puts the keyboard back, empty.
func (c *codeScreen) onRetry() {
	k := c.k
	c.refused = false
	c.text = ""
	delete(k.targets, "code:retry")
	delete(k.targets, "code:language")
	c.keys = c.keyboard()
	c.body.Objects = []fyne.CanvasObject{c.keys}
	c.body.Refresh()
	c.refresh()
}

// fixedHeight is an invisible strut that keeps a gap.
func fixedHeight(h float32) fyne.CanvasObject { return minBox(0, h) }

// openCode shows the code entry.
func (k *Kiosk) openCode() {
	k.touched()
	k.code = &codeScreen{k: k}
	k.show(ScreenCode, k.code.build)
}

// TypedRune takes a key from the window's keyboard, or from a USB barcode scanner
// that types like one; wire it to the window canvas's SetOnTypedRune. On the code
// entry it types; on Welcome a key opens the entry with it, so a resident can scan
// their code without finding the button first; elsewhere it is ignored.
func (k *Kiosk) TypedRune(r rune) {
	switch k.current {
	case ScreenWelcome:
		if k.handoffs != nil && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			k.openCode()
			k.code.typedRune(r)
		}
	case ScreenCode:
		k.code.typedRune(r)
	}
}

// TypedKey takes Enter, Backspace and Escape for the code entry; see TypedRune.
func (k *Kiosk) TypedKey(ev *fyne.KeyEvent) {
	if k.current == ScreenCode {
		k.code.typedKey(ev)
	}
}

// restore starts a returning resident's visit from a code: its language and topics,
// the answers its flags stand for, marked returning. Then the questions the code does
// not answer, or, with none left, straight to the ticket. Topics this site does not
// offer are dropped ("something else" if none is left); a language it does not offer
// sends the resident to the language grid with the rest kept.
func (k *Kiosk) restore(hc handoff.Context) {
	k.returning = true
	k.caseID = hc.CaseID
	k.topics = nil
	for _, t := range hc.Topics {
		if k.site.ShowsTopic(t) {
			k.topics = append(k.topics, t)
		}
	}
	if len(k.topics) == 0 {
		k.topics = []app.TopicID{app.TopicOther}
	}
	k.answers = map[app.QuestionID]app.Answer{}
	k.settled = map[app.QuestionID]bool{}
	restricted := hc
	restricted.Topics = k.topics
	for q, a := range restricted.Answers(k.cat) {
		k.answers[q], k.settled[q] = a, true
	}
	if !slices.Contains(k.site.Languages, hc.Lang) || !i18n.Known(hc.Lang) {
		k.log.Info("handoff code in a language this site does not offer; the resident chooses", "lang", hc.Lang)
		k.lang = danishLang
		k.welcome = &welcomeScreen{k: k}
		k.show(ScreenWelcome, k.welcome.build)
		return
	}
	k.lang = i18n.Lookup(hc.Lang)
	k.afterTopics()
}

// toAsk returns the questions to put to the resident: those the topics ask, without
// the ones a handoff code already answered.
func (k *Kiosk) toAsk() []app.Question {
	var qs []app.Question
	for _, q := range k.asked() {
		if !k.settled[q.ID] {
			qs = append(qs, q)
		}
	}
	return qs
}

func (c *codeScreen) setBusy(on bool) {
	c.busy = on
	c.refresh()
}

// issueTicketCode makes the handoff code for a fresh ticket, on the check-in's
// goroutine: the visit's context with next step "none" (come back when you need to),
// and the case id of the code the resident came with, if any. It does nothing when
// the check-in failed or the kiosk has no handoff service.
func (k *Kiosk) issueTicketCode(ctx context.Context, t app.Ticket, checkInErr error, caseID handoff.CaseID) (handoff.Code, error) {
	if checkInErr != nil || k.handoffs == nil {
		return handoff.Code{}, nil
	}
	hc := handoff.FromVisit(t.Visit, handoff.NextNone)
	hc.CaseID = caseID
	return k.handoffs.Issue(ctx, hc)
}
