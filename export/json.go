package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"skranke/app/report"
)

// Schema names the JSON format. A reader refuses any other value, so a later,
// incompatible format gets a new name instead of being misread.
const Schema = "skranke.report/v1"

// notice is written into every JSON file, for whoever opens it in an editor.
const notice = "Fortroligt: indeholder rå tal til sammenlægning af steder (skranke merge) og må ikke offentliggøres. " +
	"Til offentliggørelse bruges CSV, XLSX eller PNG, eller afsnittet \"display\", hvor små tal er skjult."

// jsonFile is the merge format: the raw report under Raw, the threshold its readers
// must suppress at, and the suppressed view under Display.
type jsonFile struct {
	Schema  string         `json:"schema"`
	Notice  string         `json:"notice"`
	Week    report.ISOWeek `json:"week"`
	Sites   []string       `json:"sites"`
	K       int            `json:"k"`
	Raw     report.Report  `json:"raw"`
	Display display        `json:"display"`
}

func writeJSON(w io.Writer, r report.Report, k int, d display) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonFile{Schema: Schema, Notice: notice, Week: r.Week, Sites: r.Sites, K: k, Raw: r, Display: d})
}

// ReadJSON reads a file Write wrote as json and returns its raw report and the k it
// must be shown with; `skranke merge` passes the reports to report.Merge and writes
// the result with the largest k. A file of another schema, or whose counts do not add
// up, is refused rather than merged.
func ReadJSON(r io.Reader) (report.Report, int, error) {
	var f jsonFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return report.Report{}, 0, fmt.Errorf("read report json: %w", err)
	}
	switch {
	case f.Schema != Schema:
		return report.Report{}, 0, fmt.Errorf("read report json: schema %q, want %q", f.Schema, Schema)
	case f.K < 1:
		return report.Report{}, 0, fmt.Errorf("read report json %v: k is %d, want at least 1", f.Week, f.K)
	case f.Raw.Week != f.Week || !slices.Equal(f.Raw.Sites, f.Sites):
		return report.Report{}, 0, errors.New("read report json: the raw report's week or sites differ from the file's")
	}
	// Merging the one report checks it and recomputes what the file may state wrongly
	// (the medians) from what it must state rightly (the counts and histograms).
	raw, err := report.Merge(f.Raw)
	if err != nil {
		return report.Report{}, 0, fmt.Errorf("read report json: %w", err)
	}
	return raw, f.K, nil
}
