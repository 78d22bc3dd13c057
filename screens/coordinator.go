package screens

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/report"
	"skranke/assets"
	"skranke/i18n"
)

// CoordinatorConfig is what the coordinator screen needs.
type CoordinatorConfig struct {
	Service coord.Coordinator
	Clock   app.Clock
	Log     *slog.Logger
	// Lang is the staff's language (Danish); the screen never follows a resident's.
	Lang i18n.Lang
	// OnTouch is called on every tap, so the kiosk can time the screen out.
	OnTouch func()
	// OnLock, when set, puts a Lock button on the screen that calls it.
	OnLock func()
	// OnQuit, when set, offers "quit Skranke" (after a confirmation): the staff-only
	// way out of a locked-down kiosk.
	OnQuit func()
	// Media lists the folders to offer as export targets; nil means RemovableMedia.
	Media func() []string
	// ChooseFolder asks for a folder and calls done with it; nil means Fyne's folder
	// dialog in the screen's window.
	ChooseFolder func(done func(dir string))
}

// Coordinator is the coordinator's screen (DESIGN.md §3): today at a glance, this
// week's and the last eight weeks' charts, "close day", exporting a week to a USB
// stick, and the site settings. It talks to a coord.Coordinator only; every call runs
// off the UI goroutine and comes back through onUI. Today's figures follow the queue's
// subscription; the reports are read again after a close and when a tab is opened.
type Coordinator struct {
	cfg  CoordinatorConfig
	lang i18n.Lang

	root     *fyne.Container
	tabs     *container.AppTabs
	header   *fyne.Container
	today    *fyne.Container
	week     *fyne.Container
	weeks    *fyne.Container
	exporter *fyne.Container
	settings *fyne.Container
	notice   *fyne.Container

	// What the screen shows; touched only on the UI goroutine.
	glance     coord.Glance
	thisWeek   report.Report   // raw
	lastWeeks  []report.Report // raw, the last WeeksShown complete weeks, oldest first
	confirm    string          // "close" or "quit" while that confirmation is shown
	busy       bool
	exportWeek report.ISOWeek
	exportFmt  string
	media      []string
	form       *siteForm

	targets map[string]map[string]fyne.CanvasObject // by section
	charts  map[string]*barChart

	stop   func()
	closed atomic.Bool
	bg     sync.WaitGroup
	seen   seenSeq
}

// WeeksShown is how many complete weeks the coordinator's history charts cover.
const WeeksShown = 8

// The coordinator screen's tabs, in order.
const (
	CoordToday = iota
	CoordWeek
	CoordWeeks
	CoordExport
	CoordSettings
)

// NewCoordinator builds the screen, subscribes it to the queue and loads its figures
// in the background. Close ends the subscription.
func NewCoordinator(cfg CoordinatorConfig) *Coordinator {
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Media == nil {
		cfg.Media = RemovableMedia
	}
	c := &Coordinator{cfg: cfg, lang: cfg.Lang, exportFmt: "xlsx",
		targets: map[string]map[string]fyne.CanvasObject{}, charts: map[string]*barChart{}}
	c.seen.init()
	_, week := cfg.Service.Today()
	c.exportWeek = coord.AddWeeks(week, -1)
	c.form = newSiteForm(c.lang, cfg.Service.Site())
	c.root = container.NewStack(c.build())
	changes, stop := cfg.Service.Subscribe()
	c.stop = stop
	go c.watch(changes)
	c.reload(0, true)
	return c
}

// Content is the screen's canvas object.
func (c *Coordinator) Content() fyne.CanvasObject { return c.root }

// Close ends the screen's subscription; its goroutine ends with it.
func (c *Coordinator) Close() {
	if c.closed.Swap(true) {
		return
	}
	c.stop()
}

// Wait blocks until the work the screen started in the background has come back.
// Tests use it.
func (c *Coordinator) Wait() { c.bg.Wait() }

// WaitSeen blocks until the screen has drawn the queue as it was after change seq.
func (c *Coordinator) WaitSeen(seq uint64) { c.seen.wait(seq) }

