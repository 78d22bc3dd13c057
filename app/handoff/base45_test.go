package handoff_test

import (
	"bytes"
	"testing"

	"skranke/app/handoff"
)

// TestBase45 checks the examples of RFC 9285 §4.3 and §6.
func TestBase45(t *testing.T) {
	tests := []struct {
		name    string
		bytes   string
		text    string
		wantErr bool // decoding text must fail
	}{
		{name: "Empty", bytes: "", text: ""},
		{name: "AB", bytes: "AB", text: "BB8"},
		{name: "Hello", bytes: "Hello!!", text: "%69 VD92EX0"},
		{name: "Base45", bytes: "base-45", text: "UJCLQE7W581"},
		{name: "IETF", bytes: "ietf!", text: "QED8WEX0"},
		{name: "ZeroBytes", bytes: "\x00\x00", text: "000"},
		{name: "MaxPair", bytes: "\xff\xff", text: "FGW"},
		{name: "MaxSingle", bytes: "\xff", text: "U5"},
		{name: "ErrGroupOver65535", text: "GGW", wantErr: true},
		{name: "ErrPairOver255", text: "ZZ", wantErr: true},
		{name: "ErrLengthOne", text: "A", wantErr: true},
		{name: "ErrLengthFour", text: "BB8A", wantErr: true},
		{name: "ErrLowerCase", text: "bb8", wantErr: true},
		{name: "ErrCharacter", text: "BB#", wantErr: true},
		{name: "ErrNonASCII", text: "BBÆ", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handoff.Base45Decode(tt.text)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("decode %q: got %x, want an error", tt.text, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("decode %q: %v", tt.text, err)
			}
			if !bytes.Equal(got, []byte(tt.bytes)) {
				t.Errorf("decode %q: got %q, want %q", tt.text, got, tt.bytes)
			}
			if enc := handoff.Base45Encode([]byte(tt.bytes)); enc != tt.text {
				t.Errorf("encode %q: got %q, want %q", tt.bytes, enc, tt.text)
			}
		})
	}
}

// TestBase45AllPairs round-trips every two-byte value, the whole space of a group.
func TestBase45AllPairs(t *testing.T) {
	for n := range 1 << 16 {
		b := []byte{byte(n >> 8), byte(n)}
		got, err := handoff.Base45Decode(handoff.Base45Encode(b))
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("round trip %x: got %x, %v, want %x", b, got, err, b)
		}
	}
}

func FuzzBase45(f *testing.F) {
	f.Add([]byte("Hello!!"))
	f.Add([]byte{})
	f.Add([]byte{0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		s := handoff.Base45Encode(b)
		got, err := handoff.Base45Decode(s)
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("round trip %x via %q: got %x, %v", b, s, got, err)
		}
		// Decoding is unique: re-encoding any accepted text gives the same text.
		if dec, err := handoff.Base45Decode(string(b)); err == nil {
			if enc := handoff.Base45Encode(dec); enc != string(b) {
				t.Fatalf("decode %q then encode: got %q", b, enc)
			}
		}
	})
}
