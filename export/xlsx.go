package export

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// writeXLSX writes an overview sheet and one sheet per dimension. Counts and shares
// are numbers, so the board can chart and sum them; hidden cells are the texts "<5"
// and "x", right-aligned like the numbers they stand for.
func writeXLSX(w io.Writer, d display) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	const overview = "Oversigt"
	if err := f.SetSheetName("Sheet1", overview); err != nil {
		return err
	}
	if err := st.header(f, overview, "Nøgletal", "Værdi"); err != nil {
		return err
	}
	for i, fig := range d.Figures {
		rowNo := i + 2
		if err := st.label(f, overview, 1, rowNo, fig.Label); err != nil {
			return err
		}
		if err := st.value(f, overview, 2, rowNo, fig.Text, fig.Value, fig.Key == "urgent_share" || fig.Key == "returning_share"); err != nil {
			return err
		}
	}
	if err := st.notes(f, overview, len(d.Figures)+3, d.Notes); err != nil {
		return err
	}
	if err := f.SetColWidth(overview, "A", "A", 38); err != nil {
		return err
	}
	if err := f.SetColWidth(overview, "B", "B", 26); err != nil {
		return err
	}

	for _, b := range d.Dims {
		if _, err := f.NewSheet(b.Title); err != nil {
			return err
		}
		if err := st.header(f, b.Title, b.Title, "Antal", "Andel (%)"); err != nil {
			return err
		}
		for i, r := range b.Rows {
			rowNo := i + 2
			if err := st.label(f, b.Title, 1, rowNo, r.Label); err != nil {
				return err
			}
			var n *float64
			if r.N != nil {
				v := float64(*r.N)
				n = &v
			}
			if err := st.value(f, b.Title, 2, rowNo, r.Text, n, false); err != nil {
				return err
			}
			if r.SharePct != nil {
				if err := st.value(f, b.Title, 3, rowNo, "", r.SharePct, true); err != nil {
					return err
				}
			}
		}
		if err := st.notes(f, b.Title, len(b.Rows)+3, d.Notes); err != nil {
			return err
		}
		if err := f.SetColWidth(b.Title, "A", "A", 34); err != nil {
			return err
		}
		if err := f.SetColWidth(b.Title, "B", "C", 12); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    "Skranke ugerapport " + d.Week,
		Creator:  "Skranke",
		Language: "da-DK",
	}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

type xlsxStyles struct {
	head, text, number, share, hidden, note int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	oneDecimal := "0.0" // Danish Excel shows it with a comma
	for _, def := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.head, excelize.Style{
			Font:   &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2A6F7E"}},
			Border: []excelize.Border{{Type: "bottom", Color: "1D4E59", Style: 1}},
		}},
		{&s.text, excelize.Style{}},
		{&s.number, excelize.Style{NumFmt: 1}},
		{&s.share, excelize.Style{CustomNumFmt: &oneDecimal}},
		{&s.hidden, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}, Font: &excelize.Font{Color: "6B6B6B"}}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "555555", Size: 9}}},
	} {
		id, err := f.NewStyle(&def.style)
		if err != nil {
			return s, err
		}
		*def.id = id
	}
	return s, nil
}

func (s xlsxStyles) header(f *excelize.File, sheet string, titles ...string) error {
	for i, t := range titles {
		if err := s.set(f, sheet, i+1, 1, t, s.head); err != nil {
			return err
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func (s xlsxStyles) label(f *excelize.File, sheet string, col, row int, text string) error {
	return s.set(f, sheet, col, row, text, s.text)
}

// value writes a number when there is one, else the text ("<5", "x", a week).
func (s xlsxStyles) value(f *excelize.File, sheet string, col, row int, text string, v *float64, share bool) error {
	switch {
	case v != nil && share:
		return s.set(f, sheet, col, row, *v, s.share)
	case v != nil:
		return s.set(f, sheet, col, row, int(*v), s.number)
	case text == markComplement || len(text) > 0 && text[0] == '<':
		return s.set(f, sheet, col, row, text, s.hidden)
	}
	return s.set(f, sheet, col, row, text, s.text)
}

func (s xlsxStyles) notes(f *excelize.File, sheet string, row int, notes []string) error {
	for i, n := range notes {
		if err := s.set(f, sheet, 1, row+i, n, s.note); err != nil {
			return err
		}
	}
	return nil
}

func (s xlsxStyles) set(f *excelize.File, sheet string, col, row int, v any, style int) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if str, ok := v.(string); ok {
		if err := f.SetCellStr(sheet, cell, str); err != nil {
			return err
		}
	} else if err := f.SetCellValue(sheet, cell, v); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, cell, cell, style)
}
