package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/store"
)

// runErr runs a command line as main does and returns its output and error.
func runErr(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

// MustIssue makes a handoff code in the data directory dir at clock's time, as the
// kiosk does, and closes the store again.
func MustIssue(tb testing.TB, dir string, clock app.Clock, c handoff.Context) handoff.Code {
	tb.Helper()
	s, err := store.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	site, err := s.SiteOrDefault(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	h := handoff.NewService(handoff.Config{Repo: s, Site: site, Clock: clock, Rand: rand.NewChaCha8([32]byte{byte(len(dir))})})
	code, err := h.Issue(context.Background(), c)
	if err != nil {
		tb.Fatal(err)
	}
	return code
}

// MustKeys returns the handoff keys stored in dir.
func MustKeys(tb testing.TB, dir string) handoff.KeySet {
	tb.Helper()
	s, err := store.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	ks, err := s.KeySet(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return ks
}

// wantRefused checks that err is the one-line refusal of a code with the given code.
func wantRefused(tb testing.TB, err error, code string) string {
	tb.Helper()
	if app.ErrorCode(err) != code {
		tb.Fatalf("got %v, want refused with %s", err, code)
	}
	line := oneLine(err)
	if strings.Contains(line, "\n") || !strings.Contains(line, code) {
		tb.Errorf("printed %q, want one line naming %s", line, code)
	}
	return line
}

// Two sites: a municipality key made at A, carried to B in a 0600 file; a follow-up
// code made at A opens at B (`handoff show`); after B moves to a new key and removes
// the old one, it no longer does. No command prints a secret.
func TestKeyCommands(t *testing.T) {
	a, b := MustSiteDir(t, "tingbjerg"), MustSiteDir(t, "husum")
	file := filepath.Join(t.TempDir(), "kommune.key")
	var printed strings.Builder
	do := func(args ...string) string {
		t.Helper()
		out := MustRun(t, args...)
		printed.WriteString(out)
		return out
	}

	if out := do("key", "list", "--data", a); !strings.Contains(out, "no handoff key yet") {
		t.Errorf("key list on a new site: %q", out)
	}
	out := do("key", "init", "--data", a)
	key := MustKeys(t, a).Current
	if key.Origin != handoff.OriginMunicipality || !strings.Contains(out, fmt.Sprintf("%08x is current", key.Key.ID)) {
		t.Errorf("key init printed %q; stored %v from %s", out, key.Key, key.Origin)
	}

	do("key", "export", "--out", file, "--data", a)
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(file)
	if k, err := handoff.ParseKeyFile(data); err != nil || k != key.Key {
		t.Fatalf("key file holds %v, %v; want %v", k, err, key.Key)
	}
	if _, _, err := runErr("key", "export", "--out", file, "--data", a); err == nil {
		t.Error("export over an existing key file: got no error")
	}

	// Flags after the file work too, as `config import` takes them.
	out = do("key", "import", file, "--data", b)
	if !strings.Contains(out, "is now current") || MustKeys(t, b).Current.Key != key.Key {
		t.Fatalf("key import printed %q; B holds %v", out, MustKeys(t, b).Current.Key)
	}
	if out := do("key", "import", file, "--data", b); !strings.Contains(out, "already current") {
		t.Errorf("second import printed %q", out)
	}

	// A counsellor at A gives a follow-up code; B reads it.
	code := MustIssue(t, a, app.SystemClock{}, handoff.Context{Lang: "so", Topics: []app.TopicID{"mitid", "passport"},
		Flags: handoff.FlagChipPassport, Next: handoff.NextPhotoNeeded})
	out = do("handoff", "show", code.Text, "--data", b)
	for _, want := range []string{"site:      tingbjerg", "language:  so (Somali)", "topics:    mitid (MitID), passport (Pas)",
		"flags:     passport with chip", "next step: photo_needed (Pasfoto mangler)", "case id:   " + code.Context.CaseID.String(),
		fmt.Sprintf("key:       %08x", key.Key.ID), "expires:   " + code.Context.Expires.Format(time.DateOnly)} {
		if !strings.Contains(out, want) {
			t.Errorf("handoff show at B: no %q in\n%s", want, out)
		}
	}
	// The short code is A's alone.
	if out := do("handoff", "show", code.Short.String(), "--data", a); !strings.Contains(out, "short:") || !strings.Contains(out, "site:      tingbjerg") {
		t.Errorf("short code at A:\n%s", out)
	}
	_, _, err = runErr("handoff", "show", code.Short.String(), "--data", b)
	wantRefused(t, err, handoff.EUnknownShort)

	// B moves to a key of its own making and removes the municipality's.
	do("key", "init", "--data", b)
	out = do("key", "list", "--data", b)
	if !strings.Contains(out, fmt.Sprintf("old     %08x  municipality", key.Key.ID)) {
		t.Errorf("key list at B:\n%s", out)
	}
	_, _, err = runErr("key", "remove", fmt.Sprintf("%08x", MustKeys(t, b).Current.Key.ID), "--data", b)
	if app.ErrorCode(err) != app.EConfig {
		t.Errorf("removing the current key: got %v, want %s", err, app.EConfig)
	}
	do("key", "remove", fmt.Sprintf("%08x", key.Key.ID), "--data", b)
	_, _, err = runErr("handoff", "show", code.Text, "--data", b)
	wantRefused(t, err, handoff.EForeign)
	_, _, err = runErr("key", "remove", fmt.Sprintf("%08x", key.Key.ID), "--data", b)
	if app.ErrorCode(err) != app.ENotFound {
		t.Errorf("removing it twice: got %v, want %s", err, app.ENotFound)
	}

	for _, dir := range []string{a, b} {
		for _, k := range append([]handoff.KeyEntry{MustKeys(t, dir).Current}, MustKeys(t, dir).Old...) {
			if secret := base64.StdEncoding.EncodeToString(k.Key.Secret[:]); strings.Contains(printed.String(), secret) {
				t.Errorf("a command printed the secret of %v", k.Key)
			}
		}
	}
}

// A key file others can read is imported with a warning; a file that is not a key
// file, a key id that is not hex and a wrong command are refused in one line.
func TestKeyCommandsRefuse(t *testing.T) {
	dir := MustSiteDir(t, "demo")
	k, _ := handoff.NewKey(rand.NewChaCha8([32]byte{5}))
	open := filepath.Join(t.TempDir(), "open.key")
	if err := os.WriteFile(open, handoff.MarshalKeyFile(k), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runErr("key", "import", open, "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && !strings.Contains(stderr, "can be read by other users") {
		t.Errorf("no warning for a 0644 key file; stderr %q", stderr)
	}
	junk := filepath.Join(t.TempDir(), "junk.key")
	os.WriteFile(junk, []byte("hello\n"), 0o600)
	tests := []struct {
		name string
		args []string
		code string
	}{
		{name: "NotAKeyFile", args: []string{"key", "import", junk, "--data", dir}, code: app.EConfig},
		{name: "NoSuchFile", args: []string{"key", "import", filepath.Join(dir, "nope"), "--data", dir}},
		{name: "BadID", args: []string{"key", "remove", "xyz", "--data", dir}},
		{name: "NoCommand", args: []string{"key"}},
		{name: "UnknownCommand", args: []string{"key", "rotate", "--data", dir}},
		{name: "ExportWithoutOut", args: []string{"key", "export", "--data", dir}},
		{name: "HandoffWithoutShow", args: []string{"handoff", "open", "SK:X", "--data", dir}},
		{name: "HandoffWithoutCode", args: []string{"handoff", "show", "--data", dir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runErr(tt.args...)
			if err == nil {
				t.Fatal("got no error")
			}
			if tt.code != "" && app.ErrorCode(err) != tt.code {
				t.Errorf("got %v, want %s", err, tt.code)
			}
			if strings.Contains(oneLine(err), "\n") {
				t.Errorf("more than one line: %q", oneLine(err))
			}
		})
	}
}

// `handoff show` says why a code is refused, in one line and with a non-zero exit:
// an expired code (with when and where it was made), a damaged one, and text that is
// no code at all. A scanner can type the code into standard input.
func TestHandoffShow(t *testing.T) {
	dir := MustSiteDir(t, "tingbjerg")
	old := MustIssue(t, dir, app.NewManualClock(time.Now().AddDate(-1, 0, 0)), handoff.Context{Lang: "ar", Topics: []app.TopicID{"post"}})
	_, _, err := runErr("handoff", "show", old.Text, "--data", dir)
	line := wantRefused(t, err, handoff.EExpired)
	if !strings.Contains(line, "issued at tingbjerg") || !strings.Contains(line, "language ar") {
		t.Errorf("expired: %q, want where, when and in which language it was made", line)
	}

	code := MustIssue(t, dir, app.SystemClock{}, handoff.Context{Lang: "da", Topics: []app.TopicID{"call"}, Urgent: true})
	damaged := []byte(code.Text)
	damaged[len(damaged)-3] = map[bool]byte{true: '1', false: '0'}[damaged[len(damaged)-3] == '0']
	_, _, err = runErr("handoff", "show", string(damaged), "--data", dir)
	if c := app.ErrorCode(err); c != handoff.ETampered && c != handoff.EMalformed {
		t.Errorf("damaged: got %v, want %s or %s", err, handoff.ETampered, handoff.EMalformed)
	}
	_, _, err = runErr("handoff", "show", "hello", "--data", dir)
	wantRefused(t, err, handoff.EMalformed)

	// From a scanner into the terminal: the code and Enter on standard input.
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"handoff", "show", "-", "--data", dir}, strings.NewReader(code.Text+"\r\n"), &out, &errOut); err != nil {
		t.Fatalf("from stdin: %v", err)
	}
	if !strings.Contains(out.String(), "urgent:    yes") || !strings.Contains(out.String(), "topics:    call") {
		t.Errorf("from stdin:\n%s", out.String())
	}
	// Unquoted in a shell, a code with spaces arrives as several arguments.
	if strings.Contains(code.Text, " ") {
		if _, _, err := runErr(append([]string{"handoff", "show", "--data", dir}, strings.Split(code.Text, " ")...)...); err != nil {
			t.Errorf("code split by the shell: %v", err)
		}
	}
}
