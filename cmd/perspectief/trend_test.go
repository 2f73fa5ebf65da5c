package main

import (
	"context"
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
			if _, stderr, code := cli(t, "", "generate", "panel", "--out", panel, "--households", "400", "--years", "2020-2023", "--seed", "3"); code != 0 {
				t.Fatal(stderr)
			}
			out := filepath.Join(dir, "tabel.csv")
			if _, stderr, code := cli(t, "", "trend", "compute", "--panel", panel, "--db", dsn, "--out", out, "--min-cell", "5"); code != 0 {
				t.Fatalf("trend compute --db: exit %d: %s", code, stderr)
			}
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			runs, err := db.TrendRuns(ctx)
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
			vals, _ := db.TrendValues(ctx, indicator.TrendFilter{Indicator: "huishoudens_110", Level: "gemeente", Group: "totaal", Year: 2023})
			if len(vals) != 1 || vals[0].Den == nil || *vals[0].Den < 300 || vals[0].Suppressed {
				t.Errorf("gemeente 2023 = %+v", vals)
			}

			// Importing the same table again is a run of its own that replaces
			// the values of its years and gemeente: the count stays the same.
			if _, stderr, code := cli(t, "", "trend", "import", "--db", dsn, out); code != 0 {
				t.Fatalf("trend import: exit %d: %s", code, stderr)
			}
			runs, _ = db.TrendRuns(ctx)
			if len(runs) != 2 || runs[0].Kind != "ingelezen" || runs[0].Source != "tabel.csv" || runs[0].SourceSHA256 == r.SourceSHA256 {
				t.Errorf("after import: runs = %+v", runs)
			}
			all, _ := db.TrendValues(ctx, indicator.TrendFilter{})
			if len(all) != lines {
				t.Errorf("%d values after re-import, want %d", len(all), lines)
			}

			// A broken table is refused whole, naming file and line.
			bad := filepath.Join(dir, "kapot.csv")
			os.WriteFile(bad, []byte(strings.Replace(string(table), "huishoudens_120", "huishoudens_999", 1)), 0o644)
			_, stderr, code := cli(t, "", "trend", "import", "--db", dsn, bad)
			if code == 0 || !strings.Contains(stderr, "kapot.csv:") {
				t.Errorf("bad table: exit %d, stderr %q", code, stderr)
			}
			if runs, _ := db.TrendRuns(ctx); len(runs) != 2 {
				t.Errorf("a refused import recorded a run: %d runs", len(runs))
			}
		})
	}
}

func TestTrendComputeNeedsATarget(t *testing.T) {
	_, stderr, code := cli(t, "", "trend", "compute", "--panel", "x.csv")
	if code == 0 || !strings.Contains(stderr, "--out and --db") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