// Targets returns the screen's tappable widgets by stable id ("coord:close",
// "coord:close:yes", "coord:export:dir:/media/usb", "coord:save" …).
func (c *Coordinator) Targets() map[string]fyne.CanvasObject {
	all := map[string]fyne.CanvasObject{}
	for _, m := range c.targets {
		for id, o := range m {
			all[id] = o
		}
	}
	return all
}

// ChartTexts returns what each chart's bars are labelled with, by chart id
// ("week:weekday", "week:topic", "week:language", "weeks:visits", "weeks:topic",
// "weeks:language"). Tests use it to see that hidden counts show as "<5".
func (c *Coordinator) ChartTexts() map[string][]string {
	out := map[string][]string{}
	for id, ch := range c.charts {
		out[id] = ch.Texts()
	}
	return out
}

// Notice returns the message line's text, "" when there is none.
func (c *Coordinator) Notice() string {
	if len(c.notice.Objects) == 0 {
		return ""
	}
	return noticeText(c.notice.Objects[0])
}

// SelectTab shows one of the tabs (CoordToday …).
func (c *Coordinator) SelectTab(i int) { c.tabs.SelectIndex(i) }

func (c *Coordinator) touched() {
	if c.cfg.OnTouch != nil {
		c.cfg.OnTouch()
	}
}

func (c *Coordinator) target(section, id string, o fyne.CanvasObject) {
	if c.targets[section] == nil {
		c.targets[section] = map[string]fyne.CanvasObject{}
	}
	c.targets[section][id] = o
}

func (c *Coordinator) line(text string, size float32, bold bool, col fyneColor) *canvas.Text {
	return scriptFor(c.lang).line(text, size, bold, col)
}

// watch turns the queue's changes into a new glance until the subscription ends;
// changes that pile up are taken together.
func (c *Coordinator) watch(changes <-chan app.Change) {
	for ch := range changes {
		last, closed := ch.Seq, ch.Event.Kind == app.EventDayClosed
	drain:
		for {
			select {
			case ch, ok := <-changes:
				if !ok {
					break drain
				}
				last, closed = ch.Seq, closed || ch.Event.Kind == app.EventDayClosed
			default:
				break drain
			}
		}
		c.load(last, closed)
	}
}

// reload loads in the background; see load.
func (c *Coordinator) reload(seq uint64, reports bool) {
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		c.load(seq, reports)
	}()
}

// load reads today's figures, and with reports also the weeks, and draws them on the
// UI goroutine. It blocks: call it off the UI goroutine.
func (c *Coordinator) load(seq uint64, reports bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	svc := c.cfg.Service
	g, err := svc.Glance(ctx)
	var this report.Report
	var last []report.Report
	if err == nil && reports {
		_, week := svc.Today()
		if this, err = svc.Week(ctx, week); err == nil {
			last, err = svc.Weeks(ctx, coord.AddWeeks(week, -1), WeeksShown)
		}
	}
	onUI(func() {
		defer c.seen.mark(seq)
		if c.closed.Load() {
			return
		}
		if err != nil {
			c.showError(err)
			return
		}
		c.glance = g
		c.renderToday()
		if reports {
			c.thisWeek, c.lastWeeks = this, last
			c.renderWeek()
			c.renderWeeks()
		}
	})
}

