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
	read := func(path string) (*Panel, error) { return readParquetFile(t, set, path) }
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

// pqExtraRow has extra fact columns of each kind the reader handles:
// an optional int, an optional bool stored as INT32 and one as BOOLEAN.
type pqExtraRow struct {
	Jaar          int32    `parquet:"jaar"`
	Huishouden    string   `parquet:"huishouden"`
	Buurt         string   `parquet:"buurt"`
	Type          string   `parquet:"type"`
	Personen      int32    `parquet:"personen"`
	Minderjarigen int32    `parquet:"minderjarigen"`
	AOW           int32    `parquet:"aow"`
	Bron          string   `parquet:"bron"`
	Inkomen       *float64 `parquet:"inkomen,optional"`
	Uitgesloten   string   `parquet:"uitgesloten"`
	Leeftijd      *int32   `parquet:"leeftijd_hoofd,optional"`
	Zorg          *int32   `parquet:"zorgindicatie,optional"`
	Kind          *bool    `parquet:"kind_4_17,optional"`
}

// TestReadPanelParquetProblems checks the extra columns' values, nulls as
// unknown, and that each bad value is named by row and column.
func TestReadPanelParquetProblems(t *testing.T) {
	set := MustDefault()
	i32 := func(v int32) *int32 { return &v }
	f64 := func(v float64) *float64 { return &v }
	yes := true
	good := func() []pqExtraRow {
		return []pqExtraRow{
			{Jaar: 2025, Huishouden: "a", Buurt: "BU00140100", Type: "eenouder", Personen: 2, Minderjarigen: 1, Bron: "werk", Inkomen: f64(1000), Leeftijd: i32(40), Zorg: i32(1), Kind: &yes},
			{Jaar: 2025, Huishouden: "b", Buurt: "BU00140100", Type: "alleenstaand", Personen: 1, Bron: "werk", Inkomen: f64(2000)},
		}
	}
	write := func(rows []pqExtraRow) string { return writeParquet(t, rows) }
	read := func(path string) (*Panel, error) { return readParquetFile(t, set, path) }
	p, err := read(write(good()))
	if err != nil {
		t.Fatal(err)
	}
	a, b := p.Households[0].Facts, p.Households[1].Facts
	if v := a[set.Slot("leeftijd_hoofd")]; v.Number() != 40 || !a[set.Slot("zorgindicatie")].Truth() || !a[set.Slot("kind_4_17")].Truth() {
		t.Errorf("household a: leeftijd %v, zorg %v, kind %v", v, a[set.Slot("zorgindicatie")], a[set.Slot("kind_4_17")])
	}
	for _, f := range []string{"leeftijd_hoofd", "zorgindicatie", "kind_4_17"} {
		if b[set.Slot(f)].Known() {
			t.Errorf("household b: a null %s should be unknown", f)
		}
	}
	if k, ok := p.Lookup("b"); !ok || k != 1 {
		t.Errorf("Lookup(b) = %d, %v", k, ok)
	}

	tests := []struct {
		change func(r []pqExtraRow)
		want   string
	}{
		{func(r []pqExtraRow) { r[1].Zorg = i32(2) }, `p.parquet:3: zorgindicatie: "2" is geen ja/nee`},
		{func(r []pqExtraRow) { r[0].Leeftijd = i32(200) }, "p.parquet:2: leeftijd_hoofd: 200 valt buiten het toegestane bereik"},
		{func(r []pqExtraRow) { r[1].Inkomen = nil }, "p.parquet:3: inkomen: waarde ontbreekt (null)"},
		{func(r []pqExtraRow) { r[1].Huishouden = "a" }, `p.parquet:3: huishouden: huishouden "a" staat twee keer in 2025`},
		{func(r []pqExtraRow) { r[1].Minderjarigen = 1 }, "p.parquet:3: minderjarigen:"},
		{func(r []pqExtraRow) { r[0].Type = "gezin" }, `p.parquet:2: type: onbekend type "gezin"`},
		// A problem in an earlier column of the same row comes first.
		{func(r []pqExtraRow) { r[1].Type = "gezin"; r[1].Inkomen = nil }, "p.parquet:3: type:"},
	}
	for _, tt := range tests {
		rows := good()
		tt.change(rows)
		if _, err := read(write(rows)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %s", err, tt.want)
		}
	}

	// A fact column of the wrong type is refused at once.
	type wrong struct {
		Jaar          int32   `parquet:"jaar"`
		Huishouden    string  `parquet:"huishouden"`
		Buurt         string  `parquet:"buurt"`
		Type          string  `parquet:"type"`
		Personen      int32   `parquet:"personen"`
		Minderjarigen int32   `parquet:"minderjarigen"`
		AOW           int32   `parquet:"aow"`
		Bron          string  `parquet:"bron"`
		Inkomen       float64 `parquet:"inkomen"`
		Uitgesloten   string  `parquet:"uitgesloten"`
		Leeftijd      float64 `parquet:"leeftijd_hoofd"`
	}
	_, err = read(writeParquet(t, []wrong{{Jaar: 2025, Huishouden: "a", Buurt: "BU00140100", Type: "alleenstaand", Personen: 1, Bron: "werk", Leeftijd: 40}}))
	if err == nil || !strings.Contains(err.Error(), "p.parquet:1: leeftijd_hoofd: kolomtype niet bruikbaar (wrong type DOUBLE, want INT32 or INT64)") {
		t.Errorf("wrong type: %v", err)
	}
}

func writeParquet[T any](t *testing.T, rows []T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.parquet")
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	return path
}

func readParquetFile(t *testing.T, set *Set, path string) (*Panel, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	return set.ReadPanelParquet(path, f, st.Size(), nil, nil)
}
