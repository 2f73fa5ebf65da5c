package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sheetCell is one cell as SheetJS reads it: type ("n" number, "s" text,
// "z" empty), value and number format.
type sheetCell struct {
	T string `json:"t"`
	V any    `json:"v"`
	Z string `json:"z"`
}

// sheetRead is what SheetJS (npm xlsx, a reader nobody here wrote) makes
// of a workbook and, when given, a CSV for people read the way a
// spreadsheet with Dutch settings reads it.
type sheetRead struct {
	Sheets     []string
	Creator    string
	Created    string
	Autofilter string
	XLSX       [][]sheetCell
	CSV        *struct {
		BOM, CRLF bool
		Rows      [][]sheetCell
	}
	frozen bool // the first row is frozen (read from the sheet's XML: SheetJS does not read panes)
}

// readWithSheetJS runs internal/tabular/testdata/readsheet.cjs on a
// workbook and, unless people is nil, a CSV for people.
func readWithSheetJS(t *testing.T, name string, workbook, people []byte) sheetRead {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join("node_modules", "xlsx", "package.json"))
	}
	if err != nil {
		if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") == "1" {
			t.Fatalf("node or the npm package xlsx is missing (%v); run npm ci in e2e/", err)
		}
		t.Skipf("node or the npm package xlsx is missing (%v)", err)
	}
	dir := t.TempDir()
	args := []string{filepath.Join("..", "internal", "tabular", "testdata", "readsheet.cjs"), filepath.Join(dir, name+".xlsx")}
	if err := os.WriteFile(args[1], workbook, 0o600); err != nil {
		t.Fatal(err)
	}
	if people != nil {
		args = append(args, filepath.Join(dir, name+".csv"))
		if err := os.WriteFile(args[2], people, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	abs, err := filepath.Abs("node_modules")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, args...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+abs)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: SheetJS: %v\n%s", name, err, stderr.String())
	}
	var got sheetRead
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s: %v: %s", name, err, oneLine(string(out), 300))
	}
	got.frozen = frozenHeader(t, name, workbook)
	return got
}

var (
	paneRe   = regexp.MustCompile(`<pane\b[^>]*>`)
	ySplitRe = regexp.MustCompile(`\bySplit="1"`)
	frozenRe = regexp.MustCompile(`\bstate="frozen"`)
)

// frozenHeader reports whether the workbook's first sheet freezes its
// first row, read from the sheet's XML in the zip file.
func frozenHeader(t *testing.T, name string, workbook []byte) bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(workbook), int64(len(workbook)))
	if err != nil {
		t.Fatalf("%s is no zip file: %v", name, err)
	}
	f, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatalf("%s has no first sheet: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pane := paneRe.Find(b)
	return ySplitRe.Match(pane) && frozenRe.Match(pane)
}

// checkWorkbook checks what every download's workbook must have: a header
// row of texts, frozen, with an autofilter, and Perspectief as the creator
// at the time of the download.
func checkWorkbook(t *testing.T, name string, got sheetRead, sheet string, header []string, since time.Time) {
	t.Helper()
	if len(got.Sheets) == 0 || got.Sheets[0] != sheet {
		t.Errorf("%s: sheets %q, want %q first", name, got.Sheets, sheet)
	}
	created, err := time.Parse(time.RFC3339, got.Created)
	if got.Creator != "Perspectief" || err != nil || created.Before(since.Add(-time.Minute)) || created.After(time.Now().Add(time.Minute)) {
		t.Errorf("%s: creator %q, created %q; want Perspectief and the time of the download (after %s)", name, got.Creator, got.Created, since.Format(time.RFC3339))
	}
	if !strings.HasPrefix(strings.ReplaceAll(got.Autofilter, "$", ""), "A1:") {
		t.Errorf("%s: autofilter %q, want one over the header row", name, got.Autofilter)
	}
	if !got.frozen {
		t.Errorf("%s: the header row is not frozen", name)
	}
	if len(got.XLSX) < 2 {
		t.Fatalf("%s: %d rows, want a header and values", name, len(got.XLSX))
	}
	for i, h := range header {
		if i >= len(got.XLSX[0]) || got.XLSX[0][i].T != "s" || got.XLSX[0][i].V != h {
			t.Errorf("%s: header %v, want %q in column %d", name, got.XLSX[0], h, i+1)
		}
	}
}

