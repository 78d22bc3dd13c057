package screens

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"skranke/app"
	"skranke/assets"
	"skranke/i18n"
)

// FlashDuration is how long the board stays lit after a call or recall.
const FlashDuration = 1500 * time.Millisecond

// BoardConfig is what a call board needs.
type BoardConfig struct {
	Queue app.Queue
	Site  app.Site
	Log   *slog.Logger
	// Chimer plays the chime on each call and recall; nil is silent.
	Chimer Chimer
	// After runs f after d; nil means time.AfterFunc. Tests pass one that keeps f
	// until they call it, so a flash can be seen on and then ended without sleeping.
	// f must not run before After returns.
	After func(d time.Duration, f func())
}

// Board is the call board for the room: "17 → Table 2" in very large type, the last
// calls, and how many wait. Each call and recall lights the board for FlashDuration,
// shows "Called now" with a bell-like pictogram (so colour is not the only sign) and
// chimes. It follows the queue's subscription; it never polls.
type Board struct {
	cfg BoardConfig
	da  i18n.Lang
	en  i18n.Lang

	board   app.Board
	flashes int // flashes started, also the generation a flash's end must match
	lit     bool

	root    *fyne.Container
	now     *fyne.Container // the big call
	nowBg   *canvas.Rectangle
	badge   *fyne.Container
	recent  *fyne.Container
	waiting *fyne.Container

	// numberText and tableText are the big call's texts, for tests.
	numberText, tableText *canvas.Text

	stop   func()
	closed atomic.Bool
	seen   seenSeq
	bg     sync.WaitGroup
}

// NewBoard builds a board, subscribes it to the queue and loads the calls so far in
// the background. Close ends the subscription.
func NewBoard(cfg BoardConfig) *Board {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.After == nil {
		cfg.After = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	b := &Board{cfg: cfg, da: i18n.Lookup("da"), en: i18n.Lookup("en")}
	b.seen.init()
	b.root = container.NewStack(b.build())
	changes, stop := cfg.Queue.Subscribe()
	b.stop = stop
	go b.watch(changes)
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		b.reload(cfg.Queue.LastSeq(), false)
	}()
	return b
}

// Content is the board's canvas object.
func (b *Board) Content() fyne.CanvasObject { return b.root }

// Close ends the board's subscription.
func (b *Board) Close() {
	if b.closed.Swap(true) {
		return
	}
	b.stop()
}

// WaitSeen blocks until the board shows the queue as it was after change seq.
func (b *Board) WaitSeen(seq uint64) { b.seen.wait(seq) }

// Wait blocks until the first load has been drawn.
func (b *Board) Wait() { b.bg.Wait() }

// Now returns the big call as it is drawn ("17", "Bord 2"), empty before the first.
func (b *Board) Now() (number, table string) { return b.numberText.Text, b.tableText.Text }

// Lit reports whether the board is flashing.
func (b *Board) Lit() bool { return b.lit }

// Flashes returns how many flashes the board has started.
func (b *Board) Flashes() int { return b.flashes }

func (b *Board) watch(changes <-chan app.Change) {
	for c := range changes {
		last, announce := c.Seq, announces(c)
	drain:
		for {
			select {
			case c, ok := <-changes:
				if !ok {
					break drain
				}
				last, announce = c.Seq, announce || announces(c)
			default:
				break drain
			}
		}
		b.reload(last, announce)
	}
}

// announces reports whether a change calls a number in the room.
func announces(c app.Change) bool {
	return c.Event.Kind == app.EventCalled || c.Event.Kind == app.EventRecalled
}

// reload reads the board off the UI goroutine and draws it on it, flashing and
// chiming when a number was called.
func (b *Board) reload(seq uint64, announce bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	board, err := b.cfg.Queue.Board(ctx)
	onUI(func() {
		defer b.seen.mark(seq)
		if b.closed.Load() {
			return
		}
		if err != nil {
			// The room keeps what it last saw; the detail is for the log.
			b.cfg.Log.Error("call board: read the board", "err", err)
			return
		}
		b.board = board
		b.render()
		if announce && len(board.Calls) > 0 {
			b.flash()
		}
	})
}

func (b *Board) build() fyne.CanvasObject {
	b.nowBg = canvas.NewRectangle(colCard)
	b.nowBg.CornerRadius = 24
	b.numberText = canvas.NewText("", colInk)
	b.numberText.TextSize = 300
	b.numberText.TextStyle = fyne.TextStyle{Bold: true}
	b.tableText = canvas.NewText("", colInk)
	b.tableText.TextSize = 150
	b.tableText.TextStyle = fyne.TextStyle{Bold: true}
	b.now = container.NewStack()
	b.badge = container.NewStack()
	b.recent = container.NewVBox()
	b.waiting = container.NewStack()
	b.render()

	head := container.NewHBox(
		picto("board", 64),
		container.NewVBox(b.text(b.da.T("board.title"), sizeTitle+8, true, colInk), b.text(b.en.T("board.title"), sizeBody, false, colInkSoft)),
		layout.NewSpacer(),
		b.text(b.cfg.Site.Name, sizeTitle, true, colInkSoft),
	)
	big := container.NewStack(b.nowBg, container.NewBorder(container.NewPadded(b.badge), nil, nil, nil, b.now))
	bottom := container.NewBorder(nil, nil, nil, container.NewStack(fixedWidth(440), b.waiting), b.recent)
	page := container.NewBorder(container.NewVBox(head, widget2px()), container.NewVBox(widget2px(), bottom), nil, nil, container.NewPadded(big))
	return container.NewStack(canvas.NewRectangle(colBackground), container.NewPadded(page))
}

