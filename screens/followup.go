package screens

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
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

// FollowUpConfig is what the counsellor's follow-up needs: the visit being finished
// with "follow-up needed", and the services that finish it and make its code.
type FollowUpConfig struct {
	Queue    app.Queue
	Handoffs handoff.Handoffs
	Site     app.Site
	Clock    app.Clock
	Log      *slog.Logger
	// Lang is the staff's language (Danish), for the step picker.
	Lang  i18n.Lang
	Visit app.Visit
	// OnTouch is called on every tap, so a console on the kiosk can time out.
	OnTouch func()
	// OnDone is called when the counsellor leaves: finished is true after the visit
	// was finished and its code shown, false after Cancel (nothing changed).
	OnDone func(finished bool)
}

// FollowUp is "finish → follow-up needed" at the counsellor's table: first the next
// step, from the fixed list, drawn as pictograms with Danish labels; then the code
// filling the screen, so the resident can photograph the QR and the short code, with
// the next step written in the resident's language and Danish under it, and the next
// open desks. Making the code and finishing the visit run off the UI goroutine.
//
// It is a screen of its own with a constructor, so the console only has to show it:
// see Staff.onFollowUp.
type FollowUp struct {
	cfg  FollowUpConfig
	lang i18n.Lang // the resident's

	root    *fyne.Container
	notice  *fyne.Container
	targets map[string]fyne.CanvasObject
	busy    bool
	code    handoff.Code
	qr      *canvas.Image
	modules int
	bg      sync.WaitGroup
}

// nextStepIcons draws each next step with a pictogram the counsellor and the resident
// both recognise.
var nextStepIcons = map[handoff.NextStep]string{
	handoff.NextNone:            "done",
	handoff.NextBringDocument:   "letter",
	handoff.NextPhotoNeeded:     "photo",
	handoff.NextAwaitAnswer:     "clock",
	handoff.NextBookAppointment: "calendar",
	handoff.NextContinueCV:      "cv",
	handoff.NextCallAuthority:   "call",
	handoff.NextOtherDesk:       "table",
	handoff.NextJobCentre:       "job",
	handoff.NextCitizenService:  "person",
}

// followUpQR is the most the follow-up's QR may take: about 10 units a module, big
// enough for a phone held at arm's length.
const followUpQR = 460

// NewFollowUp builds the follow-up for cfg.Visit, showing the step picker.
func NewFollowUp(cfg FollowUpConfig) *FollowUp {
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	f := &FollowUp{cfg: cfg, lang: danishLang, root: container.NewStack()}
	if i18n.Known(cfg.Visit.Lang) {
		f.lang = i18n.Lookup(cfg.Visit.Lang)
	}
	f.showPicker()
	return f
}

// Content is the follow-up's canvas object.
func (f *FollowUp) Content() fyne.CanvasObject { return f.root }

// Targets returns the tappable widgets by id: "followup:step:photo_needed",
// "followup:cancel", "followup:done".
func (f *FollowUp) Targets() map[string]fyne.CanvasObject { return f.targets }

// Code returns the code made, zero before.
func (f *FollowUp) Code() handoff.Code { return f.code }

// Wait blocks until the background work started by the follow-up has finished.
func (f *FollowUp) Wait() { f.bg.Wait() }

func (f *FollowUp) touched() {
	if f.cfg.OnTouch != nil {
		f.cfg.OnTouch()
	}
}

// showPicker shows the next steps to choose from.
func (f *FollowUp) showPicker() {
	l := f.cfg.Lang
	s := scriptFor(l)
	f.targets = map[string]fyne.CanvasObject{}
	var cells []fyne.CanvasObject
	for _, step := range handoff.NextSteps {
		// The kiosk's big choice, pictogram first: the step is found by its picture.
		b := newChoice("followup:step:"+step.String(), assets.Pictogram(nextStepIcons[step]), l.T("staff.next."+step.String()), "", s,
			func() { f.onStep(step) })
		b.iconSize = 56
		b.textSize = sizeBody
		b.minSize = fyne.NewSize(400, 84)
		f.targets[b.id] = b
		cells = append(cells, b)
	}
	cancel := widget.NewButtonWithIcon(l.T("staff.cancel"), assets.Pictogram("back"), f.onCancel)
	if f.busy {
		cancel.Disable()
	}
	f.targets["followup:cancel"] = cancel
	who := container.NewHBox(s.line(l.T("staff.followup_for", f.cfg.Visit.Ticket), sizeLarge, true, colInk), fixedWidth(16), langLabel(f.cfg.Visit.Lang))
	head := container.NewVBox(
		container.NewHBox(picto("code", 56), s.line(l.T("staff.followup_title"), sizeTitle, true, colInk)),
		who,
		s.line(l.T("staff.followup_hint"), sizeBody, false, colInkSoft),
	)
	if f.notice == nil {
		f.notice = container.NewStack(noticeSpace())
	}
	body := container.NewBorder(head, container.NewVBox(f.notice, container.NewHBox(container.NewStack(minBox(260, 72), cancel))), nil, nil,
		container.NewPadded(container.NewGridWithColumns(2, cells...)))
	f.set(container.NewStack(canvas.NewRectangle(colBackground), container.NewPadded(body)))
}

func (f *FollowUp) set(o fyne.CanvasObject) {
	f.root.Objects = []fyne.CanvasObject{o}
	f.root.Refresh()
}

func (f *FollowUp) onCancel() {
	f.touched()
	if f.busy {
		return
	}
	if f.cfg.OnDone != nil {
		f.cfg.OnDone(false)
	}
}

