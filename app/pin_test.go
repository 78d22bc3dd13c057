package app_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"skranke/app"
)

// cheap are argon2id parameters that keep the tests fast; the store holds whichever
// parameters a hash was made with.
var cheap = app.PINParams{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32}

// memPINs is a PINStore in memory, for tests of the rules; store/pin_test.go runs the
// same service on a real file.
type memPINs struct {
	mu       sync.Mutex
	hashes   map[app.Role]app.PINHash
	attempts app.PINAttempts
}

func (m *memPINs) PINHash(_ context.Context, r app.Role) (app.PINHash, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.hashes[r]
	return h, ok, nil
}

func (m *memPINs) SetPINHash(_ context.Context, r app.Role, h app.PINHash) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.hashes == nil {
		m.hashes = map[app.Role]app.PINHash{}
	}
	m.hashes[r] = h
	return nil
}

func (m *memPINs) UpdatePINAttempts(_ context.Context, fn func(app.PINAttempts) (app.PINAttempts, error)) (app.PINAttempts, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := fn(m.attempts)
	if err != nil {
		return m.attempts, err
	}
	m.attempts = a
	return a, nil
}

func TestValidatePIN(t *testing.T) {
	tests := []struct {
		name, pin string
		ok        bool
	}{
		{name: "OK", pin: "1234", ok: true},
		{name: "Long", pin: "123456789012", ok: true},
		{name: "TooShort", pin: "123"},
		{name: "TooLong", pin: "1234567890123"},
		{name: "Letters", pin: "12a4"},
		{name: "ArabicDigits", pin: "١٢٣٤"},
		{name: "Space", pin: "1234 "},
		{name: "Empty", pin: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := app.ValidatePIN(tc.pin)
			if tc.ok && err != nil || !tc.ok && app.ErrorCode(err) != app.EBadPIN {
				t.Errorf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestHashPIN(t *testing.T) {
	h, err := app.HashPIN("4711", cheap, bytes.NewReader(bytes.Repeat([]byte{7}, 16)))
	if err != nil {
		t.Fatal(err)
	}
	if h.Algo != "argon2id" || h.Time != 1 || h.MemoryKiB != 64 || len(h.Salt) != 16 || len(h.Hash) != 32 {
		t.Errorf("got %+v, want argon2id with its parameters, salt and hash", h)
	}
	if !h.Verify("4711") {
		t.Error("the PIN does not verify against its own hash")
	}
	for _, wrong := range []string{"4712", "47110", "", "0000"} {
		if h.Verify(wrong) {
			t.Errorf("%q verifies against the hash of 4711", wrong)
		}
	}
	if strings.Contains(string(h.Hash)+string(h.Salt), "4711") {
		t.Error("the PIN is in its hash")
	}
	other, _ := app.HashPIN("4711", cheap, bytes.NewReader(bytes.Repeat([]byte{8}, 16)))
	if bytes.Equal(other.Hash, h.Hash) {
		t.Error("two salts give the same hash")
	}
	tampered := h
	tampered.Algo = "md5"
	if tampered.Verify("4711") {
		t.Error("a hash of another algorithm verifies")
	}
}

func TestPINDelay(t *testing.T) {
	want := []time.Duration{0, 1, 2, 4, 8, 16, 32, 60, 60, 60}
	for n, w := range want {
		if got := app.PINDelay(n); got != w*time.Second {
			t.Errorf("PINDelay(%d): got %v, want %v", n, got, w*time.Second)
		}
	}
	if got := app.PINDelay(1000); got != app.MaxPINDelay {
		t.Errorf("PINDelay(1000): got %v, want %v", got, app.MaxPINDelay)
	}
}

func TestPINService(t *testing.T) {
	ctx := context.Background()
	clock := app.NewManualClock(noon)
	st := &memPINs{}
	p := app.NewPINService(st, clock, cheap)

	if _, err := p.Check(ctx, app.RoleCounsellor, "1234"); app.ErrorCode(err) != app.ENoPIN {
		t.Fatalf("without a PIN: got %v, want %s", err, app.ENoPIN)
	}
	if err := p.Set(ctx, app.RoleCounsellor, "12"); app.ErrorCode(err) != app.EBadPIN {
		t.Fatalf("short PIN: got %v, want %s", err, app.EBadPIN)
	}
	if err := p.Set(ctx, "janitor", "1234"); app.ErrorCode(err) != app.EBadRole {
		t.Fatalf("unknown role: got %v, want %s", err, app.EBadRole)
	}
	if err := p.Set(ctx, app.RoleCounsellor, "1234"); err != nil {
		t.Fatal(err)
	}
	if err := p.Set(ctx, app.RoleCoordinator, "9876"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Check(ctx, app.RoleCounsellor, "1234"); err != nil {
		t.Fatalf("the right PIN: got %v", err)
	}
	if _, err := p.Check(ctx, app.RoleCounsellor, "9876"); err != nil {
		t.Fatalf("the coordinator's PIN on the console: got %v", err)
	}
	if _, err := p.Check(ctx, app.RoleCoordinator, "1234"); app.ErrorCode(err) != app.EWrongPIN {
		t.Fatalf("the counsellor's PIN on the coordinator's screen: got %v, want %s", err, app.EWrongPIN)
	}
	clock.Advance(time.Second)
	if _, err := p.Check(ctx, app.RoleCounsellor, "1234"); err != nil {
		t.Fatalf("the right PIN after one wrong: got %v", err)
	}

	// Five wrong PINs in a row, each tried as soon as allowed, cost 1, 2, 4, 8, 16 s.
	for n, want := range []time.Duration{1, 2, 4, 8, 16} {
		want *= time.Second
		wait, err := p.Check(ctx, app.RoleCounsellor, "0000")
		if app.ErrorCode(err) != app.EWrongPIN || wait != want {
			t.Fatalf("wrong PIN %d: got %v and %v, want %s and %v", n+1, err, wait, app.EWrongPIN, want)
		}
		// Even the right PIN is refused before the delay is over, and the early try
		// does not make the delay longer.
		clock.Advance(want - time.Millisecond)
		wait, err = p.Check(ctx, app.RoleCounsellor, "1234")
		if app.ErrorCode(err) != app.EPINWait || wait != time.Millisecond {
			t.Fatalf("early try after wrong PIN %d: got %v and %v, want %s and 1ms", n+1, err, wait, app.EPINWait)
		}
		clock.Advance(time.Millisecond)
	}
	if st.attempts.Failures != 5 {
		t.Errorf("stored %d failures, want 5", st.attempts.Failures)
	}
	if _, err := p.Check(ctx, app.RoleCounsellor, "1234"); err != nil {
		t.Fatalf("the right PIN after the delay: got %v", err)
	}
	if st.attempts.Failures != 0 {
		t.Errorf("a right PIN left %d failures, want 0", st.attempts.Failures)
	}
}
