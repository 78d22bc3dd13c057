package handoff

import (
	"errors"
	"fmt"
)

// base45Alphabet is the 45-character set of RFC 9285: exactly the QR code alphanumeric
// set, so a QR of the text uses alphanumeric mode (5.5 bits a character) instead of
// byte mode (8 bits).
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// base45Value maps a character to its value, or -1.
var base45Value = func() [256]int8 {
	var v [256]int8
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(base45Alphabet); i++ {
		v[base45Alphabet[i]] = int8(i)
	}
	return v
}()

// errBase45 is returned for text that is not valid Base45.
var errBase45 = errors.New("base45")

// base45Encode returns the RFC 9285 encoding of b: each pair of bytes n = b0*256 + b1
// becomes three characters c, d, e with n = c + d*45 + e*45*45; a last odd byte
// becomes two characters.
func base45Encode(b []byte) string {
	out := make([]byte, 0, len(b)/2*3+len(b)%2*2)
	for i := 0; i+1 < len(b); i += 2 {
		n := int(b[i])<<8 | int(b[i+1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45%45], base45Alphabet[n/(45*45)])
	}
	if len(b)%2 == 1 {
		n := int(b[len(b)-1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45])
	}
	return string(out)
}

// base45Decode reverses base45Encode. It refuses characters outside the alphabet, a
// length of 3k+1, and groups whose value does not fit in their bytes, so every string
// has at most one decoding.
func base45Decode(s string) ([]byte, error) {
	if len(s)%3 == 1 {
		return nil, fmt.Errorf("%w: length %d leaves a single character", errBase45, len(s))
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		end := min(i+3, len(s))
		n := 0
		for j := end - 1; j >= i; j-- {
			v := base45Value[s[j]]
			if v < 0 {
				return nil, fmt.Errorf("%w: invalid character %q at %d", errBase45, s[j], j)
			}
			n = n*45 + int(v)
		}
		if end-i == 3 {
			if n > 0xFFFF {
				return nil, fmt.Errorf("%w: group %q at %d exceeds 65535", errBase45, s[i:end], i)
			}
			out = append(out, byte(n>>8), byte(n))
		} else {
			if n > 0xFF {
				return nil, fmt.Errorf("%w: group %q at %d exceeds 255", errBase45, s[i:end], i)
			}
			out = append(out, byte(n))
		}
	}
	return out, nil
}
