package screens

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/assets"
	"skranke/i18n"
)

// StaffConfig is what a staff console needs.
type StaffConfig struct {
	Queue app.Queue
	Site  app.Site
	Clock app.Clock
	Log   *slog.Logger
	// Lang is the staff's language (Danish); the console never follows a resident's.
	Lang i18n.Lang
	// Table is the table the console starts at; 0 means the site's first.
	Table int
	// OnTouch is called on every tap, so the kiosk can time a console out.
	OnTouch func()
	// OnLock, when set, puts a Lock button on the console that calls it.
	OnLock func()
	// OnCoordinator, when set, puts a Coordinator button on the console that calls it
	// (the kiosk then asks for the coordinator's PIN).
	OnCoordinator func()
	// Handoffs makes the code of "finish → follow-up needed" (followup.go); nil
	// finishes a follow-up without a code.
	Handoffs handoff.Handoffs
}

// Staff is the counsellor's console: who is waiting, in the order "call next" takes
// them for my table, and the steps for the visitor at my table. It keeps a copy of
// today's visits that the queue's subscription refreshes; it never polls.
type Staff struct {
	cfg   StaffConfig
	lang  i18n.Lang
	table int
	mode  panelMode

	visits []app.Visit // today's visits, as last read from the queue
	busy   bool        // a step is on its way to the disk: the step buttons wait
	minute time.Time   // the minute the list was drawn for

	root    *fyne.Container
	header  *fyne.Container
	list    *fyne.Container
	panel   *fyne.Container
	notice  *fyne.Container
	next    *widget.Button
	targets map[string]fyne.CanvasObject

	stop   func()
	closed atomic.Bool
	bg     sync.WaitGroup
	seen   seenSeq

	// followUp, while open, fills the console with "follow-up needed" (followup.go).
	followUp *FollowUp
}

// panelMode is what the right-hand panel asks about the visitor at the table.
type panelMode int

const (
	modeSteps    panelMode = iota // the steps: recall, arrived, no-show, back, transfer, finish
	modeFinish                    // choose an outcome
	modeTransfer                  // choose a skill
)

// NewStaff builds a console, subscribes it to the queue and loads today's visits in
// the background. Close ends the subscription.
func NewStaff(cfg StaffConfig) *Staff {
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Staff{cfg: cfg, lang: cfg.Lang, table: cfg.Table}
	if _, err := cfg.Site.Table(s.table); err != nil && len(cfg.Site.Tables) > 0 {
		s.table = cfg.Site.Tables[0].ID
	}
	s.seen.init()
	s.root = container.NewStack(s.build())
	changes, stop := cfg.Queue.Subscribe()
	s.stop = stop
	go s.watch(changes)
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.reload(cfg.Queue.LastSeq())
	}()
	return s
}

// Content is the console's canvas object, to put in a window or on the kiosk.
func (s *Staff) Content() fyne.CanvasObject { return s.root }

// Close ends the console's subscription; its goroutine ends with it.
func (s *Staff) Close() {
	if s.closed.Swap(true) {
		return
	}
	s.stop()
}

// Table returns the table the console works for.
func (s *Staff) Table() int { return s.table }

// Targets returns the console's tappable widgets by stable id ("staff:next",
// "staff:call:3", "staff:outcome:resolved" …), for tests and the layout dump.
func (s *Staff) Targets() map[string]fyne.CanvasObject {
	if s.followUp != nil {
		return s.followUp.Targets()
	}
	return s.targets
}

// Wait blocks until the steps the console started have come back. Tests use it.
func (s *Staff) Wait() {
	s.bg.Wait()
	if s.followUp != nil {
		s.followUp.Wait()
	}
}

// WaitSeen blocks until the console has drawn the queue as it was after change seq.
// Tests use it with the queue's LastSeq instead of sleeping.
func (s *Staff) WaitSeen(seq uint64) { s.seen.wait(seq) }

