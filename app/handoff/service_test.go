package handoff_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/handoff"
)

// memRepo is a handoff.Repository in memory, so the service's rules are tested
// without a database; store/handoff_test.go tests the bbolt one.
type memRepo struct {
	mu     sync.Mutex
	keys   handoff.KeySet
	shorts map[handoff.ShortCode]handoff.ShortRecord
	// taken makes AddShortCode report this many collisions first.
	taken int
}

func newMemRepo() *memRepo { return &memRepo{shorts: map[handoff.ShortCode]handoff.ShortRecord{}} }

func (r *memRepo) KeySet(context.Context) (handoff.KeySet, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys, nil
}

func (r *memRepo) UpdateKeySet(_ context.Context, fn func(handoff.KeySet) (handoff.KeySet, error)) (handoff.KeySet, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ks, err := fn(r.keys)
	if err != nil {
		return handoff.KeySet{}, err
	}
	r.keys = ks
	return ks, nil
}

func (r *memRepo) AddShortCode(_ context.Context, code handoff.ShortCode, rec handoff.ShortRecord) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.taken > 0 {
		r.taken--
		return handoff.ErrShortCodeTaken
	}
	if _, ok := r.shorts[code]; ok {
		return handoff.ErrShortCodeTaken
	}
	r.shorts[code] = rec
	return nil
}

func (r *memRepo) ShortCode(_ context.Context, code handoff.ShortCode) (handoff.ShortRecord, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec, ok := r.shorts[code]
	return rec, ok, nil
}

func (r *memRepo) PurgeExpiredHandoffs(_ context.Context, today string) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for k, rec := range r.shorts {
		if rec.Expires < today {
			delete(r.shorts, k)
			n++
		}
	}
	return n, nil
}

// monday is 12:00 on an opening day in Copenhagen.
var monday = time.Date(2026, 11, 23, 12, 0, 0, 0, time.FixedZone("CET", 3600))

func MustService(tb testing.TB, repo handoff.Repository, clock app.Clock, seed byte) *handoff.Service {
	tb.Helper()
	site := app.DefaultSite()
	site.ID = "tingbjerg"
	return handoff.NewService(handoff.Config{Repo: repo, Site: site, Clock: clock, Rand: MustRand(tb, seed)})
}

func visitContext() handoff.Context {
	return handoff.Context{Lang: "ar", Topics: []app.TopicID{"mitid", "passport"}, Flags: handoff.FlagChipPassport, Next: handoff.NextPhotoNeeded}
}

func TestIssueAndResolve(t *testing.T) {
	ctx := context.Background()
	clock := app.NewManualClock(monday)
	repo := newMemRepo()
	svc := MustService(t, repo, clock, 1)

	code, err := svc.Issue(ctx, visitContext())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(code.Text, handoff.Prefix) {
		t.Errorf("text %q: want the %q prefix", code.Text, handoff.Prefix)
	}
	if repo.keys.Current.Origin != handoff.OriginSite {
		t.Errorf("first key: got origin %q, want %q (made at first need)", repo.keys.Current.Origin, handoff.OriginSite)
	}
	c := code.Context
	if c.Site != "tingbjerg" || c.CaseID == (handoff.CaseID{}) || c.KeyID != repo.keys.Current.Key.ID {
		t.Errorf("issued %+v: want site tingbjerg, a case id and the current key", c)
	}
	if got, want := c.Expires.Format(time.DateOnly), "2027-01-22"; got != want {
		t.Errorf("expires %s, want %s (%d days)", got, want, handoff.DefaultValidityDays)
	}
	rec := repo.shorts[code.Short]
	if rec.Text != code.Text || rec.Issued != "2026-11-23" || rec.Expires != "2027-01-22" {
		t.Errorf("stored %+v, want the code's text and dates", rec)
	}

	tests := []struct {
		name  string
		input string
	}{
		{name: "Text", input: code.Text},
		{name: "TextAsScanned", input: strings.ToLower(code.Text) + "\r\n"},
		{name: "Short", input: code.Short.String()},
		{name: "ShortTypedLoosely", input: " " + strings.ToLower(strings.ReplaceAll(code.Short.String(), "-", "")) + " "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Resolve(ctx, tt.input)
			if err != nil {
				t.Fatal(err)
			}
			if got.Lang != "ar" || !slices.Equal(got.Topics, []app.TopicID{"mitid", "passport"}) || got.Flags != handoff.FlagChipPassport ||
				got.Next != handoff.NextPhotoNeeded || got.CaseID != c.CaseID || got.Site != "tingbjerg" {
				t.Errorf("got %+v, want what was issued: %+v", got, c)
			}
		})
	}
}

