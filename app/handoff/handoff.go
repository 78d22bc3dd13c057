// Package handoff seals and opens the QR handoff codes of DESIGN.md §8: a visit's
// context (site, dates, language, topics, a few yes/no facts, the agreed next step and
// a random case id) carried by the resident from one visit to the next, at the same
// site or another, with no network and no personal data.
//
// A code is a small fixed binary layout sealed with XChaCha20-Poly1305 under the
// municipality's key, written as "SK:" plus Base45 so a QR of it uses alphanumeric
// mode and stays at version 5 or below. The layout has no field that can hold a name,
// a CPR number or free text. docs/HANDOFF.md documents every byte.
//
// Time and randomness are passed in, so tests are exact. The package imports only the
// standard library, golang.org/x/crypto and skranke/app.
package handoff

import (
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"skranke/app"
)

// Error codes of this package. Screens translate the code_* ones into a calm message
// in the resident's language ("this code has expired – please ask at the desk").
const (
	EMalformed = "code_malformed"  // not a handoff code or short code: wrong prefix, bad characters, wrong length
	EVersion   = "code_version"    // a format version, or a language, topic, flag or next step, this Skranke does not know yet
	EForeign   = "code_foreign"    // sealed under a key this site does not hold (another municipality, or a per-site key)
	ETampered  = "code_tampered"   // the key is known but the code does not authenticate: altered or damaged
	EExpired   = "code_expired"    // past its expiry date
	EInvalid   = "handoff_invalid" // Seal was given a context it cannot represent; a programming or config error
)

// Version is the format version Seal writes, the first byte of every code. Open
// refuses other versions with EVersion.
const Version uint8 = 1

// Prefix starts the text form. It tells a Skranke code from any other QR a scanner
// reads, and is in the QR alphanumeric set. The format version is not repeated here:
// it is the first (authenticated) byte.
const Prefix = "SK:"

// MaxSiteLen is the longest issuing site id a code can carry, in bytes.
const MaxSiteLen = 16

// MaxValidityDays is the longest time from issue to expiry a code can express.
const MaxValidityDays = 255

// Flags are yes/no facts from the visit that save asking again next time. They are
// facts about documents, never about the person's identity.
type Flags uint8

// The flags. Bit values are part of the format: never renumber, only add.
const (
	// FlagChipPassport: the resident has a passport or ID card with a chip, so MitID
	// can be set up in the app instead of at Borgerservice.
	FlagChipPassport Flags = 1 << iota
	// FlagCitizen: the resident is a Danish citizen, so the passport topic is a
	// Borgerservice passport rather than a residence matter.
	FlagCitizen

	knownFlags = FlagChipPassport | FlagCitizen
)

// urgentBit is the bit of the flags byte that carries Context.Urgent.
const urgentBit = 0x80

// NextStep is what the resident and counsellor agreed happens next, from a fixed list
// so a code never carries free text. Screens translate it by its String name.
type NextStep uint8

// The next steps. Their numbers are part of the format: never renumber, only append
// (an older reader refuses a step it does not know with EVersion).
const (
	NextNone            NextStep = iota // nothing agreed
	NextBringDocument                   // come back with a document (see the topic's ready list)
	NextPhotoNeeded                     // get a passport photo first
	NextAwaitAnswer                     // wait for an answer from an authority, then come back
	NextBookAppointment                 // book an appointment (Borgerservice, police, …)
	NextContinueCV                      // continue work on the CV
	NextCallAuthority                   // call an authority together
	NextOtherDesk                       // go to another desk or site
	NextJobCentre                       // go to the job centre
	NextCitizenService                  // go to Borgerservice
	numNextSteps
)

var nextStepNames = [numNextSteps]string{
	"none", "bring_document", "photo_needed", "await_answer", "book_appointment",
	"continue_cv", "call_authority", "other_desk", "job_centre", "citizen_service",
}

// NextSteps lists every next step in display order, for the counsellor's picker.
var NextSteps = []NextStep{
	NextNone, NextBringDocument, NextPhotoNeeded, NextAwaitAnswer, NextBookAppointment,
	NextContinueCV, NextCallAuthority, NextOtherDesk, NextJobCentre, NextCitizenService,
}

// String returns the step's stable name, the key i18n translates it by.
func (n NextStep) String() string {
	if n < numNextSteps {
		return nextStepNames[n]
	}
	return fmt.Sprintf("next_step(%d)", uint8(n))
}

