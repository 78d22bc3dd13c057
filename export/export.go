package export

import (
	"fmt"
	"io"
	"strings"

	"skranke/app/report"
)

// Formats lists the formats Write knows, in the order a coordinator is offered them.
var Formats = []string{"csv", "xlsx", "json", "png"}

// Write writes r for week export in format csv, xlsx, json or png, suppressing small
// counts below k (see the package comment for what each format carries). r is
// normally the raw report; a report already suppressed at k or more is accepted by
// the publishable formats but not by json, which needs the raw counts to be
// mergeable.
func Write(w io.Writer, format string, r report.Report, k int) error {
	if k < 1 {
		return fmt.Errorf("export %s: k must be at least 1, got %d", format, k)
	}
	if !r.Week.Valid() {
		return fmt.Errorf("export %s: report has no valid week", format)
	}
	if r.K != 0 && r.K < k {
		return fmt.Errorf("export %s of %v: the report is suppressed at k=%d and cannot be at k=%d; export the raw report", format, r.Week, r.K, k)
	}
	s := r.Suppressed(k)
	var err error
	switch strings.ToLower(format) {
	case "csv":
		err = writeCSV(w, newDisplay(s))
	case "xlsx":
		err = writeXLSX(w, newDisplay(s))
	case "png":
		err = writePNG(w, newDisplay(s))
	case "json":
		if r.K != 0 {
			return fmt.Errorf("export json of %v: the report is already suppressed; the merge format needs the raw counts", r.Week)
		}
		err = writeJSON(w, r, k, newDisplay(s))
	default:
		return fmt.Errorf("export: unknown format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return fmt.Errorf("export %s of %v: %w", format, r.Week, err)
	}
	return nil
}