func (c *Coordinator) build() fyne.CanvasObject {
	c.header = container.NewStack()
	c.today, c.week, c.weeks = container.NewVBox(), container.NewVBox(), container.NewVBox()
	c.exporter, c.settings = container.NewVBox(), container.NewVBox()
	c.notice = container.NewStack()
	c.renderHeader()
	c.renderToday()
	c.renderWeek()
	c.renderWeeks()
	c.renderExport()
	c.renderSettings()
	c.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(c.lang.T("coord.tab_today"), assets.Pictogram("person"), container.NewVScroll(c.today)),
		container.NewTabItemWithIcon(c.lang.T("coord.tab_week"), assets.Pictogram("calendar"), container.NewVScroll(c.week)),
		container.NewTabItemWithIcon(c.lang.T("coord.tab_weeks"), assets.Pictogram("board"), container.NewVScroll(c.weeks)),
		container.NewTabItemWithIcon(c.lang.T("coord.tab_export"), assets.Pictogram("letter"), container.NewVScroll(c.exporter)),
		container.NewTabItemWithIcon(c.lang.T("coord.tab_settings"), assets.Pictogram("staff"), container.NewVScroll(c.settings)),
	)
	c.tabs.OnSelected = func(t *container.TabItem) {
		c.touched()
		switch c.tabs.SelectedIndex() {
		case CoordWeek, CoordWeeks:
			c.reload(0, true)
		case CoordExport:
			c.refreshMedia()
		}
	}
	body := container.NewBorder(c.header, c.notice, nil, nil, c.tabs)
	return container.NewStack(canvas.NewRectangle(colBackground), container.NewPadded(body))
}

// renderHeader draws the top line: the title, the site, and Lock and Quit.
func (c *Coordinator) renderHeader() {
	site := c.cfg.Service.Site()
	items := []fyne.CanvasObject{picto("board", 48), c.line(c.lang.T("coord.title"), sizeTitle, true, colInk), fixedWidth(16),
		container.NewVBox(layout.NewSpacer(), c.line(site.Name, sizeBody, false, colInkSoft), layout.NewSpacer()), layout.NewSpacer()}
	c.targets["header"] = nil
	if c.cfg.OnQuit != nil {
		if c.confirm == "quit" {
			yes := widget.NewButton(c.lang.T("coord.yes_quit"), func() { c.touched(); c.cfg.OnQuit() })
			yes.Importance = widget.DangerImportance
			no := widget.NewButton(c.lang.T("coord.cancel"), func() { c.touched(); c.confirm = ""; c.renderHeader() })
			c.target("header", "coord:quit:yes", yes)
			c.target("header", "coord:quit:no", no)
			items = append(items, c.line(c.lang.T("coord.quit_confirm"), sizeBody, true, colInk), fixedWidth(8), tall(yes, 64), tall(no, 64))
		} else {
			quit := widget.NewButton(c.lang.T("coord.quit"), func() { c.touched(); c.confirm = "quit"; c.renderHeader() })
			c.target("header", "coord:quit", quit)
			items = append(items, tall(quit, 64))
		}
	}
	if c.cfg.OnLock != nil {
		lock := widget.NewButton(c.lang.T("staff.lock"), func() { c.touched(); c.cfg.OnLock() })
		c.target("header", "coord:lock", lock)
		items = append(items, fixedWidth(16), container.NewStack(minBox(120, 64), lock))
	}
	c.header.Objects = []fyne.CanvasObject{container.NewVBox(container.NewHBox(items...), widget.NewSeparator())}
	c.header.Refresh()
}

func (c *Coordinator) say(text string, isErr bool) {
	c.notice.Objects = []fyne.CanvasObject{noticeLine(c.lang, text, isErr)}
	c.notice.Refresh()
}

// showError tells staff what went wrong: the app error's detail, which is written for
// them, or a calm line for anything else; the cause goes to the log.
func (c *Coordinator) showError(err error) {
	c.cfg.Log.Error("coordinator screen", "err", err, "code", app.ErrorCode(err))
	msg := c.lang.T("staff.error.internal")
	var e *app.Error
	if errors.As(err, &e) && e.Message != "" {
		msg = e.Message
	}
	c.say(c.lang.T("coord.error", msg), true)
}

// figure is one of today's key figures: a pictogram, the number, and what it counts.
func (c *Coordinator) figure(icon string, n int, key string) fyne.CanvasObject {
	num := c.line(strconv.Itoa(n), sizeTitle+12, true, colInk)
	num.Alignment = fyne.TextAlignCenter
	label := c.line(c.lang.T(key), sizeSmall, false, colInkSoft)
	label.Alignment = fyne.TextAlignCenter
	return card(container.NewVBox(container.NewCenter(picto(icon, 40)), num, label))
}

