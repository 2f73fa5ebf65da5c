package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
)

func TestTrendComputeAndImportIntoDatabase(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			dsn := dsnFor(t)
			panel := filepath.Join(dir, "panel.csv")
			if _, stderr, code := cli(t, "", "panel", "genereren", "--out", panel, "--households", "400", "--years", "2020-2023", "--seed", "3"); code != 0 {
				t.Fatal(stderr)
			}
			out := filepath.Join(dir, "tabel.csv")
			if _, stderr, code := cli(t, "", "trend", "berekenen", "--panel", panel, "--db", dsn, "--out", out, "--min-cell", "5"); code != 0 {
				t.Fatalf("trend berekenen --db: exit %d: %s", code, stderr)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r, table, secTable := checkComputedRun(t, db, dir, panel, out)
			checkTrendReimport(t, db, dsn, out, r, table, secTable)
			checkTrendImportRefused(t, db, dsn, dir, table)
		})
	}
}

// checkComputedRun checks the run that trend berekenen --db stored and
// returns it, the table written to --out and the same with secondary
// suppression.
func checkComputedRun(t *testing.T, db *store.DB, dir, panel, out string) (indicator.TrendRun, []byte, []byte) {
	ctx := context.Background()
	runs, err := db.Trends().TrendRuns(ctx)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs = %+v, %v", runs, err)
	}
	r := runs[0]
	if r.Kind != "berekend" || r.Source != "panel.csv" || len(r.SourceSHA256) != 64 || r.MinCell != 5 || !strings.Contains(r.Norms, "built-in") ||
		len(r.Years) != 4 || len(r.Gemeenten) != 1 || r.Gemeenten[0] != "GM0014" {
		t.Errorf("run metadata = %+v", r)
	}
	table, _ := os.ReadFile(out)
	lines := strings.Count(string(table), "\n") - 1
	if r.Rows != lines {
		t.Errorf("stored %d rows, the CSV has %d", r.Rows, lines)
	}
	// --out follows the flag (none here: primary suppression only);
	// the database gets the table with secondary suppression, the
	// same as --secundair writes.
	if strings.Contains(string(table), ",,,,2\n") {
		t.Error("--out without --secundair has secondary suppressed rows")
	}
	secOut := filepath.Join(dir, "secundair.csv")
	if _, stderr, code := cli(t, "", "trend", "berekenen", "--panel", panel, "--out", secOut, "--min-cell", "5", "--secundair"); code != 0 {
		t.Fatalf("trend berekenen --secundair: exit %d: %s", code, stderr)
	}
	secTable, _ := os.ReadFile(secOut)
	if !strings.Contains(string(secTable), ",,,,2\n") {
		t.Fatal("this panel should need secondary suppression")
	}
	sameAsStored(t, db, secTable)
	vals, _ := db.Trends().TrendValues(ctx, indicator.TrendFilter{Indicator: "huishoudens_110", Level: "gemeente", Group: "totaal", Year: 2023})
	if len(vals) != 1 || vals[0].Den == nil || *vals[0].Den < 300 || vals[0].Suppressed {
		t.Errorf("gemeente 2023 = %+v", vals)
	}

	return r, table, secTable
}

// checkTrendReimport reads the table computed before in again.
func checkTrendReimport(t *testing.T, db *store.DB, dsn, out string, r indicator.TrendRun, table, secTable []byte) {
	ctx := context.Background()
	lines := strings.Count(string(table), "\n") - 1
	// Importing the same table again is a run of its own that replaces
	// the values of its years and gemeente: the count stays the same.
	// The table lacks secondary suppression: the import counts the
	// exposed sums, says so and closes them as the engine does.
	_, stderr, code := cli(t, "", "trend", "inlezen", "--db", dsn, out)
	if code != 0 || !strings.Contains(stderr, "sums exposed a suppressed cell; secondary suppression hid") || strings.Contains(stderr, ": 0 sums") {
		t.Fatalf("trend inlezen: exit %d: %s", code, stderr)
	}
	sameAsStored(t, db, secTable)
	runs, _ := db.Trends().TrendRuns(ctx)
	if len(runs) != 2 || runs[0].Kind != "ingelezen" || runs[0].Source != "tabel.csv" || runs[0].SourceSHA256 == r.SourceSHA256 {
		t.Errorf("after import: runs = %+v", runs)
	}
	all, _ := db.Trends().TrendValues(ctx, indicator.TrendFilter{})
	if len(all) != lines {
		t.Errorf("%d values after re-import, want %d", len(all), lines)
	}

}

