package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"skranke/app"
	"skranke/store"
)

// MustOpenStore opens a real database in a fresh temporary directory and, at cleanup,
// runs the consistency check before closing it.
func MustOpenStore(tb testing.TB) (*store.Store, string) {
	tb.Helper()
	dir := tb.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { MustCheckClose(tb, s) })
	return s, dir
}

// MustCheckClose checks the store's consistency and closes it.
func MustCheckClose(tb testing.TB, s *store.Store) {
	tb.Helper()
	r, err := s.Check()
	if err != nil {
		tb.Errorf("check: %v", err)
	}
	for _, p := range r.Problems {
		tb.Errorf("check: %s", p)
	}
	if err := s.Close(); err != nil {
		tb.Errorf("close: %v", err)
	}
}

var monday = time.Date(2026, 11, 23, 12, 0, 0, 0, time.FixedZone("CET", 3600))

func newQueue(tb testing.TB, s *store.Store, clock app.Clock) *app.QueueService {
	tb.Helper()
	site, err := s.SiteOrDefault(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return app.NewQueueService(s, site, clock)
}

func TestCheckInConcurrentNumbering(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	clock := app.NewManualClock(monday)
	q := newQueue(t, s, clock)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	got := make(chan int, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				tk, err := q.CheckIn(context.Background(), app.CheckIn{Lang: app.Languages[(w+i)%len(app.Languages)], Topics: []app.TopicID{"post"}})
				if err != nil {
					t.Errorf("check in: %v", err)
					return
				}
				got <- tk.Visit.Ticket
			}
		})
	}
	wg.Wait()
	close(got)
	seen := map[int]bool{}
	for n := range got {
		if seen[n] {
			t.Errorf("ticket %d given twice", n)
		}
		seen[n] = true
	}
	for n := 1; n <= workers*each; n++ {
		if !seen[n] {
			t.Errorf("ticket %d missing", n)
		}
	}

	// Close and reopen: every visit is still there, in order.
	MustCheckClose(t, s)
	s2, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer MustCheckClose(t, s2)
	vs, err := s2.Visits(context.Background(), "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != workers*each {
		t.Fatalf("got %d visits after reopen, want %d", len(vs), workers*each)
	}
	for i, v := range vs {
		if v.Ticket != i+1 {
			t.Fatalf("visit %d has ticket %d, want %d", i, v.Ticket, i+1)
		}
	}
	evs, err := s2.Events(context.Background(), "2026-11-23")
	if err != nil || len(evs) != workers*each {
		t.Fatalf("got %d events (%v), want %d", len(evs), err, workers*each)
	}
}

func TestTicketsRestartEachDay(t *testing.T) {
	s, _ := MustOpenStore(t)
	clock := app.NewManualClock(monday)
	q := newQueue(t, s, clock)
	ctx := context.Background()
	in := app.CheckIn{Lang: "da", Topics: []app.TopicID{"cv"}}
	for range 3 {
		if _, err := q.CheckIn(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(24 * time.Hour)
	tk, err := q.CheckIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Visit.Ticket != 1 || tk.Visit.Day != "2026-11-24" {
		t.Errorf("got ticket %d on %s, want 1 on 2026-11-24", tk.Visit.Ticket, tk.Visit.Day)
	}
}

func TestOpenLocked(t *testing.T) {
	_, dir := MustOpenStore(t)
	start := time.Now()
	_, err := store.Open(dir)
	took := time.Since(start)
	if app.ErrorCode(err) != app.ELocked {
		t.Fatalf("got %v, want a %s error", err, app.ELocked)
	}
	if took > 2*time.Second {
		t.Errorf("second open took %v, want under 2s", took)
	}
	var ae *app.Error
	if !errors.As(err, &ae) || !strings.Contains(ae.Message, dir) {
		t.Errorf("message %q does not name the directory %s", err, dir)
	}
}

func TestOpenCorrupt(t *testing.T) {
	dir := t.TempDir()
	junk := make([]byte, 64*1024)
	for i := range junk {
		junk[i] = byte(i * 7)
	}
	if err := os.WriteFile(filepath.Join(dir, store.FileName), junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(dir)
	if app.ErrorCode(err) != app.EStorage {
		t.Fatalf("got %v, want a %s error", err, app.EStorage)
	}
	// The file is left alone for a person to look at or restore.
	data, _ := os.ReadFile(filepath.Join(dir, store.FileName))
	if len(data) != len(junk) {
		t.Errorf("corrupt file was changed: %d bytes, want %d", len(data), len(junk))
	}
}

func TestSchemaAndSite(t *testing.T) {
	s, _ := MustOpenStore(t)
	v, err := s.Schema()
	if err != nil || v != store.SchemaVersion {
		t.Fatalf("got schema %d (%v), want %d", v, err, store.SchemaVersion)
	}
	ctx := context.Background()
	if _, found, _ := s.LoadSite(ctx); found {
		t.Fatal("a new store has a site")
	}
	site, err := s.SiteOrDefault(ctx)
	if err != nil || site.ID != app.DefaultSite().ID {
		t.Fatalf("got %+v (%v), want the default site", site.ID, err)
	}
	site.Name = "Gellerup"
	if err := s.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	got, found, err := s.LoadSite(ctx)
	if err != nil || !found || got.Name != "Gellerup" {
		t.Errorf("got %q found=%v (%v), want Gellerup", got.Name, found, err)
	}
	site.TimeZone = "Mars/Olympus"
	if err := s.SaveSite(ctx, site); app.ErrorCode(err) != app.EConfig {
		t.Errorf("saving a bad zone: got %v, want %s", err, app.EConfig)
	}
}

func TestBackupOpens(t *testing.T) {
	s, _ := MustOpenStore(t)
	q := newQueue(t, s, app.NewManualClock(monday))
	if _, err := q.CheckIn(context.Background(), app.CheckIn{Lang: "en", Topics: []app.TopicID{"mitid"}}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer MustCheckClose(t, b)
	vs, _ := b.Visits(context.Background(), "2026-11-23")
	if len(vs) != 1 || vs[0].Lang != "en" {
		t.Errorf("backup holds %v, want the one English visit", vs)
	}
}