// renderToday draws today at a glance and the close-day button.
func (c *Coordinator) renderToday() {
	g := c.glance
	c.targets["today"] = nil
	figures := container.NewGridWithColumns(6,
		c.figure("person", g.CheckedIn, "coord.checked_in"),
		c.figure("clock", g.Waiting, "coord.waiting"),
		c.figure("table", g.AtTables, "coord.at_tables"),
		c.figure("done", g.Served, "coord.served"),
		c.figure("no", g.NoShows, "coord.no_shows"),
		c.figure("back", g.Left, "coord.left"),
	)
	var topics fyne.CanvasObject = c.line(c.lang.T("coord.nobody_yet"), sizeBody, false, colInkSoft)
	if len(g.Topics) > 0 {
		cells := container.NewHBox()
		for _, t := range g.Topics {
			n := c.line(strconv.Itoa(t.N), sizeLarge, true, colInk)
			n.Alignment = fyne.TextAlignCenter
			name := c.line(c.lang.T("coord.topic."+string(t.Key)), sizeCorner, false, colInkSoft)
			name.Alignment = fyne.TextAlignCenter
			cells.Add(container.NewVBox(container.NewCenter(picto(string(t.Key), 56)), n, name))
			cells.Add(fixedWidth(12))
		}
		topics = container.NewHScroll(cells)
	}
	var langs []string
	for _, l := range g.Langs {
		langs = append(langs, fmt.Sprintf("%s %d", i18n.Lookup(l.Key).DanishName(), l.N))
	}
	box := []fyne.CanvasObject{figures,
		c.line(c.lang.T("coord.topics_today"), sizeLarge, true, colInk), topics}
	if len(langs) > 0 {
		box = append(box, c.line(c.lang.T("coord.langs_today")+": "+strings.Join(langs, " · "), sizeBody, false, colInk))
	}
	box = append(box, widget.NewSeparator(), c.closeArea())
	c.today.Objects = box
	c.today.Refresh()
}

// closeArea is the close-day button, or, after a tap on it, the confirmation: what
// will happen, and to whom still in the queue.
func (c *Coordinator) closeArea() fyne.CanvasObject {
	if c.confirm != "close" {
		b := widget.NewButtonWithIcon(c.lang.T("coord.close_day"), assets.Pictogram("done"), c.onClose)
		b.Importance = widget.HighImportance
		if c.busy {
			b.Disable()
		}
		c.target("today", "coord:close", b)
		hint := c.line(c.lang.T("coord.close_hint"), sizeSmall, false, colInkSoft)
		return container.NewVBox(container.NewHBox(tall(b, 72)), hint)
	}
	lines := container.NewVBox(c.line(c.lang.T("coord.close_confirm"), sizeBody, true, colInk))
	if open := c.glance.Waiting + c.glance.AtTables; open > 0 {
		lines.Add(c.line(c.lang.T("coord.close_open", open), sizeBody, false, colUrgent))
	}
	yes := widget.NewButton(c.lang.T("coord.yes_close"), c.onCloseConfirmed)
	yes.Importance = widget.DangerImportance
	no := widget.NewButton(c.lang.T("coord.cancel"), func() { c.touched(); c.confirm = ""; c.renderToday() })
	c.target("today", "coord:close:yes", yes)
	c.target("today", "coord:close:no", no)
	lines.Add(container.NewHBox(tall(yes, 72), fixedWidth(16), tall(no, 72)))
	return card(lines)
}

func (c *Coordinator) onClose() {
	c.touched()
	c.confirm = "close"
	c.renderToday()
}

// onCloseConfirmed closes today in the background.
func (c *Coordinator) onCloseConfirmed() {
	c.touched()
	c.confirm, c.busy = "", true
	c.renderToday()
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		res, err := c.cfg.Service.CloseToday(ctx)
		onUI(func() {
			c.busy = false
			if c.closed.Load() {
				return
			}
			if err != nil {
				c.showError(err)
			} else {
				msg := c.lang.T("coord.closed", res.Visits())
				if res.Backup != "" {
					msg += " " + c.lang.T("coord.closed_backup", filepath.Base(res.Backup))
				}
				c.cfg.Log.Info("day closed from the coordinator screen", "visits", res.Visits(), "backup", res.Backup)
				c.say(msg, false)
			}
			c.renderToday()
		})
		c.load(0, true)
	}()
}

