package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"skranke/app"
	"skranke/app/report"
	"skranke/export"
)

var week = report.ISOWeek{Year: 2026, Week: 47}

// Names and tickets that the visits carry and no output may.
const residentName = "Zainab Haddad"

func ticket(i int) int { return 900001 + i }

// visits returns n visits of one day at a site, with names, ticket numbers and
// answers like real ones, in a deterministic mix of languages, topics and endings.
func visits(day string, n, seed int) []app.Visit {
	start, err := time.Parse(time.DateTime, day+" 12:00:00")
	if err != nil {
		panic(err)
	}
	langs := []string{"ar", "ar", "so", "da", "ar", "so", "da", "ti", "ar", "uk", "fa", "ar"}
	topics := []app.TopicID{"post", "residence", "job", "post", "money", "mitid", "post", "residence", "cv", "housing"}
	var vs []app.Visit
	for i := range n {
		j := i + seed
		v := app.Visit{
			ID: uint64(ticket(i)), Ticket: ticket(i), Day: day, FirstName: residentName,
			Lang: langs[j%len(langs)], Topics: []app.TopicID{topics[j%len(topics)]},
			Answers: map[app.QuestionID]app.Answer{"post_deadline": app.Yes},
			Urgent:  j%6 == 0, Returning: j%4 == 1,
			Arrived: start.Add(time.Duration(i*7) * time.Minute), Table: 1 + j%3,
		}
		if j%9 == 4 {
			v.Topics = append(v.Topics, "call")
		}
		v.Called = v.Arrived.Add(time.Duration(5+j*3%40) * time.Minute)
		switch j % 10 {
		case 3:
			v.State = app.StateNoShow
		case 7:
			v.State, v.Called = app.StateLeft, time.Time{}
			v.Ended = v.Arrived.Add(30 * time.Minute)
		default:
			v.State, v.Started = app.StateDone, v.Called
			v.Ended = v.Started.Add(time.Duration(10+j*7%50) * time.Minute)
			v.Outcome = app.Outcomes[j%3]
		}
		vs = append(vs, v)
	}
	return vs
}

func facts(vs []app.Visit) []report.Fact {
	var fs []report.Fact
	for _, v := range vs {
		fs = append(fs, report.FromVisit(v, time.UTC, v.Arrived.Add(5*time.Hour)))
	}
	return fs
}

func nordFacts() []report.Fact { return facts(visits("2026-11-16", 26, 0)) }
func sydFacts() []report.Fact  { return facts(visits("2026-11-19", 17, 5)) }

func mustWrite(tb testing.TB, format string, r report.Report, k int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := export.Write(&buf, format, r, k); err != nil {
		tb.Fatalf("Write %s: %v", format, err)
	}
	return buf.Bytes()
}

// jsonDisplay is the part of the JSON file every publishable form must agree with.
type jsonDisplay struct {
	Schema  string `json:"schema"`
	K       int    `json:"k"`
	Display struct {
		Figures []struct {
			Key, Label, Text string
			Value            *float64
		} `json:"figures"`
		Dims []struct {
			Dim   string
			Title string
			Rows  []struct {
				Key, Label, Text string
				N                *int
				SharePct         *float64 `json:"share_pct"`
			}
		} `json:"dimensions"`
		Notes []string `json:"notes"`
	} `json:"display"`
}

func readDisplay(tb testing.TB, b []byte) jsonDisplay {
	tb.Helper()
	var d jsonDisplay
	if err := json.Unmarshal(b, &d); err != nil {
		tb.Fatalf("decode json: %v", err)
	}
	return d
}

func danish(p *float64) string {
	if p == nil {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(*p, 'f', 1, 64), ".", ",", 1)
}

