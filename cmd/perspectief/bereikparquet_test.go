package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/perspectief/perspectief/internal/eligibility"
)

type pqRow struct {
	Jaar          int64   `parquet:"jaar"`
	Huishouden    string  `parquet:"huishouden"`
	Buurt         string  `parquet:"buurt"`
	Type          string  `parquet:"type"`
	Personen      int64   `parquet:"personen"`
	Minderjarigen int64   `parquet:"minderjarigen"`
	AOW           int32   `parquet:"aow"`
	Bron          string  `parquet:"bron"`
	Inkomen       float64 `parquet:"inkomen"`
	Uitgesloten   string  `parquet:"uitgesloten"`
}

// TestRegelingenParquetPanel runs bereik and uitnodigen on the same panel
// as CSV and as Parquet; the outputs must be the same.
func TestRegelingenParquetPanel(t *testing.T) {
	dir := t.TempDir()
	norm, _ := eligibility.DefaultNorm(2025, "alleenstaand", false, 0)
	pcts := []float64{90, 105, 115, 125, 128, 101, 80, 119}
	var rows []pqRow
	for i, p := range pcts {
		rows = append(rows, pqRow{Jaar: 2025, Huishouden: fmt.Sprintf("pseudo%02d", i), Buurt: fmt.Sprintf("BU001401%02d", i%3),
			Type: "alleenstaand", Personen: 1, Bron: "werk", Inkomen: float64(int(p/100*norm*100)) / 100})
	}
	csvPanel := filepath.Join(dir, "panel.csv")
	var b strings.Builder
	b.WriteString("jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%d,%s,%s,%s,%d,%d,%d,%s,%v,%s\n", r.Jaar, r.Huishouden, r.Buurt, r.Type, r.Personen, r.Minderjarigen, r.AOW, r.Bron, r.Inkomen, r.Uitgesloten)
	}
	if err := os.WriteFile(csvPanel, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	pqPanel := filepath.Join(dir, "panel.parquet")
	if err := parquet.WriteFile(pqPanel, rows); err != nil {
		t.Fatal(err)
	}
	gebruik := filepath.Join(dir, "gebruik.csv")
	if err := os.WriteFile(gebruik, []byte("jaar,huishouden,regeling\n2025,pseudo01,stadjerspas\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := filepath.Join(dir, "p.db")
	if _, stderr, code := cli(t, "een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", "beheerder", "--email", "b@gemeente.nl"); code != 0 {
		t.Fatal(stderr)
	}
	tok := tokenFor(t, dsn, "b@gemeente.nl")
	outputs := map[string][2]string{}
	for _, panel := range []string{csvPanel, pqPanel} {
		out := filepath.Join(dir, filepath.Base(panel)+".bereik.csv")
		if stdout, stderr, code := cli(t, "", "regelingen", "bereik-berekenen", "--panel", panel, "--gebruik", gebruik, "--out", out, "--min-cell", "1"); code != 0 {
			t.Fatalf("bereik %s: exit %d\n%s%s", panel, code, stdout, stderr)
		}
		lijst := filepath.Join(dir, filepath.Base(panel)+".lijst.csv")
		if stdout, stderr, code := cli(t, "", "regelingen", "uitnodigen", "--db", dsn, "--email", "b@gemeente.nl", "--token", tok, "--panel", panel,
			"--gebruik", gebruik, "--regeling", "stadjerspas", "--out", lijst, "--van", "100"); code != 0 {
			t.Fatalf("uitnodigen %s: exit %d\n%s%s", panel, code, stdout, stderr)
		}
		a, _ := os.ReadFile(out)
		l, _ := os.ReadFile(lijst)
		outputs[filepath.Ext(panel)] = [2]string{string(a), string(l)}
	}
	if outputs[".csv"] != outputs[".parquet"] {
		t.Errorf("CSV and Parquet panels give different results:\n%q\n%q", outputs[".csv"], outputs[".parquet"])
	}
	if want := "huishouden,buurt\npseudo02,BU00140102\npseudo05,BU00140102\npseudo07,BU00140101\n"; outputs[".parquet"][1] != want {
		t.Errorf("list = %q, want %q", outputs[".parquet"][1], want)
	}
}
