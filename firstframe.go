package main

import (
	"image"
	"os"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// markFirstFrame, when SKRANKE_FIRST_FRAME_FILE is set, writes the wall-clock time (Unix
// nanoseconds) at which the window's first frame is painted. The footprint harness
// (build/footprint) reads it to time start-up; its bare Fyne window carries the same
// probe, so both are timed alike. Fyne has no first-frame hook, so the probe is an
// invisible raster on top of the content: the GL painter calls a raster's generator
// while it paints the frame that first shows it, after the content under it.
func markFirstFrame(w fyne.Window) {
	path := os.Getenv("SKRANKE_FIRST_FRAME_FILE")
	if path == "" {
		return
	}
	var once sync.Once
	probe := canvas.NewRaster(func(_, _ int) image.Image {
		once.Do(func() {
			stamp := strconv.FormatInt(time.Now().UnixNano(), 10)
			if err := os.WriteFile(path, []byte(stamp), 0o600); err != nil {
				fyne.LogError("first frame marker", err)
			}
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1)) // one transparent pixel
	})
	w.SetContent(container.NewStack(w.Content(), probe))
}
