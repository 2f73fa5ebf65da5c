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
			_, stderr, code := cli(t, "", "indicatoren", "inlezen", "--db", dsn, good)
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
			_, stderr, code = cli(t, "", "indicatoren", "inlezen", "--db", dsn, bad)
			if code != 1 || !strings.Contains(stderr, "fout.csv:3: periode:") || !strings.Contains(stderr, "geweigerd") {
				t.Fatalf("bad file: exit %d\n%s", code, stderr)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			vals, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(context.Background(), indicator.ValueFilter{Indicator: "moeite_met_rondkomen"})
			if len(vals) != 16 {
				t.Errorf("%d values stored, want 16: the refused file must change nothing", len(vals))
			}
			if _, _, code := cli(t, "", "indicatoren", "inlezen", "--db", dsn); code == 0 {
				t.Error("import without a file succeeded")
			}
		})
	}
}

func TestIndicatorenKaart(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsnFor(t)
			dir := t.TempDir()
			bad := filepath.Join(dir, "fout.geojson")
			src := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"wijkcode":"WK001401"},"geometry":{"type":"Polygon","coordinates":[[[6.5,53.2],[6.6,53.2],[6.6,53.3],[6.5,53.2]]]}},
{"type":"Feature","properties":{"wijkcode":"Selwerd"},"geometry":{"type":"Polygon","coordinates":[[[6.5,53.2],[6.6,53.2],[6.6,53.3],[6.5,53.2]]]}}]}`
			if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := cli(t, "", "indicatoren", "kaart-inlezen", "--db", dsn, bad)
			if code != 1 || !strings.Contains(stderr, `fout.geojson: features[1].properties.wijkcode: "Selwerd" is geen CBS-code`) || !strings.Contains(stderr, "geweigerd") {
				t.Fatalf("bad file: exit %d\n%s", code, stderr)
			}
			good := filepath.Join(dir, "wijken.geojson")
			if err := os.WriteFile(good, indicator.WijkenGeoJSON(), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code = cli(t, "", "indicatoren", "kaart-inlezen", "--db", dsn, good)
			if code != 0 || !strings.Contains(stderr, "Stored the outlines of 20 wijken and 0 buurten from wijken.geojson") {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			shapes, _ := db.Shapes().Shapes(context.Background(), "wijk", "GM0014")
			if len(shapes) != 20 || shapes[1].Code != "WK001401" || shapes[1].Name != "Oud-Zuid" {
				t.Errorf("stored %d shapes: %+v", len(shapes), shapes[:min(2, len(shapes))])
			}
		})
	}
}

// TestIndicatorenImportRetired: the command line refuses values of a
// retired indicator as the pages and the API do, and stores nothing.
func TestIndicatorenImportRetired(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dsn := dsnFor(t)
			dir := t.TempDir()
			good := filepath.Join(dir, "moeite.csv")
			if err := os.WriteFile(good, indicator.MoeiteMetRondkomenCSV(), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, stderr, code := cli(t, "", "indicatoren", "inlezen", "--db", dsn, good); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			s := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
			if _, err := s.RetireIndicator(ctx, cliUser, "moeite_met_rondkomen", "Vervangen door een nieuwe meting"); err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(dir, "nieuw.csv")
			src := strings.Join(indicator.CSVHeader, ",") + "\n" +
				"o3_vroegsignalen,2031-Q1,GM0014,totaal,3,,,,Eigen registratie,\n" +
				"moeite_met_rondkomen,2031,GM0014,totaal,5,,,,OIS,\n"
			if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := cli(t, "", "indicatoren", "inlezen", "--db", dsn, bad)
			if code != 1 || !strings.Contains(stderr, "nieuw.csv:3: indicator: ‘Volwassenen die moeite hebben met rondkomen’ (moeite_met_rondkomen) is vervallen en neemt geen nieuwe waarden aan") {
				t.Fatalf("retired indicator: exit %d\n%s", code, stderr)
			}
			for ind, want := range map[string]int{"moeite_met_rondkomen": 16, "o3_vroegsignalen": 0} {
				vals, err := db.Indicators().StoredValues(ctx, indicator.ValueFilter{Indicator: ind})
				if err != nil || len(vals) != want {
					t.Errorf("%s: %d values stored (%v), want %d", ind, len(vals), err, want)
				}
			}
		})
	}
}