// Tick is called every second on the UI goroutine. It redraws the list when the
// minute turns, so the minutes waited stay true without asking the queue.
func (s *Staff) Tick() {
	if m := s.cfg.Clock.Now().Truncate(time.Minute); !m.Equal(s.minute) {
		s.render()
	}
}

// watch turns the queue's changes into redraws until the subscription ends. Changes
// that pile up while a redraw is on its way are taken together: each one only means
// "look again".
func (s *Staff) watch(changes <-chan app.Change) {
	for c := range changes {
		last := c.Seq
	drain:
		for {
			select {
			case c, ok := <-changes:
				if !ok {
					break drain
				}
				last = c.Seq
			default:
				break drain
			}
		}
		s.reload(last)
	}
}

// reload reads today's visits off the UI goroutine and draws them on it.
func (s *Staff) reload(seq uint64) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	vs, err := s.cfg.Queue.Today(ctx)
	onUI(func() {
		defer s.seen.mark(seq)
		if s.closed.Load() {
			return
		}
		if err != nil {
			s.cfg.Log.Error("staff console: read today's visits", "err", err)
			s.showError(err)
			return
		}
		s.visits = vs
		s.render()
	})
}

func (s *Staff) build() fyne.CanvasObject {
	s.header = container.NewStack()
	s.list = container.NewVBox()
	s.panel = container.NewVBox()
	s.notice = container.NewStack(noticeSpace())
	s.next = widget.NewButtonWithIcon(s.lang.T("staff.call_next"), assets.Pictogram("next"), s.onCallNext)
	s.next.Importance = widget.HighImportance
	s.render()

	left := container.NewBorder(nil, nil, nil, nil, container.NewVScroll(s.list))
	right := container.NewBorder(container.NewVBox(tall(s.next, 88), minBox(0, 4)), nil, nil, nil, container.NewVScroll(s.panel))
	right = container.NewStack(fixedWidth(470), right)
	body := container.NewBorder(nil, s.notice, nil, container.NewPadded(right), container.NewPadded(left))
	return container.NewStack(canvas.NewRectangle(colBackground), container.NewPadded(container.NewBorder(s.header, nil, nil, nil, body)))
}

// render draws the header, the list and the panel from s.visits.
func (s *Staff) render() {
	now := s.cfg.Clock.Now()
	s.minute = now.Truncate(time.Minute)
	s.targets = map[string]fyne.CanvasObject{"staff:next": s.next}
	site := s.cfg.Site
	t, _ := site.Table(s.table)
	order := app.CallOrder(s.visits, t, app.ScoringFor(site))

	s.header.Objects = []fyne.CanvasObject{s.headerBar(len(order))}
	s.header.Refresh()

	s.list.Objects = nil
	if len(order) == 0 {
		s.list.Add(container.NewPadded(s.line(s.lang.T("staff.empty"), sizeBody, false, colInkSoft)))
	}
	for i, v := range order {
		s.list.Add(s.row(v, i == 0, now))
	}
	if ns := s.noShows(); ns != nil {
		s.list.Add(ns)
	}
	s.list.Refresh()

	s.next.SetText(s.lang.T("staff.call_next") + " · " + s.lang.T("staff.table", s.tableName(s.table)))
	if s.busy || len(order) == 0 || app.AtTable(s.visits, s.table) >= 0 {
		s.next.Disable()
	} else {
		s.next.Enable()
	}
	s.panel.Objects = []fyne.CanvasObject{s.tablePanel(now)}
	s.panel.Refresh()
}

