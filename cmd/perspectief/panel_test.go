package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGeneratePanelCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "panel.csv")
	_, stderr, code := cli(t, "", "panel", "genereren", "--out", out, "--households", "200", "--years", "2019-2021", "--seed", "7")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "generated") {
		t.Errorf("the command does not say the data is synthetic: %q", stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]int{}
	for i, c := range recs[0] {
		cols[c] = i
	}
	for _, want := range []string{"jaar", "huishouden", "buurt", "type", "personen", "minderjarigen", "aow", "bron", "inkomen", "uitgesloten",
		"leeftijd", "opleiding", "participatiewet", "jeugdwet", "wmo"} {
		if _, ok := cols[want]; !ok {
			t.Errorf("column %q missing from header %v", want, recs[0])
		}
	}
	years := map[string]int{}
	for _, r := range recs[1:] {
		years[r[cols["jaar"]]]++
		if b := r[cols["buurt"]]; !strings.HasPrefix(b, "BU0014") || len(b) != 10 {
			t.Fatalf("buurt %q is not a Groningen buurt code", b)
		}
	}
	if len(years) != 3 || years["2021"] < 150 {
		t.Errorf("rows per year = %v; want 2019-2021 with about 200 households in 2021", years)
	}

	// The same seed gives the same file.
	again := filepath.Join(dir, "again.csv")
	if _, stderr, code := cli(t, "", "panel", "genereren", "--out", again, "--households", "200", "--years", "2019-2021", "--seed", "7"); code != 0 {
		t.Fatal(stderr)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(again)
	if string(a) != string(b) {
		t.Error("two runs with one seed differ")
	}

	// A bad argument leaves an existing file alone.
	if _, _, code := cli(t, "", "panel", "genereren", "--out", out, "--years", "2021-2019"); code == 0 {
		t.Error("reversed years accepted")
	}
	if _, _, code := cli(t, "", "panel", "genereren", "--out", filepath.Join(dir, "p.txt")); code == 0 {
		t.Error("unknown extension accepted")
	}
	if c, _ := os.ReadFile(out); string(c) != string(a) {
		t.Error("a failed run changed the existing output file")
	}

	// --v1 writes the columns of spec sections 1-5 only.
	v1 := filepath.Join(dir, "v1.csv")
	if _, stderr, code := cli(t, "", "panel", "genereren", "--out", v1, "--households", "200", "--years", "2019-2021", "--v1"); code != 0 {
		t.Fatal(stderr)
	}
	c, _ := os.ReadFile(v1)
	if header, _, _ := strings.Cut(string(c), "\n"); header != "jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten" {
		t.Errorf("--v1 header %q", header)
	}
}
