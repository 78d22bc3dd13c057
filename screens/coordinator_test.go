package screens

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/report"
	"skranke/export"
	"skranke/store"
)

// coordRig is a coordinator screen on a real store, in a test window.
type coordRig struct {
	t     *testing.T
	c     *Coordinator
	w     fyne.Window
	store *store.Store
	queue *app.QueueService
	svc   *coord.Service
	clock *app.ManualClock
	dir   string // where ChooseFolder "chooses"
}

func MustCoordinator(t *testing.T) *coordRig {
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
	r := &coordRig{t: t, store: s, clock: app.NewManualClock(monday), dir: t.TempDir()}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.queue = app.NewQueueService(s, site, r.clock)
	r.svc = coord.New(coord.Config{Store: s, Queue: r.queue, Clock: r.clock, Log: log, Write: export.Write, Formats: export.Formats})
	r.c = NewCoordinator(CoordinatorConfig{Service: r.svc, Clock: r.clock, Log: log, Lang: danishLang,
		Media: func() []string { return nil }, ChooseFolder: func(done func(string)) { done(r.dir) }})
	t.Cleanup(func() {
		r.c.Close()
		r.c.Wait()
		if rep, err := s.Check(); err != nil || !rep.OK() {
			t.Errorf("check: %v %v", err, rep.Problems)
		}
		s.Close()
	})
	r.c.Wait() // the first load draws off the test's goroutine; let it finish first
	r.w = test.NewTempWindow(t, r.c.Content())
	r.w.Resize(kioskSD)
	return r
}

func (r *coordRig) tap(id string) {
	r.t.Helper()
	o, ok := r.c.Targets()[id]
	if !ok {
		r.t.Fatalf("no %q; targets: %v", id, keys(r.c.Targets()))
	}
	test.Tap(o.(fyne.Tappable))
	r.c.Wait()
}

func (r *coordRig) checkIn(n int) {
	r.t.Helper()
	for i := range n {
		in := app.CheckIn{Lang: []string{"ar", "so", "da"}[i%3], Topics: []app.TopicID{[]app.TopicID{"post", "job"}[i%2]}}
		if _, err := r.queue.CheckIn(context.Background(), in); err != nil {
			r.t.Fatal(err)
		}
		r.clock.Advance(time.Minute)
	}
}

func TestCoordinatorClosesTheDay(t *testing.T) {
	r := MustCoordinator(t)
	r.checkIn(5)
	r.c.WaitSeen(r.queue.LastSeq())
	if g := r.c.glance; g.CheckedIn != 5 || g.Waiting != 5 || len(g.Topics) != 2 {
		t.Fatalf("glance: got %+v, want 5 checked in and waiting, two topics", g)
	}
	r.tap("coord:close")
	if _, ok := r.c.Targets()["coord:close"]; ok {
		t.Fatal("the first tap must ask for confirmation, not close")
	}
	r.tap("coord:close:no")
	r.tap("coord:close")
	r.tap("coord:close:yes")
	r.c.WaitSeen(r.queue.LastSeq())
	if got := r.c.Notice(); !strings.Contains(got, "5 besøg") {
		t.Errorf("notice: got %q, want it to say 5 visits were closed", got)
	}
	if vs, _ := r.queue.Today(context.Background()); len(vs) != 0 {
		t.Errorf("queue after close: got %d visits, want none", len(vs))
	}
	facts, err := r.store.Facts(context.Background(), "2026-11-23", "2026-11-23")
	if err != nil || len(facts) != 5 {
		t.Errorf("facts: got %d, %v; want 5", len(facts), err)
	}
	if g := r.c.glance; g.CheckedIn != 0 {
		t.Errorf("glance after close: got %+v, want empty", g)
	}
	// The week now counts the closed day: 5 visits, shown (5 is not below k).
	if got := r.c.ChartTexts()["week:weekday"]; !slices.Equal(got, []string{"5", "0", "0", "0", "0", "0", "0"}) {
		t.Errorf("week by weekday: got %v", got)
	}
}