// weekLabel names an ISO week for staff: "uge 47".
func (c *Coordinator) weekLabel(w report.ISOWeek) string { return c.lang.T("coord.week_short", w.Week) }

func (c *Coordinator) chart(id, title string, bars []bar, k int, vertical bool) fyne.CanvasObject {
	ch := newBarChart(title, bars, k, vertical)
	c.charts[id] = ch
	return ch
}

// dimCharts draws a report's weekday, topic and language charts, suppressed at the
// site's k.
func (c *Coordinator) dimCharts(prefix string, s report.Report, weekdays bool) []fyne.CanvasObject {
	site := c.cfg.Service.Site()
	var out []fyne.CanvasObject
	if weekdays {
		out = append(out, c.chart(prefix+":weekday", c.lang.T("coord.chart_weekday"),
			barsOf(s.Dim(report.DimWeekday), s.K, func(key string) (string, string) { return c.lang.T("coord.weekday." + key), "" }, nil), s.K, true))
	}
	topicLabel := func(key string) (string, string) {
		if assets.HasPictogram(key) {
			return c.lang.T("coord.topic." + key), key
		}
		return key, ""
	}
	out = append(out, c.chart(prefix+":topic", c.lang.T("coord.chart_topic"), barsOf(s.Dim(report.DimTopic), s.K, topicLabel,
		func(cell report.Cell) bool {
			return cell.Count == 0 && !cell.Hidden && !site.ShowsTopic(app.TopicID(cell.Key))
		}), s.K, false))
	langLabel := func(key string) (string, string) {
		if i18n.Known(key) {
			return i18n.Lookup(key).DanishName(), ""
		}
		return key, ""
	}
	out = append(out, c.chart(prefix+":language", c.lang.T("coord.chart_language"), barsOf(s.Dim(report.DimLanguage), s.K, langLabel,
		func(cell report.Cell) bool {
			return cell.Count == 0 && !cell.Hidden && !slices.Contains(site.Languages, cell.Key)
		}), s.K, false))
	return out
}

// shown returns what a cell shows: its count, "<5" or "x".
func shown(cell report.Cell, k int) string { return barOf(cell, k, "", "").text }

// renderWeek draws this week's charts.
func (c *Coordinator) renderWeek() {
	if !c.thisWeek.Week.Valid() {
		c.week.Objects = []fyne.CanvasObject{c.line(c.lang.T("coord.loading"), sizeBody, false, colInkSoft)}
		c.week.Refresh()
		return
	}
	k := c.cfg.Service.Site().K
	s := c.thisWeek.Suppressed(k)
	first, last := s.Week.Dates()
	title := c.lang.T("coord.week_title", s.Week.Week, strconv.Itoa(s.Week.Year), dateDK(first), dateDK(last), shown(s.Visits, k))
	charts := c.dimCharts("week", s, true)
	c.week.Objects = []fyne.CanvasObject{
		c.line(title, sizeLarge, true, colInk),
		container.NewGridWithColumns(3, charts...),
		c.line(c.lang.T("coord.week_note", k-1, k), sizeSmall, false, colInkSoft),
	}
	c.week.Refresh()
}

