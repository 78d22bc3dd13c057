package export

import (
	"encoding/csv"
	"io"
)

// bom makes Excel read the file as UTF-8; without it Danish Excel shows "Ã¸" for "ø".
const bom = "\ufeff"

// writeCSV writes the overview and then one block per dimension, separated by empty
// lines, with ';' between fields and a decimal comma in shares: what Danish Excel
// opens correctly by a double click.
func writeCSV(w io.Writer, d display) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	recs := [][]string{{"Nøgletal", "Værdi"}}
	for _, f := range d.Figures {
		recs = append(recs, []string{f.Label, f.Text})
	}
	for _, b := range d.Dims {
		recs = append(recs, nil, []string{"Dimension", "Værdi", "Antal", "Andel (%)"})
		for _, r := range b.Rows {
			share := ""
			if r.SharePct != nil {
				share = decimal(*r.SharePct)
			}
			recs = append(recs, []string{b.Title, r.Label, r.Text, share})
		}
	}
	recs = append(recs, nil, []string{"Note"})
	for _, n := range d.Notes {
		recs = append(recs, []string{n})
	}
	for _, rec := range recs {
		if rec == nil { // an empty line between blocks; csv.Writer would write ""
			cw.Flush()
			if _, err := io.WriteString(w, "\r\n"); err != nil {
				return err
			}
			continue
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
