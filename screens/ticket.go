package screens

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/assets"
)

// ticketScreen shows the resident their number, the estimated wait, what to have ready
// as pictures, and a handoff code to take along (QR and short code), so a resident
// who must leave can come back without starting over; and when desks open next.
type ticketScreen struct {
	k      *Kiosk
	t      app.Ticket
	code   handoff.Code // zero when no code could be made: the ticket shows none
	number *canvas.Text
	qr     *canvas.Image // nil without a code
	short  *canvas.Text  // nil without a code
}

func (ts *ticketScreen) build() fyne.CanvasObject {
	k := ts.k
	k.newTargets()
	s := scriptFor(k.lang)
	n := strconv.Itoa(ts.t.Visit.Ticket)

	// The number in Western digits, in its own left-to-right text: never reordered.
	ts.number = canvas.NewText(n, colInk)
	ts.number.TextSize = sizeHuge
	ts.number.TextStyle = fyne.TextStyle{Bold: true}
	ts.number.Alignment = fyne.TextAlignCenter
	numbers := container.NewHBox(ts.number)
	if native, ok := k.lang.Digits(n); ok {
		// The same number in the language's own digits, beside it, in the
		// language's font.
		nt := canvas.NewText(native, colInk)
		nt.TextSize = sizeHuge * 0.6
		nt.TextStyle = fyne.TextStyle{Bold: true}
		nt.FontSource = s.font(true)
		numbers.Add(container.NewVBox(layout.NewSpacer(), nt, layout.NewSpacer()))
	}
	left := container.NewVBox(k.bilingual("ticket.title", sizeLarge, true), container.NewCenter(numbers))
	left.Add(k.waitLine(ts.t))
	left.Add(k.bilingual("ticket.board", sizeBody, false))

	middle := container.NewVBox(k.bilingual("ticket.ready", sizeLarge, true), ts.readyList())
	// Done sits under the code, so the whole height is left for the list of things.
	done := k.navButton("nav:done", "done", "nav.done", true, k.reset)
	done.minSize = fyne.NewSize(qrSize, minTarget)
	right := container.NewBorder(nil, done, nil, nil, ts.codeBox())

	// The number and the code keep their width; the list of things takes the rest.
	left = container.NewStack(fixedWidth(360), left)
	right = container.NewStack(fixedWidth(codeColumn), right)
	if k.lang.RTL() {
		left, right = right, left
	}
	body := container.NewBorder(nil, nil, left, right, container.NewPadded(middle))
	return k.page(layout.NewSpacer(), body, nil)
}

// readyList draws the things to have ready as pictures with their names.
func (ts *ticketScreen) readyList() fyne.CanvasObject {
	k := ts.k
	if len(ts.t.Ready) == 0 {
		return k.bilingual("ticket.nothing_ready", sizeBody, false)
	}
	var cells []fyne.CanvasObject
	for _, it := range ts.t.Ready {
		key := "item." + string(it)
		sub := ""
		if !k.lang.IsSource() {
			sub = danishLang.T(key)
		}
		c := newChoice("item:"+string(it), assets.Pictogram(string(it)), k.lang.T(key), sub, scriptFor(k.lang), nil)
		c.iconSize = 44
		c.textSize = sizeBody - 2
		c.minSize = fyne.NewSize(240, 64)
		cells = append(cells, c)
	}
	if len(cells) <= 4 {
		return container.NewVBox(cells...)
	}
	if k.lang.RTL() {
		cells = mirrorRows(cells, 2)
	}
	return container.New(newRowGrid(2), cells...)
}

// waitLine says about how long the wait is, or that the resident will be called soon
// when there is too little to go on.
func (k *Kiosk) waitLine(t app.Ticket) fyne.CanvasObject {
	if !t.WaitKnown {
		return k.bilingual("ticket.wait_unknown", sizeLarge, false)
	}
	m := app.RoundWait(t.Wait)
	if m == 0 {
		return k.bilingual("ticket.next", sizeLarge, true)
	}
	return k.bilingualf("ticket.wait", sizeLarge, true, m)
}

// bilingual is a message in the resident's language with the Danish under it, centred.
func (k *Kiosk) bilingual(key string, size float32, bold bool) fyne.CanvasObject {
	return k.bilingualf(key, size, bold)
}

func (k *Kiosk) bilingualf(key string, size float32, bold bool, args ...any) fyne.CanvasObject {
	box := container.NewVBox(newPara(scriptFor(k.lang), k.lang.T(key, args...), size, bold, colInk, 600).centered())
	if !k.lang.IsSource() {
		box.Add(newPara(scriptFor(danishLang), danishLang.T(key, args...), sizeSmall, false, colInkSoft, 600).centered())
	}
	return box
}

// qrSize is the most the ticket's QR code may take on screen. A handoff code (about
// 100 characters, version 5 at level M: 37 modules and a 4-module quiet zone each
// side, 45 in all) is drawn at 5 units a module, 225 units wide (codeQR).
const qrSize = 230

// fixedWidth is an invisible strut that gives a column its width.
func fixedWidth(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return r
}
