package handoff_test

import (
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/handoff"
)

// MustRand returns a deterministic random source, so codes in tests are repeatable.
func MustRand(tb testing.TB, seed byte) io.Reader {
	tb.Helper()
	return rand.NewChaCha8([32]byte{seed})
}

// MustKey returns a key drawn from a deterministic source.
func MustKey(tb testing.TB, seed byte) handoff.Key {
	tb.Helper()
	k, err := handoff.NewKey(MustRand(tb, seed))
	if err != nil {
		tb.Fatalf("new key: %v", err)
	}
	return k
}

// MustSeal seals c and fails the test on error.
func MustSeal(tb testing.TB, kr handoff.Keyring, c handoff.Context) string {
	tb.Helper()
	text, err := handoff.Seal(kr, c, MustRand(tb, 99))
	if err != nil {
		tb.Fatalf("seal %+v: %v", c, err)
	}
	return text
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sampleContext has every field set to something other than its zero value.
func sampleContext() handoff.Context {
	return handoff.Context{
		Site:    "tingbjerg",
		Issued:  date(2026, 3, 2),
		Expires: date(2026, 4, 1),
		Lang:    "ar",
		Topics:  []app.TopicID{"mitid", "passport", "other"},
		Urgent:  true,
		Flags:   handoff.FlagChipPassport | handoff.FlagCitizen,
		Next:    handoff.NextBookAppointment,
		CaseID:  handoff.CaseID{1, 2, 3, 4, 5, 6},
	}
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := app.ErrorCode(err); got != code {
		tb.Fatalf("error %v: got code %q, want %q", err, got, code)
	}
	var e *app.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v: got %T, want *app.Error", err, err)
	}
}

