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

func TestIndicatorenImport(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsnFor(t)
			dir := t.TempDir()
			good := filepath.Join(dir, "moeite.csv")
			if err := os.WriteFile(good, indicator.MoeiteMetRondkomenCSV(), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := cli(t, "", "indicatoren", "import", "--db", dsn, good)
			if code != 0 || !strings.Contains(stderr, "Stored 16 values of 1 indicator(s) from moeite.csv") || !strings.Contains(stderr, "built-in register") {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			bad := filepath.Join(dir, "fout.csv")
			src := strings.Join(indicator.CSVHeader, ",") + "\n" +
				"moeite_met_rondkomen,2020,GM0014,totaal,5,,,,OIS,\n" +
				"moeite_met_rondkomen,2020-T9,GM0014,totaal,5,,,,OIS,\n"
			if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code = cli(t, "", "indicatoren", "import", "--db", dsn, bad)
			if code != 1 || !strings.Contains(stderr, "fout.csv:3: periode:") || !strings.Contains(stderr, "geweigerd") {
				t.Fatalf("bad file: exit %d\n%s", code, stderr)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			vals, _ := db.Values(context.Background(), indicator.ValueFilter{Indicator: "moeite_met_rondkomen"})
			if len(vals) != 16 {
				t.Errorf("%d values stored, want 16: the refused file must change nothing", len(vals))
			}
			if _, _, code := cli(t, "", "indicatoren", "import", "--db", dsn); code == 0 {
				t.Error("import without a file succeeded")
			}
		})
	}
}
