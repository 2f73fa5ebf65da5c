package norms_test

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/norms"
)

// TestDefaultMatchesDerivation keeps default.csv reproducible: it must be
// exactly what the derivation makes of the source facts kept in source/.
func TestDefaultMatchesDerivation(t *testing.T) {
	src, err := os.ReadFile("source/bijstandsnormen.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := norms.Derive(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, norms.DefaultCSV()) {
		t.Fatalf("default.csv is stale; run go generate ./internal/norms\nderived:\n%s", got)
	}
}

// The expected amounts are worked out by hand from the source rows, so a
// change in the derivation cannot silently rewrite them.
func TestDefaultSpotChecks(t *testing.T) {
	tab := norms.Default()
	cases := []struct {
		year int
		cat  norms.Category
		want float64
		how  string
	}{
		{2015, norms.Alleenstaand, 11540.76, "6*960.83 + 6*962.63"},
		{2015, norms.Eenouder, 14340.76, "6*960.83 + 6*962.63 + ALO-kop 2800"},
		{2015, norms.PerKind, 2059.95, "KB 4*232.71 (2015-01 carried back) + KGB 1032 + (4*231+2*412)/18 = 97.11"},
		{2017, norms.AlleenstaandAOW, 13275.72, "6*1104.14 + 6*1108.48"},
		{2019, norms.PerKind, 2291.60, "KB 2*243.57 (2019-01 carried from 2017-07) + 2*268.95 + KGB 1166 + (4*239+2*427)/18 = 100.56"},
		{2024, norms.Alleenstaand, 15553.68, "6*1283.83 + 6*1308.45"},
		{2024, norms.Paar, 22219.50, "6*1834.04 + 6*1869.21"},
		{2024, norms.AlleenstaandAOW, 17295.66, "6*1425.76 + 6*1456.85"},
		{2024, norms.PaarAOW, 23453.76, "6*1932.32 + 6*1976.64"},
		{2024, norms.Eenouder, 19033.68, "15553.68 + ALO-kop 3480"},
		{2024, norms.PerKind, 4055.75, "KB 2*339.38 + 2*342.05 + KGB 2436 + (4*694+2*924)/18 = 256.89"},
		{2026, norms.Paar, 24179.52, "6*2002.13 + 6*2027.79"},
	}
	for _, c := range cases {
		got, ok := tab.Amount(c.year, c.cat)
		if !ok || got != c.want {
			t.Errorf("%d %s = %v (ok %v), want %v (%s)", c.year, c.cat, got, ok, c.want, c.how)
		}
	}
}

func TestDefaultComplete(t *testing.T) {
	tab := norms.Default()
	first, last := tab.Years()
	if first > 2015 || last < 2026 {
		t.Fatalf("years %d-%d, want at least 2015-2026", first, last)
	}
	lines := strings.Split(strings.TrimSpace(string(norms.DefaultCSV())), "\n")
	if lines[0] != "jaar,categorie,bedrag" {
		t.Fatalf("header %q", lines[0])
	}
	if want := 1 + (last-first+1)*len(norms.Categories); len(lines) != want {
		t.Fatalf("%d lines, want %d", len(lines), want)
	}
	for y := first; y <= last; y++ {
		if !tab.Complete(y) {
			t.Errorf("year %d incomplete", y)
		}
		for _, c := range norms.Categories {
			if v, _ := tab.Amount(y, c); !(v > 0) {
				t.Errorf("%d %s = %v", y, c, v)
			}
		}
		// The law sets the single norm at 70% of the couple norm (both incl.
		// holiday allowance); a slip in the source would show here.
		a, _ := tab.Amount(y, norms.Alleenstaand)
		p, _ := tab.Amount(y, norms.Paar)
		if math.Abs(a/p-0.7) > 1e-5 {
			t.Errorf("%d: alleenstaand/paar = %.6f, want 0.70", y, a/p)
		}
		if y > first {
			prev, _ := tab.Amount(y-1, norms.Alleenstaand)
			if a <= prev {
				t.Errorf("%d: alleenstaand %v not above %d's %v", y, a, y-1, prev)
			}
		}
	}
	if norms.Source() == "" || strings.Contains(norms.Source(), "\n") {
		t.Errorf("Source() must be one non-empty line: %q", norms.Source())
	}
}

func TestNorm(t *testing.T) {
	tab := norms.Default()
	cases := []struct {
		typ    string
		aow    bool
		minors int
		want   float64
	}{
		{"alleenstaand", false, 0, 15553.68},
		{"alleenstaand", false, 1, 15553.68 + 4055.75},
		{"eenouder", false, 2, 19033.68 + 2*4055.75},
		{"eenouder", true, 0, 17295.66},
		{"paar_zonder_kinderen", false, 0, 22219.50},
		{"paar_met_kinderen", false, 3, 22219.50 + 3*4055.75},
		{"overig", false, 0, 22219.50},
		{"overig", true, 1, 23453.76 + 4055.75},
		{"alleenstaand", true, 0, 17295.66},
	}
	for _, c := range cases {
		got, ok := tab.Norm(2024, c.typ, c.aow, c.minors)
		if !ok || got != c.want {
			t.Errorf("Norm(2024, %s, %v, %d) = %v, want %v", c.typ, c.aow, c.minors, got, c.want)
		}
	}
	if _, ok := tab.Norm(2014, "alleenstaand", false, 0); ok {
		t.Error("Norm(2014) ok, want no norms before 2015")
	}
}

func TestParseRejects(t *testing.T) {
	bad := map[string]string{
		"missing column": "jaar,categorie\n2020,paar\n",
		"unknown cat":    "jaar,categorie,bedrag\n2020,kind,1\n",
		"zero amount":    "jaar,categorie,bedrag\n2020,paar,0\n",
		"duplicate":      "jaar,categorie,bedrag\n2020,paar,1\n2020,paar,2\n",
		"bad year":       "jaar,categorie,bedrag\nx,paar,1\n",
	}
	for name, in := range bad {
		if _, err := norms.Parse(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	tab, err := norms.Parse(strings.NewReader("\ufeffbedrag,jaar,categorie\n1.5,2020,paar\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := tab.Amount(2020, norms.Paar); !ok || v != 1.5 {
		t.Errorf("got %v %v", v, ok)
	}
}