// headerBar is the console's top line: its name, my table, how many wait, and Lock.
func (s *Staff) headerBar(waiting int) fyne.CanvasObject {
	items := []fyne.CanvasObject{picto("staff", 48), s.line(s.lang.T("staff.title"), sizeTitle, true, colInk), fixedWidth(24),
		s.line(s.lang.T("staff.my_table")+":", sizeBody, false, colInkSoft)}
	for _, t := range s.cfg.Site.Tables {
		id := t.ID
		b := widget.NewButton(tableName(s.cfg.Site, id), func() { s.onTable(id) })
		if id == s.table {
			b.Importance = widget.HighImportance
			b.SetIcon(assets.Pictogram("done"))
		}
		s.targets["staff:table:"+strconv.Itoa(id)] = b
		items = append(items, container.NewStack(minBox(96, 64), b))
	}
	items = append(items, layout.NewSpacer(), s.iconText("person", s.lang.T("staff.waiting_count", waiting), sizeLarge, true, colInk))
	if s.cfg.OnCoordinator != nil {
		co := widget.NewButton(s.lang.T("coord.title"), func() { s.touched(); s.cfg.OnCoordinator() })
		s.targets["staff:coordinator"] = co
		items = append(items, fixedWidth(16), container.NewStack(minBox(120, 64), co))
	}
	if s.cfg.OnLock != nil {
		lock := widget.NewButton(s.lang.T("staff.lock"), func() { s.touched(); s.cfg.OnLock() })
		s.targets["staff:lock"] = lock
		items = append(items, fixedWidth(16), container.NewStack(minBox(120, 64), lock))
	}
	return container.NewVBox(container.NewHBox(items...), widget.NewSeparator())
}

// row is one waiting visit: number, language, topics, flags, minutes waited, and
// "call this one". The first row, the one "call next" takes, is framed and says so.
func (s *Staff) row(v app.Visit, first bool, now time.Time) fyne.CanvasObject {
	num := s.line(strconv.Itoa(v.Ticket), sizeTitle+8, true, colInk)
	num.Alignment = fyne.TextAlignCenter
	numCol := container.NewVBox(layout.NewSpacer(), num, layout.NewSpacer())
	if first {
		// The visit "call next" takes: a thick frame and a "Next" tab, not colour alone.
		tab := canvas.NewRectangle(colPrimary)
		tab.CornerRadius = 6
		label := s.line(s.lang.T("staff.next_marker"), sizeCorner, true, colOnPrimary)
		label.Alignment = fyne.TextAlignCenter
		numCol = container.NewVBox(num, container.NewStack(tab, label))
	}
	numBox := container.NewStack(fixedWidth(84), numCol)

	topics := container.NewHBox()
	for _, id := range v.Topics {
		topics.Add(picto(string(id), 44))
	}
	what := container.NewVBox(topics, s.line(s.lang.T("staff.skill."+string(v.Skill)), sizeCorner, false, colInkSoft))

	flags := container.NewHBox()
	if v.Urgent {
		flags.Add(s.iconText("urgent", s.lang.T("staff.urgent"), sizeBody, true, colUrgent))
	}
	if v.Returning {
		flags.Add(s.iconText("returning", s.lang.T("staff.returning"), sizeBody, false, colInk))
	}
	waited := int(v.Waited(now) / time.Minute)
	flags.Add(s.iconText("clock", s.lang.T("staff.minutes", waited), sizeBody, true, colInk))

	call := widget.NewButton(s.lang.T("staff.call_this"), func() { s.onCall(v.ID) })
	if s.busy || app.AtTable(s.visits, s.table) >= 0 {
		call.Disable()
	}
	s.targets["staff:call:"+strconv.FormatUint(v.ID, 10)] = call

	left := container.NewHBox(numBox, container.NewStack(fixedWidth(210), langLabel(v.Lang)), what)
	line := container.NewBorder(nil, nil, left, container.NewHBox(flags, container.NewStack(minBox(110, 64), call)))

	bg := canvas.NewRectangle(colBackground) // white: the pale "Call" button shows on it
	bg.CornerRadius = 10
	bg.StrokeColor, bg.StrokeWidth = colBorder, 1
	if first {
		bg.StrokeColor, bg.StrokeWidth = colPrimary, 4
	}
	return container.NewStack(bg, container.NewPadded(line))
}

