package store_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/store"
)

// MustHandoffs builds a handoff service for site over s, with a seeded random source.
func MustHandoffs(tb testing.TB, s *store.Store, siteID string, clock app.Clock, seed byte) *handoff.Service {
	tb.Helper()
	site := app.DefaultSite()
	site.ID = siteID
	return handoff.NewService(handoff.Config{Repo: s, Site: site, Clock: clock, Rand: rand.NewChaCha8([32]byte{seed})})
}

func TestShortCodes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := handoff.ShortCode{1, 2, 3, 4, 5}
	b := handoff.ShortCode{9, 8, 7, 6, 5}
	ra := handoff.ShortRecord{Text: "SK:AAA", Issued: "2026-11-23", Expires: "2026-12-01"}
	rb := handoff.ShortRecord{Text: "SK:BBB", Issued: "2026-11-23", Expires: "2027-01-22"}
	for code, rec := range map[handoff.ShortCode]handoff.ShortRecord{a: ra, b: rb} {
		if err := s.AddShortCode(ctx, code, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddShortCode(ctx, a, rb); !errors.Is(err, handoff.ErrShortCodeTaken) {
		t.Errorf("adding a taken code: got %v, want ErrShortCodeTaken", err)
	}
	if err := s.AddShortCode(ctx, handoff.ShortCode{1}, handoff.ShortRecord{Text: "SK:X", Issued: "today", Expires: "2027-01-22"}); err == nil {
		t.Error("a record with a bad date was stored")
	}

	// The records survive a restart.
	MustCheckClose(t, s)
	s, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { MustCheckClose(t, s) })
	if got, ok, err := s.ShortCode(ctx, a); err != nil || !ok || got != ra {
		t.Errorf("ShortCode(a): got %+v, %v, %v; want %+v", got, ok, err, ra)
	}
	if _, ok, err := s.ShortCode(ctx, handoff.ShortCode{7}); ok || err != nil {
		t.Errorf("ShortCode(unknown): got %v, %v; want not found", ok, err)
	}

	tests := []struct {
		name     string
		today    string
		wantN    int
		wantLeft []handoff.ShortCode
	}{
		{name: "OnTheExpiryDayKept", today: "2026-12-01", wantN: 0, wantLeft: []handoff.ShortCode{a, b}},
		{name: "DayAfterPurged", today: "2026-12-02", wantN: 1, wantLeft: []handoff.ShortCode{b}},
		{name: "Again", today: "2026-12-02", wantN: 0, wantLeft: []handoff.ShortCode{b}},
		{name: "All", today: "2027-06-01", wantN: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := s.PurgeExpiredHandoffs(ctx, tt.today)
			if err != nil || n != tt.wantN {
				t.Fatalf("purge before %s: got %d, %v; want %d", tt.today, n, err, tt.wantN)
			}
			for _, c := range []handoff.ShortCode{a, b} {
				_, ok, _ := s.ShortCode(ctx, c)
				if want := slices.Contains(tt.wantLeft, c); ok != want {
					t.Errorf("%s stored: got %v, want %v", c, ok, want)
				}
			}
		})
	}
	if _, err := s.PurgeExpiredHandoffs(ctx, "soon"); err == nil {
		t.Error("purge with a bad date: got no error")
	}
}

