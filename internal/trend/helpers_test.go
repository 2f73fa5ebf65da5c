package trend_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/perspectief/perspectief/internal/trend"
)

// rowKey identifies a row of the indicator table.
type rowKey struct{ ind, year, level, area, group string }

// outRow is a table row as read from an output file, numbers kept as text.
type outRow struct{ num, den, val, suppressed string }

// readTableFile parses an output file with encoding/csv, independently of
// the package's own reader, and checks the header and the absence of a BOM.
func readTableFile(t *testing.T, path string) map[rowKey]outRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(string(data), "\ufeff") {
		t.Fatalf("%s starts with a BOM", path)
	}
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt" {
		t.Fatalf("header %q", got)
	}
	rows := map[rowKey]outRow{}
	for _, r := range recs[1:] {
		k := rowKey{r[0], r[1], r[2], r[3], r[4]}
		if _, dup := rows[k]; dup {
			t.Fatalf("duplicate row %v", k)
		}
		rows[k] = outRow{r[5], r[6], r[7], r[8]}
	}
	return rows
}

// levelOf derives the niveau from an area code's prefix.
func levelOf(area string) string {
	switch area[:2] {
	case "GM":
		return "gemeente"
	case "WK":
		return "wijk"
	}
	return "buurt"
}

var indicatorOrder = []string{
	"huishoudens_110", "huishoudens_120", "personen_110", "personen_120",
	"minderjarigen_110", "minderjarigen_120",
	"huishoudens_110_4jaar", "personen_110_4jaar", "minderjarigen_110_4jaar",
}

// indicatorOrderV2 adds the usage indicators of section 6.
var indicatorOrderV2 = append(indicatorOrder[:len(indicatorOrder):len(indicatorOrder)],
	"gebruik_participatiewet_110", "gebruik_jeugdwet_110", "gebruik_wmo_110")

// want is a block of hand-computed expectations: for every area and group
// listed, the nine indicators in the spec's order (twelve for a panel with
// the usage flags of section 6), each "teller/noemer",
// "S" (suppressed) or "-" (no row). Listing several areas or groups only
// saves repeating the same hand-computed numbers.
type want struct {
	year   int
	areas  string
	groups string
	vals   string
}

// expected is a wanted value: teller and noemer, or suppressed (by
// secondary suppression when secondary is set). hh is the number of
// households behind the denominator, which secondary suppression needs.
type expected struct {
	num, den   int64
	suppressed bool
	secondary  bool
	hh         int64
}

func expand(t *testing.T, ws []want) map[rowKey]expected {
	t.Helper()
	out := map[rowKey]expected{}
	for _, w := range ws {
		vals := strings.Fields(w.vals)
		order := indicatorOrder
		if len(vals) == len(indicatorOrderV2) {
			order = indicatorOrderV2
		} else if len(vals) != len(indicatorOrder) {
			t.Fatalf("want %+v: %d values", w, len(vals))
		}
		for _, area := range strings.Fields(w.areas) {
			for _, g := range strings.Fields(w.groups) {
				for i, v := range vals {
					if v == "-" {
						continue
					}
					k := rowKey{order[i], strconv.Itoa(w.year), levelOf(area), area, g}
					if _, dup := out[k]; dup {
						t.Fatalf("expectation %v given twice", k)
					}
					if v == "S" {
						out[k] = expected{suppressed: true}
						continue
					}
					num, den, ok := strings.Cut(v, "/")
					n, err1 := strconv.ParseInt(num, 10, 64)
					d, err2 := strconv.ParseInt(den, 10, 64)
					if !ok || err1 != nil || err2 != nil {
						t.Fatalf("bad value %q", v)
					}
					out[k] = expected{num: n, den: d}
				}
			}
		}
	}
	return out
}

