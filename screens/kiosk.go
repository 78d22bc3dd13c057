// Package screens is Skranke's user interface on Fyne: the resident flow at the
// touchscreen (Welcome, Topics, Questions, Ticket), and the staff screens. Each screen is
// one small type with a build method and onXxx handlers. Screens talk to the app
// services only; they never read the database. Work that can block, such as a
// check-in's disk write, runs off the UI goroutine and comes back through fyne.Do.
package screens

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/handoff"
	"skranke/i18n"
)

// The resident screens, by name.
const (
	ScreenWelcome   = "welcome"
	ScreenTopics    = "topics"
	ScreenQuestions = "questions"
	ScreenTicket    = "ticket"
)

// TicketSeconds is how long the ticket stays on screen before the kiosk is ready for
// the next person.
const TicketSeconds = 30

var danishLang = i18n.Lookup(i18n.Source)

// KioskConfig is what a kiosk needs.
type KioskConfig struct {
	Queue app.Queue
	Site  app.Site
	Clock app.Clock
	Log   *slog.Logger
	// OnQuit ends the program: the staff-only way out of the locked-down kiosk, for
	// the coordinator screen to call after the PIN (Kiosk.Quit). Nil means no way out.
	OnQuit func()
	// PINs checks the staff PIN after a long press on the logo; nil turns that off.
	PINs app.PINChecker
	// PINHint is shown under the PIN pad; the demo tells its PIN there.
	PINHint string
	// Coordinator, with PINs, puts a Coordinator button on the console that opens the
	// coordinator screen after the coordinator's PIN (coordinator_kiosk.go).
	Coordinator coord.Coordinator
	// Handoffs makes the ticket's handoff code and reads the codes residents bring
	// ("I have a code"); nil leaves both out.
	Handoffs handoff.Handoffs
	// LanguageOrder is the order of the language grid (app.OrderLanguages: the most
	// chosen at this site first); empty means the site's own order.
	LanguageOrder []string
}

// Kiosk is the resident flow on the touchscreen.
type Kiosk struct {
	queue app.Queue
	// languages is the language grid's order (KioskConfig.LanguageOrder).
	languages []string
	site      app.Site
	cat       app.Catalogue
	clock     app.Clock
	log       *slog.Logger

	root    *fyne.Container
	current string

	// What the resident has chosen so far; forgotten on every return to Welcome.
	lang    i18n.Lang
	topics  []app.TopicID
	answers map[app.QuestionID]app.Answer
	// A returning resident's visit, restored from a handoff code (code.go): marked
	// returning, keeping the matter's case id, and not asked again what the code says.
	returning bool
	caseID    handoff.CaseID
	settled   map[app.QuestionID]bool

	lastTouch time.Time
	shownAt   time.Time

	welcome   *welcomeScreen
	topicsScr *topicsScreen
	questions *questionsScreen
	ticket    *ticketScreen
	code      *codeScreen

	handoffs handoff.Handoffs

	// targets are the tappable widgets of the current screen by id, for the layout
	// dump and tests.
	targets map[string]fyne.CanvasObject
	// bg counts background work (check-ins) so tests can wait for it.
	bg sync.WaitGroup
	// onScreen, when set, is called after every screen change (the layout dump).
	onScreen func(name string)
	// onQuit is KioskConfig.OnQuit.
	onQuit func()

	// Staff access on the kiosk's own screen (staff_kiosk.go).
	pins    app.PINChecker
	pinHint string
	pad     *pinPad
	staff   *Staff

	coordinator coord.Coordinator
	coordScr    *Coordinator
}

// NewKiosk builds the resident flow and shows Welcome.
func NewKiosk(cfg KioskConfig) *Kiosk {
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	k := &Kiosk{queue: cfg.Queue, site: cfg.Site, cat: app.DefaultCatalogue(), clock: cfg.Clock, log: cfg.Log, onQuit: cfg.OnQuit, pins: cfg.PINs, pinHint: cfg.PINHint, coordinator: cfg.Coordinator,
		handoffs: cfg.Handoffs, languages: cfg.LanguageOrder}
	if len(k.languages) == 0 {
		k.languages = cfg.Site.Languages
	}
	k.root = container.NewStack()
	k.reset()
	return k
}

// Content is the kiosk's canvas object, to put in a window.
func (k *Kiosk) Content() fyne.CanvasObject { return k.root }

// Screen returns the name of the screen on show.
func (k *Kiosk) Screen() string { return k.current }

// Targets returns the tappable widgets of the screen on show, by stable id.
func (k *Kiosk) Targets() map[string]fyne.CanvasObject {
	if k.current == ScreenStaff && k.staff != nil {
		return k.staff.Targets()
	}
	return k.targets
}

// OnScreen registers a function called after every screen change.
func (k *Kiosk) OnScreen(f func(name string)) { k.onScreen = f }

// Tick is called every second on the UI goroutine. It returns an unattended kiosk to
// Welcome: after the site's idle time without a touch in the middle of the flow, and
// after TicketSeconds on the ticket.
func (k *Kiosk) Tick() {
	now := k.clock.Now()
	switch k.current {
	case ScreenWelcome:
		if k.returning && now.Sub(k.lastTouch) >= time.Duration(k.site.IdleSeconds)*time.Second {
			k.reset() // a code's choices waiting for a language nobody chose
			return
		}
		k.welcome.rotatePrivacy(now.Sub(k.shownAt))
		k.welcome.logo.tick()
	case ScreenStaffPIN, ScreenStaff:
		k.staffTick(now)
	case ScreenTicket:
		if now.Sub(k.lastTouch) >= TicketSeconds*time.Second {
			k.reset()
		}
	default:
		if now.Sub(k.lastTouch) >= time.Duration(k.site.IdleSeconds)*time.Second {
			k.log.Info("idle: back to welcome", "screen", k.current)
			k.reset()
		}
	}
}