// TestCoordinatorChartsHideSmallCounts shows a week whose languages include counts
// below k: the chart must label them "<5" (or "x"), never with their number.
func TestCoordinatorChartsHideSmallCounts(t *testing.T) {
	r := MustCoordinator(t)
	var facts []report.Fact
	add := func(lang string, n int) {
		for range n {
			facts = append(facts, report.Fact{Date: "2026-11-16", Weekday: time.Monday, Hour: 12, Lang: lang, Topics: []app.TopicID{"post"}, End: report.EndDone, Outcome: app.OutcomeResolved, WaitedMin: 10, HandledMin: 20})
		}
	}
	add("ar", 9)
	add("so", 7)
	add("tr", 2)
	add("fa", 1)
	if err := r.store.AddFacts(context.Background(), facts); err != nil {
		t.Fatal(err)
	}
	r.c.SelectTab(CoordWeeks)
	r.c.Wait()
	got := r.c.ChartTexts()["weeks:language"]
	for _, small := range []string{"1", "2", "3", "4"} {
		if slices.Contains(got, small) {
			t.Errorf("languages of the last weeks show %s: %v", small, got)
		}
	}
	if !slices.Contains(got, "<5") || !slices.Contains(got, "9") {
		t.Errorf("languages of the last weeks: got %v, want 9 shown and <5 for the small ones", got)
	}
	visits := r.c.ChartTexts()["weeks:visits"]
	if len(visits) != WeeksShown || visits[len(visits)-1] != "19" {
		t.Errorf("visits per week: got %v, want %d weeks ending with 19", visits, WeeksShown)
	}
	r.capture("coordinator-weeks")
}

func TestCoordinatorExportsToAFolder(t *testing.T) {
	r := MustCoordinator(t)
	r.c.SelectTab(CoordExport)
	r.c.Wait()
	r.tap("coord:export:format:csv")
	r.tap("coord:export:choose")
	want := filepath.Join(r.dir, coord.ExportName("demo", report.ISOWeek{Year: 2026, Week: 47}, "csv"))
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("export: %v (notice %q)", err, r.c.Notice())
	}
	if got := r.c.Notice(); !strings.Contains(got, want) {
		t.Errorf("notice: got %q, want the path", got)
	}
}