// ParseNextStep returns the step with the given String name, for the command line and
// configuration.
func ParseNextStep(name string) (NextStep, error) {
	for i, s := range nextStepNames {
		if s == name {
			return NextStep(i), nil
		}
	}
	return 0, app.Errorf(EInvalid, "unknown next step %q", name)
}

// CaseID is a random id that ties the visits of one matter together in the
// anonymised statistics without naming anyone. Keep it when re-issuing a code for
// the same matter.
type CaseID [6]byte

// NewCaseID draws a case id from rand.
func NewCaseID(rand io.Reader) (CaseID, error) {
	var id CaseID
	if _, err := io.ReadFull(rand, id[:]); err != nil {
		return CaseID{}, fmt.Errorf("new case id: %w", err)
	}
	return id, nil
}

// String returns the id in Crockford Base32 (10 characters), for staff screens and logs.
func (id CaseID) String() string {
	var n uint64
	for _, b := range id {
		n = n<<8 | uint64(b)
	}
	var out [10]byte
	for i := range out {
		out[i] = crockford[n>>(45-5*i)&31]
	}
	return string(out[:])
}

// Context is what a handoff code carries. Everything in it is coarse and chosen from
// fixed lists; there is deliberately no field for a name, a CPR number or a note.
type Context struct {
	// Version and KeyID are filled in by Open, for logs; Seal ignores them and writes
	// the current Version and the keyring's current key.
	Version uint8
	KeyID   uint32
	// Site is the issuing site's app.Site.ID: 1–16 characters of A–Z, a–z, 0–9, '-',
	// '_' or '.'.
	Site string
	// Issued and Expires are dates; only their year, month and day (in their own
	// location) count, and Open returns them at midnight UTC. The code is valid
	// through the whole Expires day, at most MaxValidityDays after Issued.
	Issued  time.Time
	Expires time.Time
	// Lang is a tag from app.Languages.
	Lang string
	// Topics are catalogue topics; Open returns them once each, in catalogue order.
	Topics []app.TopicID
	Urgent bool
	Flags  Flags
	Next   NextStep
	// CaseID must not be zero: draw one with NewCaseID.
	CaseID CaseID
}

// topicBits maps bit i of the topics field to a topic. It froze the order of
// app.DefaultCatalogue() when format 1 was made; the catalogue's order is display
// order and may change, the wire order may not. A new topic takes the next free bit;
// a removed one keeps its bit, unused. A test checks every catalogue topic has a bit.
var topicBits = []app.TopicID{
	"post", "mitid", "job", "cv", "passport", "residence",
	"money", "call", "family", "housing", "apps", "other",
}

// langCodes maps the language byte to a tag. Like topicBits it froze app.Languages,
// whose order is the language grid's and may change; new languages are appended.
var langCodes = []string{"da", "en", "ar", "tr", "fa", "fa-AF", "ckb", "so", "ur", "uk", "ti", "pl"}

// epoch is day 0 of the issue date.
var epoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Sizes of the sealed layout; see docs/HANDOFF.md.
const (
	headerLen   = 1 + 4 // version, key id: the associated data
	nonceLen    = chacha20poly1305.NonceSizeX
	tagLen      = chacha20poly1305.Overhead
	fixedPlain  = 2 + 1 + 1 + 2 + 1 + 1 + 6 + 1 // issued, validity, lang, topics, flags, next, case id, site length
	minSealed   = headerLen + nonceLen + fixedPlain + 1 + tagLen
	maxSealed   = headerLen + nonceLen + fixedPlain + MaxSiteLen + tagLen
	maxTopicBit = 16
)

// Seal returns the text form of c sealed under kr.Current, with a fresh nonce from
// rand. It refuses a context the format cannot carry: an unknown language
// (app.EUnknownLanguage) or topic (app.EUnknownTopic), and otherwise EInvalid; with
// no current key it returns app.EConfig.
func Seal(kr Keyring, c Context, rand io.Reader) (string, error) {
	if kr.Current.IsZero() {
		return "", app.Errorf(app.EConfig, "no handoff key configured")
	}
	plain, err := c.marshal()
	if err != nil {
		return "", err
	}
	var header [headerLen]byte
	header[0] = Version
	binary.BigEndian.PutUint32(header[1:], kr.Current.ID)
	var nonce [nonceLen]byte
	if _, err := io.ReadFull(rand, nonce[:]); err != nil {
		return "", fmt.Errorf("seal handoff code: read nonce: %w", err)
	}
	aead, err := chacha20poly1305.NewX(kr.Current.Secret[:])
	if err != nil {
		return "", fmt.Errorf("seal handoff code: %w", err)
	}
	sealed := make([]byte, 0, headerLen+nonceLen+len(plain)+tagLen)
	sealed = append(sealed, header[:]...)
	sealed = append(sealed, nonce[:]...)
	sealed = aead.Seal(sealed, nonce[:], plain, header[:])
	return Prefix + base45Encode(sealed), nil
}

