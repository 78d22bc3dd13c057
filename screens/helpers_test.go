package screens

import (
	"context"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/store"
)

// monday is 12:00 local time on an opening day.
var monday = time.Date(2026, 11, 23, 12, 0, 0, 0, time.FixedZone("CET", 3600))

// rig is a kiosk on a real store in a test window.
type rig struct {
	t     testing.TB
	k     *Kiosk
	w     fyne.Window
	store *store.Store
	queue *app.QueueService
	clock *app.ManualClock
	h     *handoff.Service
	taps  int
	// closed is set by a test that closes the store itself.
	closed bool
}

// MustKiosk builds a kiosk over a real database in t.TempDir(), in a test window of the
// given size, and checks the database's consistency when the test ends.
func MustKiosk(t testing.TB, size fyne.Size, site app.Site) *rig {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	rg := &rig{t: t, store: s}
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
	clock := app.NewManualClock(monday)
	q := app.NewQueueService(s, site, clock)
	h := handoff.NewService(handoff.Config{Repo: s, Site: site, Clock: clock, Rand: rand.NewChaCha8([32]byte{1})})
	k := NewKiosk(KioskConfig{Queue: q, Site: site, Clock: clock, Handoffs: h})
	w := test.NewTempWindow(t, k.Content())
	w.Resize(size)
	// A scanner types into the window, as main wires it.
	w.Canvas().SetOnTypedRune(k.TypedRune)
	w.Canvas().SetOnTypedKey(k.TypedKey)
	rg.k, rg.w, rg.queue, rg.clock, rg.h = k, w, q, clock, h
	return rg
}

// tap taps the target with the given id on the screen on show, like a finger.
func (r *rig) tap(id string) {
	r.t.Helper()
	o, ok := r.k.Targets()[id]
	if !ok {
		r.t.Fatalf("no %q on the %s screen; targets: %v", id, r.k.Screen(), keys(r.k.Targets()))
	}
	test.Tap(o.(fyne.Tappable))
	r.taps++
	r.k.Wait()
}

func (r *rig) wantScreen(name string) {
	r.t.Helper()
	if got := r.k.Screen(); got != name {
		r.t.Fatalf("on screen %q, want %q", got, name)
	}
}

// capture renders the window and, when SKRANKE_SHOTS names a directory, saves the
// picture there under name, for the README and for a person to look at.
func (r *rig) capture(name string) image.Image {
	r.t.Helper()
	img := r.w.Canvas().Capture()
	if dir := os.Getenv("SKRANKE_SHOTS"); dir != "" {
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			r.t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			r.t.Fatal(err)
		}
	}
	return img
}

// decodeQR finds and decodes the QR code inside the part of img that o covers.
func decodeQR(t testing.TB, img image.Image, o fyne.CanvasObject) string {
	t.Helper()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	size := o.Size()
	rect := image.Rect(int(pos.X)-10, int(pos.Y)-10, int(pos.X+size.Width)+10, int(pos.Y+size.Height)+10)
	sub := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(rect)
	bmp, err := gozxing.NewBinaryBitmapFromImage(sub)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode the QR code on screen: %v", err)
	}
	return res.GetText()
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

var (
	kioskHD = fyne.NewSize(1920, 1080)
	kioskSD = fyne.NewSize(1366, 768)
)

func writePNG(t testing.TB, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