func TestRoundTrip(t *testing.T) {
	key := MustKey(t, 1)
	kr := handoff.Keyring{Current: key}
	with := func(f func(c *handoff.Context)) handoff.Context {
		c := sampleContext()
		f(&c)
		return c
	}
	tests := []struct {
		name string
		in   handoff.Context
		want handoff.Context // zero: same as in
	}{
		{name: "AllFields", in: sampleContext()},
		{name: "NoTopicsNoFlags", in: with(func(c *handoff.Context) {
			c.Topics, c.Urgent, c.Flags, c.Next = nil, false, 0, handoff.NextNone
		})},
		{name: "AllTopics", in: with(func(c *handoff.Context) { c.Topics = app.DefaultCatalogue().IDs() })},
		{name: "TopicsSortedAndOnce", in: with(func(c *handoff.Context) { c.Topics = []app.TopicID{"other", "post", "other"} }),
			want: with(func(c *handoff.Context) { c.Topics = []app.TopicID{"post", "other"} })},
		{name: "OnlyCitizen", in: with(func(c *handoff.Context) { c.Urgent, c.Flags = false, handoff.FlagCitizen })},
		{name: "OnlyUrgent", in: with(func(c *handoff.Context) { c.Flags = 0 })},
		{name: "FirstDay", in: with(func(c *handoff.Context) { c.Issued, c.Expires = date(2020, 1, 1), date(2020, 1, 1) })},
		{name: "LastDay", in: with(func(c *handoff.Context) {
			c.Issued = date(2020, 1, 1).AddDate(0, 0, 0xFFFF)
			c.Expires = c.Issued.AddDate(0, 0, handoff.MaxValidityDays)
		})},
		{name: "DateOnlyInOwnZone", in: with(func(c *handoff.Context) {
			cph := time.FixedZone("CET", 3600)
			c.Issued = time.Date(2026, 3, 2, 0, 30, 0, 0, cph) // 1 March in UTC
			c.Expires = time.Date(2026, 4, 1, 23, 59, 0, 0, cph)
		}), want: sampleContext()},
		{name: "MaxSite", in: with(func(c *handoff.Context) { c.Site = "Site-16_chars.ok" })},
		{name: "ShortSite", in: with(func(c *handoff.Context) { c.Site = "x" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := MustSeal(t, kr, tt.in)
			got, err := handoff.Open(kr, text, tt.in.Issued)
			if err != nil {
				t.Fatalf("open %q: %v", text, err)
			}
			want := tt.want
			if want.Site == "" {
				want = tt.in
			}
			want.Version, want.KeyID = handoff.Version, key.ID
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestRoundTripEveryValue seals every language, topic and next step, so a value added
// to app without a wire number fails here rather than at a desk.
func TestRoundTripEveryValue(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	open := func(c handoff.Context) handoff.Context {
		t.Helper()
		got, err := handoff.Open(kr, MustSeal(t, kr, c), c.Issued)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		return got
	}
	for _, lang := range app.Languages {
		c := sampleContext()
		c.Lang = lang
		if got := open(c).Lang; got != lang {
			t.Errorf("language: got %q, want %q", got, lang)
		}
	}
	cat := app.DefaultCatalogue()
	if len(cat) > 16 {
		t.Errorf("catalogue: got %d topics, want at most 16 (the topics field is 16 bits)", len(cat))
	}
	for _, id := range cat.IDs() {
		c := sampleContext()
		c.Topics = []app.TopicID{id}
		if got := open(c).Topics; !slices.Equal(got, c.Topics) {
			t.Errorf("topic: got %v, want %v", got, c.Topics)
		}
	}
	for _, n := range handoff.NextSteps {
		c := sampleContext()
		c.Next = n
		if got := open(c).Next; got != n {
			t.Errorf("next step: got %v, want %v", got, n)
		}
	}
}

// TestGolden pins the format: a fixed key, nonce source and context must give this
// exact text, and this text must open to this context. If it fails, the layout changed
// and codes residents carry would break: bump Version instead.
func TestGolden(t *testing.T) {
	const golden = "SK:28056TM38VUL:.Q.FGPM5EBGTJ0.IQ5.G+W75FE/PON76KPRJEFUUEYQ4FB9FEWG3LSJOB6MR4PHBKJ1JF9J%3F1-I498CZT71KS%KA5"
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	want := sampleContext()
	if got := MustSeal(t, kr, want); got != golden {
		t.Errorf("seal: got %q, want %q", got, golden)
	}
	got, err := handoff.Open(kr, golden, want.Issued)
	if err != nil {
		t.Fatalf("open golden: %v", err)
	}
	want.Version, want.KeyID = handoff.Version, kr.Current.ID
	if !reflect.DeepEqual(got, want) {
		t.Errorf("open golden: got %+v, want %+v", got, want)
	}
}

func TestSealRefuses(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	with := func(f func(c *handoff.Context)) handoff.Context {
		c := sampleContext()
		f(&c)
		return c
	}
	tests := []struct {
		name string
		kr   handoff.Keyring
		in   handoff.Context
		want string
	}{
		{name: "ErrNoKey", kr: handoff.Keyring{}, in: sampleContext(), want: app.EConfig},
		{name: "ErrUnknownLanguage", in: with(func(c *handoff.Context) { c.Lang = "de" }), want: app.EUnknownLanguage},
		{name: "ErrNoLanguage", in: with(func(c *handoff.Context) { c.Lang = "" }), want: app.EUnknownLanguage},
		{name: "ErrUnknownTopic", in: with(func(c *handoff.Context) { c.Topics = []app.TopicID{"post", "tax"} }), want: app.EUnknownTopic},
		{name: "ErrNoSite", in: with(func(c *handoff.Context) { c.Site = "" }), want: handoff.EInvalid},
		{name: "ErrLongSite", in: with(func(c *handoff.Context) { c.Site = "seventeen-chars-x" }), want: handoff.EInvalid},
		{name: "ErrSiteSpace", in: with(func(c *handoff.Context) { c.Site = "Jens Hansen" }), want: handoff.EInvalid},
		{name: "ErrSiteNonASCII", in: with(func(c *handoff.Context) { c.Site = "mjølner" }), want: handoff.EInvalid},
		{name: "ErrZeroIssued", in: with(func(c *handoff.Context) { c.Issued = time.Time{} }), want: handoff.EInvalid},
		{name: "ErrIssuedBefore2020", in: with(func(c *handoff.Context) { c.Issued = date(2019, 12, 31) }), want: handoff.EInvalid},
		{name: "ErrIssuedAfterRange", in: with(func(c *handoff.Context) {
			c.Issued = date(2020, 1, 1).AddDate(0, 0, 0x10000)
			c.Expires = c.Issued
		}), want: handoff.EInvalid},
		{name: "ErrExpiresBeforeIssued", in: with(func(c *handoff.Context) { c.Expires = c.Issued.AddDate(0, 0, -1) }), want: handoff.EInvalid},
		{name: "ErrZeroExpires", in: with(func(c *handoff.Context) { c.Expires = time.Time{} }), want: handoff.EInvalid},
		{name: "ErrTooLongValid", in: with(func(c *handoff.Context) { c.Expires = c.Issued.AddDate(0, 0, handoff.MaxValidityDays+1) }), want: handoff.EInvalid},
		{name: "ErrUnknownFlag", in: with(func(c *handoff.Context) { c.Flags = 1 << 6 }), want: handoff.EInvalid},
		{name: "ErrUrgentBitAsFlag", in: with(func(c *handoff.Context) { c.Flags = 0x80 }), want: handoff.EInvalid},
		{name: "ErrUnknownNextStep", in: with(func(c *handoff.Context) { c.Next = handoff.NextStep(len(handoff.NextSteps)) }), want: handoff.EInvalid},
		{name: "ErrZeroCaseID", in: with(func(c *handoff.Context) { c.CaseID = handoff.CaseID{} }), want: handoff.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := tt.kr
			if tt.name != "ErrNoKey" {
				k = kr
			}
			text, err := handoff.Seal(k, tt.in, MustRand(t, 2))
			if err == nil {
				t.Fatalf("got %q, want an error", text)
			}
			wantCode(t, err, tt.want)
		})
	}
}

func TestSealRandFails(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	_, err := handoff.Seal(kr, sampleContext(), strings.NewReader("short"))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("got %v, want an error wrapping %v", err, io.ErrUnexpectedEOF)
	}
}

// TestSealNonceFresh checks two seals of one context differ, so codes cannot be
// linked by comparing them.
func TestSealNonceFresh(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	r := MustRand(t, 3)
	a, err1 := handoff.Seal(kr, sampleContext(), r)
	b, err2 := handoff.Seal(kr, sampleContext(), r)
	if err1 != nil || err2 != nil {
		t.Fatalf("seal: %v, %v", err1, err2)
	}
	if a == b {
		t.Errorf("got the same code twice: %q", a)
	}
}

// TestOpenRefusesBitFlips flips every bit of the sealed bytes: no change may be accepted.
func TestOpenRefusesBitFlips(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	c := sampleContext()
	text := MustSeal(t, kr, c)
	raw, err := handoff.Base45Decode(strings.TrimPrefix(text, handoff.Prefix))
	if err != nil {
		t.Fatalf("decode own code: %v", err)
	}
	codes := map[string]int{}
	for i := range raw {
		for bit := range 8 {
			b := slices.Clone(raw)
			b[i] ^= 1 << bit
			got, err := handoff.Open(kr, handoff.Prefix+handoff.Base45Encode(b), c.Issued)
			if err == nil {
				t.Fatalf("byte %d bit %d: got %+v, want refusal", i, bit, got)
			}
			codes[app.ErrorCode(err)]++
		}
	}
	t.Logf("%d bytes, %d flips refused: %v", len(raw), len(raw)*8, codes)
	for code := range codes {
		if !slices.Contains([]string{handoff.EVersion, handoff.EForeign, handoff.ETampered}, code) {
			t.Errorf("got refusal code %q, want code_version, code_foreign or code_tampered", code)
		}
	}
}

// TestOpenRefusesTextFlips flips every bit of every character of the text form. A
// flip that only changes a letter's case is the same code (Open forgives caps lock);
// any other change must be refused.
func TestOpenRefusesTextFlips(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	c := sampleContext()
	text := MustSeal(t, kr, c)
	same, refused := 0, 0
	for i := range len(text) {
		for bit := range 8 {
			b := []byte(text)
			b[i] ^= 1 << bit
			flipped := string(b)
			got, err := handoff.Open(kr, flipped, c.Issued)
			if strings.ToUpper(flipped) == text {
				same++
				if err != nil {
					t.Errorf("char %d bit %d: case change %q refused: %v", i, bit, flipped, err)
				}
				continue
			}
			if err == nil {
				t.Fatalf("char %d bit %d: %q: got %+v, want refusal", i, bit, flipped, got)
			}
			refused++
		}
	}
	t.Logf("%d chars: %d flips refused, %d only changed case", len(text), refused, same)
}

func TestOpenForeign(t *testing.T) {
	a, b := MustKey(t, 1), MustKey(t, 2)
	c := sampleContext()
	text := MustSeal(t, handoff.Keyring{Current: a}, c)
	tests := []struct {
		name string
		kr   handoff.Keyring
		want string // "" for accepted
	}{
		{name: "OK", kr: handoff.Keyring{Current: a}},
		{name: "OKOldKey", kr: handoff.Keyring{Current: b, Old: []handoff.Key{a}}},
		{name: "ErrOtherKey", kr: handoff.Keyring{Current: b}, want: handoff.EForeign},
		{name: "ErrNoKeys", kr: handoff.Keyring{}, want: handoff.EForeign},
		{name: "ErrRemovedOldKey", kr: handoff.Keyring{Current: b, Old: []handoff.Key{MustKey(t, 3)}}, want: handoff.EForeign},
		{name: "ErrSameIDOtherSecret", kr: handoff.Keyring{Current: handoff.Key{ID: a.ID, Secret: b.Secret}}, want: handoff.ETampered},
		{name: "OKSameIDTwice", kr: handoff.Keyring{Current: handoff.Key{ID: a.ID, Secret: b.Secret}, Old: []handoff.Key{a}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handoff.Open(tt.kr, text, c.Issued)
			if tt.want == "" {
				if err != nil || got.Site != c.Site {
					t.Fatalf("got %+v, %v, want the context", got, err)
				}
				return
			}
			wantCode(t, err, tt.want)
			if !reflect.DeepEqual(got, handoff.Context{}) {
				t.Errorf("got %+v with the error, want the zero Context", got)
			}
		})
	}
}

// TestOpenExpired walks a clock across the expiry date. The date that counts is the
// one in the clock's zone: at 00:30 in Copenhagen it is already the next day.
func TestOpenExpired(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	c := sampleContext()
	text := MustSeal(t, kr, c)
	cph := time.FixedZone("CET", 3600)
	clock := app.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, cph))
	steps := []struct {
		name string
		at   time.Time
		want string
	}{
		{name: "OKIssueDay", at: time.Date(2026, 3, 2, 9, 0, 0, 0, cph)},
		{name: "OKLastMinute", at: time.Date(2026, 4, 1, 23, 59, 0, 0, cph)},
		{name: "ErrNextDay", at: time.Date(2026, 4, 2, 0, 30, 0, 0, cph), want: handoff.EExpired},
		{name: "ErrYearLater", at: time.Date(2027, 4, 2, 12, 0, 0, 0, cph), want: handoff.EExpired},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			clock.Set(s.at)
			_, err := handoff.Open(kr, text, clock.Now())
			if s.want == "" {
				if err != nil {
					t.Fatalf("at %v: got %v, want nil", s.at, err)
				}
				return
			}
			wantCode(t, err, s.want)
		})
	}
	clock.Set(time.Date(2026, 4, 1, 23, 59, 0, 0, cph))
	clock.Advance(2 * time.Minute)
	_, err := handoff.Open(kr, text, clock.Now())
	wantCode(t, err, handoff.EExpired)
}