// Open reads a code's text form, authenticates it with the key its key id names and
// checks its expiry against now's date (pass the site's local time). A refused code
// returns the zero Context and an *app.Error with EMalformed, EVersion, EForeign,
// ETampered or EExpired.
//
// Open forgives what a keyboard-wedge scanner or a caps-lock key does to the text:
// leading white space, a trailing CR, LF or tab, and lower-case letters. It does not
// trim trailing spaces: space is a Base45 digit.
func Open(kr Keyring, text string, now time.Time) (Context, error) {
	s := normalise(text)
	if len(s) < len(Prefix) || s[:len(Prefix)] != Prefix {
		return Context{}, app.Errorf(EMalformed, "not a handoff code: no %q prefix", Prefix)
	}
	raw, err := base45Decode(s[len(Prefix):])
	if err != nil {
		return Context{}, app.Errorf(EMalformed, "%v", err)
	}
	if len(raw) == 0 {
		return Context{}, app.Errorf(EMalformed, "empty code")
	}
	if raw[0] != Version {
		return Context{}, app.Errorf(EVersion, "format version %d, this Skranke reads %d", raw[0], Version)
	}
	if len(raw) < minSealed || len(raw) > maxSealed {
		return Context{}, app.Errorf(EMalformed, "%d bytes, want %d to %d", len(raw), minSealed, maxSealed)
	}
	id := binary.BigEndian.Uint32(raw[1:headerLen])
	keys := kr.keys(id)
	if len(keys) == 0 {
		return Context{}, app.Errorf(EForeign, "sealed under key %08x, which this site does not hold", id)
	}
	header, nonce, ct := raw[:headerLen], raw[headerLen:headerLen+nonceLen], raw[headerLen+nonceLen:]
	var plain []byte
	for _, k := range keys {
		aead, err := chacha20poly1305.NewX(k.Secret[:])
		if err != nil {
			return Context{}, fmt.Errorf("open handoff code: %w", err)
		}
		if plain, err = aead.Open(nil, nonce, ct, header); err == nil {
			break
		}
	}
	if plain == nil {
		return Context{}, app.Errorf(ETampered, "code under key %08x does not authenticate", id)
	}
	c, err := unmarshal(plain)
	if err != nil {
		return Context{}, err
	}
	c.Version, c.KeyID = raw[0], id
	if today := days(now); today > days(c.Expires) {
		return Context{}, app.Errorf(EExpired, "expired on %s", c.Expires.Format(time.DateOnly))
	}
	return c, nil
}

// normalise undoes what scanners and caps lock do to a code; see Open.
func normalise(text string) string {
	start := 0
	for start < len(text) && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' || text[start] == '\n') {
		start++
	}
	end := len(text)
	for end > start && (text[end-1] == '\r' || text[end-1] == '\n' || text[end-1] == '\t') {
		end--
	}
	b := []byte(text[start:end])
	for i, ch := range b {
		if 'a' <= ch && ch <= 'z' {
			b[i] = ch - ('a' - 'A')
		}
	}
	return string(b)
}

// days returns t's calendar date, in t's location, as days since epoch.
func days(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch) / (24 * time.Hour))
}