func TestKeySetPersists(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ks, err := s.KeySet(ctx); err != nil || !ks.Current.Key.IsZero() || len(ks.Old) != 0 {
		t.Fatalf("new store: got %+v, %v; want no keys", ks, err)
	}
	k1, _ := handoff.NewKey(rand.NewChaCha8([32]byte{1}))
	k2, _ := handoff.NewKey(rand.NewChaCha8([32]byte{2}))
	added := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	want := handoff.KeySet{
		Current: handoff.KeyEntry{Key: k2, Origin: handoff.OriginMunicipality, Added: added},
		Old:     []handoff.KeyEntry{{Key: k1, Origin: handoff.OriginSite, Added: added.Add(-time.Hour)}},
	}
	if _, err := s.UpdateKeySet(ctx, func(handoff.KeySet) (handoff.KeySet, error) { return want, nil }); err != nil {
		t.Fatal(err)
	}
	// An error from fn changes nothing.
	boom := errors.New("boom")
	if _, err := s.UpdateKeySet(ctx, func(handoff.KeySet) (handoff.KeySet, error) { return handoff.KeySet{}, boom }); !errors.Is(err, boom) {
		t.Errorf("got %v, want fn's error", err)
	}
	MustCheckClose(t, s)
	s, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { MustCheckClose(t, s) })
	got, err := s.KeySet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Current.Key != want.Current.Key || got.Current.Origin != want.Current.Origin || !got.Current.Added.Equal(added) ||
		len(got.Old) != 1 || got.Old[0].Key != k1 || got.Old[0].Origin != handoff.OriginSite {
		t.Errorf("after reopen: got %+v, want %+v", got, want)
	}
}

// Two data directories, two sites. With the municipality's key carried from A to B in
// a key file, a follow-up code made at A opens at B; a site on its own key refuses it.
// A short code resolves only where it was made.
func TestHandoffCrossSite(t *testing.T) {
	ctx := context.Background()
	clock := app.NewManualClock(monday)
	storeA, _ := MustOpenStore(t)
	storeB, _ := MustOpenStore(t)
	storeC, _ := MustOpenStore(t)
	a := MustHandoffs(t, storeA, "tingbjerg", clock, 1)
	b := MustHandoffs(t, storeB, "husum", clock, 2)
	c := MustHandoffs(t, storeC, "amager", clock, 3)

	key, err := a.InitKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	file := handoff.MarshalKeyFile(key) // what `skranke key export` writes
	read, err := handoff.ParseKeyFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.ImportKey(ctx, read); err != nil {
		t.Fatal(err)
	}

	// A counsellor at A finishes a visit with "follow-up needed: bring a document".
	q := app.NewQueueService(storeA, app.DefaultSite(), clock)
	tk, err := q.CheckIn(ctx, app.CheckIn{Lang: "so", Topics: []app.TopicID{"mitid", "passport"},
		Answers: map[app.QuestionID]app.Answer{"mitid_chip": app.Yes, "passport_citizen": app.No}})
	if err != nil {
		t.Fatal(err)
	}
	code, err := a.Issue(ctx, handoff.FromVisit(tk.Visit, handoff.NextBringDocument))
	if err != nil {
		t.Fatal(err)
	}

	// A week later the resident goes to B's desk.
	clock.Advance(7 * 24 * time.Hour)
	got, err := b.Resolve(ctx, code.Text)
	if err != nil {
		t.Fatalf("site B: %v", err)
	}
	if got.Site != "tingbjerg" || got.Lang != "so" || !slices.Equal(got.Topics, []app.TopicID{"mitid", "passport"}) ||
		got.Flags != handoff.FlagChipPassport || got.Next != handoff.NextBringDocument || got.CaseID != code.Context.CaseID {
		t.Errorf("site B read %+v, want what A issued: %+v", got, code.Context)
	}
	if _, err := a.Resolve(ctx, code.Short.String()); err != nil {
		t.Errorf("short code at A: %v", err)
	}
	if _, err := b.Resolve(ctx, code.Short.String()); app.ErrorCode(err) != handoff.EUnknownShort {
		t.Errorf("short code at B: got %v, want %s", err, handoff.EUnknownShort)
	}

	// C never got the key: it makes its own at its first code, and refuses A's.
	if _, err := c.Issue(ctx, handoff.Context{Lang: "da", Topics: []app.TopicID{"post"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Resolve(ctx, code.Text); app.ErrorCode(err) != handoff.EForeign {
		t.Errorf("site C with its own key: got %v, want %s", err, handoff.EForeign)
	}
	// And B, when it leaves the municipality key for a new one and removes it, too.
	if _, err := b.InitKey(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.RemoveKey(ctx, key.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Resolve(ctx, code.Text); app.ErrorCode(err) != handoff.EForeign {
		t.Errorf("site B after removing the key: got %v, want %s", err, handoff.EForeign)
	}
}
