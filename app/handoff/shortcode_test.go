package handoff_test

import (
	"strings"
	"testing"

	"skranke/app/handoff"
)

func TestShortCodeString(t *testing.T) {
	tests := []struct {
		name string
		code handoff.ShortCode
		want string
	}{
		{name: "Zero", code: handoff.ShortCode{}, want: "0000-0000"},
		{name: "Max", code: handoff.ShortCode{0xff, 0xff, 0xff, 0xff, 0xff}, want: "ZZZZ-ZZZZ"},
		{name: "One", code: handoff.ShortCode{0, 0, 0, 0, 1}, want: "0000-0001"},
		{name: "TopBits", code: handoff.ShortCode{0x80, 0, 0, 0, 0}, want: "G000-0000"},
		{name: "Mixed", code: handoff.ShortCode{0x01, 0x23, 0x45, 0x67, 0x89}, want: "04HM-ASW9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.code.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseShortCode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // canonical form; "" for an error
	}{
		{name: "Canonical", in: "04HM-ASW9", want: "04HM-ASW9"},
		{name: "NoHyphen", in: "04HMASW9", want: "04HM-ASW9"},
		{name: "LowerCase", in: "04hm-asw9", want: "04HM-ASW9"},
		{name: "Spaces", in: " 04HM ASW9 ", want: "04HM-ASW9"},
		{name: "ManySeparators", in: "04-hm a-s w9", want: "04HM-ASW9"},
		{name: "OIsZero", in: "O4HM-ASW9", want: "04HM-ASW9"},
		{name: "LowerOIsZero", in: "o4hm-asw9", want: "04HM-ASW9"},
		{name: "IIsOne", in: "IIII-IIII", want: "1111-1111"},
		{name: "LIsOne", in: "llLL-1111", want: "1111-1111"},
		{name: "Max", in: "zzzz-zzzz", want: "ZZZZ-ZZZZ"},
		{name: "ErrU", in: "04HM-ASWU", want: ""},
		{name: "ErrLowerU", in: "u4hm-asw9", want: ""},
		{name: "ErrShort", in: "04HM-ASW", want: ""},
		{name: "ErrLong", in: "04HM-ASW90", want: ""},
		{name: "ErrEmpty", in: "", want: ""},
		{name: "ErrUnderscore", in: "04HM_ASW9", want: ""},
		{name: "ErrTopBitsSet", in: "ZZZZ-ZZZZ-Z", want: ""},
		{name: "ErrNonASCII", in: "04HM-ASWØ", want: ""},
		{name: "ErrHandoffText", in: "SK:28056TM38", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handoff.ParseShortCode(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("got %v, want an error", got)
				}
				wantCode(t, err, handoff.EMalformed)
				return
			}
			if err != nil {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			if got.String() != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}

func TestNewShortCode(t *testing.T) {
	r := MustRand(t, 6)
	seen := map[handoff.ShortCode]bool{}
	for range 1000 {
		c, err := handoff.NewShortCode(r)
		if err != nil {
			t.Fatalf("new short code: %v", err)
		}
		if seen[c] {
			t.Fatalf("got %v twice in 1000 draws", c)
		}
		seen[c] = true
		back, err := handoff.ParseShortCode(strings.ToLower(c.String()))
		if err != nil || back != c {
			t.Fatalf("parse %q: got %v, %v, want %v", c.String(), back, err, c)
		}
	}
	if _, err := handoff.NewShortCode(strings.NewReader("abc")); err == nil {
		t.Error("got nil, want an error from a short reader")
	}
}
