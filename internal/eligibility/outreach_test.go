package eligibility

import (
	"fmt"
	"github.com/xuri/excelize/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOutreach(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	norm, _ := DefaultNorm(2025, "alleenstaand", false, 0)
	var b strings.Builder
	b.WriteString(panelHeader + "\n")
	// Stadjerspas: entitled up to 120% of the social minimum.
	for i, pct := range []float64{90, 105, 115, 125, 110, 95} {
		fmt.Fprintf(&b, "2025,h%d,BU001401%02d,alleenstaand,1,0,0,werk,%.2f,\n", i, i, pct/100*norm)
	}
	b.WriteString("2025,hs,BU00140100,alleenstaand,1,0,0,werk,1,student\n") // outside the population
	b.WriteString("2024,old,BU00140100,alleenstaand,1,0,0,werk,1,\n")       // not the latest year
	p, err := set.ReadPanel("p.csv", strings.NewReader(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	u := Usage{"stadjerspas": {"h4": true}}
	day := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

	ids := func(rows []OutreachRow) string {
		var s []string
		for _, r := range rows {
			s = append(s, r.ID)
		}
		return strings.Join(s, " ")
	}
	rows, err := set.Outreach(p, u, "stadjerspas", day, OutreachFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(rows); got != "h0 h1 h2 h5" {
		t.Errorf("no filter: %q", got)
	}
	if rows[1].Buurt != "BU00140101" || !rows[1].Known || rows[1].Pct < 104.99 || rows[1].Pct > 105.01 {
		t.Errorf("row h1: %+v", rows[1])
	}
	van, tot := 100.0, 130.0
	rows, err = set.Outreach(p, u, "stadjerspas", day, OutreachFilter{Van: &van, Tot: &tot})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(rows); got != "h1 h2" {
		t.Errorf("100..130: %q", got)
	}
	rows, _ = set.Outreach(p, u, "stadjerspas", day, OutreachFilter{Tot: &van})
	if got := ids(rows); got != "h0 h5" {
		t.Errorf("..100: %q", got)
	}
	if _, err := set.Outreach(p, u, "stadjerspasje", day, OutreachFilter{}); err == nil || !strings.Contains(err.Error(), "onbekende regeling") {
		t.Errorf("unknown scheme: %v", err)
	}
	if _, err := set.Outreach(p, u, "stadjerspas", day, OutreachFilter{Van: &tot, Tot: &van}); err == nil {
		t.Error("van > tot accepted")
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "lijst.csv")
	if err := os.WriteFile(path, []byte("oud\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rows, _ = set.Outreach(p, u, "stadjerspas", day, OutreachFilter{})
	if err := WriteOutreachFile(path, rows, func() error { return fmt.Errorf("audit kapot") }); err == nil {
		t.Error("failing commit: no error")
	}
	if data, _ := os.ReadFile(path); string(data) != "oud\n" {
		t.Errorf("failed export changed the file: %q", data)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary file left behind: %v", ents)
	}
	if err := WriteOutreachFile(path, rows, nil); err != nil {
		t.Fatal(err)
	}
	want := "huishouden,buurt\nh0,BU00140100\nh1,BU00140101\nh2,BU00140102\nh5,BU00140105\n"
	if data, _ := os.ReadFile(path); string(data) != want {
		t.Errorf("file = %q", data)
	}

	// The same list as a workbook when the name ends in .xlsx.
	xpath := filepath.Join(dir, "lijst.xlsx")
	if err := WriteOutreachFile(xpath, rows, nil); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenFile(xpath)
	if err != nil {
		t.Fatalf("the .xlsx list does not open as a workbook: %v", err)
	}
	defer wb.Close()
	got, err := wb.GetRows("uitnodigen")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got {
		lines = append(lines, strings.Join(r, ","))
	}
	if s := strings.Join(lines, "\n") + "\n"; s != want {
		t.Errorf("workbook rows = %q, want %q", s, want)
	}
}