// renderWeeks draws the last weeks: visits per week, and the topics and languages of
// all of them together.
func (c *Coordinator) renderWeeks() {
	if len(c.lastWeeks) == 0 {
		c.weeks.Objects = []fyne.CanvasObject{c.line(c.lang.T("coord.loading"), sizeBody, false, colInkSoft)}
		c.weeks.Refresh()
		return
	}
	k := c.cfg.Service.Site().K
	var perWeek []bar
	for _, r := range c.lastWeeks {
		perWeek = append(perWeek, barOf(r.Suppressed(k).Visits, k, strconv.Itoa(r.Week.Week), ""))
	}
	objs := []fyne.CanvasObject{c.line(c.lang.T("coord.weeks_title", c.weekLabel(c.lastWeeks[0].Week), c.weekLabel(c.lastWeeks[len(c.lastWeeks)-1].Week)), sizeLarge, true, colInk)}
	charts := []fyne.CanvasObject{c.chart("weeks:visits", c.lang.T("coord.chart_weeks"), perWeek, k, true)}
	span, err := coord.Span(c.lastWeeks)
	if err != nil {
		c.cfg.Log.Error("coordinator screen: weeks together", "err", err)
	} else {
		charts = append(charts, c.dimCharts("weeks", span.Suppressed(k), false)...)
	}
	objs = append(objs, container.NewGridWithColumns(3, charts...), c.line(c.lang.T("coord.weeks_note", k-1, k), sizeSmall, false, colInkSoft))
	c.weeks.Objects = objs
	c.weeks.Refresh()
}

// dateDK writes a date "2026-11-16" as Danes do, "16.11.".
func dateDK(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.Format("2.1.")
}

// renderExport draws the export tab: which week, which format, and where to.
func (c *Coordinator) renderExport() {
	c.targets["export"] = nil
	_, this := c.cfg.Service.Today()
	var labels []string
	weeks := map[string]report.ISOWeek{}
	selected := ""
	for i := range 26 {
		w := coord.AddWeeks(this, -i)
		first, last := w.Dates()
		l := fmt.Sprintf("%s (%s–%s%s)", c.weekLabel(w), dateDK(first), dateDK(last), last[:4])
		labels = append(labels, l)
		weeks[l] = w
		if w == c.exportWeek {
			selected = l
		}
	}
	sel := widget.NewSelect(labels, nil)
	sel.Selected = selected
	sel.OnChanged = func(l string) { c.touched(); c.exportWeek = weeks[l] }
	c.target("export", "coord:export:week", sel)

	formats := c.cfg.Service.Formats()
	var fmtButtons []fyne.CanvasObject
	for _, f := range formats {
		b := widget.NewButton(strings.ToUpper(f), func() { c.touched(); c.exportFmt = f; c.renderExport() })
		if f == c.exportFmt {
			b.Importance = widget.HighImportance
			b.SetIcon(assets.Pictogram("done"))
		}
		c.target("export", "coord:export:format:"+f, b)
		fmtButtons = append(fmtButtons, container.NewStack(minBox(120, 64), b))
	}

	dests := container.NewVBox()
	for _, dir := range c.media {
		b := widget.NewButtonWithIcon(filepath.Base(dir)+"  ("+dir+")", assets.Pictogram("next"), func() { c.onExport(dir) })
		c.target("export", "coord:export:dir:"+dir, b)
		dests.Add(tall(b, 64))
	}
	if len(c.media) == 0 {
		dests.Add(c.line(c.lang.T("coord.export_no_media"), sizeBody, false, colInkSoft))
	}
	choose := widget.NewButton(c.lang.T("coord.export_choose"), c.onChooseFolder)
	again := widget.NewButton(c.lang.T("coord.export_refresh"), func() { c.touched(); c.refreshMedia() })
	c.target("export", "coord:export:choose", choose)
	c.target("export", "coord:export:refresh", again)
	if c.busy {
		choose.Disable()
	}

	objs := []fyne.CanvasObject{
		c.line(c.lang.T("coord.export_week"), sizeLarge, true, colInk), container.NewHBox(container.NewStack(fixedWidth(520), tall(sel, 64))),
		c.line(c.lang.T("coord.export_format"), sizeLarge, true, colInk), container.NewHBox(fmtButtons...),
	}
	if c.exportFmt == "json" {
		objs = append(objs, c.line(c.lang.T("coord.export_json_note"), sizeSmall, false, colUrgent))
	}
	objs = append(objs, c.line(c.lang.T("coord.export_to"), sizeLarge, true, colInk), dests,
		container.NewHBox(tall(choose, 64), fixedWidth(16), tall(again, 64)))
	c.exporter.Objects = objs
	c.exporter.Refresh()
}

