package handoff_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"skranke/app"
	"skranke/app/handoff"
)

func TestNewKey(t *testing.T) {
	a, b := MustKey(t, 1), MustKey(t, 2)
	if a.ID == 0 || a.Secret == [32]byte{} || a.IsZero() {
		t.Errorf("got %v with a zero id or secret, want both non-zero", a)
	}
	if a.ID == b.ID || a.Secret == b.Secret {
		t.Errorf("got two equal keys from different seeds")
	}
	// A source that starts with a zero id must not give key id 0.
	zeros := strings.NewReader(string(make([]byte, 4)) + strings.Repeat("k", 36))
	k, err := handoff.NewKey(zeros)
	if err != nil || k.ID == 0 {
		t.Errorf("got %v, %v, want a non-zero id", k, err)
	}
	if _, err := handoff.NewKey(strings.NewReader("short")); err == nil {
		t.Error("got nil, want an error from a short reader")
	}
}

// TestKeyNeverPrintsSecret checks a key printed or logged by mistake shows only its id.
func TestKeyNeverPrintsSecret(t *testing.T) {
	k := MustKey(t, 1)
	secret64 := base64.StdEncoding.EncodeToString(k.Secret[:])
	var log bytes.Buffer
	slog.New(slog.NewTextHandler(&log, nil)).Info("key", "key", k, "ring", handoff.Keyring{Current: k, Old: []handoff.Key{k}})
	for _, s := range []string{
		fmt.Sprint(k), fmt.Sprintf("%v", k), fmt.Sprintf("%+v", k),
		//lint:ignore S1025 the %s verb itself is under test
		fmt.Sprintf("%s", k),
		fmt.Sprintf("%+v", handoff.Keyring{Current: k, Old: []handoff.Key{k}}),
		log.String(),
	} {
		if !strings.Contains(s, fmt.Sprintf("%08x", k.ID)) {
			t.Errorf("got %q, want the key id in it", s)
		}
		if strings.Contains(s, secret64) || strings.Contains(s, fmt.Sprint(k.Secret[0], " ", k.Secret[1])) {
			t.Errorf("got %q, which shows the secret", s)
		}
	}
}

func TestKeyFile(t *testing.T) {
	k := MustKey(t, 1)
	file := handoff.MarshalKeyFile(k)
	got, err := handoff.ParseKeyFile(file)
	if err != nil || got != k {
		t.Fatalf("parse own file %q: got %v, %v, want %v", file, got, err, k)
	}
	crlf := bytes.ReplaceAll(file, []byte("\n"), []byte("\r\n"))
	commented := append([]byte("# municipality key, 2026\n\n"), file...)
	for name, f := range map[string][]byte{"CRLF": crlf, "Comment": commented} {
		if got, err := handoff.ParseKeyFile(f); err != nil || got != k {
			t.Errorf("%s: got %v, %v, want %v", name, got, err, k)
		}
	}
}

func TestParseKeyFileRefuses(t *testing.T) {
	secret := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	tests := []struct {
		name string
		file string
	}{
		{name: "ErrEmpty", file: ""},
		{name: "ErrNoHeader", file: "id: 0000000a\nsecret: " + secret + "\n"},
		{name: "ErrOtherVersion", file: "skranke-handoff-key v2\nid: 0000000a\nsecret: " + secret + "\n"},
		{name: "ErrNoID", file: "skranke-handoff-key v1\nsecret: " + secret + "\n"},
		{name: "ErrNoSecret", file: "skranke-handoff-key v1\nid: 0000000a\n"},
		{name: "ErrZeroID", file: "skranke-handoff-key v1\nid: 00000000\nsecret: " + secret + "\n"},
		{name: "ErrIDNotHex", file: "skranke-handoff-key v1\nid: xyz\nsecret: " + secret + "\n"},
		{name: "ErrIDTooBig", file: "skranke-handoff-key v1\nid: 100000000\nsecret: " + secret + "\n"},
		{name: "ErrShortSecret", file: "skranke-handoff-key v1\nid: 0000000a\nsecret: AAAA\n"},
		{name: "ErrZeroSecret", file: "skranke-handoff-key v1\nid: 0000000a\nsecret: " + base64.StdEncoding.EncodeToString(make([]byte, 32)) + "\n"},
		{name: "ErrSecretNotBase64", file: "skranke-handoff-key v1\nid: 0000000a\nsecret: !!!!\n"},
		{name: "ErrTwoIDs", file: "skranke-handoff-key v1\nid: 0000000a\nid: 0000000b\nsecret: " + secret + "\n"},
		{name: "ErrUnknownField", file: "skranke-handoff-key v1\nid: 0000000a\nsecret: " + secret + "\nsite: x\n"},
		{name: "ErrNoColon", file: "skranke-handoff-key v1\nid 0000000a\nsecret: " + secret + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handoff.ParseKeyFile([]byte(tt.file))
			if err == nil {
				t.Fatalf("got %v, want an error", got)
			}
			wantCode(t, err, app.EConfig)
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q shows the secret", err)
			}
		})
	}
}