func TestResolveRefuses(t *testing.T) {
	ctx := context.Background()
	clock := app.NewManualClock(monday)
	repo := newMemRepo()
	svc := MustService(t, repo, clock, 1)
	code, err := svc.Issue(ctx, visitContext())
	if err != nil {
		t.Fatal(err)
	}
	other := MustService(t, newMemRepo(), clock, 2)
	foreign, err := other.Issue(ctx, visitContext())
	if err != nil {
		t.Fatal(err)
	}
	tampered := []byte(code.Text)
	tampered[10] ^= 'A' ^ 'B'
	if tampered[10] == code.Text[10] {
		t.Fatal("no change")
	}
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{name: "Empty", input: "", want: handoff.EMalformed},
		{name: "Garbage", input: "hello world", want: handoff.EMalformed},
		{name: "UnknownShort", input: "ABCD-EFGH", want: handoff.EUnknownShort},
		{name: "ShortOfAnotherSite", input: foreign.Short.String(), want: handoff.EUnknownShort},
		{name: "Foreign", input: foreign.Text, want: handoff.EForeign},
		{name: "Tampered", input: string(tampered), want: ""},
		{name: "NotBase45", input: "SK:@@@", want: handoff.EMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := svc.Resolve(ctx, tt.input)
			if tt.want == "" {
				// A changed character is refused, by the tag or by the decoder.
				if code := app.ErrorCode(err); code != handoff.ETampered && code != handoff.EMalformed {
					t.Fatalf("got %v, want %s or %s", err, handoff.ETampered, handoff.EMalformed)
				}
			} else {
				wantCode(t, err, tt.want)
			}
			if c.Lang != "" || c.CaseID != (handoff.CaseID{}) {
				t.Errorf("refused code returned %+v, want the zero Context", c)
			}
		})
	}
}

// An expired code is refused with its own code, but says which language it was in,
// so the resident hears it in their language; nothing else of it comes back.
func TestResolveExpired(t *testing.T) {
	ctx := context.Background()
	clock := app.NewManualClock(monday)
	svc := MustService(t, newMemRepo(), clock, 1)
	code, err := svc.Issue(ctx, visitContext())
	if err != nil {
		t.Fatal(err)
	}
	// Valid through the whole expiry day, in the site's time zone.
	clock.Set(time.Date(2027, 1, 22, 23, 59, 0, 0, time.FixedZone("CET", 3600)))
	if _, err := svc.Resolve(ctx, code.Short.String()); err != nil {
		t.Fatalf("on the expiry day: %v", err)
	}
	clock.Advance(2 * time.Minute)
	for _, input := range []string{code.Text, code.Short.String()} {
		c, err := svc.Resolve(ctx, input)
		wantCode(t, err, handoff.EExpired)
		if c.Lang != "ar" || c.Expires.Format(time.DateOnly) != "2027-01-22" {
			t.Errorf("expired: got lang %q, expires %v; want ar, 2027-01-22", c.Lang, c.Expires)
		}
		if len(c.Topics) != 0 || c.Flags != 0 || c.CaseID != (handoff.CaseID{}) || c.Next != handoff.NextNone {
			t.Errorf("expired code gave away %+v; want only the language, site and dates", c)
		}
	}
}

func TestIssueRetriesTakenShortCode(t *testing.T) {
	repo := newMemRepo()
	repo.taken = 2
	svc := MustService(t, repo, app.NewManualClock(monday), 1)
	code, err := svc.Issue(context.Background(), visitContext())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := repo.shorts[code.Short]; !ok || len(repo.shorts) != 1 {
		t.Errorf("stored %v, want only %s", repo.shorts, code.Short)
	}
	repo.taken = 5
	if _, err := svc.Issue(context.Background(), visitContext()); err == nil {
		t.Error("five taken short codes in a row: got no error")
	}
}