// noShows lists today's no-shows with "back to queue": one who comes back late the
// same day keeps their place.
func (s *Staff) noShows() fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, v := range s.visits {
		if v.State != app.StateNoShow {
			continue
		}
		b := widget.NewButton(s.lang.T("staff.requeue"), func() { s.onStep(v.ID, app.Step{Action: app.ActRequeue}) })
		if s.busy {
			b.Disable()
		}
		s.targets["staff:requeue:"+strconv.FormatUint(v.ID, 10)] = b
		num := s.line(strconv.Itoa(v.Ticket), sizeLarge, true, colInk)
		rows = append(rows, container.NewHBox(container.NewStack(fixedWidth(84), container.NewCenter(num)), langLabel(v.Lang), container.NewStack(minBox(200, 64), b)))
	}
	if len(rows) == 0 {
		return nil
	}
	head := s.line(s.lang.T("staff.no_shows"), sizeBody, true, colInkSoft)
	return container.NewVBox(widget.NewSeparator(), head, container.NewGridWithColumns(2, rows...))
}

// tablePanel is the right-hand card: the visitor at my table and what can be done
// with them, or the outcome or skill to choose.
func (s *Staff) tablePanel(now time.Time) fyne.CanvasObject {
	title := s.line(s.lang.T("staff.at_table", s.tableName(s.table)), sizeLarge, true, colInk)
	i := app.AtTable(s.visits, s.table)
	if i < 0 {
		s.mode = modeSteps
		return card(container.NewVBox(title, s.line(s.lang.T("staff.free"), sizeBody, false, colInkSoft)))
	}
	v := s.visits[i]
	num := s.line(strconv.Itoa(v.Ticket), 80, true, colInk)
	topics := container.NewHBox()
	for _, id := range v.Topics {
		topics.Add(picto(string(id), 40))
	}
	who := container.NewHBox(num, fixedWidth(12), container.NewVBox(langLabel(v.Lang), topics))
	if v.Urgent {
		who.Add(fixedWidth(12))
		who.Add(s.iconText("urgent", s.lang.T("staff.urgent"), sizeBody, true, colUrgent))
	}
	var state string
	if v.State == app.StateServing {
		state = s.lang.T("staff.state.serving", v.Started.In(s.cfg.Site.Location()).Format("15:04"))
	} else {
		state = s.lang.T("staff.state.called", v.Called.In(s.cfg.Site.Location()).Format("15:04"))
		if v.Recalls > 0 {
			state += " · " + s.lang.T("staff.recalls", v.Recalls)
		}
	}
	box := container.NewVBox(title, who, s.line(state, sizeBody, false, colInk))

	switch s.mode {
	case modeFinish:
		box.Add(widget.NewSeparator())
		box.Add(s.line(s.lang.T("staff.finish_title"), sizeLarge, true, colInk))
		for _, o := range app.Outcomes {
			b := s.button("staff:outcome:"+string(o), s.lang.T("staff.outcome."+string(o)), "done", func() {
				if o == app.OutcomeFollowUp && s.cfg.Handoffs != nil {
					s.onFollowUp(v) // choose the next step, then the code fills the screen
					return
				}
				s.onStep(v.ID, app.Step{Action: app.ActFinish, Outcome: o})
			})
			if o == app.OutcomeResolved {
				b.Importance = widget.HighImportance
			}
			box.Add(tall(b, 64))
		}
		box.Add(tall(s.button("staff:cancel", s.lang.T("staff.cancel"), "back", s.onCancel), 64))
	case modeTransfer:
		box.Add(widget.NewSeparator())
		box.Add(s.line(s.lang.T("staff.transfer_title"), sizeLarge, true, colInk))
		var bs []fyne.CanvasObject
		for _, sk := range app.Skills {
			b := s.button("staff:skill:"+string(sk), s.lang.T("staff.skill."+string(sk)), "", func() {
				s.onStep(v.ID, app.Step{Action: app.ActTransfer, Skill: sk})
			})
			if sk == v.Skill {
				b.Disable()
			}
			bs = append(bs, tall(b, 64))
		}
		bs = append(bs, tall(s.button("staff:cancel", s.lang.T("staff.cancel"), "back", s.onCancel), 64))
		box.Add(container.NewGridWithColumns(2, bs...))
	default:
		recall := s.button("staff:recall", s.lang.T("staff.recall"), "call", func() { s.onStep(v.ID, app.Step{Action: app.ActRecall}) })
		start := s.button("staff:start", s.lang.T("staff.start"), "person", func() { s.onStep(v.ID, app.Step{Action: app.ActStart}) })
		noShow := s.button("staff:noshow", s.lang.T("staff.no_show"), "no", func() { s.onStep(v.ID, app.Step{Action: app.ActNoShow}) })
		requeue := s.button("staff:requeue", s.lang.T("staff.requeue"), "back", func() { s.onStep(v.ID, app.Step{Action: app.ActRequeue}) })
		transfer := s.button("staff:transfer", s.lang.T("staff.transfer"), "next", func() { s.onMode(modeTransfer) })
		finish := s.button("staff:finish", s.lang.T("staff.finish"), "done", func() { s.onMode(modeFinish) })
		finish.Importance = widget.HighImportance
		if v.State != app.StateCalled {
			recall.Disable()
			start.Disable()
			noShow.Disable()
		}
		if v.Recalls < s.cfg.Site.MaxRecalls {
			noShow.Disable()
		}
		box.Add(container.NewGridWithColumns(2, tall(recall, 64), tall(start, 64), tall(requeue, 64), tall(transfer, 64), tall(noShow, 64), tall(finish, 64)))
		if v.State == app.StateCalled && v.Recalls < s.cfg.Site.MaxRecalls {
			box.Add(s.line(s.lang.T("staff.no_show_after", s.cfg.Site.MaxRecalls), sizeCorner, false, colInkSoft))
		}
	}
	return card(box)
}