// touched records a touch, for the idle timeout.
func (k *Kiosk) touched() { k.lastTouch = k.clock.Now() }

// reset forgets the resident's choices and shows Welcome.
func (k *Kiosk) reset() {
	k.closeStaff()
	k.lang = danishLang
	k.topics = nil
	k.answers = map[app.QuestionID]app.Answer{}
	k.returning, k.caseID, k.settled, k.code = false, handoff.CaseID{}, nil, nil
	k.welcome = &welcomeScreen{k: k}
	k.show(ScreenWelcome, k.welcome.build)
}

// show builds a screen and puts it on the canvas. The screen's name is set first, so
// the build can draw where the resident is in the flow.
func (k *Kiosk) show(name string, build func() fyne.CanvasObject) {
	k.current = name
	k.touched()
	k.shownAt = k.lastTouch
	k.root.Objects = []fyne.CanvasObject{build()}
	k.root.Refresh()
	if k.onScreen != nil {
		k.onScreen(name)
	}
}

func (k *Kiosk) register(id string, o fyne.CanvasObject) {
	k.targets[id] = o
}

func (k *Kiosk) newTargets() { k.targets = map[string]fyne.CanvasObject{} }

// chooseLanguage starts a resident's visit in lang.
func (k *Kiosk) chooseLanguage(code string) {
	k.touched()
	k.lang = i18n.Lookup(code)
	k.topicsScr = &topicsScreen{k: k}
	k.show(ScreenTopics, k.topicsScr.build)
}

// toggleTopic adds or removes a topic from the resident's choice.
func (k *Kiosk) toggleTopic(id app.TopicID) bool {
	k.touched()
	if i := slices.Index(k.topics, id); i >= 0 {
		k.topics = slices.Delete(k.topics, i, i+1)
		return false
	}
	k.topics = append(k.topics, id)
	return true
}

// asked returns the questions to put to the resident for the chosen topics.
func (k *Kiosk) asked() []app.Question { return app.Ask(k.cat, k.topics) }

// afterTopics goes on from the topics: to the questions if any matter, else straight
// to the ticket.
func (k *Kiosk) afterTopics() {
	k.touched()
	if len(k.topics) == 0 {
		k.topicsScr.hintNeedTopic()
		return
	}
	// Answers to questions of topics no longer chosen are dropped.
	asked := k.asked()
	for q := range k.answers {
		if !slices.ContainsFunc(asked, func(x app.Question) bool { return x.ID == q }) {
			delete(k.answers, q)
		}
	}
	if len(k.toAsk()) == 0 {
		k.checkIn()
		return
	}
	k.questions = &questionsScreen{k: k}
	k.show(ScreenQuestions, k.questions.build)
}

// backToTopics returns from the questions, keeping the choices.
func (k *Kiosk) backToTopics() {
	k.touched()
	k.topicsScr = &topicsScreen{k: k}
	k.show(ScreenTopics, k.topicsScr.build)
}

// checkIn commits the visit off the UI goroutine and shows the ticket once it is on
// disk. While it runs, the way-on buttons are disabled so a double tap cannot make two
// tickets.
func (k *Kiosk) checkIn() {
	in := app.CheckIn{Lang: k.lang.Code(), Topics: slices.Clone(k.topics), Answers: maps.Clone(k.answers), Returning: k.returning}
	caseID := k.caseID
	k.setBusy(true)
	k.bg.Add(1)
	go func() {
		defer k.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		t, err := k.queue.CheckIn(ctx, in)
		code, codeErr := k.issueTicketCode(ctx, t, err, caseID)
		fyne.Do(func() {
			k.setBusy(false)
			if err != nil {
				k.log.Error("check-in failed", "err", err, "code", app.ErrorCode(err))
				k.showError(err)
				return
			}
			k.log.Info("checked in", "ticket", t.Visit.Ticket, "lang", t.Visit.Lang, "topics", t.Visit.Topics, "urgent", t.Visit.Urgent)
			if codeErr != nil {
				// The ticket matters more than the code: show it without one.
				k.log.Error("handoff code for the ticket failed", "err", codeErr, "code", app.ErrorCode(codeErr), "ticket", t.Visit.Ticket)
			}
			k.ticket = &ticketScreen{k: k, t: t, code: code}
			k.show(ScreenTicket, k.ticket.build)
		})
	}()
}

func (k *Kiosk) setBusy(on bool) {
	switch k.current {
	case ScreenTopics:
		k.topicsScr.setBusy(on)
	case ScreenQuestions:
		k.questions.setBusy(on)
	case ScreenCode:
		k.code.setBusy(on)
	}
}

// showError tells the resident, calmly and in their language, that something went
// wrong; their choices are kept so a counsellor can help them try again.
func (k *Kiosk) showError(err error) {
	key := "error.generic"
	switch app.ErrorCode(err) {
	case app.EStorage:
		key = "error.storage"
	case app.ENoTopic:
		key = "error.no_topic"
	}
	switch k.current {
	case ScreenTopics:
		k.topicsScr.notice(key)
	case ScreenQuestions:
		k.questions.notice(key)
	case ScreenCode:
		k.code.showRefusal(err, handoff.Context{Lang: k.lang.Code()})
	}
}

// Wait blocks until background work started by the kiosk has finished. Tests use it.
func (k *Kiosk) Wait() { k.bg.Wait() }
