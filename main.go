// Command skranke is the touchscreen kiosk of a drop-in advice desk: residents check
// in, counsellors call them, coordinators export anonymised figures. main only wires:
// it parses the command line, opens the store, builds the services and starts the UI
// or a subcommand. See README.md and docs/ARCHITECTURE.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"

	"skranke/app"
	"skranke/store"
)

// Stamped at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = ""
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "skranke:", oneLine(err))
		os.Exit(1)
	}
}

// run dispatches a command line. It is main without the process: tests call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "kiosk"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "kiosk":
		return runKiosk(ctx, args, false, stderr)
	case "demo":
		return runKiosk(ctx, args, true, stderr)
	case "check":
		return runCheck(args, stdout)
	case "pin":
		return runPIN(ctx, args, stdin, stdout, stderr)
	case "config":
		return runConfig(ctx, args, stdout, stderr)
	case "backup":
		return runBackup(args, stdout)
	case "export":
		return runExport(ctx, args, stdout, stderr)
	case "merge":
		return runMerge(ctx, args, stdout)
	case "simulate":
		return runSimulate(ctx, args, stdout, stderr)
	case "close-day":
		return runCloseDay(ctx, args, stdout, stderr)
	case "key":
		return runKey(ctx, args, stdout, stderr)
	case "handoff":
		return runHandoff(ctx, args, stdin, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "skranke %s %s %s/%s %s\n", version, commit, runtime.GOOS, runtime.GOARCH, runtime.Version())
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q (try `skranke help`)", cmd)
}

const usage = `Usage:
  skranke [--data DIR] [--windowed] [--staff-window] [--board-window]
                              run the kiosk (fullscreen unless --windowed)
  skranke demo [--data DIR]   run windowed on a demo site with three waiting visitors,
                              the staff window and the call board beside it (counsellor
                              PIN 1234, coordinator 9876; a fresh temporary data dir
                              unless --data is given)
  skranke check [--data DIR]  verify the database and print what it holds
  skranke pin --role counsellor|coordinator
                              set a staff PIN, read from standard input (4–12 digits)
  skranke config import FILE | config export [--out FILE]
                              the site configuration (tables, languages, options) as TOML
  skranke backup --out FILE   write a consistent copy of the database (kiosk stopped)
  skranke export [--week 2026-W47] [--format csv|xlsx|json|png] --out FILE
                              the site's anonymised report of an ISO week (default:
                              the last complete week; format from FILE's extension)
  skranke merge --out FILE a.json b.json ...
                              add up several sites' JSON reports of one week
  skranke simulate [--days 56] [--seed 1] [--until DATE]
                              fill the data dir with realistic history
  skranke close-day [--today] close the days that are due (--today: today as well)
  skranke key init | export --out FILE | import FILE | remove ID | list
                              the handoff key: make the municipality's, carry it to
                              the other sites (a 0600 file), forget an old one
  skranke handoff show CODE   what a handoff code or short code carries, or why it
                              is refused ("SK:…" in quotes; - reads it from stdin)
  skranke version             print the version
Every command takes --data DIR; the default is the user's data directory.
`

// defaultDataDir is where Skranke keeps its database when --data is not given.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "skranke")
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Skranke")
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "skranke")
	}
	return "skranke-data"
}

func runCheck(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(), "data directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := store.Open(*data)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Check()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: schema %d, %d days, %d visits, %d events\n", s.Path(), r.Schema, len(r.Days), r.Visits, r.Events)
	for _, d := range r.Days {
		fmt.Fprintf(stdout, "  %s: %d visits, %d events\n", d.Day, d.Visits, d.Events)
	}
	for _, p := range r.Problems {
		fmt.Fprintln(stdout, "  problem:", p)
	}
	if !r.OK() {
		return fmt.Errorf("%d problems found in %s", len(r.Problems), s.Path())
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// oneLine makes an error fit the one line a failing command prints.
func oneLine(err error) string {
	var ae *app.Error
	if errors.As(err, &ae) && ae.Message != "" {
		return ae.Message
	}
	s := err.Error()
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