// button makes a step button, disabled while a step is on its way, and registers it.
func (s *Staff) button(id, label, icon string, tap func()) *widget.Button {
	var b *widget.Button
	if icon != "" {
		b = widget.NewButtonWithIcon(label, assets.Pictogram(icon), tap)
	} else {
		b = widget.NewButton(label, tap)
	}
	if s.busy {
		b.Disable()
	}
	s.targets[id] = b
	return b
}

func (s *Staff) touched() {
	if s.cfg.OnTouch != nil {
		s.cfg.OnTouch()
	}
}

// onTable switches the console to another table.
func (s *Staff) onTable(id int) {
	s.touched()
	s.table, s.mode = id, modeSteps
	s.clearNotice()
	s.render()
}

func (s *Staff) onMode(m panelMode) {
	s.touched()
	s.mode = m
	s.render()
}

func (s *Staff) onCancel() { s.onMode(modeSteps) }

// onCallNext calls the visitor my table should see next: one tap.
func (s *Staff) onCallNext() {
	table := s.table
	s.run(func(ctx context.Context) (app.Visit, error) { return s.cfg.Queue.CallNext(ctx, table) }, func(v app.Visit) string {
		return s.lang.T("staff.called_msg", v.Ticket, s.tableName(v.Table))
	})
}

// onCall calls a visitor out of the call-next order ("call this one").
func (s *Staff) onCall(id uint64) {
	s.onStep(id, app.Step{Action: app.ActCall, Table: s.table})
}

// onStep applies a step to a visit.
func (s *Staff) onStep(id uint64, st app.Step) {
	s.run(func(ctx context.Context) (app.Visit, error) { return s.cfg.Queue.Do(ctx, id, st) }, func(v app.Visit) string {
		switch st.Action {
		case app.ActCall:
			return s.lang.T("staff.called_msg", v.Ticket, s.tableName(v.Table))
		case app.ActRecall:
			return s.lang.T("staff.recalled_msg", v.Ticket, s.tableName(v.Table))
		case app.ActFinish:
			return s.lang.T("staff.done_msg", v.Ticket)
		}
		return s.lang.T("staff.step_msg", v.Ticket, s.stepName(st))
	})
}

