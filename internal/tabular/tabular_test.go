package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func TestNeutralise(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Eigen registratie", "Eigen registratie"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+31 50 367 9111", "'+31 50 367 9111"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"a=b", "a=b"},                   // only the first character counts
		{" =1", " =1"},                   // a space in front is text to a spreadsheet
		{"'t Zandt", "'t Zandt"},         // an apostrophe that guards nothing stays
		{"'=1", "''=1"},                  // keeps its own apostrophe through Restore
		{"''@x", "'''@x"},                //
		{"'", "'"},                       //
		{"–5 (en dash)", "–5 (en dash)"}, // not an ASCII minus: no formula
	} {
		if got := Neutralise(c.in); got != c.want {
			t.Errorf("Neutralise(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := Restore(Neutralise(c.in)); back != c.in {
			t.Errorf("Restore(Neutralise(%q)) = %q", c.in, back)
		}
	}
	// Restore leaves texts alone that Neutralise would not have made.
	for _, s := range []string{"'t Zandt", "'", "''", "'a=1", "x'=1"} {
		if got := Restore(s); got != s {
			t.Errorf("Restore(%q) = %q, want it unchanged", s, got)
		}
	}
}

func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"", "=1", "'=1", "''", "'", "-", "\t", "abc", "@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Neutralise(s)
		if Restore(n) != s {
			t.Fatalf("Restore(Neutralise(%q)) = %q", s, Restore(n))
		}
		if n != "" && dangerous(n[0]) {
			t.Fatalf("Neutralise(%q) = %q still starts a formula", s, n)
		}
	})
}

func sample() Table {
	return Table{Sheet: "waarden", Header: []string{"naam", "waarde", "toelichting"}, Rows: [][]Cell{
		{Text("Selwerd"), Number(17), Text("=1+1")},
		{Text("Paddepoel"), Number(-2.5), Text("")},
		{Text("@tuinwijk"), Number(0.000001), Text("-")},
		{Text("Vinkhuizen"), {}, Text("onderdrukt")},
	}}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	want := "naam,waarde,toelichting\nSelwerd,17,'=1+1\nPaddepoel,-2.5,\n'@tuinwijk,0.000001,'-\nVinkhuizen,,onderdrukt\n"
	if buf.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{0, "0"}, {math.Copysign(0, -1), "0"}, {12.5, "12.5"}, {1e6, "1000000"}, {-0.25, "-0.25"}, {1e-6, "0.000001"}, {math.NaN(), ""}, {math.Inf(1), ""}} {
		if got := FormatNumber(c.in); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestWriteXLSX: the workbook holds the CSV's rows, numbers as number
// cells, and no text cell became a formula.
func TestWriteXLSX(t *testing.T) {
	second := Table{Sheet: "waarden", Header: []string{"a"}, Rows: [][]Cell{{Text("b")}}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sample(), second); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"waarden", "waarden 2"}) {
		t.Errorf("sheets %q", got)
	}
	rows, err := SheetRecords(f, "waarden")
	if err != nil {
		t.Fatal(err)
	}
	var csvBuf bytes.Buffer
	_ = sample().WriteCSV(&csvBuf)
	want, _ := csv.NewReader(&csvBuf).ReadAll()
	for i := range rows {
		for len(rows[i]) < 3 {
			rows[i] = append(rows[i], "")
		}
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("xlsx rows %q\nwant the csv's %q", rows, want)
	}
	for cell, typ := range map[string]excelize.CellType{"B2": excelize.CellTypeNumber, "B3": excelize.CellTypeNumber, "C2": excelize.CellTypeInlineString} {
		got, _ := f.GetCellType("waarden", cell)
		if got != typ && !(typ == excelize.CellTypeNumber && got == excelize.CellTypeUnset) {
			t.Errorf("%s: type %v, want %v", cell, got, typ)
		}
		if fm, _ := f.GetCellFormula("waarden", cell); fm != "" {
			t.Errorf("%s holds the formula %q", cell, fm)
		}
	}
	if v, _ := f.GetCellValue("waarden", "B3", excelize.Options{RawCellValue: true}); v != "-2.5" {
		t.Errorf("B3 = %q, want -2.5", v)
	}
}

