package main

import (
	"context"
	"runtime/debug"
	"time"
)

// releaseMemory hands memory Skranke no longer uses back to the operating system,
// every interval until ctx ends. A burst of check-ins leaves a lot of it: every screen
// is built anew, Fyne keeps a finished screen's objects and textures for a minute,
// and once they are freed neither Go's heap (which returns pages slowly while the
// kiosk idles) nor the C allocator under the OpenGL driver gives them back by itself.
// build/footprint measured the difference (docs/PERFORMANCE.md). A forced collection
// of a heap this size takes a few milliseconds.
func releaseMemory(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			debug.FreeOSMemory()
			trimCHeap()
		}
	}
}