// render draws the latest call big, the calls before it in a row, and the waiting count.
func (b *Board) render() {
	ink := colInk
	if b.lit {
		ink = colOnPrimary
	}
	if len(b.board.Calls) == 0 {
		b.numberText.Text, b.tableText.Text = "", ""
		b.now.Objects = []fyne.CanvasObject{container.NewCenter(container.NewVBox(
			centered(b.text(b.da.T("board.none"), 72, true, colInk)),
			centered(b.text(b.en.T("board.none"), sizeTitle, false, colInkSoft)),
		))}
	} else {
		c := b.board.Calls[0]
		b.numberText.Text, b.numberText.Color = strconv.Itoa(c.Ticket), ink
		b.tableText.Text, b.tableText.Color = b.da.T("board.table", b.tableName(c.Table)), ink
		arrow := canvas.NewText("→", ink)
		arrow.TextSize, arrow.TextStyle = 200, fyne.TextStyle{Bold: true}
		table := container.NewVBox(layout.NewSpacer(), b.tableText, b.text(b.en.T("board.table", b.tableName(c.Table)), sizeTitle+4, false, ink), layout.NewSpacer())
		b.now.Objects = []fyne.CanvasObject{container.NewCenter(container.NewHBox(b.numberText, fixedWidth(24), container.NewVBox(layout.NewSpacer(), arrow, layout.NewSpacer()), fixedWidth(24), table))}
	}
	b.now.Refresh()
	b.numberText.Refresh()
	b.tableText.Refresh()

	b.badge.Objects = []fyne.CanvasObject{badgeSpace()}
	if b.lit {
		// A white tab with a pictogram and words: the flash is not colour alone.
		pill := canvas.NewRectangle(colBackground)
		pill.CornerRadius = 16
		words := container.NewHBox(picto("call", 56), container.NewVBox(b.text(b.da.T("board.now"), sizeTitle+8, true, colInk), b.text(b.en.T("board.now"), sizeBody, false, colInkSoft)))
		b.badge.Objects = []fyne.CanvasObject{badgeSpace(), container.NewCenter(container.NewStack(pill, container.NewPadded(container.NewPadded(words))))}
		b.nowBg.FillColor, b.nowBg.StrokeColor, b.nowBg.StrokeWidth = colPrimary, colPrimary, 6
	} else {
		b.nowBg.FillColor, b.nowBg.StrokeColor, b.nowBg.StrokeWidth = colCard, colBorder, 2
	}
	b.badge.Refresh()
	b.nowBg.Refresh()

	b.recent.Objects = []fyne.CanvasObject{b.text(b.da.T("board.recent")+" · "+b.en.T("board.recent"), sizeBody, true, colInkSoft)}
	row := container.NewHBox()
	for i, c := range b.board.Calls {
		if i == 0 {
			continue
		}
		t := b.text(strconv.Itoa(c.Ticket)+" → "+b.da.T("board.table", b.tableName(c.Table)), sizeTitle+8, true, colInk)
		row.Add(card(container.NewHBox(fixedWidth(4), t, fixedWidth(4))))
	}
	b.recent.Objects = append(b.recent.Objects, row)
	b.recent.Refresh()

	b.waiting.Objects = []fyne.CanvasObject{container.NewHBox(layout.NewSpacer(), picto("person", 64), container.NewVBox(
		b.text(b.da.T("board.waiting", b.board.Waiting), sizeTitle+12, true, colInk),
		b.text(b.en.T("board.waiting", b.board.Waiting), sizeBody, false, colInkSoft)))}
	b.waiting.Refresh()
}

// flash lights the board and chimes. The light goes out after FlashDuration, unless a
// newer call has lit it again in the meantime.
func (b *Board) flash() {
	b.flashes++
	gen := b.flashes
	b.lit = true
	b.render()
	if b.cfg.Chimer != nil {
		b.cfg.Chimer.Chime()
	}
	b.cfg.After(FlashDuration, func() {
		onUI(func() {
			if gen != b.flashes || b.closed.Load() {
				return
			}
			b.lit = false
			b.render()
		})
	})
}

func (b *Board) tableName(id int) string { return tableName(b.cfg.Site, id) }

// text is a line of board text; the board is in Danish with small English, so the
// Danish script serves both.
func (b *Board) text(s string, size float32, bold bool, col fyneColor) *canvas.Text {
	t := scriptFor(b.da).line(s, size, bold, col)
	t.Alignment = fyne.TextAlignLeading
	return t
}

// centered centres a line of text.
func centered(t *canvas.Text) *canvas.Text { t.Alignment = fyne.TextAlignCenter; return t }

// badgeSpace keeps the "Called now" tab's room when it is not shown, so the big call
// does not move when the board lights up.
func badgeSpace() fyne.CanvasObject { return minBox(0, 112) }

// picto is a pictogram in a square of side units. The square never changes size:
// an SVG image that is refreshed while a layout passes it a zero height keeps a nil
// raster in Fyne 2.7 and crashes the software painter (screenshots) later.
func picto(name string, side float32) fyne.CanvasObject {
	img := canvas.NewImageFromResource(assets.Pictogram(name))
	img.FillMode = canvas.ImageFillContain
	return container.NewGridWrap(fyne.NewSize(side, side), img)
}

// widget2px is a thin rule between the board's bands.
func widget2px() fyne.CanvasObject {
	r := canvas.NewRectangle(colBorder)
	r.SetMinSize(fyne.NewSize(0, 2))
	return r
}