func TestOpenMalformed(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	valid := MustSeal(t, kr, sampleContext())
	body := strings.TrimPrefix(valid, handoff.Prefix)
	raw, _ := handoff.Base45Decode(body)
	v2 := slices.Clone(raw)
	v2[0] = 2
	tests := []struct {
		name string
		text string
		want string
	}{
		{name: "ErrEmpty", text: "", want: handoff.EMalformed},
		{name: "ErrPrefixOnly", text: handoff.Prefix, want: handoff.EMalformed},
		{name: "ErrNoPrefix", text: body, want: handoff.EMalformed},
		{name: "ErrOtherQR", text: "https://example.org/", want: handoff.EMalformed},
		{name: "ErrShortCode", text: "ABCD-EFGH", want: handoff.EMalformed},
		{name: "ErrBadCharacter", text: valid[:10] + "#" + valid[11:], want: handoff.EMalformed},
		{name: "ErrTruncated", text: valid[:len(valid)-3], want: handoff.EMalformed},
		{name: "ErrTooShort", text: handoff.Prefix + handoff.Base45Encode(raw[:40]), want: handoff.EMalformed},
		{name: "ErrTooLong", text: handoff.Prefix + handoff.Base45Encode(append(slices.Clone(raw), make([]byte, 20)...)), want: handoff.EMalformed},
		{name: "ErrTrailingSpace", text: valid + " ", want: handoff.EMalformed},
		{name: "ErrVersion2", text: handoff.Prefix + handoff.Base45Encode(v2), want: handoff.EVersion},
		{name: "ErrVersion0Short", text: handoff.Prefix + handoff.Base45Encode([]byte{0}), want: handoff.EVersion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handoff.Open(kr, tt.text, sampleContext().Issued)
			if err == nil {
				t.Fatalf("open %q: got %+v, want an error", tt.text, got)
			}
			wantCode(t, err, tt.want)
		})
	}
}

