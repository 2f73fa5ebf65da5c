package eligibility

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type pqPanelRow struct {
	Jaar          int32    `parquet:"jaar"`
	Huishouden    string   `parquet:"huishouden"`
	Buurt         string   `parquet:"buurt,dict"`
	Type          string   `parquet:"type,dict"`
	Personen      int64    `parquet:"personen"`
	Minderjarigen int32    `parquet:"minderjarigen"`
	AOW           bool     `parquet:"aow"`
	Bron          string   `parquet:"bron,dict"`
	Inkomen       float64  `parquet:"inkomen"`
	Uitgesloten   *string  `parquet:"uitgesloten,optional"`
	Vermogen      *float64 `parquet:"vermogen,optional"`
}

func TestReadPanelParquet(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	student := "student"
	var rows []pqPanelRow
	var csvb strings.Builder
	csvb.WriteString(panelHeader + ",vermogen\n")
	for i := range 30 {
		r := pqPanelRow{Jaar: int32(2024 + i%2), Huishouden: fmt.Sprintf("h%d", i), Buurt: fmt.Sprintf("BU001401%02d", i%4),
			Type: "eenouder", Personen: 3, Minderjarigen: int32(i % 3), AOW: i%7 == 0, Bron: "werk", Inkomen: 1000.25 + float64(i)*100}
		aow, excl, verm := "0", "", ""
		if r.AOW {
			aow = "1"
		}
		if i%5 == 0 {
			r.Uitgesloten, excl = &student, student
		}
		if i%3 == 0 {
			v := float64(i * 1000)
			r.Vermogen, verm = &v, fmt.Sprint(v)
		}
		rows = append(rows, r)
		fmt.Fprintf(&csvb, "%d,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s\n", r.Jaar, r.Huishouden, r.Buurt, r.Type, r.Personen, r.Minderjarigen,
			aow, r.Bron, fmt.Sprint(r.Inkomen), excl, verm)
	}
	path := filepath.Join(t.TempDir(), "panel.parquet")
	if err := parquet.WriteFile(path, rows, parquet.MaxRowsPerRowGroup(7)); err != nil {
		t.Fatal(err)
	}
	read := func(path string) (*Panel, error) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		return set.ReadPanelParquet(path, f, st.Size(), nil, nil)
	}
	got, err := read(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := set.ReadPanel(path, strings.NewReader(csvb.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Households) == 0 || got.Year != 2025 {
		t.Fatalf("parquet panel: year %d, %d households", got.Year, len(got.Households))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parquet and CSV panels differ:\n%+v\n%+v", got, want)
	}

	// The CSV checks apply: a bad buurt names its row.
	rows[3].Buurt = "BU123"
	bad := filepath.Join(t.TempDir(), "bad.parquet")
	if err := parquet.WriteFile(bad, rows); err != nil {
		t.Fatal(err)
	}
	if _, err := read(bad); err == nil || !strings.Contains(err.Error(), ":5: buurt:") {
		t.Errorf("bad buurt: %v", err)
	}
	if err := os.WriteFile(bad, []byte("geen parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := read(bad); err == nil || !strings.Contains(err.Error(), "Parquet") {
		t.Errorf("not parquet: %v", err)
	}
}
