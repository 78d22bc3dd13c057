// Command bare is the yardstick of the footprint harness (build/footprint): the
// smallest Fyne program with a window, a label in a 1366×768 window, built with the same
// toolchain and flags as Skranke. It carries the same first-frame marker as Skranke
// (firstframe.go in the repository root), so both are timed alike.
package main

import (
	"image"
	"os"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("dk.skranke.bare")
	w := a.NewWindow("Bare")
	w.SetContent(widget.NewLabel("Hello"))
	w.Resize(fyne.NewSize(1366, 768))
	markFirstFrame(w)
	w.ShowAndRun()
}

// markFirstFrame is a copy of Skranke's: see firstframe.go.
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
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	w.SetContent(container.NewStack(w.Content(), probe))
}