// TestOpenNewerPlaintext feeds authenticated plaintexts that this Skranke could not
// have made: values a newer Skranke adds are EVersion, broken lengths EMalformed.
func TestOpenNewerPlaintext(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	// issued 2026-03-02 (day 2252), 30 days, lang 0, topics, flags, next, case id, site "x"
	base := []byte{0x08, 0xcc, 30, 0, 0x00, 0x01, 0, 0, 1, 2, 3, 4, 5, 6, 1, 'x'}
	with := func(i int, v byte) []byte { b := slices.Clone(base); b[i] = v; return b }
	tests := []struct {
		name  string
		plain []byte
		want  string
	}{
		{name: "OK", plain: base},
		{name: "ErrLanguage", plain: with(3, byte(len(handoff.LangCodes))), want: handoff.EVersion},
		{name: "ErrTopicBit", plain: with(4, 0x80), want: handoff.EVersion},
		{name: "ErrFlag", plain: with(6, 0x40), want: handoff.EVersion},
		{name: "ErrNextStep", plain: with(7, byte(len(handoff.NextSteps))), want: handoff.EVersion},
		{name: "ErrSiteLength", plain: with(14, 2), want: handoff.EMalformed},
		{name: "ErrSiteEmpty", plain: base[:15], want: handoff.EMalformed},
		{name: "ErrSiteCharacter", plain: with(15, ' '), want: handoff.EMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handoff.Open(kr, handoff.SealPlain(kr, handoff.Version, tt.plain), date(2026, 3, 2))
			if tt.want == "" {
				if err != nil || got.Site != "x" || !got.Issued.Equal(date(2026, 3, 2)) || got.Topics[0] != "post" {
					t.Fatalf("got %+v, %v, want site x issued 2026-03-02 about post", got, err)
				}
				return
			}
			wantCode(t, err, tt.want)
		})
	}
}