// checkTrendImportRefused reads in tables that are refused whole.
func checkTrendImportRefused(t *testing.T, db *store.DB, dsn, dir string, table []byte) {
	ctx := context.Background()
	// A broken table is refused whole, naming file and line.
	bad := filepath.Join(dir, "kapot.csv")
	os.WriteFile(bad, []byte(strings.Replace(string(table), "huishoudens_120", "huishoudens_999", 1)), 0o644)
	_, stderr, code := cli(t, "", "trend", "inlezen", "--db", dsn, bad)
	if code == 0 || !strings.Contains(stderr, "kapot.csv:") {
		t.Errorf("bad table: exit %d, stderr %q", code, stderr)
	}
	if runs, _ := db.Trends().TrendRuns(ctx); len(runs) != 2 {
		t.Errorf("a refused import recorded a run: %d runs", len(runs))
	}

	// A table that lacks the counts to choose is refused, naming the
	// cells: two types are shown, and no row gives the households
	// with minors behind them.
	noCounts := filepath.Join(dir, "minderjarigen.csv")
	os.WriteFile(noCounts, []byte("indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt\n"+
		"minderjarigen_110,2023,gemeente,GM0014,totaal,4,70,5.714285714285714,0\n"+
		"minderjarigen_110,2023,gemeente,GM0014,type:alleenstaand,,,,1\n"+
		"minderjarigen_110,2023,gemeente,GM0014,type:eenouder,4,30,13.333333333333334,0\n"+
		"minderjarigen_110,2023,gemeente,GM0014,type:paar_met_kinderen,0,40,0,0\n"), 0o644)
	_, stderr, code = cli(t, "", "trend", "inlezen", "--db", dsn, noCounts)
	if code == 0 || !strings.Contains(stderr, "tabel geweigerd") || !strings.Contains(stderr, "1 sommen") ||
		!strings.Contains(stderr, "minderjarigen_110 2023 gemeente GM0014 type:eenouder\n  minderjarigen_110 2023 gemeente GM0014 type:paar_met_kinderen") {
		t.Errorf("table without counts: exit %d, stderr %q", code, stderr)
	}
	if runs, _ := db.Trends().TrendRuns(ctx); len(runs) != 2 {
		t.Errorf("a refused import recorded a run: %d runs", len(runs))
	}
}

// sameAsStored checks that the stored values are exactly the rows of a table
// file: numbers, and onderdrukt 0, 1 or 2.
func sameAsStored(t *testing.T, db *store.DB, table []byte) {
	t.Helper()
	vals, err := db.Trends().TrendValues(context.Background(), indicator.TrendFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, v := range vals {
		mark := "0"
		switch {
		case v.Secondary:
			mark = "2"
		case v.Suppressed:
			mark = "1"
		}
		num, den := "", ""
		if !v.Suppressed {
			num, den = fmt.Sprint(*v.Num), fmt.Sprint(*v.Den)
		}
		stored[strings.Join([]string{v.Indicator, fmt.Sprint(v.Period.Year), v.Area, v.Group, num, den, mark}, ",")] = true
	}
	lines := strings.Split(strings.TrimSpace(string(table)), "\n")[1:]
	for _, l := range lines {
		f := strings.Split(l, ",")
		// The stored values know the area, not its level (niveau, f[2]).
		key := strings.Join([]string{f[0], f[1], f[3], f[4], f[5], f[6], f[8]}, ",")
		if !stored[key] {
			t.Errorf("table row %q is not stored as such", l)
			return
		}
	}
	if len(lines) != len(vals) {
		t.Errorf("%d rows stored, the table has %d", len(vals), len(lines))
	}
}

func TestTrendComputeNeedsATarget(t *testing.T) {
	_, stderr, code := cli(t, "", "trend", "berekenen", "--panel", "x.csv")
	if code == 0 || !strings.Contains(stderr, "--out and --db") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
