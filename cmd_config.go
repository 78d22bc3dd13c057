package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/BurntSushi/toml"

	"skranke/app"
	"skranke/store"
)

// runConfig is `skranke config import FILE` and `skranke config export [--out FILE]`:
// the site configuration (name, tables with their skills and languages, languages and
// topics shown, options) as a TOML file, for setting a site up before its first day.
func runConfig(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("config needs import FILE or export (try `skranke help`)")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("config "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", defaultDataDir(), "data directory")
	out := fs.String("out", "", "export: write to FILE instead of standard output")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch sub {
	case "import":
		if len(rest) != 1 {
			return fmt.Errorf("config import needs one FILE")
		}
		return configImport(ctx, *data, rest[0], stdout)
	case "export":
		if len(rest) != 0 {
			return fmt.Errorf("config export takes no arguments; use --out FILE")
		}
		return configExport(ctx, *data, *out, stdout)
	}
	return fmt.Errorf("unknown config command %q (import or export)", sub)
}

// parseInterspersed parses flags that may come before or after the positional
// arguments, as in `config import site.toml --data DIR`.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readSiteTOML reads a site configuration. Settings the file leaves out keep
// DefaultSite's values; a key Skranke does not know is an error, so a typo cannot
// quietly leave a setting at its default. The result is validated.
func readSiteTOML(r io.Reader) (app.Site, error) {
	site := app.DefaultSite()
	md, err := toml.NewDecoder(r).Decode(&site)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return app.Site{}, app.Errorf(app.EConfig, "line %d: %s", pe.Position.Line, pe.Message)
		}
		return app.Site{}, app.Errorf(app.EConfig, "%v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return app.Site{}, app.Errorf(app.EConfig, "unknown setting %s", strings.Join(keys, ", "))
	}
	if err := site.Validate(); err != nil {
		return app.Site{}, err
	}
	return site, nil
}

// siteHeader opens an exported file: what it is and the values that are not obvious.
const siteHeader = `# Skranke site configuration. Import with: skranke config import FILE
# Skills: digital, job, residency, money, family, housing, general (a table without
# skills takes any). Languages are BCP 47 tags. Weekdays: 0 Sunday, 1 Monday … 6 Saturday.
# Bonuses are minutes added to a waiting visitor's score when calling next.

`

// writeSiteTOML writes a site configuration as readSiteTOML reads it.
func writeSiteTOML(w io.Writer, site app.Site) error {
	var buf bytes.Buffer
	buf.WriteString(siteHeader)
	if err := toml.NewEncoder(&buf).Encode(site); err != nil {
		return fmt.Errorf("encode site configuration: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func configImport(ctx context.Context, data, file string, stdout io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("config import: %w", err)
	}
	defer f.Close()
	site, err := readSiteTOML(f)
	if err != nil {
		var ae *app.Error
		if errors.As(err, &ae) {
			ae.Message = file + ": " + ae.Message
		}
		return err
	}
	s, err := store.Open(data)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SaveSite(ctx, site); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "site %q (%s) imported into %s: %d tables, %d languages, %d topics\n",
		site.ID, site.Name, s.Path(), len(site.Tables), len(site.Languages), len(site.Topics))
	return nil
}

func configExport(ctx context.Context, data, out string, stdout io.Writer) error {
	s, err := store.Open(data)
	if err != nil {
		return err
	}
	defer s.Close()
	site, found, err := s.LoadSite(ctx)
	if err != nil {
		return err
	}
	if !found {
		site = app.DefaultSite() // what the kiosk would start with; nothing is written
	}
	if out == "" {
		return writeSiteTOML(stdout, site)
	}
	var buf bytes.Buffer
	if err := writeSiteTOML(&buf, site); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("config export: %w", err)
	}
	return nil
}