// onStep makes the code and finishes the visit, off the UI goroutine. The code comes
// first: if it cannot be made, the visit stays at the table and the counsellor can
// try again or choose another outcome. A code whose visit then fails to finish is
// harmless: it is never shown, and its short code expires.
func (f *FollowUp) onStep(step handoff.NextStep) {
	f.touched()
	if f.busy {
		return
	}
	f.busy = true
	f.showPicker()
	v := f.cfg.Visit
	f.setNotice(f.cfg.Lang.T("staff.followup_issuing"), false)
	f.bg.Add(1)
	go func() {
		defer f.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		code, err := f.cfg.Handoffs.Issue(ctx, handoff.FromVisit(v, step))
		if err == nil {
			_, err = f.cfg.Queue.Do(ctx, v.ID, app.Step{Action: app.ActFinish, Outcome: app.OutcomeFollowUp})
		}
		onUI(func() {
			f.busy = false
			if err != nil {
				f.cfg.Log.Warn("follow-up refused", "err", err, "code", app.ErrorCode(err), "ticket", v.Ticket, "next", step)
				f.showPicker()
				f.setNotice(staffErrorText(f.cfg.Lang, err), true)
				return
			}
			f.cfg.Log.Info("follow-up code made", "ticket", v.Ticket, "next", step, "case", code.Context.CaseID, "expires", code.Context.Expires.Format(time.DateOnly))
			f.code = code
			f.showCode()
		})
	}()
}

func (f *FollowUp) setNotice(text string, isErr bool) {
	f.notice.Objects = []fyne.CanvasObject{noticeSpace(), container.NewPadded(noticeLine(f.cfg.Lang, text, isErr))}
	f.notice.Refresh()
}

// showCode fills the screen with the code for the resident to photograph: the QR on
// one side; on the other the short code, the next step in the resident's language
// with Danish under it, and the next open desks. The QR keeps to the reading start.
func (f *FollowUp) showCode() {
	l := f.lang
	s := scriptFor(l)
	f.targets = map[string]fyne.CanvasObject{}
	bilingual := func(key string, size float32, bold bool) fyne.CanvasObject {
		box := container.NewVBox(newPara(s, l.T(key), size, bold, colInk, 700))
		if !l.IsSource() {
			d := newPara(scriptFor(danishLang), danishLang.T(key), sizeSmall+2, false, colInkSoft, 700)
			d.align = s.align()
			box.Add(d)
		}
		return box
	}
	f.qr, f.modules = codeQR(f.code.Text, followUpQR)
	step := f.code.Context.Next
	next := container.NewBorder(nil, nil, container.NewVBox(picto(nextStepIcons[step], 64)), nil,
		bilingual("next."+step.String(), sizeLarge, true))
	if l.RTL() {
		next = container.NewBorder(nil, nil, nil, container.NewVBox(picto(nextStepIcons[step], 64)), bilingual("next."+step.String(), sizeLarge, true))
	}
	info := container.NewVBox(
		bilingual("followup.title", sizeBody, true),
		container.NewCenter(shortCodeText(f.code.Short, 64)),
		bilingual("ticket.photo", sizeBody-2, false),
		widget.NewSeparator(),
		next,
		widget.NewSeparator(),
		openingsBox(f.cfg.Site, f.cfg.Clock.Now(), l, sizeBody-2, 700, 3, true),
	)
	done := widget.NewButtonWithIcon(f.cfg.Lang.T("staff.followup_done"), assets.Pictogram("done"), f.onDone)
	done.Importance = widget.HighImportance
	f.targets["followup:done"] = done
	// Done and the ticket number sit under the QR, so the text keeps the full height.
	ticket := scriptFor(f.cfg.Lang).line(f.cfg.Lang.T("staff.followup_for", f.cfg.Visit.Ticket), sizeBody, false, colInkSoft)
	qrCol := container.NewBorder(nil, container.NewVBox(ticket, container.NewStack(minBox(0, 80), done)), nil, nil,
		container.NewVBox(layout.NewSpacer(), container.NewCenter(f.qr), layout.NewSpacer()))
	body := container.NewBorder(nil, nil, qrCol, nil, container.NewPadded(info))
	if l.RTL() {
		body = container.NewBorder(nil, nil, nil, qrCol, container.NewPadded(info))
	}
	f.set(container.NewStack(canvas.NewRectangle(colBackground), container.NewPadded(body)))
}

func (f *FollowUp) onDone() {
	f.touched()
	if f.cfg.OnDone != nil {
		f.cfg.OnDone(true)
	}
}

// String describes the follow-up for logs.
func (f *FollowUp) String() string { return "follow-up for ticket " + strconv.Itoa(f.cfg.Visit.Ticket) }

// onFollowUp shows the follow-up for the visit at the table in place of the console.
// The console keeps following the queue underneath, and comes back when the
// counsellor taps Done (the visit is finished) or Cancel (nothing changed).
func (s *Staff) onFollowUp(v app.Visit) {
	s.touched()
	console := s.root.Objects
	s.followUp = NewFollowUp(FollowUpConfig{Queue: s.cfg.Queue, Handoffs: s.cfg.Handoffs, Site: s.cfg.Site, Clock: s.cfg.Clock,
		Log: s.cfg.Log, Lang: s.lang, Visit: v, OnTouch: s.cfg.OnTouch,
		OnDone: func(finished bool) {
			s.followUp = nil
			if finished {
				s.mode = modeSteps
				s.showInfo(s.lang.T("staff.done_msg", v.Ticket))
			}
			s.root.Objects = console
			s.root.Refresh()
			s.render()
		}})
	s.root.Objects = []fyne.CanvasObject{s.followUp.Content()}
	s.root.Refresh()
}
