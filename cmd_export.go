package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"skranke/app"
	"skranke/app/coord"
	"skranke/app/report"
	"skranke/export"
)

// runExport is `skranke export --week 2026-W47 --format csv|xlsx|json|png --out FILE`:
// the site's report of one ISO week, from facts and aggregates only, suppressed at the
// site's k in every format but json (see package export).
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(), "data directory")
	weekFlag := fs.String("week", "", "ISO week, e.g. 2026-W47 (default: the last complete week)")
	format := fs.String("format", "", "csv, xlsx, json or png (default: the extension of --out)")
	out := fs.String("out", "", "file to write, or - for standard output")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("export: --out FILE is required")
	}
	f, err := exportFormat(*format, *out)
	if err != nil {
		return err
	}
	d, err := openData(ctx, *data, app.SystemClock{}, quietLog(stderr))
	if err != nil {
		return err
	}
	defer d.Close()
	site := d.queue.Site()
	var week report.ISOWeek
	if *weekFlag == "" {
		today, _ := d.coord.Today()
		if week, err = coord.LastCompleteWeek(today); err != nil {
			return err
		}
	} else if week, err = report.ParseISOWeek(*weekFlag); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if open, err := d.store.Days(ctx); err == nil {
		_, last := week.Dates()
		if n := len(slices.DeleteFunc(open, func(day string) bool { return day > last })); n > 0 {
			fmt.Fprintf(stderr, "skranke: note: %d day(s) up to %s are not closed yet and not in the report (run `skranke close-day`)\n", n, last)
		}
	}
	r, err := d.coord.Week(ctx, week)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return export.Write(w, f, r, site.K) }
	if *out == "-" {
		return write(stdout)
	}
	if err := coord.WriteFileAtomic(*out, write); err != nil {
		return fmt.Errorf("export %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %s)\n", *out, strings.ToUpper(f), week)
	return nil
}

// exportFormat returns format, or the format named by out's extension.
func exportFormat(format, out string) (string, error) {
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	}
	format = strings.ToLower(format)
	if !slices.Contains(export.Formats, format) {
		return "", fmt.Errorf("unknown format %q: use --format %s", format, strings.Join(export.Formats, "|"))
	}
	return format, nil
}