// refreshMedia looks for USB sticks off the UI goroutine.
func (c *Coordinator) refreshMedia() {
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		media := c.cfg.Media()
		onUI(func() {
			c.media = media
			c.renderExport()
		})
	}()
}

func (c *Coordinator) onChooseFolder() {
	c.touched()
	choose := c.cfg.ChooseFolder
	if choose == nil {
		choose = c.folderDialog
	}
	choose(func(dir string) {
		if dir != "" {
			c.onExport(dir)
		}
	})
}

// folderDialog shows Fyne's folder dialog in the screen's window, starting at the
// removable media if there are any.
func (c *Coordinator) folderDialog(done func(dir string)) {
	w := windowOf(c.root)
	if w == nil {
		c.cfg.Log.Warn("coordinator screen: no window for the folder dialog")
		return
	}
	d := dialog.NewFolderOpen(func(uri fyne.ListableURI, err error) {
		if err != nil {
			c.showError(err)
			return
		}
		if uri != nil {
			done(uri.Path())
		}
	}, w)
	for _, start := range append(slices.Clone(c.media), "/media", "/run/media") {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
			break
		}
	}
	d.Resize(fyne.NewSize(1100, 650))
	d.Show()
}

// windowOf returns the window that shows o, or nil.
func windowOf(o fyne.CanvasObject) fyne.Window {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	cv := a.Driver().CanvasForObject(o)
	for _, w := range a.Driver().AllWindows() {
		if w.Canvas() == cv {
			return w
		}
	}
	return nil
}

// onExport writes the chosen week in the chosen format into dir, in the background.
func (c *Coordinator) onExport(dir string) {
	c.touched()
	if c.busy {
		return
	}
	c.busy = true
	week, format := c.exportWeek, c.exportFmt
	c.renderExport()
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		path, err := c.cfg.Service.Export(ctx, week, format, dir)
		onUI(func() {
			c.busy = false
			if c.closed.Load() {
				return
			}
			if err != nil {
				c.showError(err)
			} else {
				c.say(c.lang.T("coord.exported", path), false)
			}
			c.renderExport()
		})
	}()
}

// renderSettings draws the settings form and its save button.
func (c *Coordinator) renderSettings() {
	c.targets["settings"] = nil
	save := widget.NewButtonWithIcon(c.lang.T("coord.settings_save"), assets.Pictogram("done"), c.onSave)
	save.Importance = widget.HighImportance
	if c.busy {
		save.Disable()
	}
	c.target("settings", "coord:save", save)
	c.settings.Objects = []fyne.CanvasObject{c.form.build(c.renderSettings), container.NewHBox(tall(save, 72)),
		c.line(c.lang.T("coord.settings_restart"), sizeSmall, false, colInkSoft)}
	for id, o := range c.form.targets {
		c.target("settings", id, o)
	}
	c.settings.Refresh()
}

// onSave validates the form and saves the site in the background.
func (c *Coordinator) onSave() {
	c.touched()
	site, err := c.form.site()
	if err == nil {
		err = site.Validate()
	}
	if err != nil {
		c.showError(err)
		return
	}
	c.busy = true
	c.renderSettings()
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := c.cfg.Service.SaveSite(ctx, site)
		onUI(func() {
			c.busy = false
			if c.closed.Load() {
				return
			}
			if err != nil {
				c.showError(err)
			} else {
				c.say(c.lang.T("coord.settings_saved"), false)
				c.renderHeader()
			}
			c.renderSettings()
		})
	}()
}

// RemovableMedia returns the mount points of removable media, where Linux desktops
// mount USB sticks: under /media and /run/media (as /media/<user>/<label>), read from
// /proc/mounts. Elsewhere it finds none, and the folder dialog is the way to a stick.
func RemovableMedia() []string {
	f, err := os.Open("/proc/mounts")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		// Spaces and tabs in mount points are written as octal escapes.
		dir := strings.NewReplacer(`\040`, " ", `\011`, "\t", `\134`, `\`).Replace(fields[1])
		if strings.HasPrefix(dir, "/media/") || strings.HasPrefix(dir, "/run/media/") {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out
}
