package handoff

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"skranke/app"
)

// Key is one handoff key. ID travels in the clear in every code so a reader knows
// which key to try; Secret never leaves the machine except through a key file.
type Key struct {
	ID     uint32
	Secret [32]byte
}

// NewKey draws a key with a random non-zero id from rand. A random id rather than a
// counter keeps two sites that each made their own key from claiming the same id.
//
// It returns an error rather than a zero key if rand fails, so a broken random source
// can never produce a guessable key.
func NewKey(rand io.Reader) (Key, error) {
	var k Key
	for k.ID == 0 {
		var id [4]byte
		if _, err := io.ReadFull(rand, id[:]); err != nil {
			return Key{}, fmt.Errorf("new handoff key: %w", err)
		}
		k.ID = binary.BigEndian.Uint32(id[:])
	}
	if _, err := io.ReadFull(rand, k.Secret[:]); err != nil {
		return Key{}, fmt.Errorf("new handoff key: %w", err)
	}
	return k, nil
}

// IsZero reports whether k is the zero Key, which stands for "no key configured".
func (k Key) IsZero() bool { return k == Key{} }

// String names the key by id only, so a key printed or logged by mistake does not
// leak its secret.
func (k Key) String() string { return fmt.Sprintf("handoff key %08x", k.ID) }

// LogValue keeps the secret out of slog output for the same reason as String.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.String()) }

// Keyring is the set of keys a site holds. Codes are sealed with Current; Old keys
// still open the codes they sealed, so a key can be rotated without refusing the codes
// residents already carry. Remove an old key once its codes have expired.
type Keyring struct {
	Current Key
	Old     []Key
}

// keys returns the keys with the given id, Current first.
func (kr Keyring) keys(id uint32) []Key {
	var ks []Key
	if !kr.Current.IsZero() && kr.Current.ID == id {
		ks = append(ks, kr.Current)
	}
	for _, k := range kr.Old {
		if !k.IsZero() && k.ID == id {
			ks = append(ks, k)
		}
	}
	return ks
}

// keyFileHeader starts every key file; its "v1" versions the file format.
const keyFileHeader = "skranke-handoff-key v1"

// MarshalKeyFile returns k in the text format that `skranke key export` writes and
// `skranke key import` reads, so a coordinator can carry the municipality's key to
// each site on a USB stick:
//
//	skranke-handoff-key v1
//	id: 1a2b3c4d
//	secret: <32 bytes, standard base64>
func MarshalKeyFile(k Key) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nid: %08x\nsecret: %s\n", keyFileHeader, k.ID, base64.StdEncoding.EncodeToString(k.Secret[:]))
	return b.Bytes()
}

// ParseKeyFile reads a key written by MarshalKeyFile. It tolerates CRLF line ends,
// blank lines and "#" comments (files pass through Windows machines and editors) and
// refuses anything else, a zero id or a zero secret with app.EConfig.
func ParseKeyFile(data []byte) (Key, error) {
	bad := func(format string, args ...any) (Key, error) {
		return Key{}, app.Errorf(app.EConfig, "handoff key file: "+format, args...)
	}
	var (
		k                  Key
		header, id, secret bool
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if !header {
			if text != keyFileHeader {
				return bad("line %d: want %q first", line, keyFileHeader)
			}
			header = true
			continue
		}
		name, value, ok := strings.Cut(text, ":")
		if !ok {
			return bad("line %d: want \"name: value\"", line)
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(name) {
		case "id":
			if id {
				return bad("line %d: id given twice", line)
			}
			n, err := strconv.ParseUint(value, 16, 32)
			if err != nil || n == 0 {
				return bad("line %d: id %q is not a non-zero 8-digit hex number", line, value)
			}
			k.ID, id = uint32(n), true
		case "secret":
			if secret {
				return bad("line %d: secret given twice", line)
			}
			b, err := base64.StdEncoding.DecodeString(value)
			if err != nil || len(b) != len(k.Secret) {
				return bad("line %d: secret is not %d bytes of base64", line, len(k.Secret))
			}
			copy(k.Secret[:], b)
			if k.Secret == [32]byte{} {
				return bad("line %d: secret is all zero", line)
			}
			secret = true
		default:
			return bad("line %d: unknown field %q", line, name)
		}
	}
	if err := sc.Err(); err != nil {
		return bad("%v", err)
	}
	switch {
	case !header:
		return bad("empty")
	case !id:
		return bad("no id")
	case !secret:
		return bad("no secret")
	}
	return k, nil
}
