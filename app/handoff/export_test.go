package handoff

import (
	"encoding/binary"

	"golang.org/x/crypto/chacha20poly1305"
)

// Internals the external tests need.
var (
	Base45Encode = base45Encode
	Base45Decode = base45Decode
	TopicBits    = topicBits
	LangCodes    = langCodes
)

// SealPlain seals an arbitrary plaintext under kr.Current with the given version byte,
// so tests can build codes that Seal would refuse to make: what a newer or buggy
// Skranke holding the same key could produce.
func SealPlain(kr Keyring, version uint8, plain []byte) string {
	header := make([]byte, headerLen)
	header[0] = version
	binary.BigEndian.PutUint32(header[1:], kr.Current.ID)
	nonce := make([]byte, nonceLen)
	aead, err := chacha20poly1305.NewX(kr.Current.Secret[:])
	if err != nil {
		panic(err)
	}
	sealed := append(append(header, nonce...), aead.Seal(nil, nonce, plain, header)...)
	return Prefix + base45Encode(sealed)
}
