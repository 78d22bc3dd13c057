package store_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"skranke/app"
	"skranke/store"
)

// BenchmarkCheckIn measures one check-in committed to a real file: validation, one
// bbolt Update with its fsync, and the queue bookkeeping. Compare it with
// BenchmarkFdatasync on the same disk (DESIGN.md §12: p99 ≤ 2.5 × a raw fdatasync).
func BenchmarkCheckIn(b *testing.B) {
	s, _ := MustOpenStore(b)
	q := newQueue(b, s, app.NewManualClock(monday))
	ctx := context.Background()
	in := app.CheckIn{Lang: "ar", Topics: []app.TopicID{"residence"}, Answers: map[app.QuestionID]app.Answer{"residence_expiry": app.Yes}}
	lat := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		if _, err := q.CheckIn(ctx, in); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportP99(b, lat)
}

// BenchmarkFdatasync measures the floor: writing 4 KiB to a file in the same kind of
// directory and fdatasyncing it.
func BenchmarkFdatasync(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "raw"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	lat := make([]time.Duration, 0, b.N)
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := f.WriteAt(buf, int64(i%256)*4096); err != nil {
			b.Fatal(err)
		}
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportP99(b, lat)
}

func reportP99(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

var _ = store.FileName