func TestIssueKeepsCaseID(t *testing.T) {
	svc := MustService(t, newMemRepo(), app.NewManualClock(monday), 1)
	c := visitContext()
	c.CaseID = handoff.CaseID{9, 9, 9, 9, 9, 9}
	code, err := svc.Issue(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if code.Context.CaseID != c.CaseID {
		t.Errorf("case id %s, want %s kept", code.Context.CaseID, c.CaseID)
	}
}

func TestIssueRefusesUnknownLanguage(t *testing.T) {
	svc := MustService(t, newMemRepo(), app.NewManualClock(monday), 1)
	c := visitContext()
	c.Lang = "xx"
	_, err := svc.Issue(context.Background(), c)
	wantCode(t, err, app.EUnknownLanguage)
}

// Keys: init makes a municipality key and keeps the site's own for reading; import
// moves the key between sites; remove forgets an old key, whose codes are then foreign.
func TestKeys(t *testing.T) {
	ctx := context.Background()
	clock := app.NewManualClock(monday)
	repo := newMemRepo()
	svc := MustService(t, repo, clock, 1)
	before, err := svc.Issue(ctx, visitContext()) // under the site's own key
	if err != nil {
		t.Fatal(err)
	}
	own := repo.keys.Current.Key

	k, err := svc.InitKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ks, _ := svc.Keys(ctx)
	if ks.Current.Key != k || ks.Current.Origin != handoff.OriginMunicipality || len(ks.Old) != 1 || ks.Old[0].Key != own {
		t.Fatalf("after init: %+v, want the new key current and the site's own old", ks)
	}
	if _, err := svc.Resolve(ctx, before.Text); err != nil {
		t.Errorf("a code under the old key: %v, want it still readable", err)
	}
	after, err := svc.Issue(ctx, visitContext())
	if err != nil {
		t.Fatal(err)
	}
	if after.Context.KeyID != k.ID {
		t.Errorf("new code sealed under %08x, want the new key %08x", after.Context.KeyID, k.ID)
	}

	// Site B imports the key and reads A's new code, not the one under A's own key.
	b := MustService(t, newMemRepo(), clock, 3)
	if err := b.ImportKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := b.ImportKey(ctx, k); err != nil {
		t.Errorf("importing the current key again: %v, want no change", err)
	}
	if _, err := b.Resolve(ctx, after.Text); err != nil {
		t.Errorf("site B reads A's code: %v", err)
	}
	_, err = b.Resolve(ctx, before.Text)
	wantCode(t, err, handoff.EForeign)

	// Same id, another secret: refused.
	clash := k
	clash.Secret[0] ^= 1
	err = b.ImportKey(ctx, clash)
	wantCode(t, err, app.EConfig)

	// The current key cannot be removed; an old one can, and its codes are foreign.
	wantCode(t, svc.RemoveKey(ctx, k.ID), app.EConfig)
	wantCode(t, svc.RemoveKey(ctx, 0x12345678), app.ENotFound)
	if err := svc.RemoveKey(ctx, own.ID); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Resolve(ctx, before.Text)
	wantCode(t, err, handoff.EForeign)
	if _, err := svc.Resolve(ctx, after.Text); err != nil {
		t.Errorf("code under the current key after removing an old one: %v", err)
	}

	// Importing an old key again makes it current, keeping its origin.
	k2, err := svc.InitKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ImportKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	ks, _ = svc.Keys(ctx)
	if ks.Current.Key != k || len(ks.Old) != 1 || ks.Old[0].Key != k2 {
		t.Errorf("after re-import: %+v, want %v current and %v old", ks, k, k2)
	}
}

func TestCurrentKey(t *testing.T) {
	svc := MustService(t, newMemRepo(), app.NewManualClock(monday), 1)
	_, err := svc.CurrentKey(context.Background())
	wantCode(t, err, app.EConfig)
	k, err := svc.InitKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	e, err := svc.CurrentKey(context.Background())
	if err != nil || e.Key != k {
		t.Errorf("got %v, %v; want %v", e.Key, err, k)
	}
}

func TestPurgeExpired(t *testing.T) {
	ctx := context.Background()
	clock := app.NewManualClock(monday)
	repo := newMemRepo()
	svc := MustService(t, repo, clock, 1)
	old, err := svc.Issue(ctx, visitContext())
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * 24 * time.Hour)
	young, err := svc.Issue(ctx, visitContext())
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Duration(handoff.DefaultValidityDays-30) * 24 * time.Hour) // old's expiry day: kept
	if n, err := svc.PurgeExpired(ctx); err != nil || n != 0 {
		t.Fatalf("purge on the expiry day: %d, %v; want 0", n, err)
	}
	clock.Advance(24 * time.Hour)
	if n, err := svc.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("purge the day after: %d, %v; want 1", n, err)
	}
	if _, ok := repo.shorts[old.Short]; ok {
		t.Error("the expired short code is still stored")
	}
	if _, ok := repo.shorts[young.Short]; !ok {
		t.Error("a valid short code was purged")
	}
}

