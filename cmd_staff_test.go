package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"skranke/app"
	"skranke/store"
)

// runIn runs a command line with stdin and returns its output and error.
func runIn(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

// The site configuration goes out as TOML and comes back the same; an edited table
// shows up in the store.
func TestConfigRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "site.toml")
	if out, err := runIn(t, "", "config", "export", "--data", dir, "--out", file); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "[[tables]]") || !strings.Contains(string(data), `skills = ["digital", "money", "general"]`) {
		t.Fatalf("export lacks the tables:\n%s", data)
	}
	edited := strings.Replace(string(data), `name = "Beboerhuset"`, `name = "Gellerup Beboerhus"`, 1) +
		"\n[[tables]]\nid = 4\nname = \"Jobhjørnet\"\nskills = [\"job\"]\nlanguages = [\"so\", \"ar\"]\n"
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runIn(t, "", "config", "import", file, "--data", dir)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if !strings.Contains(out, "4 tables") {
		t.Errorf("import says %q, want 4 tables", out)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	site, found, err := s.LoadSite(context.Background())
	if err != nil || !found {
		t.Fatalf("no site stored (%v)", err)
	}
	if site.Name != "Gellerup Beboerhus" || len(site.Tables) != 4 || site.Tables[3].Name != "Jobhjørnet" || site.Tables[3].Languages[0] != "so" {
		t.Errorf("stored %q with tables %+v", site.Name, site.Tables)
	}
	want := app.DefaultSite()
	if site.MaxRecalls != want.MaxRecalls || len(site.Topics) != len(want.Topics) {
		t.Errorf("settings not in the file changed: recalls %d topics %d", site.MaxRecalls, len(site.Topics))
	}
}

// A bad file is refused with a one-line reason that names the file and what is wrong,
// and nothing is stored.
func TestConfigImportErrors(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{name: "Syntax", toml: "id = \"x\"\nname = \n", want: "line 2"},
		{name: "UnknownKey", toml: "id = \"x\"\n[[tables]]\nid = 1\nskils = [\"job\"]\n", want: "unknown setting tables.skils"},
		{name: "UnknownSkill", toml: "[[tables]]\nid = 1\nskills = [\"juggling\"]\n", want: `table 1: unknown skill "juggling"`},
		{name: "UnknownLanguage", toml: "[[tables]]\nid = 1\nlanguages = [\"klingon\"]\n", want: `table 1: unknown language "klingon"`},
		{name: "DuplicateTable", toml: "[[tables]]\nid = 1\n[[tables]]\nid = 1\n", want: "table id 1"},
		{name: "BadZone", toml: "time_zone = \"Mars/Olympus\"\n", want: "time zone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(t.TempDir(), "site.toml")
			if err := os.WriteFile(file, []byte(tc.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := runIn(t, "", "config", "import", "--data", dir, file)
			if err == nil {
				t.Fatal("got no error")
			}
			if msg := oneLine(err); !strings.Contains(msg, tc.want) || !strings.Contains(msg, file) || strings.Contains(msg, "\n") {
				t.Errorf("got %q, want one line naming %s and %q", msg, file, tc.want)
			}
			s, err := store.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, found, _ := s.LoadSite(context.Background()); found {
				t.Error("a refused file was stored")
			}
		})
	}
}

// `skranke pin` reads the PIN from standard input and stores a hash that opens the
// console; a bad PIN or role is refused.
func TestPINCommand(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{name: "NoRole", stdin: "1234\n", args: nil, want: "--role"},
		{name: "BadRole", stdin: "1234\n", args: []string{"--role", "janitor"}, want: "janitor"},
		{name: "Short", stdin: "123\n", args: []string{"--role", "counsellor"}, want: "4 to 12 digits"},
		{name: "Letters", stdin: "12ab\n", args: []string{"--role", "counsellor"}, want: "digits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runIn(t, tc.stdin, append([]string{"pin", "--data", dir}, tc.args...)...)
			if err == nil || !strings.Contains(oneLine(err), tc.want) {
				t.Errorf("got %v, want an error about %q", err, tc.want)
			}
		})
	}
	out, err := runIn(t, "80554\r\n", "pin", "--role", "counsellor", "--data", dir)
	if err != nil || !strings.Contains(out, "counsellor PIN set") {
		t.Fatalf("got %q, %v", out, err)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pins := app.NewPINService(s, app.SystemClock{}, app.DefaultPINParams)
	if _, err := pins.Check(context.Background(), app.RoleCounsellor, "80554"); err != nil {
		t.Errorf("the PIN set on the command line does not open the console: %v", err)
	}
}
