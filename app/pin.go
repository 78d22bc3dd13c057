package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"
	"slices"
	"time"

	"golang.org/x/crypto/argon2"
)

// Role is what a PIN opens: the counsellor's console, or the coordinator's screens.
type Role string

// The staff roles of DESIGN.md §2.
const (
	RoleCounsellor  Role = "counsellor"
	RoleCoordinator Role = "coordinator"
)

// Roles lists every role.
var Roles = []Role{RoleCounsellor, RoleCoordinator}

// PIN error codes; screens translate them like the others.
const (
	EBadPIN   = "bad_pin"   // a new PIN that is not 4–12 digits
	EWrongPIN = "wrong_pin" // a PIN that does not match
	EPINWait  = "pin_wait"  // a try during the delay that wrong PINs cost
	ENoPIN    = "no_pin"    // no PIN is set for the role: set one with `skranke pin`
	EBadRole  = "bad_role"  // a role that is not counsellor or coordinator
)

// MinPINDigits and MaxPINDigits bound a PIN's length. Four digits are few, which is
// why wrong PINs cost a growing delay; sites may choose longer ones.
const (
	MinPINDigits = 4
	MaxPINDigits = 12
)

// PINParams are argon2id's cost parameters. They are stored with every hash, so
// raising them later leaves the PINs already set working.
type PINParams struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
	KeyLen    uint32 `json:"key_len"`
}

// DefaultPINParams follow RFC 9106's second recommended option (64 MiB, 3 passes):
// a few tenths of a second on a kiosk PC, off the UI goroutine, which a person at a PIN
// pad hardly notices. With four digits the hash alone cannot stop a thief who has the
// file; it keeps the PIN from being read off it, and the delays guard the pad.
var DefaultPINParams = PINParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 2, KeyLen: 32}

// PINHash is a PIN as stored: an argon2id hash with its salt and parameters. It never
// holds the PIN itself.
type PINHash struct {
	Algo    string `json:"algo"` // "argon2id"
	Version int    `json:"version"`
	PINParams
	Salt []byte `json:"salt"`
	Hash []byte `json:"hash"`
}

const pinAlgo = "argon2id"

// ValidatePIN checks a new PIN: MinPINDigits to MaxPINDigits ASCII digits.
func ValidatePIN(pin string) error {
	if len(pin) < MinPINDigits || len(pin) > MaxPINDigits {
		return Errorf(EBadPIN, "a PIN has %d to %d digits, this one %d characters", MinPINDigits, MaxPINDigits, len(pin))
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return Errorf(EBadPIN, "a PIN has only the digits 0–9")
		}
	}
	return nil
}

// HashPIN validates pin and hashes it with a fresh 16-byte salt from rnd.
func HashPIN(pin string, p PINParams, rnd io.Reader) (PINHash, error) {
	if err := ValidatePIN(pin); err != nil {
		return PINHash{}, err
	}
	salt := make([]byte, 16)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return PINHash{}, fmt.Errorf("salt for PIN: %w", err)
	}
	return PINHash{
		Algo: pinAlgo, Version: argon2.Version, PINParams: p, Salt: salt,
		Hash: argon2.IDKey([]byte(pin), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen),
	}, nil
}

// Verify reports whether pin is the PIN h was made from, in constant time. A hash made
// by another algorithm or version, or with parameters that are out of bounds, never
// matches.
func (h PINHash) Verify(pin string) bool {
	if h.Algo != pinAlgo || h.Version != argon2.Version || h.Time == 0 || h.Threads == 0 ||
		h.KeyLen < 16 || h.KeyLen > 64 || h.MemoryKiB > 1<<21 || len(h.Hash) != int(h.KeyLen) {
		return false
	}
	got := argon2.IDKey([]byte(pin), h.Salt, h.Time, h.MemoryKiB, h.Threads, h.KeyLen)
	return subtle.ConstantTimeCompare(got, h.Hash) == 1
}

// MaxPINDelay is the longest a wrong PIN makes the next try wait.
const MaxPINDelay = 60 * time.Second

// PINDelay is how long the next try must wait after failures wrong PINs in a row:
// 1 s, 2 s, 4 s, … doubling up to MaxPINDelay, and nothing before the first.
func PINDelay(failures int) time.Duration {
	if failures <= 0 {
		return 0
	}
	if failures > 7 { // 2^6 s is already past the cap
		return MaxPINDelay
	}
	return min(MaxPINDelay, time.Duration(1<<(failures-1))*time.Second)
}

