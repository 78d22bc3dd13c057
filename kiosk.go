package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/handoff"
	"skranke/screens"
	"skranke/store"
)

// Main is the running program: the store, the services and the windows. An end-to-end
// test can build one against t.TempDir() as the binary does.
type Main struct {
	DataDir  string
	Windowed bool
	Demo     bool
	// StaffWindow and BoardWindow open the staff console and the call board in
	// windows of their own; the demo opens both (staffwin.go).
	StaffWindow bool
	BoardWindow bool
	Log         *slog.Logger
	Clock       app.Clock

	store *store.Store
	queue *app.QueueService
	coord *coord.Service  // day close, reports, settings (cmd_coord.go)
	pins  *app.PINService // staff PINs (staffwin.go)
	// handoffs makes and reads handoff codes (cmd_handoff.go).
	handoffs *handoff.Service
	site     app.Site
	// tempDir is removed on Close: the demo's throwaway data directory.
	tempDir string
	// lock is the kiosk's lockdown state (lockdown.go).
	lock lockdown
}

// Open opens the store and builds the services.
func (m *Main) Open(ctx context.Context) error {
	if m.Clock == nil {
		m.Clock = app.SystemClock{}
	}
	if m.Log == nil {
		m.Log = slog.Default()
	}
	if m.DataDir == "" {
		if !m.Demo {
			return fmt.Errorf("no data directory")
		}
		dir, err := os.MkdirTemp("", "skranke-demo-")
		if err != nil {
			return fmt.Errorf("demo data directory: %w", err)
		}
		m.DataDir, m.tempDir = dir, dir
	}
	s, err := store.Open(m.DataDir)
	if err != nil {
		return err
	}
	m.store = s
	if m.site, err = s.SiteOrDefault(ctx); err != nil {
		return err
	}
	m.queue = app.NewQueueService(s, m.site, m.Clock)
	m.Log.Info("store open", "path", s.Path(), "site", m.site.ID)
	m.handoffs = newHandoffs(s, m.site, m.Clock)
	if n, err := m.handoffs.PurgeExpired(ctx); err != nil {
		m.Log.Error("purge expired handoff codes", "err", err)
	} else if n > 0 {
		m.Log.Info("expired handoff short codes purged", "n", n)
	}
	if err := m.openPINs(ctx); err != nil {
		return err
	}
	m.openCoord(ctx)
	if m.Demo {
		return m.seedDemo(ctx)
	}
	return nil
}

// seedDemo checks in three visitors, so the demo has a queue, unless today has visits.
func (m *Main) seedDemo(ctx context.Context) error {
	today, err := m.queue.Today(ctx)
	if err != nil || len(today) > 0 {
		return err
	}
	for _, c := range []app.CheckIn{
		{Lang: "ar", Topics: []app.TopicID{"residence"}, Answers: map[app.QuestionID]app.Answer{"residence_expiry": app.Yes}},
		{Lang: "so", Topics: []app.TopicID{"job", "cv"}},
		{Lang: "da", Topics: []app.TopicID{"post"}},
	} {
		if _, err := m.queue.CheckIn(ctx, c); err != nil {
			return fmt.Errorf("demo visitors: %w", err)
		}
	}
	return nil
}

// Close closes the store and removes a demo's temporary data directory.
func (m *Main) Close() error {
	var err error
	if m.store != nil {
		err = m.store.Close()
	}
	if m.tempDir != "" {
		os.RemoveAll(m.tempDir)
	}
	return err
}

// Run shows the kiosk until the window is closed or ctx is done.
func (m *Main) Run(ctx context.Context) error {
	a := fyneapp.NewWithID("dk.skranke.kiosk")
	a.Settings().SetTheme(screens.Theme())
	k := screens.NewKiosk(screens.KioskConfig{Queue: m.queue, Site: m.site, Clock: m.Clock, Log: m.Log, OnQuit: m.RequestQuit,
		PINs: m.pins, PINHint: m.pinHint(), Coordinator: m.coord, Handoffs: m.handoffs, LanguageOrder: m.languageOrder(ctx)})
	w := a.NewWindow("Skranke")
	w.SetContent(k.Content())
	// A USB barcode scanner types a handoff code like a keyboard (screens/code.go).
	w.Canvas().SetOnTypedRune(k.TypedRune)
	w.Canvas().SetOnTypedKey(k.TypedKey)
	w.SetMaster() // closing the kiosk ends the program; the staff and board windows may close alone
	tickExtra := m.openExtraWindows(a)
	if m.Windowed || m.Demo {
		w.Resize(fyne.NewSize(1366, 768))
	} else {
		m.lockDown(w)
	}
	markFirstFrame(w)
	if path := os.Getenv("SKRANKE_LAYOUT_FILE"); path != "" {
		k.OnScreen(func(name string) { dumpLayoutSoon(k, path, m.Log) })
		dumpLayoutSoon(k, path, m.Log)
	}

	defer m.startDayClose(ctx, time.Minute)()
	go releaseMemory(ctx, 2*time.Minute) // memory.go
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	go func() {
		for {
			select {
			case <-ctx.Done():
				fyne.Do(a.Quit)
				return
			case <-tick.C:
				fyne.Do(func() {
					k.Tick()
					tickExtra()
				})
			}
		}
	}()
	w.ShowAndRun()
	return nil
}

// dumpLayoutSoon writes where the tappable widgets of the screen on show are, once the
// screen has been laid out. The end-to-end test reads it to click through the real
// window; it is only on when SKRANKE_LAYOUT_FILE is set.
func dumpLayoutSoon(k *screens.Kiosk, path string, log *slog.Logger) {
	time.AfterFunc(300*time.Millisecond, func() {
		fyne.Do(func() {
			type box struct{ X, Y, W, H float32 }
			out := struct {
				Screen  string
				Targets map[string]box
			}{Screen: k.Screen(), Targets: map[string]box{}}
			d := fyne.CurrentApp().Driver()
			for id, o := range k.Targets() {
				p := d.AbsolutePositionForObject(o)
				s := o.Size()
				out.Targets[id] = box{p.X, p.Y, s.Width, s.Height}
			}
			data, _ := json.Marshal(out)
			if err := os.WriteFile(path+".tmp", data, 0o600); err != nil {
				log.Error("layout dump", "err", err)
				return
			}
			os.Rename(path+".tmp", path)
		})
	})
}

func runKiosk(ctx context.Context, args []string, demo bool, stderr io.Writer) error {
	fs := flag.NewFlagSet("skranke", flag.ContinueOnError)
	data := fs.String("data", "", "data directory (default: the user's data directory; a temporary one for demo)")
	windowed := fs.Bool("windowed", false, "run in a window instead of fullscreen")
	staff := fs.Bool("staff-window", false, "also open the staff console in a window of its own (behind the counsellor PIN)")
	board := fs.Bool("board-window", false, "also open the call board in a window of its own, for a wall TV")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m := &Main{DataDir: *data, Windowed: *windowed, Demo: demo, Log: newLogger(stderr), StaffWindow: *staff, BoardWindow: *board}
	if m.DataDir == "" && !demo {
		m.DataDir = defaultDataDir()
	}
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	return m.Run(ctx)
}
