package handoff

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"skranke/app"
)

// The service lives here rather than in package app because it speaks in Context,
// Key and ShortCode, and this package already imports app: app cannot import it back.

// EUnknownShort is returned by Resolve for a short code this site has no record of:
// mistyped, made at another site (a short code only resolves where it was made), or
// expired and purged. The QR code of the same handoff works at every site that holds
// the key.
const EUnknownShort = "code_unknown"

// DefaultValidityDays is how long a code stays valid when the service is not told
// otherwise: long enough for an answer from an authority or a new passport photo,
// short enough that the short-code records a site keeps stay few.
const DefaultValidityDays = 60

// ErrShortCodeTaken is returned by Repository.AddShortCode when the drawn short code
// is already in use; Issue then draws another.
var ErrShortCodeTaken = errors.New("short code already in use")

// Code is a freshly issued handoff code in both its forms, and what it carries.
type Code struct {
	// Text is the sealed code, "SK:…", for the QR.
	Text string
	// Short resolves to Text at the issuing site only.
	Short   ShortCode
	Context Context
}

// ShortRecord is what a site keeps for one short code: the sealed code it stands for
// and its dates. The context stays sealed in the database, readable only with the key;
// the dates are in the clear so expired records can be purged without it.
type ShortRecord struct {
	Text string
	// Issued and Expires are site-local dates, "2006-01-02".
	Issued, Expires string
}

// Origin says where a key came from, for `skranke key list` and the log.
type Origin string

// The origins of a key.
const (
	// OriginSite is a key the site made itself at first need, because no municipality
	// key was configured: its codes open only at this site.
	OriginSite Origin = "site"
	// OriginMunicipality is a key made by `skranke key init` or read from a key file:
	// shared by the municipality's sites.
	OriginMunicipality Origin = "municipality"
)

// KeyEntry is one key a site holds.
type KeyEntry struct {
	Key    Key
	Origin Origin
	Added  time.Time
}

// KeySet is the keys a site holds: the current key, which seals new codes, and old
// keys that still open the codes they sealed until they are removed.
type KeySet struct {
	Current KeyEntry // zero until the first key is made or imported
	Old     []KeyEntry
}

// Keyring returns the keys for Seal and Open.
func (ks KeySet) Keyring() Keyring {
	kr := Keyring{Current: ks.Current.Key}
	for _, e := range ks.Old {
		kr.Old = append(kr.Old, e.Key)
	}
	return kr
}

// Repository is what the service needs from storage. store.Store implements it;
// every method is one transaction.
type Repository interface {
	// KeySet returns the stored keys; the zero KeySet when there are none.
	KeySet(ctx context.Context) (KeySet, error)
	// UpdateKeySet applies fn to the stored keys and stores what it returns, in one
	// transaction. An error from fn aborts the transaction and is returned as it is.
	UpdateKeySet(ctx context.Context, fn func(KeySet) (KeySet, error)) (KeySet, error)
	// AddShortCode stores rec under code, or returns ErrShortCodeTaken and changes
	// nothing when code is already stored.
	AddShortCode(ctx context.Context, code ShortCode, rec ShortRecord) error
	// ShortCode returns the record of code, and false when there is none.
	ShortCode(ctx context.Context, code ShortCode) (ShortRecord, bool, error)
	// PurgeExpiredHandoffs deletes the short-code records that expired before today
	// (a site-local date, "2006-01-02") and returns how many it deleted.
	PurgeExpiredHandoffs(ctx context.Context, today string) (int, error)
}

// Handoffs is the service the screens use: make a code at the end of a visit, read
// one at the start of the next. Plain values in and out, so a network client for
// counsellors' laptops can implement it later.
type Handoffs interface {
	// Issue seals c as a code of this site, valid from today, stores its short code
	// and returns both forms. The service fills in Site, Issued, Expires and, when
	// zero, CaseID; the caller gives Lang, Topics, Urgent, Flags and Next.
	Issue(ctx context.Context, c Context) (Code, error)
	// Resolve reads what a resident brings: a code's text ("SK:…", as a scanner types
	// it) or a short code ("ABCD-EFGH", as typed). A refused code returns an *app.Error
	// with EMalformed, EVersion, EForeign, ETampered, EExpired or EUnknownShort. With
	// EExpired, the Context still holds the expired code's Lang, Site and dates, so
	// the screen can say so in the resident's language; nothing else.
	Resolve(ctx context.Context, input string) (Context, error)
}

