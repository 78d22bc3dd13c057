package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"skranke/app/coord"
	"skranke/app/report"
	"skranke/export"
)

// runMerge is `skranke merge --out FILE a.json b.json …`: the JSON reports of several
// sites for one week, added up into one municipal report (report.Merge). The counts are
// merged raw and suppressed again when shown, at the largest k of the inputs, because
// hidden cells cannot be added up. --out's extension picks the format, JSON (the merge
// format again, so merged reports can be merged further) unless it says otherwise.
func runMerge(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.String("data", defaultDataDir(), "data directory (not used: merge reads only the files given)")
	format := fs.String("format", "", "json, csv, xlsx or png (default: the extension of --out, else json)")
	out := fs.String("out", "", "file to write, or - for standard output")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	files := fs.Args()
	switch {
	case *out == "":
		return fmt.Errorf("merge: --out FILE is required")
	case len(files) == 0:
		return fmt.Errorf("merge: name the JSON reports to merge (skranke export --format json)")
	}
	f := *format
	if f == "" && (strings.HasSuffix(strings.ToLower(*out), ".json") || *out == "-") {
		f = "json"
	}
	f, err := exportFormat(f, *out)
	if err != nil {
		return err
	}
	var reports []report.Report
	k := 1
	for _, name := range files {
		r, fk, err := readReport(name)
		if err != nil {
			return err
		}
		reports = append(reports, r)
		k = max(k, fk)
	}
	merged, err := report.Merge(reports...)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return export.Write(w, f, merged, k) }
	if *out == "-" {
		return write(stdout)
	}
	if err := coord.WriteFileAtomic(*out, write); err != nil {
		return fmt.Errorf("merge: write %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %s, %d sites: %s)\n", *out, strings.ToUpper(f), merged.Week, len(merged.Sites), strings.Join(merged.Sites, ", "))
	return nil
}

func readReport(name string) (report.Report, int, error) {
	fh, err := os.Open(name)
	if err != nil {
		return report.Report{}, 0, fmt.Errorf("merge: %w", err)
	}
	defer fh.Close()
	r, k, err := export.ReadJSON(fh)
	if err != nil {
		return report.Report{}, 0, fmt.Errorf("merge %s: %w", name, err)
	}
	return r, k, nil
}