// marshal returns c's plaintext layout, or the reason c cannot be carried.
func (c Context) marshal() ([]byte, error) {
	if err := checkSite(c.Site); err != nil {
		return nil, app.Errorf(EInvalid, "%v", err)
	}
	issued := days(c.Issued)
	if issued < 0 || issued > 0xFFFF {
		return nil, app.Errorf(EInvalid, "issue date %s is outside 2020-01-01 + 65535 days", c.Issued.Format(time.DateOnly))
	}
	validity := days(c.Expires) - issued
	if validity < 0 || validity > MaxValidityDays {
		return nil, app.Errorf(EInvalid, "expiry %s is not 0 to %d days after issue %s",
			c.Expires.Format(time.DateOnly), MaxValidityDays, c.Issued.Format(time.DateOnly))
	}
	if !slices.Contains(app.Languages, c.Lang) {
		return nil, app.Errorf(app.EUnknownLanguage, "language %q", c.Lang)
	}
	lang := slices.Index(langCodes, c.Lang)
	if lang < 0 {
		return nil, app.Errorf(EInvalid, "language %q has no handoff code number", c.Lang)
	}
	var topics uint16
	cat := app.DefaultCatalogue()
	for _, t := range c.Topics {
		if _, ok := cat.Topic(t); !ok {
			return nil, app.Errorf(app.EUnknownTopic, "topic %q", t)
		}
		bit := slices.Index(topicBits, t)
		if bit < 0 || bit >= maxTopicBit {
			return nil, app.Errorf(EInvalid, "topic %q has no handoff code bit", t)
		}
		topics |= 1 << bit
	}
	if c.Flags&^knownFlags != 0 {
		return nil, app.Errorf(EInvalid, "unknown flags %#02x", uint8(c.Flags&^knownFlags))
	}
	flags := byte(c.Flags)
	if c.Urgent {
		flags |= urgentBit
	}
	if c.Next >= numNextSteps {
		return nil, app.Errorf(EInvalid, "unknown next step %d", uint8(c.Next))
	}
	if c.CaseID == (CaseID{}) {
		return nil, app.Errorf(EInvalid, "zero case id")
	}

	b := make([]byte, 0, fixedPlain+len(c.Site))
	b = binary.BigEndian.AppendUint16(b, uint16(issued))
	b = append(b, byte(validity), byte(lang))
	b = binary.BigEndian.AppendUint16(b, topics)
	b = append(b, flags, byte(c.Next))
	b = append(b, c.CaseID[:]...)
	b = append(b, byte(len(c.Site)))
	b = append(b, c.Site...)
	return b, nil
}

// unmarshal reads an authenticated plaintext. A value outside what this Skranke knows
// is EVersion: it was sealed with our key, so it comes from a newer Skranke.
func unmarshal(b []byte) (Context, error) {
	if len(b) < fixedPlain || int(b[fixedPlain-1]) != len(b)-fixedPlain {
		return Context{}, app.Errorf(EMalformed, "plaintext of %d bytes does not match its site length", len(b))
	}
	var c Context
	issued := int(binary.BigEndian.Uint16(b[0:2]))
	c.Issued = epoch.AddDate(0, 0, issued)
	c.Expires = epoch.AddDate(0, 0, issued+int(b[2]))
	if int(b[3]) >= len(langCodes) {
		return Context{}, app.Errorf(EVersion, "language number %d", b[3])
	}
	c.Lang = langCodes[b[3]]
	topics := binary.BigEndian.Uint16(b[4:6])
	for bit := range maxTopicBit {
		if topics&(1<<bit) == 0 {
			continue
		}
		if bit >= len(topicBits) {
			return Context{}, app.Errorf(EVersion, "topic bit %d", bit)
		}
		c.Topics = append(c.Topics, topicBits[bit])
	}
	c.Urgent = b[6]&urgentBit != 0
	c.Flags = Flags(b[6] &^ urgentBit)
	if c.Flags&^knownFlags != 0 {
		return Context{}, app.Errorf(EVersion, "flags %#02x", b[6])
	}
	c.Next = NextStep(b[7])
	if c.Next >= numNextSteps {
		return Context{}, app.Errorf(EVersion, "next step %d", b[7])
	}
	copy(c.CaseID[:], b[8:14])
	c.Site = string(b[fixedPlain:])
	if err := checkSite(c.Site); err != nil {
		return Context{}, app.Errorf(EMalformed, "%v", err)
	}
	return c, nil
}

// checkSite enforces the site id rule of Context.Site. The tight character set keeps
// the one string field of a code from carrying anything but an id.
func checkSite(s string) error {
	if len(s) == 0 || len(s) > MaxSiteLen {
		return fmt.Errorf("site id %q is not 1 to %d characters", s, MaxSiteLen)
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || ch == '-' || ch == '_' || ch == '.') {
			return fmt.Errorf("site id %q: character %q is not a letter, digit, '-', '_' or '.'", s, ch)
		}
	}
	return nil
}