// TestCSVAndXLSXMatchJSON reads the CSV back with encoding/csv and the XLSX with
// excelize and checks that they show exactly the JSON's suppressed values.
func TestCSVAndXLSXMatchJSON(t *testing.T) {
	r := report.Build(week, []string{"nord", "syd"}, report.Fold(week, append(nordFacts(), sydFacts()...)))
	d := readDisplay(t, mustWrite(t, "json", r, 5))
	if d.Schema != "skranke.report/v1" || d.K != 5 {
		t.Fatalf("json schema, k: got %q, %d, want skranke.report/v1, 5", d.Schema, d.K)
	}
	hiddenSeen := 0
	for _, dim := range d.Display.Dims {
		for _, row := range dim.Rows {
			if row.N == nil {
				hiddenSeen++
				if row.Text != "<5" && row.Text != "x" {
					t.Errorf("hidden %s %s: got text %q, want <5 or x", dim.Dim, row.Key, row.Text)
				}
			}
		}
	}
	if hiddenSeen == 0 {
		t.Fatalf("test data: want some hidden cells")
	}

	t.Run("CSV", func(t *testing.T) {
		b := mustWrite(t, "csv", r, 5)
		if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
			t.Fatalf("csv: got no UTF-8 byte order mark, want one")
		}
		cr := csv.NewReader(bytes.NewReader(b[3:]))
		cr.Comma, cr.FieldsPerRecord = ';', -1
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("read csv: %v", err)
		}
		var want [][]string
		want = append(want, []string{"Nøgletal", "Værdi"})
		for _, f := range d.Display.Figures {
			want = append(want, []string{f.Label, f.Text})
		}
		for _, dim := range d.Display.Dims {
			want = append(want, []string{"Dimension", "Værdi", "Antal", "Andel (%)"})
			for _, row := range dim.Rows {
				want = append(want, []string{dim.Title, row.Label, row.Text, danish(row.SharePct)})
			}
		}
		want = append(want, []string{"Note"})
		for _, n := range d.Display.Notes {
			want = append(want, []string{n})
		}
		if !reflect.DeepEqual(recs, want) {
			t.Errorf("csv records:\ngot  %q\nwant %q", recs, want)
		}
	})

	t.Run("XLSX", func(t *testing.T) {
		f, err := excelize.OpenReader(bytes.NewReader(mustWrite(t, "xlsx", r, 5)))
		if err != nil {
			t.Fatalf("open xlsx: %v", err)
		}
		defer f.Close()
		wantSheets := []string{"Oversigt"}
		for _, dim := range d.Display.Dims {
			wantSheets = append(wantSheets, dim.Title)
		}
		if got := f.GetSheetList(); !reflect.DeepEqual(got, wantSheets) {
			t.Fatalf("sheets: got %v, want %v", got, wantSheets)
		}
		rows, err := f.GetRows("Oversigt", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, fig := range d.Display.Figures {
			got := rows[i+1]
			want := fig.Text
			if fig.Value != nil {
				want = strconv.FormatFloat(*fig.Value, 'f', -1, 64)
			}
			if len(got) != 2 || got[0] != fig.Label || got[1] != want {
				t.Errorf("Oversigt row %d: got %q, want [%q %q]", i+2, got, fig.Label, want)
			}
		}
		for _, dim := range d.Display.Dims {
			rows, err := f.GetRows(dim.Title, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{dim.Title, "Antal", "Andel (%)"}; !reflect.DeepEqual(rows[0], want) {
				t.Errorf("%s header: got %q, want %q", dim.Title, rows[0], want)
			}
			for i, row := range dim.Rows {
				got := rows[i+1]
				want := []string{row.Label, row.Text}
				if row.SharePct != nil {
					want = append(want, strconv.FormatFloat(*row.SharePct, 'f', -1, 64))
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s row %d: got %q, want %q", dim.Title, i+2, got, want)
				}
			}
		}
	})
}

// TestJSONMerges checks the merge format: two sites' files read back and merged give
// the report over both sites' facts.
func TestJSONMerges(t *testing.T) {
	nord := report.Build(week, []string{"nord"}, report.Fold(week, nordFacts()))
	syd := report.Build(week, []string{"syd"}, report.Fold(week, sydFacts()))
	want := report.Build(week, []string{"nord", "syd"}, report.Fold(week, append(nordFacts(), sydFacts()...)))

	var reports []report.Report
	for _, r := range []report.Report{nord, syd} {
		back, k, err := export.ReadJSON(bytes.NewReader(mustWrite(t, "json", r, 5)))
		if err != nil {
			t.Fatalf("ReadJSON: %v", err)
		}
		if k != 5 {
			t.Errorf("k: got %d, want 5", k)
		}
		reports = append(reports, back)
	}
	got, err := report.Merge(reports...)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merged:\ngot  %+v\nwant %+v", got, want)
	}
	if a, b := mustWrite(t, "csv", got, 5), mustWrite(t, "csv", want, 5); !bytes.Equal(a, b) {
		t.Errorf("csv of the merged report differs from csv of the report over all facts")
	}

	bad := []struct {
		name, json, want string
	}{
		{"ErrSchema", `{"schema":"skranke.report/v2","k":5}`, "schema"},
		{"ErrNoK", strings.Replace(string(mustWrite(t, "json", nord, 5)), `"k": 5`, `"k": 0`, 1), "k is 0"},
		{"ErrNotJSON", "Uge;2026-W47", "read report json"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := export.ReadJSON(strings.NewReader(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadJSON: got %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestPNG(t *testing.T) {
	r := report.Build(week, []string{"nord", "syd"}, report.Fold(week, append(nordFacts(), sydFacts()...)))
	b := mustWrite(t, "png", r, 5)
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 1600 || got.Y != 2200 {
		t.Errorf("png size: got %v, want 1600x2200", got)
	}
	if out := os.Getenv("SKRANKE_CHART_OUT"); out != "" { // to look at it
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("EmptyWeek", func(t *testing.T) {
		if _, err := png.Decode(bytes.NewReader(mustWrite(t, "png", report.Build(week, []string{"nord"}), 5))); err != nil {
			t.Errorf("decode png of an empty week: %v", err)
		}
	})
}

// TestNoPersonalData writes every format from visits that carry a name, ticket
// numbers and answers, and scans the outputs for them. Facts cannot carry them (see
// report's TestFactCarriesNoIdentity); this checks the whole path.
func TestNoPersonalData(t *testing.T) {
	r := report.Build(week, []string{"nord"}, report.Fold(week, nordFacts()))
	for _, format := range []string{"csv", "json", "xlsx"} {
		b := mustWrite(t, format, r, 5)
		text := string(b)
		if format == "xlsx" {
			text = xlsxText(t, b)
		}
		leaks := []string{residentName, "Zainab", "post_deadline"}
		for i := range 26 {
			leaks = append(leaks, strconv.Itoa(ticket(i)))
		}
		for _, leak := range leaks {
			if strings.Contains(text, leak) {
				t.Errorf("%s output: got %q in it, want it absent", format, leak)
			}
		}
	}
}

// xlsxText returns every cell of every sheet, one per line.
func xlsxText(tb testing.TB, b []byte) string {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var sb strings.Builder
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range rows {
			fmt.Fprintln(&sb, strings.Join(r, "\t"))
		}
	}
	return sb.String()
}

func TestWriteErrors(t *testing.T) {
	r := report.Build(week, []string{"nord"}, report.Fold(week, nordFacts()))
	tests := []struct {
		name   string
		format string
		r      report.Report
		k      int
		want   string
	}{
		{"ErrUnknownFormat", "pdf", r, 5, "unknown format"},
		{"ErrK0", "csv", r, 0, "k must be"},
		{"ErrJSONOfSuppressed", "json", r.Suppressed(5), 5, "raw counts"},
		{"ErrNoWeek", "csv", report.Report{}, 5, "no valid week"},
		{"ErrSuppressedAtSmallerK", "xlsx", r.Suppressed(3), 5, "suppressed at k=3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := export.Write(io.Discard, tt.format, tt.r, tt.k)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Write: got %v, want an error about %q", err, tt.want)
			}
		})
	}
	t.Run("OKSuppressedToCSV", func(t *testing.T) {
		a, b := mustWrite(t, "csv", r.Suppressed(5), 5), mustWrite(t, "csv", r, 5)
		if !bytes.Equal(a, b) {
			t.Errorf("csv of a suppressed report: got a different file than from the raw one")
		}
	})
}

// BenchmarkWrite measures writing one week's report of 30 sites in each format; the
// report itself is measured by report's BenchmarkWeeklyReport250k, and the two add up
// to the "weekly export" budget of DESIGN.md §12.
func BenchmarkWrite(b *testing.B) {
	var reports []report.Report
	for s := range 30 {
		site := fmt.Sprintf("site-%02d", s+1)
		reports = append(reports, report.Build(week, []string{site}, report.Fold(week, facts(visits("2026-11-16", 32, s)))))
	}
	r, err := report.Merge(reports...)
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range export.Formats {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := export.Write(io.Discard, format, r, 5); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
