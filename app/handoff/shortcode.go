package handoff

import (
	"fmt"
	"io"

	"skranke/app"
)

// crockford is Crockford's Base32 alphabet: digits and upper-case letters without
// I, L, O and U, so a code read aloud or copied by hand has no look-alike characters.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ShortCode is the 8-character code shown next to the QR, for a resident who cannot
// scan: 40 random bits in Crockford Base32, printed as "ABCD-EFGH". It carries
// nothing by itself; the issuing site's store maps it to the sealed code, so it only
// resolves there.
type ShortCode [5]byte

// NewShortCode draws a short code from rand. 40 bits keep a guess at one of a site's
// few thousand live codes below one in a hundred million.
func NewShortCode(rand io.Reader) (ShortCode, error) {
	var c ShortCode
	if _, err := io.ReadFull(rand, c[:]); err != nil {
		return ShortCode{}, fmt.Errorf("new short code: %w", err)
	}
	return c, nil
}

// String returns the code as two groups of four, "ABCD-EFGH", the form printed and
// shown on screen.
func (c ShortCode) String() string {
	n := uint64(c[0])<<32 | uint64(c[1])<<24 | uint64(c[2])<<16 | uint64(c[3])<<8 | uint64(c[4])
	var out [9]byte
	for i, pos := 0, 0; i < 8; i++ {
		if i == 4 {
			out[pos] = '-'
			pos++
		}
		out[pos] = crockford[n>>(35-5*i)&31]
		pos++
	}
	return string(out[:])
}

// ParseShortCode reads a short code as people type it: any case, with or without
// spaces and hyphens, O for zero and I or L for one. It refuses U (excluded from
// Crockford Base32 so no code spells a word) and anything else with EMalformed.
func ParseShortCode(s string) (ShortCode, error) {
	var n uint64
	count := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == ' ' || ch == '-' {
			continue
		}
		v, ok := crockfordValue(ch)
		if !ok {
			return ShortCode{}, app.Errorf(EMalformed, "short code %q: invalid character %q", s, ch)
		}
		count++
		if count > 8 {
			return ShortCode{}, app.Errorf(EMalformed, "short code %q: more than 8 characters", s)
		}
		n = n<<5 | uint64(v)
	}
	if count != 8 {
		return ShortCode{}, app.Errorf(EMalformed, "short code %q: %d characters, want 8", s, count)
	}
	return ShortCode{byte(n >> 32), byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, nil
}

// crockfordValue decodes one Crockford Base32 symbol, folding case and the
// look-alikes O→0 and I, L→1.
func crockfordValue(ch byte) (byte, bool) {
	if 'a' <= ch && ch <= 'z' {
		ch -= 'a' - 'A'
	}
	switch ch {
	case 'O':
		ch = '0'
	case 'I', 'L':
		ch = '1'
	}
	for i := 0; i < len(crockford); i++ {
		if crockford[i] == ch {
			return byte(i), true
		}
	}
	return 0, false
}