func TestSheetName(t *testing.T) {
	used := map[string]bool{}
	for _, c := range []struct{ in, want string }{
		{"waarden", "waarden"},
		{"Waarden", "Waarden 2"},
		{"a/b:c", "a-b-c"},
		{"", "tabel 4"},
		{strings.Repeat("x", 40), strings.Repeat("x", 31)},
		{strings.Repeat("x", 40), strings.Repeat("x", 29) + " 2"},
	} {
		if got := sheetName(c.in, len(used), used); got != c.want {
			t.Errorf("sheetName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestWriteExcelCSV: the CSV for people opens in a spreadsheet with Dutch
// settings: byte order mark, semicolons, CRLF, decimal comma, numbers
// without thousands separators, and the formula guard still applied.
func TestWriteExcelCSV(t *testing.T) {
	tb := sample()
	tb.Header[0] = "Wijkenquête"
	tb.Rows = append(tb.Rows, []Cell{Text("a;b"), Number(12.5), Text("1234567,5")}, []Cell{Text("Groot"), Number(1234567.25), Suppressed()})
	var buf bytes.Buffer
	if err := tb.WriteExcelCSV(&buf); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFWijkenquête;waarde;toelichting\r\nSelwerd;17;'=1+1\r\nPaddepoel;-2,5;\r\n'@tuinwijk;0,000001;'-\r\n" +
		"Vinkhuizen;;onderdrukt\r\n\"a;b\";12,5;1234567,5\r\nGroot;1234567,25;onderdrukt\r\n"
	if buf.String() != want {
		t.Errorf("CSV:\n%q\nwant:\n%q", buf.String(), want)
	}
	// A reader with Dutch settings gets the same cells back.
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[5][0] != "a;b" || recs[5][1] != "12,5" || recs[0][0] != "Wijkenquête" {
		t.Errorf("read back %q", recs)
	}
}

// TestWriteXLSXLayout: the workbook is made by Perspectief at the time it
// was written, the header row is frozen and filtered, number columns have
// a number format that fits, and suppressed cells are empty with a status
// column that names them.
func TestWriteXLSXLayout(t *testing.T) {
	tb := Table{Sheet: "groepen", Header: []string{"jaar", "groep", "huishoudens", "tot 110% (%)", "gemiddelde"}, Rows: [][]Cell{
		{Number(2025), Text("eenouder"), Number(1200), Number(17.6), Number(1.25)},
		{Number(2025), Text("=paar"), Suppressed(), Suppressed(), Number(2)},
	}}
	now := time.Date(2026, 12, 7, 19, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := writeXLSX(&buf, now, tb); err != nil {
		t.Fatal(err)
	}
	sheetXML := readZip(t, buf.Bytes(), "xl/worksheets/sheet1.xml")
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != "Perspectief" || props.Created != "2026-12-07T19:00:00Z" {
		t.Errorf("creator %q created %q", props.Creator, props.Created)
	}
	panes, err := f.GetPanes("groepen")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, want the header row frozen", panes)
	}
	rows, err := f.GetRows("groepen")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"jaar", "groep", "huishoudens", "tot 110% (%)", "gemiddelde", "onderdrukt"},
		{"2025", "eenouder", "1,200", "17.6%", "1.25"},
		{"2025", "'=paar", "", "", "2.00", "huishoudens, tot 110% (%)"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q\nwant %q", rows, want)
	}
	// Read back, the workbook holds the CSV's records.
	var csvBuf bytes.Buffer
	_ = tb.WriteCSV(&csvBuf)
	wantRecs, _ := csv.NewReader(&csvBuf).ReadAll()
	if recs, err := SheetRecords(f, "groepen"); err != nil || !reflect.DeepEqual(recs, wantRecs) {
		t.Errorf("SheetRecords %q, %v\nwant the csv's %q", recs, err, wantRecs)
	}
	if v, _ := f.GetCellValue("groepen", "D2", excelize.Options{RawCellValue: true}); v != "0.176" {
		t.Errorf("D2 = %q, want the percentage stored as 0.176", v)
	}
	if w, _ := f.GetColWidth("groepen", "F"); w < 25 {
		t.Errorf("status column width %v, too narrow for its text", w)
	}
	if !bytes.Contains(sheetXML, []byte(`<autoFilter ref="$A$1:$F$3"`)) {
		t.Error("no autofilter over the table")
	}
	if !bytes.Contains(sheetXML, []byte(`<cols><col min="1" max="1"`)) {
		t.Error("column widths not in column order")
	}
}

func readZip(t *testing.T, b []byte, name string) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	out, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzSheetRecords: whatever a table holds, reading its workbook back
// with SheetRecords gives the records of its CSV for programs.
func FuzzSheetRecords(f *testing.F) {
	f.Add("waarde", "Selwerd", 12.5, false)
	f.Add("tot 110% (%)", "=1+1", 17.6, true)
	f.Add("status", "x, y", -0.001, false)
	f.Fuzz(func(t *testing.T, header, text string, num float64, suppressed bool) {
		if !utf8.ValidString(header) || !utf8.ValidString(text) || strings.ContainsAny(header+text, "\x00\r") ||
			strings.TrimSpace(header) != header || header == "" || header == "naam" || header == StatusHeader || strings.Contains(header, ", ") || math.IsNaN(num) || math.IsInf(num, 0) {
			t.Skip()
		}
		for _, r := range header + text {
			if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
				t.Skip() // not allowed in XML
			}
		}
		cell := Number(num)
		if suppressed {
			cell = Suppressed()
		}
		tb := Table{Sheet: "t", Header: []string{"naam", header}, Rows: [][]Cell{{Text(text), cell}}}
		var x, c bytes.Buffer
		if err := WriteXLSX(&x, tb); err != nil {
			t.Fatal(err)
		}
		if err := tb.WriteCSV(&c); err != nil {
			t.Fatal(err)
		}
		want, err := csv.NewReader(&c).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		wb, err := excelize.OpenReader(&x)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		got, err := SheetRecords(wb, "t")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("SheetRecords %q, want %q", got, want)
		}
	})
}
