package trend_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/trend"
)

func basicRows(t *testing.T) []trend.Row {
	t.Helper()
	res, err := trend.Compute(context.Background(), trend.Options{PanelPath: testdata("basic.csv"), NormsPath: testdata("norms.csv"), MinCell: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res.Rows
}

func TestWriteCSVReplacesAtomically(t *testing.T) {
	rows := basicRows(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "table.csv")
	writeFile(t, out, "old\n")
	if err := os.Chmod(out, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := trend.WriteCSV(out, rows); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the old file's 0640", st.Mode().Perm())
	}
	f, _ := os.Open(out)
	back, err := trend.ReadTable(out, f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back, rows) {
		t.Errorf("the written table reads back differently")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the table", len(entries))
	}
}

func TestWriteCSVFailureLeavesNothing(t *testing.T) {
	rows := basicRows(t)
	dir := t.TempDir()
	// The target is a directory: refused, and the directory is untouched.
	target := filepath.Join(dir, "out.csv")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(target, "keep"), "x")
	if err := trend.WriteCSV(target, rows); err == nil {
		t.Error("writing over a directory succeeded")
	}
	if b, err := os.ReadFile(filepath.Join(target, "keep")); err != nil || string(b) != "x" {
		t.Errorf("directory content changed: %q, %v", b, err)
	}
	// The parent does not exist.
	if err := trend.WriteCSV(filepath.Join(dir, "missing", "out.csv"), rows); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only out.csv (no temporary files)", len(entries))
	}
}

// errWriter fails after some bytes, like a full disk.
type errWriter struct{ left int }

func (w *errWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		return w.left, errors.New("disk full")
	}
	w.left -= len(p)
	return len(p), nil
}

func TestWriteTableReportsWriteErrors(t *testing.T) {
	rows := basicRows(t)
	for len(rows) < 50000 {
		rows = append(rows, rows...)
	}
	if err := trend.WriteTable(&errWriter{left: 100000}, rows); err == nil || err.Error() != "disk full" {
		t.Errorf("got %v, want the write error", err)
	}
}

func TestReadTableErrors(t *testing.T) {
	const h = "indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt\n"
	const ok = "huishoudens_110,2019,gemeente,GM0014,totaal,3,8,37.5,0\n"
	cases := []struct{ name, in, want string }{
		{"missing column", "indicator,jaar,niveau,gebied,groep,teller,noemer,waarde\n", "table.csv:1: onderdrukt: missing column"},
		{"unknown indicator", h + "huishoudens_130,2019,gemeente,GM0014,totaal,3,8,37.5,0\n", `table.csv:2: indicator: unknown indicator "huishoudens_130"`},
		{"jaar out of range", h + "huishoudens_110,1989,gemeente,GM0014,totaal,3,8,37.5,0\n", "table.csv:2: jaar: jaar 1989 outside 1990..2100"},
		{"unknown niveau", h + "huishoudens_110,2019,land,GM0014,totaal,3,8,37.5,0\n", `table.csv:2: niveau: unknown niveau "land"`},
		{"area of another level", h + "huishoudens_110,2019,wijk,GM0014,totaal,3,8,37.5,0\n", `table.csv:2: gebied: not a wijk code: "GM0014"`},
		{"unknown groep", h + "huishoudens_110,2019,gemeente,GM0014,type:kind,3,8,37.5,0\n", `table.csv:2: groep: unknown groep "type:kind"`},
		{"numbers on a suppressed row", h + "huishoudens_110,2019,gemeente,GM0014,totaal,3,,,1\n", "table.csv:2: teller: must be empty on a suppressed row"},
		{"teller above noemer", h + "huishoudens_110,2019,gemeente,GM0014,totaal,9,8,112.5,0\n", "table.csv:2: noemer: noemer 8 is less than teller 9"},
		{"waarde does not match", h + "huishoudens_110,2019,gemeente,GM0014,totaal,3,8,37.4,0\n", "table.csv:2: waarde: waarde 37.4 does not match 100*teller/noemer = 37.5"},
		{"waarde with five digits", h + "huishoudens_110,2019,gemeente,GM0014,totaal,1,3,33.333,0\n",
			"table.csv:2: waarde: waarde 33.333 does not match 100*teller/noemer = 33.333333333333336"},
		{"waarde NaN", h + "huishoudens_110,2019,gemeente,GM0014,totaal,3,8,NaN,0\n", `table.csv:2: waarde: not a number: "NaN"`},
		{"bad onderdrukt", h + "huishoudens_110,2019,gemeente,GM0014,totaal,,,,3\n", `table.csv:2: onderdrukt: onderdrukt must be 0, 1 or 2, got "3"`},
		{"duplicate row", h + ok + ok, "table.csv:3: indicator: duplicate row (first on line 2)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := trend.ReadTable("table.csv", strings.NewReader(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	// Six significant digits are enough (33.3333 is off by 1.0e-6 relative),
	// and so are exponents and any column order.
	rows, err := trend.ReadTable("table.csv", strings.NewReader(
		"\ufeffonderdrukt,waarde,noemer,teller,groep,gebied,niveau,jaar,indicator\n0,33.3333,3,1,bron:werk,BU00140100,buurt,2020,personen_120\n0,1.25e-05,8000000,1,totaal,WK001401,wijk,2020,personen_120\n"))
	if err != nil || len(rows) != 2 || rows[0].Num != 1 || rows[0].Den != 3 || rows[0].Level != trend.Buurt {
		t.Errorf("got %+v, %v", rows, err)
	}
}

// TestProgressQuietOffTerminal: progress goes to terminals only, so logs and
// pipes stay clean.
func TestProgressQuietOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []interface{ Write([]byte) (int, error) }{&buf, f} {
		if _, err := trend.Compute(context.Background(), trend.Options{PanelPath: testdata("durations.csv"), NormsPath: testdata("norms.csv"), Progress: w}); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := f.Stat()
	if buf.Len() != 0 || st.Size() != 0 {
		t.Errorf("progress written to a non-terminal: %q, %d bytes", buf.String(), st.Size())
	}
}

func TestResultMetadata(t *testing.T) {
	res, err := trend.Compute(context.Background(), trend.Options{PanelPath: testdata("durations.csv"), NormsPath: testdata("norms.csv"), MinCell: 1})
	if err != nil {
		t.Fatal(err)
	}
	// From sha256sum testdata/durations.csv and testdata/norms.csv.
	if res.PanelSHA256 != "52690be9cb7088295623e8985a13cc62eb0fb81469a2163a25d904901b7f5b9a" {
		t.Errorf("panel sha256 %s", res.PanelSHA256)
	}
	if res.NormsSHA256 != "940fd8a7e4cbfdf8947280226a477cb0c1bd828f3056ceb7f74b66a4b77ff240" {
		t.Errorf("norms sha256 %s", res.NormsSHA256)
	}
	if res.Format != "csv" || res.PanelRows != 38 || res.PopulationRows != 36 || res.Households != 8 ||
		!slices.Equal(res.Years, []int{2016, 2017, 2018, 2019, 2020, 2021}) || res.MinCell != 1 || res.NormsSource != testdata("norms.csv") {
		t.Errorf("metadata %+v", *res)
	}
}