// PINAttempts is the count of wrong PINs in a row and the time of the last, kept in
// the store so that a restart does not wipe the delay.
type PINAttempts struct {
	Failures int       `json:"failures"`
	Last     time.Time `json:"last,omitzero"`
}

// Wait returns how much longer a try must wait at now.
func (a PINAttempts) Wait(now time.Time) time.Duration {
	if a.Failures == 0 {
		return 0
	}
	return max(0, a.Last.Add(PINDelay(a.Failures)).Sub(now))
}

// PINStore keeps PIN hashes and the wrong-PIN count. store.Store implements it in the
// config bucket.
type PINStore interface {
	// PINHash returns the role's hash, and false when none is set.
	PINHash(ctx context.Context, role Role) (PINHash, bool, error)
	SetPINHash(ctx context.Context, role Role, h PINHash) error
	// UpdatePINAttempts applies fn to the stored attempts in one transaction; an error
	// from fn aborts it and is returned as it is.
	UpdatePINAttempts(ctx context.Context, fn func(PINAttempts) (PINAttempts, error)) (PINAttempts, error)
}

// PINChecker is what a PIN pad needs. PINService implements it.
type PINChecker interface {
	// Check returns nil when pin opens role. Otherwise it returns a coded error
	// (EWrongPIN, EPINWait, ENoPIN) and how long the next try must wait.
	Check(ctx context.Context, role Role, pin string) (time.Duration, error)
}

// PINService sets and checks the staff PINs. There is one wrong-PIN count for the
// whole kiosk, whichever role was tried: a guesser gains nothing by switching role.
type PINService struct {
	store  PINStore
	clock  Clock
	params PINParams
	rand   io.Reader
}

var _ PINChecker = (*PINService)(nil)

// NewPINService returns a PIN service that hashes new PINs with params.
func NewPINService(store PINStore, clock Clock, params PINParams) *PINService {
	return &PINService{store: store, clock: clock, params: params, rand: rand.Reader}
}

func checkRole(role Role) error {
	if !slices.Contains(Roles, role) {
		return Errorf(EBadRole, "role %q is not one of counsellor, coordinator", role)
	}
	return nil
}

// Set hashes pin and stores it as role's PIN, replacing any before.
func (p *PINService) Set(ctx context.Context, role Role, pin string) error {
	if err := checkRole(role); err != nil {
		return err
	}
	h, err := HashPIN(pin, p.params, p.rand)
	if err != nil {
		return err
	}
	return p.store.SetPINHash(ctx, role, h)
}

// IsSet reports whether role has a PIN.
func (p *PINService) IsSet(ctx context.Context, role Role) (bool, error) {
	_, ok, err := p.store.PINHash(ctx, role)
	return ok, err
}

// Check tries pin for role. The coordinator's PIN also opens the counsellor's console.
//
// The try is counted as wrong in the store before the hash is even computed, and only
// cleared once it matched: killing the program in the middle of a check gives a guesser
// no free try.
func (p *PINService) Check(ctx context.Context, role Role, pin string) (time.Duration, error) {
	if err := checkRole(role); err != nil {
		return 0, err
	}
	accept := []Role{role}
	if role == RoleCounsellor {
		accept = append(accept, RoleCoordinator)
	}
	var hashes []PINHash
	for _, r := range accept {
		h, ok, err := p.store.PINHash(ctx, r)
		if err != nil {
			return 0, err
		}
		if ok {
			hashes = append(hashes, h)
		}
	}
	if len(hashes) == 0 {
		return 0, Errorf(ENoPIN, "no %s PIN is set: run `skranke pin --role %s`", role, role)
	}
	now := p.clock.Now()
	var wait time.Duration
	a, err := p.store.UpdatePINAttempts(ctx, func(a PINAttempts) (PINAttempts, error) {
		if wait = a.Wait(now); wait > 0 {
			return a, Errorf(EPINWait, "wait %v before the next try", wait.Round(time.Second))
		}
		a.Failures++
		a.Last = now
		return a, nil
	})
	if err != nil {
		return wait, err
	}
	for _, h := range hashes {
		if h.Verify(pin) {
			_, err := p.store.UpdatePINAttempts(ctx, func(PINAttempts) (PINAttempts, error) { return PINAttempts{}, nil })
			return 0, err
		}
	}
	wait = PINDelay(a.Failures)
	return wait, Errorf(EWrongPIN, "wrong PIN (%d in a row); next try in %v", a.Failures, wait)
}