func TestCoordinatorSavesSettings(t *testing.T) {
	r := MustCoordinator(t)
	r.c.SelectTab(CoordSettings)
	targets := r.c.Targets()
	targets["coord:set:name"].(*widget.Entry).SetText("Beboerhuset Tingbjerg")
	test.Tap(targets["coord:set:lang:pl"].(*widget.Check))
	test.Tap(targets["coord:set:first_name"].(*widget.Check))

	targets["coord:set:k"].(*widget.Entry).SetText("0")
	r.tap("coord:save")
	if got := r.c.Notice(); !strings.Contains(got, "k, retention") {
		t.Errorf("k=0: notice %q, want Validate's complaint", got)
	}
	if s, _, _ := r.store.LoadSite(context.Background()); s.Name == "Beboerhuset Tingbjerg" {
		t.Fatal("an invalid form was saved")
	}

	r.c.Targets()["coord:set:k"].(*widget.Entry).SetText("7")
	r.tap("coord:save")
	s, _, err := r.store.LoadSite(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	was := demoSite()
	if s.Name != "Beboerhuset Tingbjerg" || s.K != 7 || s.AskFirstName == was.AskFirstName || slices.Contains(s.Languages, "pl") == slices.Contains(was.Languages, "pl") {
		t.Errorf("saved site: got name %q, k %d, first name %v, languages %v", s.Name, s.K, s.AskFirstName, s.Languages)
	}
	if r.svc.Site().K != 7 {
		t.Errorf("the coordinator still reports with k %d", r.svc.Site().K)
	}
}

// capture saves the window to SKRANKE_SHOTS, when set, for a person to look at.
func (r *coordRig) capture(name string) {
	if dir := os.Getenv("SKRANKE_SHOTS"); dir != "" {
		writePNG(r.t, filepath.Join(dir, name+".png"), r.w.Canvas().Capture())
	}
}

// TestScreenshotCoordinator writes every tab of the coordinator screen, over nine weeks
// of made-up facts and a morning's queue, to SKRANKE_SHOTS for a person to look at.
func TestScreenshotCoordinator(t *testing.T) {
	if os.Getenv("SKRANKE_SHOTS") == "" {
		t.Skip("set SKRANKE_SHOTS to write screenshots")
	}
	r := MustCoordinator(t)
	langs := []string{"ar", "ar", "ar", "so", "so", "da", "da", "fa", "tr", "fa-AF", "uk", "ur"}
	topics := []app.TopicID{"post", "post", "mitid", "job", "job", "residence", "money", "cv", "passport", "call", "family", "housing"}
	var facts []report.Fact
	for w := range 9 {
		d := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -7*w)
		for i := range 18 + (w*7)%15 {
			facts = append(facts, report.Fact{Date: d.Format(time.DateOnly), Weekday: d.Weekday(), Hour: 12 + i%5,
				Lang: langs[(i*5+w)%len(langs)], Topics: []app.TopicID{topics[(i*7+w)%len(topics)]},
				End: report.EndDone, Outcome: app.Outcomes[i%4], WaitedMin: 5 * (i % 6), HandledMin: 15 + 5*(i%5)})
		}
	}
	if err := r.store.AddFacts(context.Background(), facts); err != nil {
		t.Fatal(err)
	}
	r.checkIn(7)
	r.c.WaitSeen(r.queue.LastSeq())
	r.c.reload(0, true)
	r.c.Wait()
	for i, name := range []string{"today", "week", "weeks", "export", "settings"} {
		r.c.SelectTab(i)
		r.c.Wait()
		r.capture("coordinator-" + name)
	}
}

// On the kiosk: the console's Coordinator button asks for the coordinator's PIN (the
// counsellor's does not open it), then shows the coordinator screen; Lock returns to
// Welcome and closes it.
func TestKioskCoordinatorAccess(t *testing.T) {
	r := MustKiosk(t, kioskSD, demoSite())
	ctx := context.Background()
	pins := app.NewPINService(r.store, r.clock, cheapPIN)
	if err := pins.Set(ctx, app.RoleCounsellor, "4711"); err != nil {
		t.Fatal(err)
	}
	if err := pins.Set(ctx, app.RoleCoordinator, "9876"); err != nil {
		t.Fatal(err)
	}
	r.k.pins = pins
	r.k.coordinator = coord.New(coord.Config{Store: r.store, Queue: r.queue, Clock: r.clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Write: export.Write, Formats: export.Formats})
	onUI(r.k.openStaff) // as the PIN pad does: on the UI goroutine, in order with the console's drawing
	r.k.Staff().Wait()
	r.k.Staff().WaitSeen(r.queue.LastSeq())
	tapStaff(t, r.k.Staff(), "staff:coordinator")
	r.wantScreen(ScreenStaffPIN)
	if r.k.Staff() != nil {
		t.Error("the console stays open behind the coordinator's PIN pad")
	}
	enter := func(pin string) {
		t.Helper()
		for _, d := range pin {
			r.tap("pin:" + string(d))
		}
		r.tap("pin:ok")
	}
	enter("4711")
	r.wantScreen(ScreenStaffPIN)
	r.clock.Advance(time.Second)
	r.k.Tick()
	enter("9876")
	r.wantScreen(ScreenStaff)
	c := r.k.Coordinator()
	if c == nil {
		t.Fatal("no coordinator screen after the coordinator's PIN")
	}
	c.Wait()
	test.Tap(c.Targets()["coord:lock"].(fyne.Tappable))
	r.wantScreen(ScreenWelcome)
	if r.k.Coordinator() != nil {
		t.Error("the coordinator screen is still open behind Welcome")
	}
}