func TestFromVisitAndAnswers(t *testing.T) {
	cat := app.DefaultCatalogue()
	for _, q := range []app.QuestionID{handoff.QuestionChip, handoff.QuestionCitizen} {
		if !slices.ContainsFunc(cat.Questions(cat.IDs()), func(x app.Question) bool { return x.ID == q }) {
			t.Errorf("question %s is not in the catalogue; the flags no longer map to it", q)
		}
	}
	tests := []struct {
		name        string
		visit       app.Visit
		wantFlags   handoff.Flags
		wantAnswers map[app.QuestionID]app.Answer
	}{
		{
			name:        "ChipYes",
			visit:       app.Visit{Lang: "so", Topics: []app.TopicID{"mitid"}, Answers: map[app.QuestionID]app.Answer{"mitid_chip": app.Yes}},
			wantFlags:   handoff.FlagChipPassport,
			wantAnswers: map[app.QuestionID]app.Answer{"mitid_chip": app.Yes},
		},
		{
			name:        "CitizenYesUrgent",
			visit:       app.Visit{Lang: "da", Topics: []app.TopicID{"passport", "post"}, Urgent: true, Answers: map[app.QuestionID]app.Answer{"passport_citizen": app.Yes, "post_deadline": app.Yes}},
			wantFlags:   handoff.FlagCitizen,
			wantAnswers: map[app.QuestionID]app.Answer{"passport_citizen": app.Yes},
		},
		{
			name:        "NoAndDontKnowSayNothing",
			visit:       app.Visit{Lang: "ar", Topics: []app.TopicID{"mitid", "passport"}, Answers: map[app.QuestionID]app.Answer{"mitid_chip": app.No, "passport_citizen": app.DontKnow}},
			wantAnswers: map[app.QuestionID]app.Answer{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := handoff.FromVisit(tt.visit, handoff.NextAwaitAnswer)
			if c.Lang != tt.visit.Lang || !slices.Equal(c.Topics, tt.visit.Topics) || c.Urgent != tt.visit.Urgent || c.Flags != tt.wantFlags || c.Next != handoff.NextAwaitAnswer {
				t.Errorf("got %+v, want lang, topics and urgency of the visit, flags %b", c, tt.wantFlags)
			}
			got := c.Answers(cat)
			if len(got) != len(tt.wantAnswers) {
				t.Errorf("answers: got %v, want %v", got, tt.wantAnswers)
			}
			for q, a := range tt.wantAnswers {
				if got[q] != a {
					t.Errorf("answers: got %v, want %v", got, tt.wantAnswers)
				}
			}
		})
	}
	// A flag for a topic the code does not carry gives no answer: CheckIn.Validate
	// would refuse an answer to a question no chosen topic asks.
	c := handoff.Context{Topics: []app.TopicID{"post"}, Flags: handoff.FlagChipPassport}
	if got := c.Answers(cat); len(got) != 0 {
		t.Errorf("answers for a flag without its topic: %v, want none", got)
	}
}

func TestIsCodeText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{name: "Code", in: "SK:ABC", want: true},
		{name: "LowerWithSpace", in: "  sk:abc", want: true},
		{name: "Short", in: "ABCD-EFGH"},
		{name: "Empty", in: ""},
		{name: "PrefixOnlyPart", in: "SK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := handoff.IsCodeText(tt.in); got != tt.want {
				t.Errorf("IsCodeText(%q): got %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// A random source that fails is an error, never a weak key or code.
func TestIssueRandFails(t *testing.T) {
	svc := handoff.NewService(handoff.Config{Repo: newMemRepo(), Site: app.DefaultSite(), Clock: app.NewManualClock(monday), Rand: failingReader{}})
	if _, err := svc.Issue(context.Background(), visitContext()); err == nil {
		t.Fatal("got a code from a failing random source")
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }
