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
// bbolt Update with its fsync, the queue bookkeeping and the wait estimate. Compare it
// with BenchmarkFdatasync on the same disk (DESIGN.md §12: p99 ≤ 2.5 × a raw
// fdatasync). The queue is held at a busy opening's length (waitingInBench): the
// oldest visitor walks away, untimed, when it grows longer, so the figure is not an
// estimate over thousands of people no desk ever has waiting.
func BenchmarkCheckIn(b *testing.B) {
	s, _ := MustOpenStore(b)
	q := newQueue(b, s, app.NewManualClock(monday))
	ctx := context.Background()
	in := app.CheckIn{Lang: "ar", Topics: []app.TopicID{"residence"}, Answers: map[app.QuestionID]app.Answer{"residence_expiry": app.Yes}}
	lat := make([]time.Duration, 0, b.N)
	var oldest uint64 = 1
	for b.Loop() {
		start := time.Now()
		t, err := q.CheckIn(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		if t.Visit.ID-oldest >= waitingInBench {
			if _, err := q.Do(ctx, oldest, app.Step{Action: app.ActLeave}); err != nil {
				b.Fatal(err)
			}
			oldest++
		}
	}
	reportLatency(b, lat)
}

// waitingInBench is how many wait during BenchmarkCheckIn: the busiest opening of a
// desk (DESIGN.md §1: 10–40 visitors, often 10 in the first 15 minutes).
const waitingInBench = 40

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
	reportLatency(b, lat)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	b.ReportMetric(float64(sum.Microseconds())/float64(len(lat)), "mean-µs")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

var _ = store.FileName