// Config is what a Service needs.
type Config struct {
	Repo  Repository
	Site  app.Site
	Clock app.Clock
	// Rand draws keys, nonces, case ids and short codes: crypto/rand.Reader in
	// production, a seeded source in tests. The service serialises its reads.
	Rand io.Reader
	// ValidityDays is how long an issued code stays valid; 0 means
	// DefaultValidityDays.
	ValidityDays int
}

// Service implements Handoffs on a Repository, and manages the site's keys for the
// command line.
type Service struct {
	repo     Repository
	clock    app.Clock
	validity int

	rand *lockedReader

	siteMu sync.Mutex
	site   app.Site

	// keyMu orders reads and changes of the keys; it is held over their transactions
	// so the copy in memory never falls behind the store.
	keyMu sync.Mutex
	keys  *KeySet // the stored keys, once read; every change goes through the service
}

var _ Handoffs = (*Service)(nil)

// NewService returns a service over cfg.Repo.
func NewService(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.ValidityDays <= 0 {
		cfg.ValidityDays = DefaultValidityDays
	}
	return &Service{repo: cfg.Repo, clock: cfg.Clock, validity: min(cfg.ValidityDays, MaxValidityDays), rand: &lockedReader{r: cfg.Rand}, site: cfg.Site}
}

// SetSite changes the configuration, for example after the coordinator edits it.
func (s *Service) SetSite(site app.Site) {
	s.siteMu.Lock()
	s.site = site
	s.siteMu.Unlock()
}

// Site returns the configuration the service runs with.
func (s *Service) Site() app.Site {
	s.siteMu.Lock()
	defer s.siteMu.Unlock()
	return s.site
}

// lockedReader lets one caller at a time draw from a random source: a seeded
// math/rand source in a test is not safe for concurrent use.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.r == nil {
		return 0, errors.New("handoff service: no random source")
	}
	return io.ReadFull(l.r, p)
}

// now returns the clock's time in the site's time zone: dates in codes and expiry
// checks follow the site's midnight, not UTC's.
func (s *Service) now() time.Time { return s.clock.Now().In(s.Site().Location()) }

// Issue implements Handoffs. Without any key, the site first makes its own
// (OriginSite), so codes work at once, but only here.
func (s *Service) Issue(ctx context.Context, c Context) (Code, error) {
	kr, err := s.issuingKeyring(ctx)
	if err != nil {
		return Code{}, err
	}
	now := s.now()
	c.Site = s.Site().ID
	c.Issued = now
	c.Expires = now.AddDate(0, 0, s.validity)
	c.Topics = slices.Clone(c.Topics)
	for c.CaseID == (CaseID{}) {
		if c.CaseID, err = NewCaseID(s.rand); err != nil {
			return Code{}, fmt.Errorf("issue handoff code: %w", err)
		}
	}
	text, err := Seal(kr, c, s.rand)
	if err != nil {
		return Code{}, fmt.Errorf("issue handoff code: %w", err)
	}
	rec := ShortRecord{Text: text, Issued: now.Format(time.DateOnly), Expires: c.Expires.Format(time.DateOnly)}
	// Five draws of 40 bits all taken would take millions of live codes: that is a
	// broken random source, not bad luck.
	for range 5 {
		short, err := NewShortCode(s.rand)
		if err != nil {
			return Code{}, fmt.Errorf("issue handoff code: %w", err)
		}
		err = s.repo.AddShortCode(ctx, short, rec)
		if errors.Is(err, ErrShortCodeTaken) {
			continue
		}
		if err != nil {
			return Code{}, fmt.Errorf("issue handoff code: store short code: %w", err)
		}
		c.Version, c.KeyID = Version, kr.Current.ID
		return Code{Text: text, Short: short, Context: c}, nil
	}
	return Code{}, app.Errorf(app.EInternal, "issue handoff code: five short codes in a row were taken")
}