// column is the index of header h in a read header row, or -1.
func column(row []sheetCell, h string) int {
	for i, c := range row {
		if c.V == h {
			return i
		}
	}
	return -1
}

// TestDownloadsInAnotherReader opens downloads that people open in Excel
// with SheetJS, an independent reader: the bookings of the procesmonitor,
// the money table of the procesmonitor with its CSV for Excel, the
// trendmonitor's comparison of groups (percentages and suppressed cells)
// with its CSV for Excel, and the outreach list that regelingen
// uitnodigen writes. Numbers arrive as numbers (the same as in the CSV),
// percentages as percentages, a suppressed figure as an empty cell with a
// status column, texts that look like numbers as texts; every workbook
// has a frozen header with an autofilter and names Perspectief and the
// time it was made.
func TestDownloadsInAnotherReader(t *testing.T) {
	since := time.Now()
	t.Run("uitgaven", func(t *testing.T) { checkBookingsDownload(t, since) })
	t.Run("procesmonitor", func(t *testing.T) { checkMoneyDownload(t, since) })
	t.Run("groepen", func(t *testing.T) { checkGroupsDownload(t, since) })
	t.Run("uitnodigen", func(t *testing.T) { checkOutreachWorkbook(t, since) })
}

func checkBookingsDownload(t *testing.T, since time.Time) {
	s := newSession(t)
	s.login("programmateam@demo.perspectief.nl")
	s.open("/procesmonitor/uitgaven", 200, "uitgaven-downloads")
	links := eval[[]string](s, `[...document.querySelectorAll('main a[download]')].filter(a => a.getAttribute('href').startsWith('/procesmonitor/uitgaven?formaat=')).map(a => a.textContent.trim() + ' ' + a.getAttribute('href'))`)
	var xlsxLink, csvLink string
	for _, l := range links {
		label, href, _ := strings.Cut(l, " /")
		switch {
		case label == "Excel (XLSX)":
			xlsxLink = "/" + href
		case label == "CSV":
			csvLink = "/" + href
		}
	}
	if xlsxLink == "" || csvLink == "" {
		t.Fatalf("the bookings page has the downloads %q, want Excel (XLSX) beside the CSV", links)
	}
	got := readWithSheetJS(t, "uitgaven", download(s, xlsxLink, xlsxType), nil)
	checkWorkbook(t, "uitgaven.xlsx", got, "uitgaven", []string{"boekdatum", "lijn_of_post", "bedrag", "omschrijving", "referentie"}, since)
	rows, err := csv.NewReader(bytes.NewReader(download(s, csvLink, "text/csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(got.XLSX) || len(rows) < 2 {
		t.Fatalf("the workbook has %d rows, the CSV %d; want the same bookings", len(got.XLSX), len(rows))
	}
	for r := 1; r < len(rows); r++ {
		want, err := strconv.ParseFloat(rows[r][2], 64)
		if err != nil {
			t.Fatalf("CSV row %d: amount %q", r+1, rows[r][2])
		}
		amount, date := got.XLSX[r][2], got.XLSX[r][0]
		if amount.T != "n" || amount.V != want || !strings.HasPrefix(amount.Z, "#,##0") {
			t.Errorf("row %d: amount %s %v in format %q, want the number %v with a thousands separator", r+1, amount.T, amount.V, amount.Z, want)
		}
		if date.T != "s" || date.V != rows[r][0] || got.XLSX[r][1].V != rows[r][1] {
			t.Errorf("row %d: %v, want the CSV's %q", r+1, got.XLSX[r][:2], rows[r][:2])
		}
	}
}

func checkMoneyDownload(t *testing.T, since time.Time) {
	s := newSession(t)
	s.login("programmateam@demo.perspectief.nl")
	wb := download(s, "/procesmonitor?formaat=xlsx", xlsxType)
	people := download(s, "/procesmonitor?formaat=csv-excel", "text/csv")
	got := readWithSheetJS(t, "procesmonitor", wb, people)
	checkWorkbook(t, "procesmonitor.xlsx", got, "procesmonitor", []string{"niveau", "code", "naam", "jaar", "beschikbaar_euro"}, since)
	checkPeopleCSV(t, "procesmonitor", got)
	year, spent := column(got.XLSX[0], "jaar"), column(got.XLSX[0], "uitgegeven_euro")
	numbers := 0
	for r := 1; r < len(got.XLSX); r++ {
		if c := got.XLSX[r][year]; c.T != "n" {
			t.Errorf("procesmonitor row %d: jaar %s %v, want a number", r+1, c.T, c.V)
		}
		c, p := got.XLSX[r][spent], got.CSV.Rows[r][spent]
		if c.T == "n" {
			numbers++
		}
		if c.T != p.T || c.V != p.V {
			t.Errorf("procesmonitor row %d: uitgegeven %s %v in the workbook, %s %v in the CSV for Excel", r+1, c.T, c.V, p.T, p.V)
		}
	}
	if numbers == 0 {
		t.Error("procesmonitor: no amount spent arrives as a number")
	}
}

// checkPeopleCSV checks the CSV for Excel as a spreadsheet with Dutch
// settings reads it: a byte order mark, CRLF line ends, the same rows as
// the workbook.
func checkPeopleCSV(t *testing.T, name string, got sheetRead) {
	t.Helper()
	if got.CSV == nil {
		t.Fatalf("%s: no CSV for Excel read", name)
	}
	if !got.CSV.BOM || !got.CSV.CRLF {
		t.Errorf("%s CSV for Excel: byte order mark %v, CRLF %v", name, got.CSV.BOM, got.CSV.CRLF)
	}
	if len(got.CSV.Rows) != len(got.XLSX) {
		t.Fatalf("%s: the CSV for Excel has %d rows, the workbook %d", name, len(got.CSV.Rows), len(got.XLSX))
	}
	if len(got.CSV.Rows[0]) < 2 {
		t.Errorf("%s: the CSV for Excel reads as one column with semicolons as the separator: %v", name, got.CSV.Rows[0])
	}
}

func checkGroupsDownload(t *testing.T, since time.Time) {
	s := newSession(t)
	s.login("lezer@demo.perspectief.nl")
	s.open("/trendmonitor/groepen", 200, "groepen-downloads")
	year := ""
	for _, o := range readOptions(s, "jaar") {
		if o.Selected {
			year = o.Value
		}
	}
	// The first area whose household-type table has a suppressed share,
	// so that the workbook must show how it handles one.
	for _, o := range readOptions(s, "gebied") {
		q := url.Values{"jaar": {year}, "gebied": {o.Value}, "tabel": {"huishoudtype"}}
		people := download(s, "/trendmonitor/groepen?"+q.Encode()+"&formaat=csv-excel", "text/csv")
		if !bytes.Contains(people, []byte(";onderdrukt")) {
			continue
		}
		wb := download(s, "/trendmonitor/groepen?"+q.Encode()+"&formaat=xlsx", xlsxType)
		got := readWithSheetJS(t, "groepen", wb, people)
		checkWorkbook(t, "groepen "+o.Value, got, "huishoudtype", []string{"jaar", "gebied", "groep", "omschrijving"}, since)
		checkPeopleCSV(t, "groepen "+o.Value, got)
		checkShares(t, o.Value, got)
		return
	}
	t.Fatal("no area of the group comparison has a suppressed share; the check of empty cells did not run")
}

// checkShares compares the workbook's percentage columns with the CSV for
// Excel: 16,6 in the CSV is 0.166 shown as 0.0% in the workbook, and a
// cell the CSV calls onderdrukt is empty, named in the status column.
func checkShares(t *testing.T, area string, got sheetRead) {
	t.Helper()
	head := got.XLSX[0]
	status := column(head, "onderdrukt")
	if status < 0 {
		t.Fatalf("%s: the workbook has no status column: %v", area, head)
	}
	suppressed, shares := 0, 0
	for c, h := range got.CSV.Rows[0] {
		name, _ := h.V.(string)
		if !strings.HasSuffix(name, "(%)") {
			continue
		}
		if head[c].V != name {
			t.Fatalf("%s: column %d is %v in the workbook, %q in the CSV", area, c+1, head[c].V, name)
		}
		for r := 1; r < len(got.XLSX); r++ {
			x, p := got.XLSX[r][c], got.CSV.Rows[r][c]
			switch {
			case p.T == "s" && p.V == "onderdrukt":
				suppressed++
				st, _ := got.XLSX[r][status].V.(string)
				if x.T != "z" || !strings.Contains(st, name) {
					t.Errorf("%s row %d %s: %s %v with status %q, want an empty cell named in the status column", area, r+1, name, x.T, x.V, st)
				}
			case p.T == "n":
				shares++
				want, _ := p.V.(float64)
				v, _ := x.V.(float64)
				if x.T != "n" || x.Z != "0.0%" || v < want/100-1e-9 || v > want/100+1e-9 {
					t.Errorf("%s row %d %s: %s %v in format %q, want %v%% as a percentage", area, r+1, name, x.T, x.V, x.Z, want)
				}
			}
		}
	}
	if suppressed == 0 || shares == 0 {
		t.Errorf("%s: %d suppressed and %d shown shares compared, want some of each", area, suppressed, shares)
	}
}

// checkOutreachWorkbook makes an outreach list with regelingen uitnodigen
// --out lijst.xlsx on a database of its own (the demo's binary) and reads
// it: pseudonymous ids that look like numbers stay texts with their
// leading zeros, and the workbook has what every download has.
func checkOutreachWorkbook(t *testing.T, since time.Time) {
	demoURL(t) // builds the binary
	bin := filepath.Join(demo.dir, "perspectief")
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("perspectief %s: %v\n%s%s", strings.Join(args[:2], " "), err, out.String(), errb.String())
		}
		return out.String()
	}
	const email = "beheer@gemeente.example"
	run("een goed wachtwoord\n", "account", "aanmaken", "--db", db, "--role", "beheerder", "--email", email)
	token := strings.TrimSpace(run("", "token", "maken", "--db", db, "--email", email))
	if token == "" || strings.ContainsAny(token, " \n") {
		t.Fatal("token maken printed no token")
	}
	// Three households far below the limit, one of them uses the pass.
	panel := "jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten\n" +
		"2025,000123,BU00140100,alleenstaand,1,0,0,werk,5000,\n" +
		"2025,000456,BU00140101,alleenstaand,1,0,0,werk,6000,\n" +
		"2025,abc789,BU00140101,alleenstaand,1,0,0,werk,7000,\n"
	gebruik := "jaar,huishouden,regeling\n2025,abc789,stadjerspas\n"
	for name, content := range map[string]string{"panel.csv": panel, "gebruik.csv": gebruik} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "lijst.xlsx")
	run("", "regelingen", "uitnodigen", "--db", db, "--email", email, "--token", token, "--panel", filepath.Join(dir, "panel.csv"),
		"--gebruik", filepath.Join(dir, "gebruik.csv"), "--regeling", "stadjerspas", "--out", out, "--aanname", "studiefinanciering=nee")
	wb, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := readWithSheetJS(t, "lijst", wb, nil)
	checkWorkbook(t, "lijst.xlsx", got, "uitnodigen", []string{"huishouden", "buurt"}, since)
	want := [][2]string{{"000123", "BU00140100"}, {"000456", "BU00140101"}}
	if len(got.XLSX) != len(want)+1 {
		t.Fatalf("the list has %d rows, want a header and %d households", len(got.XLSX), len(want))
	}
	for i, w := range want {
		row := got.XLSX[i+1]
		if row[0].T != "s" || row[0].V != w[0] || row[1].T != "s" || row[1].V != w[1] {
			t.Errorf("row %d: %v, want the texts %q", i+2, row, w)
		}
	}
}
