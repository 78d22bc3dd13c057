package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	qrcode "github.com/skip2/go-qrcode"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/assets"
	"skranke/i18n"
)

// The parts of a handoff code on screen, shared by the ticket and the counsellor's
// follow-up view: the QR symbol, the short code, and where and when desks open next.

// codeQR draws a code's text as a QR symbol at most maxSide units wide. The side is a
// whole number of units per module (quiet zone included), and the image is drawn at
// four pixels per unit and scaled down by pixels, so at scale 1 and 2 every module is
// a sharp square of whole pixels: what a phone's camera needs from a photo of the
// screen. It also returns the symbol's width in modules.
func codeQR(text string, maxSide float32) (*canvas.Image, int) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		// The codes are short and alphanumeric; this cannot happen with what Seal makes.
		img := canvas.NewImageFromResource(assets.Pictogram("code"))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(maxSide, maxSide))
		return img, 0
	}
	modules := len(q.Bitmap())
	unit := max(1, int(maxSide)/modules)
	side := float32(unit * modules)
	img := canvas.NewImageFromImage(q.Image(-4 * unit))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSize(side, side))
	return img, modules
}

// shortCodeText draws a short code as printed, "ABCD-EFGH", in its own left-to-right
// text in the Latin font: the same in every language, never reordered.
func shortCodeText(c handoff.ShortCode, size float32) *canvas.Text {
	t := canvas.NewText(c.String(), colInk)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
	t.Alignment = fyne.TextAlignCenter
	return t
}

// openingLine says one opening in lang: "Tuesday 13:00–17:00 · Tingbjerg", with
// "today", "tomorrow" and "here" where they fit. Times are in Western digits, as
// every time in the messages is.
func openingLine(l i18n.Lang, o app.NextOpening, now time.Time) string {
	now = now.In(o.From.Location())
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	var day string
	switch o.From.Format(time.DateOnly) {
	case today.Format(time.DateOnly):
		day = l.T("day.today")
	case today.AddDate(0, 0, 1).Format(time.DateOnly):
		day = l.T("day.tomorrow")
	default:
		day = l.T(weekdayKeys[o.From.Weekday()])
	}
	where := o.Desk
	if o.Here {
		where = l.T("open.here")
	}
	// A no-break space keeps the day with its hours, and keeps the bidi reordering of a
	// right-to-left line that ends in a Latin desk name from moving the space to the
	// line's end (a plain space there is trailing white space, rule L1). The hours are
	// an isolate, so "12:00–17:00" reads from 12 to 17 in a right-to-left line too.
	return day + "\u00a0" + i18n.Isolate(o.From.Format("15:04")+"–"+o.To.Format("15:04")) + " · " + where
}

var weekdayKeys = [...]string{
	time.Sunday: "day.sunday", time.Monday: "day.monday", time.Tuesday: "day.tuesday", time.Wednesday: "day.wednesday",
	time.Thursday: "day.thursday", time.Friday: "day.friday", time.Saturday: "day.saturday",
}

// openingsBox lists the next n openings of this site and the municipality's other
// desks in lang, under a title (with Danish beneath it when danish is set: the ticket
// has no room for it); nothing when no opening is configured. Times and desk names
// read the same to a counsellor in any language.
func openingsBox(site app.Site, now time.Time, l i18n.Lang, size, width float32, n int, danish bool) fyne.CanvasObject {
	opens := app.NextOpenings(site, now, n)
	if len(opens) == 0 {
		return container.NewVBox()
	}
	s := scriptFor(l)
	box := container.NewVBox(newPara(s, l.T("open.title"), size, true, colInk, width))
	if danish && !l.IsSource() {
		d := newPara(scriptFor(danishLang), danishLang.T("open.title"), sizeSmall, false, colInkSoft, width)
		d.align = s.align()
		box.Add(d)
	}
	for _, o := range opens {
		box.Add(newPara(s, openingLine(l, o, now), size-2, false, colInk, width))
	}
	return box
}

// codeBox is the ticket's code column: the QR, the short code, and what to do with
// them. Without a code (none could be made, see the log) it is empty.
func (ts *ticketScreen) codeBox() fyne.CanvasObject {
	k := ts.k
	if ts.code.Text == "" {
		return container.NewVBox()
	}
	ts.qr, _ = codeQR(ts.code.Text, qrSize)
	ts.short = shortCodeText(ts.code.Short, sizeTitle)
	say := container.NewVBox(newPara(scriptFor(k.lang), k.lang.T("ticket.code"), sizeBody-2, false, colInk, codeColumn-10).centered())
	if !k.lang.IsSource() {
		say.Add(newPara(scriptFor(danishLang), danishLang.T("ticket.code"), sizeSmall-2, false, colInkSoft, codeColumn-10).centered())
	}
	opens := openingsBox(k.site, k.clock.Now(), k.lang, sizeSmall+2, codeColumn-10, 2, false)
	return container.NewVBox(container.NewCenter(ts.qr), ts.short, say, opens)
}

// codeColumn is the width of the ticket's code column: the QR, and lines of opening
// times that should not wrap.
const codeColumn = 300
