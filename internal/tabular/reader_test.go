package tabular

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// nodeModules is where e2e/package.json installs the test's npm packages.
const nodeModules = "../../e2e/node_modules"

type readCell struct {
	T string `json:"t"`
	V any    `json:"v"`
	Z string `json:"z"`
}

// TestIndependentReader opens both downloads for people, the workbook and
// the CSV for Excel, with SheetJS (npm xlsx), a reader nobody here wrote,
// and checks that numbers arrive as numbers the way a spreadsheet with
// Dutch settings reads them, texts as texts (formula guard kept), and that
// a suppressed figure is an empty cell in the workbook. Without node or
// e2e/node_modules the test is skipped, or fails when
// PERSPECTIEF_REQUIRE_BROWSER=1 (as in bash scripts/test).
func TestIndependentReader(t *testing.T) {
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(nodeModules, "xlsx", "package.json"))
	}
	if err != nil {
		if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") == "1" {
			t.Fatalf("node or the npm package xlsx is missing (%v); run npm ci in e2e/", err)
		}
		t.Skipf("node or the npm package xlsx is missing (%v); run npm ci in e2e/ or bash scripts/test", err)
	}
	tb := Table{Sheet: "Wijkenquête", Header: []string{"jaar", "gebied", "waarde", "tot 110% (%)", "toelichting"}, Rows: [][]Cell{
		{Number(2025), Text("Selwerd"), Number(12.5), Number(17.6), Text("=1+1")},
		{Number(2025), Text("Paddepoel"), Number(-1234567.25), Suppressed(), Text("Wijkenquête")},
		{Number(2024), Text("Vinkhuizen"), Suppressed(), Number(0), Text("")},
	}}
	dir := t.TempDir()
	var x, c bytes.Buffer
	if err := WriteXLSX(&x, tb); err != nil {
		t.Fatal(err)
	}
	if err := tb.WriteExcelCSV(&c); err != nil {
		t.Fatal(err)
	}
	xp, cp := filepath.Join(dir, "t.xlsx"), filepath.Join(dir, "t.csv")
	if err := os.WriteFile(xp, x.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cp, c.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(nodeModules)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/readsheet.cjs", xp, cp)
	cmd.Env = append(os.Environ(), "NODE_PATH="+abs)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got struct {
		Sheets     []string
		Creator    string
		Created    string
		Autofilter string
		XLSX       [][]readCell
		CSV        struct {
			BOM, CRLF bool
			Rows      [][]readCell
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Creator != "Perspectief" || got.Created == "" || got.Created[:4] == "2006" {
		t.Errorf("workbook creator %q created %q, want Perspectief and now", got.Creator, got.Created)
	}
	if got.Sheets[0] != "Wijkenquête" || got.Autofilter == "" {
		t.Errorf("sheet %q autofilter %q", got.Sheets, got.Autofilter)
	}
	check := func(file string, rows [][]readCell, r, col int, typ string, want any) {
		t.Helper()
		if r >= len(rows) || col >= len(rows[r]) {
			t.Errorf("%s: no cell at row %d column %d", file, r+1, col+1)
			return
		}
		cell := rows[r][col]
		if cell.T != typ || (want != nil && cell.V != want) {
			t.Errorf("%s row %d column %d: %s %v, want %s %v", file, r+1, col+1, cell.T, cell.V, typ, want)
		}
	}
	for name, rows := range map[string][][]readCell{"xlsx": got.XLSX, "csv": got.CSV.Rows} {
		check(name, rows, 0, 0, "s", "jaar")
		check(name, rows, 1, 0, "n", 2025.0)
		check(name, rows, 1, 2, "n", 12.5)
		check(name, rows, 2, 2, "n", -1234567.25)
		check(name, rows, 1, 4, "s", "'=1+1")
		check(name, rows, 2, 4, "s", "Wijkenquête")
		check(name, rows, 3, 3, "n", 0.0)
	}
	// Percentages: the workbook calculates with 17.6% as 0.176 and shows it
	// as a percentage; the CSV holds 17,6.
	check("xlsx", got.XLSX, 1, 3, "n", 0.176)
	if z := got.XLSX[1][3].Z; z != "0.0%" {
		t.Errorf("percentage format %q, want 0.0%%", z)
	}
	check("csv", got.CSV.Rows, 1, 3, "n", 17.6)
	// Suppressed: an empty cell and a status column in the workbook.
	check("xlsx", got.XLSX, 2, 3, "z", nil)
	check("xlsx", got.XLSX, 3, 2, "z", nil)
	check("xlsx", got.XLSX, 2, 5, "s", "tot 110% (%)")
	check("xlsx", got.XLSX, 0, 5, "s", "onderdrukt")
	check("csv", got.CSV.Rows, 2, 3, "s", "onderdrukt")
	if !got.CSV.BOM || !got.CSV.CRLF {
		t.Errorf("csv byte order mark %v, CRLF %v", got.CSV.BOM, got.CSV.CRLF)
	}
}
