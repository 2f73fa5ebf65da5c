package trend_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/trend"
)

// allYearsNorms covers every year the panel may have, so that fuzzed panels
// are judged on their own rows.
var allYearsNorms = func() trend.Norms {
	var years []int
	for y := 1990; y <= 2100; y++ {
		years = append(years, y)
	}
	n, err := trend.ReadNorms("norms.csv", strings.NewReader(normsCSV(years...)))
	if err != nil {
		panic(err)
	}
	return n
}()

func addSeeds(f *testing.F, names ...string) {
	for _, name := range names {
		b, err := os.ReadFile(testdata(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzReadPanelCSV(f *testing.F) {
	addSeeds(f, "basic.csv", "durations.csv", "areas.csv", "suppression.csv", "v2groups.csv", "v2suppression.csv")
	for _, tc := range slices.Concat(badCSVCases, badCSVV2Cases) {
		f.Add([]byte(tc.panel))
	}
	f.Add([]byte(headerV2 + goodRowV2 + rowV2(cHuishouden, "h2", cOpleiding, "", cLeeftijd, "065", cWmo, "-0")))
	f.Add([]byte("\ufeff" + header + "2019,\"h\"\"1\",BU00140100,eenouder,2,1,1,uitkering,0.5,\" \"\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "panel.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := trend.Compute(context.Background(), trend.Options{PanelPath: path, Norms: &allYearsNorms, MinCell: 1, Workers: 2})
		if err != nil {
			var ie *trend.InputError
			if !errors.As(err, &ie) || ie.File != path || ie.Line < 1 || ie.Row != 0 || ie.Column == "" || ie.Reason == "" {
				t.Fatalf("error %#v (%v) is not a CSV input error", err, err)
			}
			return
		}
		// An accepted panel must read the same with encoding/csv and give
		// the reference's table.
		rows, cols, ok := parseWithStdlib(t, data)
		if !ok {
			t.Fatalf("accepted, but encoding/csv or the value checks reject it")
		}
		if res.PanelRows != int64(len(rows)) {
			t.Fatalf("read %d rows, encoding/csv %d", res.PanelRows, len(rows))
		}
		norms := refNorms{}
		for y := 1990; y <= 2100; y++ {
			norms[y] = map[string]float64{}
			for _, c := range refCategories {
				norms[y][c] = 10000
			}
		}
		if len(rows) > 0 {
			compareTable(t, tableOf(res.Rows), reference(rows, norms, 1, cols))
		}
		roundTrip(t, res.Rows)
	})
}

// parseWithStdlib reads a panel with encoding/csv and the value grammar of
// the spec, written here without the package's code; cols are the optional
// columns of section 6 the panel has.
func parseWithStdlib(t *testing.T, data []byte) ([]refRow, []string, bool) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, nil, false
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var cols []string
	for _, c := range optionalCols {
		if _, ok := col[c]; ok {
			cols = append(cols, c)
		}
	}
	var rows []refRow
	for _, rec := range recs[1:] {
		if len(rec) != len(recs[0]) {
			return nil, nil, false
		}
		get := func(c string) string { return rec[col[c]] }
		atoi := func(c string) int {
			v, err := strconv.Atoi(get(c))
			if err != nil || strings.HasPrefix(get(c), "+") {
				t.Fatalf("accepted %s %q", c, get(c))
			}
			return v
		}
		inc, err := strconv.ParseFloat(get("inkomen"), 64)
		if err != nil {
			t.Fatalf("accepted inkomen %q", get("inkomen"))
		}
		r := refRow{year: atoi("jaar"), hh: get("huishouden"), buurt: get("buurt"), typ: get("type"),
			pers: atoi("personen"), minors: atoi("minderjarigen"), aow: atoi("aow"), bron: get("bron"),
			income: inc, excluded: get("uitgesloten")}
		for _, c := range cols {
			switch c {
			case "leeftijd":
				if r.age = atoi(c); r.age < 0 || r.age > 120 {
					t.Fatalf("accepted leeftijd %d", r.age)
				}
			case "opleiding":
				if r.edu = get(c); !slices.Contains(refEdus, r.edu) {
					t.Fatalf("accepted opleiding %q", r.edu)
				}
			default:
				f := slices.Index(refFlags, c)
				if r.flags[f] = atoi(c); r.flags[f] != 0 && r.flags[f] != 1 {
					t.Fatalf("accepted %s %d", c, r.flags[f])
				}
			}
		}
		rows = append(rows, r)
	}
	return rows, cols, true
}

// tableOf turns rows into the form compareTable reads.
func tableOf(rows []trend.Row) map[rowKey]outRow {
	out := map[rowKey]outRow{}
	for _, r := range rows {
		k := rowKey{r.Indicator.String(), strconv.Itoa(r.Year), r.Level.String(), r.Area, r.Group.String()}
		if r.Suppressed {
			out[k] = outRow{"", "", "", "1"}
			continue
		}
		val := ""
		if v, ok := r.Value(); ok {
			val = strconv.FormatFloat(v, 'g', -1, 64)
		}
		out[k] = outRow{strconv.FormatInt(r.Num, 10), strconv.FormatInt(r.Den, 10), val, "0"}
	}
	return out
}

// roundTrip writes rows and reads them back: the same rows must come out,
// and writing them again must give the same bytes.
func roundTrip(t *testing.T, rows []trend.Row) {
	t.Helper()
	var buf bytes.Buffer
	if err := trend.WriteTable(&buf, rows); err != nil {
		t.Fatal(err)
	}
	back, err := trend.ReadTable("table.csv", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("reading a written table: %v", err)
	}
	if !slices.Equal(back, rows) {
		t.Fatalf("table changed on a round trip")
	}
	var again bytes.Buffer
	trend.WriteTable(&again, back)
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatalf("writing the table again gives other bytes")
	}
}

func FuzzReadNorms(f *testing.F) {
	addSeeds(f, "norms.csv", "thresholds_norms.csv")
	for _, tc := range badCSVCases {
		if tc.norms != "" {
			f.Add([]byte(tc.norms))
		}
	}
	f.Add([]byte("\ufeffbedrag,categorie,jaar\r\n\"1.5\",per_kind,-3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := trend.ReadNorms("norms.csv", bytes.NewReader(data))
		if err != nil {
			var ie *trend.InputError
			if !errors.As(err, &ie) || ie.File != "norms.csv" || ie.Line < 1 || ie.Column == "" {
				t.Fatalf("error %#v (%v) is not a norms input error", err, err)
			}
			return
		}
		// Write every amount back out and read it again.
		var b strings.Builder
		b.WriteString("jaar,categorie,bedrag\n")
		count := 0
		for _, y := range n.AllYears() {
			for _, c := range trend.CategoryNames {
				if v, ok := n.Amount(y, c); ok {
					if !(v > 0) {
						t.Fatalf("accepted bedrag %v", v)
					}
					fmt.Fprintf(&b, "%d,%s,%s\n", y, c, strconv.FormatFloat(v, 'f', -1, 64))
					count++
				}
			}
		}
		back, err := trend.ReadNorms("again.csv", strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("norms written back are rejected: %v", err)
		}
		if !slices.Equal(back.AllYears(), n.AllYears()) || !slices.Equal(back.Years(), n.Years()) {
			t.Fatalf("years changed on a round trip")
		}
		for _, y := range n.AllYears() {
			for _, c := range trend.CategoryNames {
				v1, ok1 := n.Amount(y, c)
				v2, ok2 := back.Amount(y, c)
				if v1 != v2 || ok1 != ok2 {
					t.Fatalf("%d %s: %v %v, after a round trip %v %v", y, c, v1, ok1, v2, ok2)
				}
			}
		}
	})
}

func FuzzReadTable(f *testing.F) {
	f.Add([]byte("indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt\n" +
		"huishoudens_110,2019,gemeente,GM0014,totaal,3,8,37.5,0\n" +
		"minderjarigen_110_4jaar,2021,buurt,BU00140100,type:eenouder,,,,1\n" +
		"personen_120,2020,wijk,WK001401,bron:werk,0,0,,0\n"))
	f.Add([]byte("\ufeffgroep,onderdrukt,waarde,noemer,teller,gebied,niveau,jaar,indicator,extra\r\n" +
		"bron:overig,0,1.25e-05,8000000,1,GM0014,gemeente,2019,personen_110,x\r\n"))
	f.Add([]byte("indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt\n" +
		"huishoudens_110,2019,gemeente,GM0014,totaal,3,8,37.6,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := trend.ReadTable("table.csv", bytes.NewReader(data))
		if err != nil {
			var ie *trend.InputError
			if !errors.As(err, &ie) || ie.File != "table.csv" || ie.Line < 1 || ie.Column == "" {
				t.Fatalf("error %#v (%v) is not a table input error", err, err)
			}
			return
		}
		roundTrip(t, rows)
	})
}