// Resolve implements Handoffs.
func (s *Service) Resolve(ctx context.Context, input string) (Context, error) {
	ks, err := s.keySet(ctx)
	if err != nil {
		return Context{}, err
	}
	kr := ks.Keyring()
	text := input
	if !IsCodeText(input) {
		short, err := ParseShortCode(strings.TrimSpace(input))
		if err != nil {
			return Context{}, err
		}
		rec, found, err := s.repo.ShortCode(ctx, short)
		if err != nil {
			return Context{}, fmt.Errorf("resolve short code: %w", err)
		}
		if !found {
			return Context{}, app.Errorf(EUnknownShort, "short code %s is not known at this site", short)
		}
		text = rec.Text
	}
	c, err := Open(kr, text, s.now())
	if app.ErrorCode(err) == EExpired {
		// It authenticated: the language is known, and the resident should hear in it
		// that the code is too old. Opening as of the first day of the format skips the
		// expiry check only.
		if old, err2 := Open(kr, text, epoch); err2 == nil {
			return Context{Lang: old.Lang, Site: old.Site, Issued: old.Issued, Expires: old.Expires}, err
		}
	}
	return c, err
}

// IsCodeText reports whether s looks like a code's text form rather than a short
// code: it starts, after white space, with the prefix in any case.
func IsCodeText(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	return len(s) >= len(Prefix) && strings.EqualFold(s[:len(Prefix)], Prefix)
}

// PurgeExpired deletes the short codes that expired before today, at day close.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	n, err := s.repo.PurgeExpiredHandoffs(ctx, s.now().Format(time.DateOnly))
	if err != nil {
		return 0, fmt.Errorf("purge expired handoff codes: %w", err)
	}
	return n, nil
}

// keySet returns the stored keys, read once.
func (s *Service) keySet(ctx context.Context) (KeySet, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.keys != nil {
		return *s.keys, nil
	}
	ks, err := s.repo.KeySet(ctx)
	if err != nil {
		return KeySet{}, fmt.Errorf("read handoff keys: %w", err)
	}
	s.keys = &ks
	return ks, nil
}

// issuingKeyring returns the keys to seal with, making the site's own key first when
// there is none. The check is repeated inside the transaction, so two first codes at
// once make one key.
func (s *Service) issuingKeyring(ctx context.Context) (Keyring, error) {
	ks, err := s.keySet(ctx)
	if err != nil {
		return Keyring{}, err
	}
	if !ks.Current.Key.IsZero() {
		return ks.Keyring(), nil
	}
	now := s.now()
	ks, err = s.updateKeys(ctx, func(ks KeySet) (KeySet, error) {
		if !ks.Current.Key.IsZero() {
			return ks, nil
		}
		k, err := NewKey(s.rand)
		if err != nil {
			return ks, err
		}
		ks.Current = KeyEntry{Key: k, Origin: OriginSite, Added: now}
		return ks, nil
	})
	if err != nil {
		return Keyring{}, fmt.Errorf("make this site's handoff key: %w", err)
	}
	return ks.Keyring(), nil
}

// updateKeys changes the stored keys in one transaction and keeps the copy in memory
// in step.
func (s *Service) updateKeys(ctx context.Context, fn func(KeySet) (KeySet, error)) (KeySet, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	ks, err := s.repo.UpdateKeySet(ctx, fn)
	if err != nil {
		return KeySet{}, err
	}
	s.keys = &ks
	return ks, nil
}

// Keys returns the keys the site holds, for `skranke key list`.
func (s *Service) Keys(ctx context.Context) (KeySet, error) { return s.keySet(ctx) }

// CurrentKey returns the key that seals new codes, for `skranke key export`. Without
// one it returns app.EConfig: there is nothing to export until a key is made.
func (s *Service) CurrentKey(ctx context.Context) (KeyEntry, error) {
	ks, err := s.keySet(ctx)
	if err != nil {
		return KeyEntry{}, err
	}
	if ks.Current.Key.IsZero() {
		return KeyEntry{}, app.Errorf(app.EConfig, "no handoff key yet: make one with `skranke key init`")
	}
	return ks.Current, nil
}