// compareTable checks an output file against expectations as sets of rows;
// waarde is compared numerically with a relative tolerance of 1e-6.
func compareTable(t *testing.T, got map[rowKey]outRow, want map[rowKey]expected) {
	t.Helper()
	var keys []rowKey
	for k := range want {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) })
	for _, k := range keys {
		w := want[k]
		g, ok := got[k]
		if !ok {
			t.Errorf("missing row %v", k)
			continue
		}
		if w.suppressed {
			mark := "1"
			if w.secondary {
				mark = "2"
			}
			if g != (outRow{"", "", "", mark}) {
				t.Errorf("%v: got %+v, want onderdrukt=%s", k, g, mark)
			}
			continue
		}
		if g.suppressed != "0" || g.num != strconv.FormatInt(w.num, 10) || g.den != strconv.FormatInt(w.den, 10) {
			t.Errorf("%v: got %s/%s onderdrukt=%s, want %d/%d", k, g.num, g.den, g.suppressed, w.num, w.den)
			continue
		}
		if w.den == 0 {
			if g.val != "" {
				t.Errorf("%v: waarde %q with noemer 0", k, g.val)
			}
			continue
		}
		v, err := strconv.ParseFloat(g.val, 64)
		wv := 100 * float64(w.num) / float64(w.den)
		if err != nil || math.Abs(v-wv) > 1e-6*math.Abs(wv) {
			t.Errorf("%v: waarde %q, want %g", k, g.val, wv)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected row %v: %+v", k, got[k])
		}
	}
}

func keyLess(a, b rowKey) bool {
	if a.year != b.year {
		return a.year < b.year
	}
	if a.area != b.area {
		return a.area < b.area
	}
	if a.group != b.group {
		return a.group < b.group
	}
	return a.ind < b.ind
}

// computeFile runs Compute and writes the table as the command does.
func computeFile(t *testing.T, panel, norms string, k int, out string) (*trend.Result, error) {
	t.Helper()
	res, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, NormsPath: norms, MinCell: k})
	if err != nil {
		return nil, err
	}
	return res, trend.WriteCSV(out, res.Rows)
}

// panelRecord is a panel row for writing Parquet files in tests.
type panelRecord struct {
	Jaar          int64   `parquet:"jaar"`
	Huishouden    string  `parquet:"huishouden"`
	Buurt         string  `parquet:"buurt,dict"`
	Type          string  `parquet:"type,dict"`
	Personen      int32   `parquet:"personen"`
	Minderjarigen int32   `parquet:"minderjarigen"`
	AOW           bool    `parquet:"aow"`
	Bron          string  `parquet:"bron,dict"`
	Inkomen       float64 `parquet:"inkomen"`
	Uitgesloten   *string `parquet:"uitgesloten,optional"`
}

// writeParquet writes records with small row groups and pages so that the
// reader crosses both within one batch.
func writeParquet(t testing.TB, path string, recs []panelRecord) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[panelRecord](f, parquet.MaxRowsPerRowGroup(1000), parquet.PageBufferSize(4096))
	if _, err := w.Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// csvToParquet converts a valid panel CSV (parsed with encoding/csv) to
// Parquet, an empty uitgesloten becoming null.
func csvToParquet(t *testing.T, csvPath, pqPath string) {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	atoi := func(s string) int64 {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var out []panelRecord
	for _, r := range recs[1:] {
		inc, err := strconv.ParseFloat(r[col["inkomen"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		p := panelRecord{
			Jaar: atoi(r[col["jaar"]]), Huishouden: r[col["huishouden"]], Buurt: r[col["buurt"]],
			Type: r[col["type"]], Personen: int32(atoi(r[col["personen"]])),
			Minderjarigen: int32(atoi(r[col["minderjarigen"]])), AOW: r[col["aow"]] == "1",
			Bron: r[col["bron"]], Inkomen: inc,
		}
		if u := r[col["uitgesloten"]]; u != "" {
			p.Uitgesloten = &u
		}
		out = append(out, p)
	}
	writeParquet(t, pqPath, out)
}

func testdata(name string) string { return filepath.Join("testdata", name) }