// run does one queue step off the UI goroutine. The step buttons wait while it runs,
// so a double tap cannot send a step twice; the result comes back through fyne.Do,
// and the list follows through the subscription.
func (s *Staff) run(step func(context.Context) (app.Visit, error), done func(app.Visit) string) {
	s.touched()
	s.busy = true
	s.render()
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		v, err := step(ctx)
		onUI(func() {
			s.busy = false
			if err != nil {
				s.cfg.Log.Warn("staff step refused", "err", err, "code", app.ErrorCode(err), "table", s.table)
				s.showError(err)
			} else {
				s.put(v)
				s.mode = modeSteps
				s.showInfo(done(v))
			}
			if !s.closed.Load() {
				s.render()
			}
		})
	}()
}

// put puts a visit the queue just returned into the local copy, so the console shows
// the step at once; the subscription's reload brings the same.
func (s *Staff) put(v app.Visit) {
	for i := range s.visits {
		if s.visits[i].ID == v.ID {
			s.visits[i] = v
			return
		}
	}
	s.visits = append(s.visits, v)
	slices.SortFunc(s.visits, func(a, b app.Visit) int { return cmp.Compare(a.ID, b.ID) })
}

func (s *Staff) tableName(id int) string { return tableName(s.cfg.Site, id) }

func (s *Staff) stepName(st app.Step) string {
	switch st.Action {
	case app.ActRecall:
		return s.lang.T("staff.recall")
	case app.ActStart:
		return s.lang.T("staff.start")
	case app.ActNoShow:
		return s.lang.T("staff.no_show")
	case app.ActRequeue:
		return s.lang.T("staff.requeue")
	case app.ActTransfer:
		return s.lang.T("staff.transfer") + " → " + s.lang.T("staff.skill."+string(st.Skill))
	}
	return string(st.Action)
}

// showError shows the translated message for an app error's code; the detail is in
// the log.
func (s *Staff) showError(err error) { s.setNotice(staffErrorText(s.lang, err), true) }

func (s *Staff) showInfo(text string) { s.setNotice(text, false) }

// The message line keeps its height when it is empty, so nothing jumps when a
// message comes or goes.
func noticeSpace() fyne.CanvasObject { return minBox(0, 60) }

func (s *Staff) clearNotice() {
	s.notice.Objects = []fyne.CanvasObject{noticeSpace()}
	s.notice.Refresh()
}

func (s *Staff) setNotice(text string, isErr bool) {
	s.notice.Objects = []fyne.CanvasObject{noticeSpace(), container.NewPadded(noticeLine(s.lang, text, isErr))}
	s.notice.Refresh()
}

// Notice returns the text of the console's last message, "" if none. Tests read it.
func (s *Staff) Notice() string {
	if len(s.notice.Objects) < 2 {
		return ""
	}
	return noticeText(s.notice.Objects[1])
}

// staffErrorText is the staff message for err: "staff.error.<code>", or the generic
// one for a code without its own message.
func staffErrorText(l i18n.Lang, err error) string {
	key := "staff.error." + app.ErrorCode(err)
	if !i18n.Lookup(i18n.Source).Has(key) {
		key = "staff.error.internal"
	}
	return l.T(key)
}

// line is one line of staff text in the console's language.
func (s *Staff) line(text string, size float32, bold bool, col fyneColor) *canvas.Text {
	return scriptFor(s.lang).line(text, size, bold, col)
}

// iconText is a pictogram with a word beside it: flags never rest on colour alone.
func (s *Staff) iconText(icon, text string, size float32, bold bool, col fyneColor) fyne.CanvasObject {
	return iconText(s.lang, icon, text, size, bold, col)
}