// InitKey makes a new municipality key and makes it current. The key it replaces (the
// site's own, or an older municipality key) moves to the old keys, so the codes
// residents carry stay readable until it is removed.
func (s *Service) InitKey(ctx context.Context) (Key, error) {
	k, err := NewKey(s.rand)
	if err != nil {
		return Key{}, err
	}
	if err := s.makeCurrent(ctx, k); err != nil {
		return Key{}, err
	}
	return k, nil
}

// ImportKey makes k, read from another site's key file, the current key; the one it
// replaces stays for reading. Importing the current key again changes nothing. A key
// with the id of a held key but another secret is refused with app.EConfig: it is a
// different key, and codes could no longer say which one sealed them.
func (s *Service) ImportKey(ctx context.Context, k Key) error {
	if k.IsZero() || k.ID == 0 {
		return app.Errorf(app.EConfig, "import handoff key: empty key")
	}
	return s.makeCurrent(ctx, k)
}

func (s *Service) makeCurrent(ctx context.Context, k Key) error {
	now := s.now()
	_, err := s.updateKeys(ctx, func(ks KeySet) (KeySet, error) {
		entry := KeyEntry{Key: k, Origin: OriginMunicipality, Added: now}
		if ks.Current.Key.ID == k.ID {
			if ks.Current.Key != k {
				return ks, app.Errorf(app.EConfig, "a different key with id %08x is already current", k.ID)
			}
			return ks, nil
		}
		if i := slices.IndexFunc(ks.Old, func(e KeyEntry) bool { return e.Key.ID == k.ID }); i >= 0 {
			if ks.Old[i].Key != k {
				return ks, app.Errorf(app.EConfig, "a different key with id %08x is held; remove it first with `skranke key remove %08x`", k.ID, k.ID)
			}
			entry = ks.Old[i]
			ks.Old = slices.Delete(slices.Clone(ks.Old), i, i+1)
		}
		if !ks.Current.Key.IsZero() {
			ks.Old = append([]KeyEntry{ks.Current}, ks.Old...)
		}
		ks.Current = entry
		return ks, nil
	})
	return err
}

// RemoveKey removes an old key: the codes it sealed are refused from now on as
// EForeign. The current key cannot be removed; make or import another first.
func (s *Service) RemoveKey(ctx context.Context, id uint32) error {
	_, err := s.updateKeys(ctx, func(ks KeySet) (KeySet, error) {
		if !ks.Current.Key.IsZero() && ks.Current.Key.ID == id {
			return ks, app.Errorf(app.EConfig, "key %08x is the current key: make or import another first", id)
		}
		i := slices.IndexFunc(ks.Old, func(e KeyEntry) bool { return e.Key.ID == id })
		if i < 0 {
			return ks, app.Errorf(app.ENotFound, "no handoff key %08x here", id)
		}
		ks.Old = slices.Delete(slices.Clone(ks.Old), i, i+1)
		return ks, nil
	})
	return err
}

// The questions whose yes answers a code carries as flags. They are catalogue data
// (app.DefaultCatalogue); a test checks they still exist there.
const (
	QuestionChip    app.QuestionID = "mitid_chip"
	QuestionCitizen app.QuestionID = "passport_citizen"
)

// FromVisit returns the context a code for v carries: its language, topics and
// urgency, the document facts its answers gave, and next. The caller passes it to
// Issue, which adds the site, the dates and a case id.
func FromVisit(v app.Visit, next NextStep) Context {
	c := Context{Lang: v.Lang, Topics: slices.Clone(v.Topics), Urgent: v.Urgent, Next: next}
	if v.Answers[QuestionChip] == app.Yes {
		c.Flags |= FlagChipPassport
	}
	if v.Answers[QuestionCitizen] == app.Yes {
		c.Flags |= FlagCitizen
	}
	return c
}

// Answers returns the answers c's flags stand for, limited to the questions its
// topics ask, so a returning resident is not asked again what the code already says.
// A flag that is not set says nothing: the answer may have been no, or not given.
func (c Context) Answers(cat app.Catalogue) map[app.QuestionID]app.Answer {
	out := map[app.QuestionID]app.Answer{}
	for _, q := range cat.Questions(c.Topics) {
		switch {
		case q.ID == QuestionChip && c.Flags&FlagChipPassport != 0,
			q.ID == QuestionCitizen && c.Flags&FlagCitizen != 0:
			out[q.ID] = app.Yes
		}
	}
	return out
}