// TestOpenForgivesScanner checks what keyboard-wedge scanners and caps lock do to a code.
func TestOpenForgivesScanner(t *testing.T) {
	kr := handoff.Keyring{Current: MustKey(t, 1)}
	c := sampleContext()
	text := MustSeal(t, kr, c)
	for _, tt := range []struct{ name, text string }{
		{name: "Lower", text: strings.ToLower(text)},
		{name: "CRLF", text: text + "\r\n"},
		{name: "Tab", text: text + "\t"},
		{name: "LeadingSpace", text: "  " + text},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := handoff.Open(kr, tt.text, c.Issued); err != nil {
				t.Errorf("got %v, want nil", err)
			}
		})
	}
}

func TestNextStep(t *testing.T) {
	for _, n := range handoff.NextSteps {
		got, err := handoff.ParseNextStep(n.String())
		if err != nil || got != n {
			t.Errorf("parse %q: got %v, %v, want %v", n.String(), got, err, n)
		}
	}
	if got := handoff.NextCitizenService.String(); got != "citizen_service" {
		t.Errorf("got %q, want %q", got, "citizen_service")
	}
	if got := handoff.NextStep(200).String(); got != "next_step(200)" {
		t.Errorf("got %q, want %q", got, "next_step(200)")
	}
	_, err := handoff.ParseNextStep("lunch")
	wantCode(t, err, handoff.EInvalid)
}

func TestCaseID(t *testing.T) {
	id, err := handoff.NewCaseID(MustRand(t, 4))
	if err != nil || id == (handoff.CaseID{}) {
		t.Fatalf("got %v, %v, want a non-zero id", id, err)
	}
	if got := (handoff.CaseID{}).String(); got != "0000000000" {
		t.Errorf("got %q, want %q", got, "0000000000")
	}
	if got := (handoff.CaseID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}).String(); got != "7ZZZZZZZZZ" {
		t.Errorf("got %q, want %q", got, "7ZZZZZZZZZ")
	}
	if _, err := handoff.NewCaseID(strings.NewReader("")); err == nil {
		t.Error("got nil, want an error from an empty reader")
	}
}

func BenchmarkSeal(b *testing.B) {
	kr := handoff.Keyring{Current: MustKey(b, 1)}
	c := sampleContext()
	r := MustRand(b, 5)
	for b.Loop() {
		if _, err := handoff.Seal(kr, c, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	kr := handoff.Keyring{Current: MustKey(b, 1)}
	c := sampleContext()
	text := MustSeal(b, kr, c)
	for b.Loop() {
		if _, err := handoff.Open(kr, text, c.Issued); err != nil {
			b.Fatal(err)
		}
	}
}
