package handoff_test

import (
	"reflect"
	"strings"
	"testing"

	"skranke/app/handoff"
)

// FuzzOpen feeds Open arbitrary text. Nothing may panic; any text Open accepts must
// carry a context that Seal can seal again and that opens to the same context.
func FuzzOpen(f *testing.F) {
	kr := handoff.Keyring{Current: MustKey(f, 1), Old: []handoff.Key{MustKey(f, 2)}}
	c := sampleContext()
	valid := MustSeal(f, kr, c)
	old := MustSeal(f, handoff.Keyring{Current: kr.Old[0]}, c)
	for _, s := range []string{
		valid, old, strings.ToLower(valid), valid + "\r\n", valid[:len(valid)-1], valid + "0",
		MustSeal(f, handoff.Keyring{Current: MustKey(f, 3)}, c),
		"", handoff.Prefix, "SK", "SK:0", "SK:00", "SK:000", "SK:GGW", "SK:ZZ",
		"ABCD-EFGH", "https://example.org", "SK:" + strings.Repeat("0", 200), "\x00\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := handoff.Open(kr, text, c.Issued)
		if err != nil {
			if !reflect.DeepEqual(got, handoff.Context{}) {
				t.Fatalf("refused %q with %v but returned %+v", text, err, got)
			}
			return
		}
		again, err := handoff.Seal(kr, got, MustRand(t, 7))
		if err != nil {
			t.Fatalf("accepted %q as %+v, which Seal refuses: %v", text, got, err)
		}
		back, err := handoff.Open(kr, again, c.Issued)
		if err != nil {
			t.Fatalf("re-sealed %+v does not open: %v", got, err)
		}
		back.KeyID = got.KeyID // re-sealed under Current; the accepted one may be Old
		if !reflect.DeepEqual(back, got) {
			t.Fatalf("re-sealed: got %+v, want %+v", back, got)
		}
	})
}
