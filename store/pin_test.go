package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"skranke/app"
	"skranke/store"
)

// PINs on a real file: the right PIN opens, five wrong ones in a row cost 1, 2, 4, 8 and
// 16 seconds, the delay survives a restart, and the file holds a hash, not the PIN.
func TestPINOnDisk(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clock := app.NewManualClock(monday)
	// The real parameters: the test also shows a check is quick enough for a PIN pad.
	pins := app.NewPINService(s, clock, app.DefaultPINParams)
	const pin = "73914682"
	if err := pins.Set(ctx, app.RoleCounsellor, pin); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := pins.Check(ctx, app.RoleCounsellor, pin); err != nil {
		t.Fatalf("the right PIN: %v", err)
	}
	t.Logf("one PIN check with %+v: %v", app.DefaultPINParams, time.Since(start))

	for n, want := range []time.Duration{1, 2, 4, 8, 16} {
		if n > 0 {
			clock.Advance(time.Duration(1<<(n-1)) * time.Second)
		}
		wait, err := pins.Check(ctx, app.RoleCounsellor, "0000")
		if app.ErrorCode(err) != app.EWrongPIN || wait != want*time.Second {
			t.Fatalf("wrong PIN %d: got %v, wait %v; want %s, %v", n+1, err, wait, app.EWrongPIN, want*time.Second)
		}
	}

	// A restart does not wipe the delay.
	MustCheckClose(t, s)
	s, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer MustCheckClose(t, s)
	pins = app.NewPINService(s, clock, app.DefaultPINParams)
	clock.Advance(10 * time.Second)
	if wait, err := pins.Check(ctx, app.RoleCounsellor, pin); app.ErrorCode(err) != app.EPINWait || wait != 6*time.Second {
		t.Fatalf("right PIN 10 s into a 16 s delay after a restart: got %v, wait %v; want %s, 6s", err, wait, app.EPINWait)
	}
	clock.Advance(6 * time.Second)
	if _, err := pins.Check(ctx, app.RoleCounsellor, pin); err != nil {
		t.Fatalf("right PIN after the delay: %v", err)
	}

	// The PIN is nowhere in the file, as text or as bytes of its digits.
	data, err := os.ReadFile(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(pin)) {
		t.Error("the PIN is in the database file")
	}
	h, ok, err := s.PINHash(ctx, app.RoleCounsellor)
	if err != nil || !ok || h.Algo != "argon2id" || h.MemoryKiB != app.DefaultPINParams.MemoryKiB || len(h.Hash) != 32 {
		t.Errorf("stored hash %+v (%v): want argon2id with its parameters", h, err)
	}
	if _, ok, _ := s.PINHash(ctx, app.RoleCoordinator); ok {
		t.Error("a coordinator PIN appeared without being set")
	}
}
