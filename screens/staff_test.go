package screens

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"skranke/app"
	"skranke/store"
)

// cheapPIN keeps argon2id quick in screen tests; store/pin_test.go uses the real cost.
var cheapPIN = app.PINParams{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32}

// countChimes is a Chimer that counts instead of playing.
type countChimes struct{ n atomic.Int32 }

func (c *countChimes) Chime() { c.n.Add(1) }

// heldTimers is a BoardConfig.After that keeps the functions until fire runs them, so
// a test sees the flash on, then ends it, without waiting 1.5 s.
type heldTimers struct {
	mu sync.Mutex
	fs []func()
}

func (h *heldTimers) after(_ time.Duration, f func()) {
	h.mu.Lock()
	h.fs = append(h.fs, f)
	h.mu.Unlock()
}

func (h *heldTimers) fire() {
	h.mu.Lock()
	fs := h.fs
	h.fs = nil
	h.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// staffRig is a queue on a real store with the screens a desk runs beside the kiosk.
type staffRig struct {
	t     *testing.T
	store *store.Store
	queue *app.QueueService
	clock *app.ManualClock
	site  app.Site
	pins  *app.PINService
	// closed is set by a test that closes the store under the screens.
	closed bool
}

// closeStore closes the store under the screens, as when the disk goes away.
func (r *staffRig) closeStore() {
	r.t.Helper()
	if err := r.store.Close(); err != nil {
		r.t.Fatal(err)
	}
	r.closed = true
}

func MustStaffRig(t *testing.T) *staffRig {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	site := demoSite()
	if err := s.SaveSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	clock := app.NewManualClock(monday)
	rg := &staffRig{t: t, store: s, queue: app.NewQueueService(s, site, clock), clock: clock, site: site,
		pins: app.NewPINService(s, clock, cheapPIN)}
	t.Cleanup(func() {
		if rg.closed {
			return
		}
		r, err := s.Check()
		if err != nil || !r.OK() {
			t.Errorf("check: %v %v", err, r.Problems)
		}
		s.Close()
	})
	return rg
}

func (r *staffRig) checkIn(lang string, topic app.TopicID, answers map[app.QuestionID]app.Answer) app.Visit {
	r.t.Helper()
	tk, err := r.queue.CheckIn(context.Background(), app.CheckIn{Lang: lang, Topics: []app.TopicID{topic}, Answers: answers})
	if err != nil {
		r.t.Fatal(err)
	}
	return tk.Visit
}

func (r *staffRig) console(table int, size fyne.Size) (*Staff, fyne.Window) {
	s := NewStaff(StaffConfig{Queue: r.queue, Site: r.site, Clock: r.clock, Lang: danishLang, Table: table})
	r.t.Cleanup(s.Close)
	s.Wait() // the first load draws from its own goroutine: let it finish before the window lays out
	w := test.NewTempWindow(r.t, s.Content())
	w.Resize(size)
	return s, w
}

func (r *staffRig) board(size fyne.Size) (*Board, *countChimes, *heldTimers, fyne.Window) {
	chimes, timers := &countChimes{}, &heldTimers{}
	b := NewBoard(BoardConfig{Queue: r.queue, Site: r.site, Chimer: chimes, After: timers.after})
	r.t.Cleanup(b.Close)
	b.Wait()
	w := test.NewTempWindow(r.t, b.Content())
	w.Resize(size)
	return b, chimes, timers, w
}

// waiter is a screen that can say when it has drawn a queue change.
type waiter interface{ WaitSeen(seq uint64) }

// settle waits until every screen has drawn the queue's latest change. It blocks on
// each screen's condition variable; the deadline only turns a hang into a failure.
func (r *staffRig) settle(screens ...waiter) {
	r.t.Helper()
	seq := r.queue.LastSeq()
	for _, s := range screens {
		done := make(chan struct{})
		go func() { s.WaitSeen(seq); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			r.t.Fatalf("a screen never drew change %d", seq)
		}
	}
}

// tapStaff taps a console's target like a finger and waits for the step to come back.
func tapStaff(t *testing.T, s *Staff, id string) {
	t.Helper()
	o, ok := s.Targets()[id]
	if !ok {
		t.Fatalf("no %q on the console; targets: %v", id, keys(s.Targets()))
	}
	test.Tap(o.(fyne.Tappable))
	s.Wait()
}

func callTarget(v app.Visit) string { return "staff:call:" + strconv.FormatUint(v.ID, 10) }

// A tap on "call next" in one console calls the visitor that table should see: the
// board shows the number and the table big, lit, with a chime, and the visitor leaves
// the waiting list in both consoles. Nothing sleeps or polls: each screen says when it
// has drawn the queue's latest change.
func TestCallNextReachesBoardAndConsoles(t *testing.T) {
	r := MustStaffRig(t)
	post := r.checkIn("da", "post", nil)
	r.clock.Advance(2 * time.Minute)
	urgent := r.checkIn("ar", "money", map[app.QuestionID]app.Answer{"money_deadline": app.Yes})
	r.clock.Advance(time.Minute)
	job := r.checkIn("so", "job", nil)

	one, _ := r.console(1, kioskSD)
	two, _ := r.console(2, kioskSD)
	board, chimes, timers, _ := r.board(kioskHD)
	r.settle(one, two, board)
	for _, v := range []app.Visit{post, urgent, job} {
		if _, ok := one.Targets()[callTarget(v)]; !ok {
			t.Fatalf("ticket %d is not on table 1's list", v.Ticket)
		}
	}
	if n, tb := board.Now(); n != "" || tb != "" || board.Lit() {
		t.Fatalf("board before any call shows %q %q lit=%v", n, tb, board.Lit())
	}

	// Table 1 (digital, money; Arabic): the urgent Arabic money visitor scores
	// 1 + 20 + 10 against the post visitor's 3.
	tapStaff(t, one, "staff:next")
	r.settle(one, two, board)

	if n, tb := board.Now(); n != strconv.Itoa(urgent.Ticket) || tb != "Bord 1" {
		t.Errorf("board shows %q → %q, want %d → Bord 1", n, tb, urgent.Ticket)
	}
	if !board.Lit() || chimes.n.Load() != 1 {
		t.Errorf("board lit=%v after %d chimes, want lit after 1", board.Lit(), chimes.n.Load())
	}
	for name, s := range map[string]*Staff{"table 1": one, "table 2": two} {
		if _, ok := s.Targets()[callTarget(urgent)]; ok {
			t.Errorf("%s still lists ticket %d as waiting", name, urgent.Ticket)
		}
		if _, ok := s.Targets()[callTarget(post)]; !ok {
			t.Errorf("%s lost ticket %d, who still waits", name, post.Ticket)
		}
	}
	if got, want := one.Notice(), "Nummer "+strconv.Itoa(urgent.Ticket)+" er kaldt til bord 1"; got != want {
		t.Errorf("console says %q, want %q", got, want)
	}
	// The table is busy now: its "call next" waits until the visitor is dealt with.
	if !one.Targets()["staff:next"].(*widget.Button).Disabled() {
		t.Error("call next is enabled while the table has a visitor")
	}

	// The flash ends by itself (here: when the held timer fires).
	timers.fire()
	if board.Lit() {
		t.Error("the board is still lit after the flash")
	}

	// A recall lights the board again and chimes again.
	tapStaff(t, one, "staff:recall")
	r.settle(one, two, board)
	if !board.Lit() || chimes.n.Load() != 2 {
		t.Errorf("after a recall: lit=%v, %d chimes; want lit, 2", board.Lit(), chimes.n.Load())
	}
	timers.fire()

	// Table 2 calls next: its Somali job visitor. The board's big line follows, and the
	// call before moves to the recent row.
	tapStaff(t, two, "staff:next")
	r.settle(one, two, board)
	if n, tb := board.Now(); n != strconv.Itoa(job.Ticket) || tb != "Bord 2" {
		t.Errorf("board shows %q → %q, want %d → Bord 2", n, tb, job.Ticket)
	}
	if board.board.Waiting != 1 || len(board.board.Calls) != 2 {
		t.Errorf("board has %d waiting and %d calls, want 1 and 2", board.board.Waiting, len(board.board.Calls))
	}
}

// The console's steps for the visitor at the table: recall counts, no-show waits for
// the site's recalls, a no-show comes back to the queue, transfer asks for a skill,
// finish asks for an outcome; a refused step shows its translated message.
func TestConsoleSteps(t *testing.T) {
	r := MustStaffRig(t)
	v := r.checkIn("ar", "post", nil)
	other := r.checkIn("da", "apps", nil)
	s, _ := r.console(1, kioskSD)
	r.settle(s)

	tapStaff(t, s, callTarget(v)) // "call this one"
	r.settle(s)
	noShow := func() *widget.Button { return s.Targets()["staff:noshow"].(*widget.Button) }
	for i := 1; i <= r.site.MaxRecalls; i++ {
		if !noShow().Disabled() {
			t.Fatalf("no-show is possible after %d recalls, want only after %d", i-1, r.site.MaxRecalls)
		}
		tapStaff(t, s, "staff:recall")
		r.settle(s)
	}
	if noShow().Disabled() {
		t.Fatal("no-show is still disabled after the site's recalls")
	}
	tapStaff(t, s, "staff:noshow")
	r.settle(s)
	// Back the same day: the no-show list puts them back in the queue, in their place.
	tapStaff(t, s, "staff:requeue:"+strconv.FormatUint(v.ID, 10))
	r.settle(s)
	if _, ok := s.Targets()[callTarget(v)]; !ok {
		t.Fatal("the no-show did not come back to the waiting list")
	}

	tapStaff(t, s, "staff:next")
	r.settle(s)
	tapStaff(t, s, "staff:transfer")
	if b := s.Targets()["staff:skill:digital"].(*widget.Button); !b.Disabled() {
		t.Error("transfer offers the visit's own skill")
	}
	tapStaff(t, s, "staff:skill:housing")
	r.settle(s)
	vs, _ := r.queue.Today(context.Background())
	if vs[0].State != app.StateWaiting || vs[0].Skill != app.SkillHousing {
		t.Fatalf("after transfer: %s %s, want waiting housing", vs[0].State, vs[0].Skill)
	}

	// Table 1 does not do housing, so call next takes the apps visitor.
	tapStaff(t, s, "staff:next")
	r.settle(s)
	tapStaff(t, s, "staff:start")
	r.settle(s)
	tapStaff(t, s, "staff:finish")
	tapStaff(t, s, "staff:outcome:follow_up")
	r.settle(s)
	vs, _ = r.queue.Today(context.Background())
	if vs[1].State != app.StateDone || vs[1].Outcome != app.OutcomeFollowUp || vs[1].ID != other.ID {
		t.Fatalf("got %s %s, want done with follow-up", vs[1].State, vs[1].Outcome)
	}

	// A step the disk refuses leaves the console as it was, with the staff's message
	// for the error's code; the detail goes to the log.
	r.closeStore()
	tapStaff(t, s, "staff:next")
	if got, want := s.Notice(), "Kunne ikke gemme på disken. Se loggen."; got != want {
		t.Errorf("refused step says %q, want %q", got, want)
	}
	if _, ok := s.Targets()[callTarget(v)]; !ok {
		t.Error("the visitor left the list although the call failed")
	}
}

// Every target on the console is at least 64×64, and the console fits a 1366×768
// screen with the panel open.
func TestConsoleTargets(t *testing.T) {
	r := MustStaffRig(t)
	for i := range 8 {
		r.checkIn([]string{"da", "ar", "so", "fa"}[i%4], []app.TopicID{"post", "job", "residence", "money"}[i%4], nil)
	}
	s, w := r.console(1, kioskSD)
	r.settle(s)
	tapStaff(t, s, "staff:next")
	r.settle(s)
	if min := w.Content().MinSize(); min.Width > kioskSD.Width || min.Height > kioskSD.Height {
		t.Errorf("console needs %v, more than %v", min, kioskSD)
	}
	w.Content().Refresh()
	for id, o := range s.Targets() {
		if sz := o.Size(); sz.Width < 64 || sz.Height < 64 {
			t.Errorf("%s is %v, want at least 64×64", id, sz)
		}
	}
}

// On the kiosk: a short press on the logo does nothing, a 3-second press opens the
// PIN pad; five wrong PINs in a row cost 1, 2, 4, 8 and 16 seconds; the right PIN opens
// the console, which goes back to Welcome after the staff idle time.
func TestKioskStaffAccess(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	pins := app.NewPINService(r.store, r.clock, cheapPIN)
	if err := pins.Set(context.Background(), app.RoleCounsellor, "4711"); err != nil {
		t.Fatal(err)
	}
	r.k.pins = pins
	logo := r.k.welcome.logo

	logo.MouseDown(&desktop.MouseEvent{})
	r.clock.Advance(LogoHold - time.Second)
	logo.MouseUp(&desktop.MouseEvent{})
	r.wantScreen(ScreenWelcome)

	logo.MouseDown(&desktop.MouseEvent{})
	r.clock.Advance(LogoHold)
	r.k.Tick() // still holding: the pad opens without the finger lifting
	r.wantScreen(ScreenStaffPIN)
	logo.MouseUp(&desktop.MouseEvent{})

	enter := func(pin string) {
		t.Helper()
		for _, d := range pin {
			r.tap("pin:" + string(d))
		}
		r.tap("pin:ok")
	}
	for n, wait := range []int{1, 2, 4, 8, 16} {
		enter("0000")
		r.wantScreen(ScreenStaffPIN)
		if !r.k.pad.keys["5"].Disabled() {
			t.Fatalf("wrong PIN %d: the keys work during the delay", n+1)
		}
		if got := noticeText(r.k.pad.msg.Objects[0]); !strings.Contains(got, "Forkert PIN-kode") || !strings.Contains(got, strconv.Itoa(wait)+" sekund") {
			t.Errorf("wrong PIN %d says %q, want wrong and %d seconds", n+1, got, wait)
		}
		r.clock.Advance(time.Duration(wait) * time.Second)
		r.k.Tick()
		if r.k.pad.keys["5"].Disabled() {
			t.Fatalf("wrong PIN %d: the keys stay off after %d s", n+1, wait)
		}
	}
	enter("4711")
	r.wantScreen(ScreenStaff)
	if r.k.Staff() == nil {
		t.Fatal("no console after the right PIN")
	}
	r.k.Staff().Wait()
	r.k.Staff().WaitSeen(r.queue.LastSeq())

	// A tap on the console keeps it open; then the staff idle time closes it.
	r.clock.Advance(time.Duration(demoSite().StaffIdleSeconds-5) * time.Second)
	r.k.Tick()
	tapStaff(t, r.k.Staff(), "staff:table:2")
	r.clock.Advance(time.Duration(demoSite().StaffIdleSeconds-1) * time.Second)
	r.k.Tick()
	r.wantScreen(ScreenStaff)
	r.clock.Advance(time.Second)
	r.k.Tick()
	r.wantScreen(ScreenWelcome)
	if r.k.Staff() != nil {
		t.Error("the console is still open behind Welcome")
	}
}

// A data directory without a PIN never opens the console: the pad says how to set one.
func TestStaffWindowWithoutPIN(t *testing.T) {
	r := MustStaffRig(t)
	g := NewStaffGate(StaffGateConfig{StaffConfig: StaffConfig{Queue: r.queue, Site: r.site, Clock: r.clock, Lang: danishLang}, PINs: r.pins})
	t.Cleanup(g.Close)
	test.NewTempWindow(t, g.Content())
	g.Wait()
	for _, k := range []string{"1", "2", "3", "4", "ok"} {
		test.Tap(g.Targets()["pin:"+k].(fyne.Tappable))
	}
	g.Wait()
	if g.Staff() != nil {
		t.Fatal("the console opened without a PIN set")
	}
	if got := noticeText(g.pad.msg.Objects[0]); !strings.Contains(got, "skranke pin --role counsellor") {
		t.Errorf("pad says %q, want how to set a PIN", got)
	}

	// With a PIN, typed on a keyboard, the window opens; Lock closes it again.
	if err := r.pins.Set(context.Background(), app.RoleCounsellor, "2468"); err != nil {
		t.Fatal(err)
	}
	for _, d := range "2468" {
		g.TypedRune(d)
	}
	g.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	g.Wait()
	if g.Staff() == nil {
		t.Fatal("the right PIN did not open the console")
	}
	g.Staff().Wait()
	tapStaff(t, g.Staff(), "staff:lock")
	if g.Staff() != nil {
		t.Error("Lock left the console open")
	}
}

// TestScreenshotStaff and TestScreenshotBoard draw the console and the board with a
// realistic queue for the README (SKRANKE_SHOTS=dir saves them as staff.png and
// board.png) and for a person to look at.
func TestScreenshotStaff(t *testing.T) {
	r := MustStaffRig(t)
	fillDemoQueue(r)
	s, _ := r.console(2, kioskSD)
	r.settle(s)
	tapStaff(t, s, "staff:next")
	r.settle(s)
	tapStaff(t, s, "staff:recall")
	r.settle(s)
	r.clock.Advance(3 * time.Minute)
	s.Tick()
	capture(t, "staff", s.Content())
}

func TestScreenshotBoard(t *testing.T) {
	r := MustStaffRig(t)
	fillDemoQueue(r)
	for _, table := range []int{3, 1} {
		if _, err := r.queue.CallNext(context.Background(), table); err != nil {
			t.Fatal(err)
		}
		r.clock.Advance(2 * time.Minute)
	}
	b, _, _, _ := r.board(kioskHD)
	if _, err := r.queue.CallNext(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	r.settle(b)
	if !b.Lit() {
		t.Error("the board is not lit after a call")
	}
	capture(t, "board", b.Content())
}

// fillDemoQueue checks in a morning's first visitors over twenty minutes.
func fillDemoQueue(r *staffRig) {
	yes := func(q app.QuestionID) map[app.QuestionID]app.Answer { return map[app.QuestionID]app.Answer{q: app.Yes} }
	for _, c := range []struct {
		lang    string
		topic   app.TopicID
		answers map[app.QuestionID]app.Answer
	}{
		{"da", "post", nil}, {"ar", "residence", yes("residence_expiry")}, {"so", "job", nil}, {"en", "money", yes("money_deadline")},
		{"da", "cv", nil}, {"fa", "housing", nil}, {"ar", "mitid", nil}, {"so", "cv", yes("cv_deadline")}, {"da", "family", nil},
	} {
		r.checkIn(c.lang, c.topic, c.answers)
		r.clock.Advance(150 * time.Second)
	}
}

// capture renders o alone in a window of its own size and saves it like rig.capture.
func capture(t *testing.T, name string, o fyne.CanvasObject) {
	t.Helper()
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		t.Fatalf("%s is not on a canvas", name)
	}
	img := c.Capture()
	dir := os.Getenv("SKRANKE_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
