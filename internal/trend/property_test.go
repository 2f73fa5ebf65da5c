package trend_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/trend"
)

// refRow is a panel row as the property test generates it.
type refRow struct {
	year              int
	hh, buurt         string
	typ, bron         string
	pers, minors, aow int
	income            float64
	excluded          string
	// Section 6, written only for the columns a panel has.
	age   int
	edu   string
	flags [3]int
}

// optionalCols are the columns of section 6; refFlags the usage flags
// among them, in the order of their indicators.
var (
	optionalCols = []string{"leeftijd", "opleiding", "participatiewet", "jeugdwet", "wmo"}
	refFlags     = []string{"participatiewet", "jeugdwet", "wmo"}
	refEdus      = []string{"laag", "middelbaar", "hoog", ""}
)

// refAgeGroup is the age band of the spec, written out.
func refAgeGroup(age int) string {
	switch {
	case age <= 24:
		return "leeftijd:tot_25"
	case age <= 44:
		return "leeftijd:25_44"
	case age <= 64:
		return "leeftijd:45_64"
	}
	return "leeftijd:65_plus"
}

var (
	refTypes      = []string{"alleenstaand", "eenouder", "paar_zonder_kinderen", "paar_met_kinderen", "overig"}
	refBrons      = []string{"werk", "zelfstandig", "uitkering", "pensioen", "overig"}
	refCategories = []string{"alleenstaand", "eenouder", "paar", "alleenstaand_aow", "paar_aow", "per_kind"}
)

// refNorms maps year -> category -> bedrag.
type refNorms map[int]map[string]float64

// refNorm is the spec's formula, written out for the reference.
func refNorm(n refNorms, r refRow) float64 {
	var cat string
	single := r.typ == "alleenstaand" || r.typ == "eenouder"
	switch {
	case r.aow == 1 && single:
		cat = "alleenstaand_aow"
	case r.aow == 1:
		cat = "paar_aow"
	case r.typ == "alleenstaand":
		cat = "alleenstaand"
	case r.typ == "eenouder":
		cat = "eenouder"
	default:
		cat = "paar"
	}
	// The conversion rounds the product on its own, as the spec demands,
	// rather than letting the compiler fuse multiply and add.
	perKind := float64(float64(r.minors) * n[r.year]["per_kind"])
	return n[r.year][cat] + perKind
}

// reference computes the indicator table the naive way: one household at a
// time, plain maps, nothing shared with the engine.
func reference(rows []refRow, norms refNorms, k int64, cols []string) map[rowKey]expected {
	first := math.MaxInt
	for _, r := range rows {
		first = min(first, r.year)
	}
	inPop := func(r refRow) bool { return strings.TrimSpace(r.excluded) == "" }
	low := map[string]map[int]bool{} // household -> years at or below 110% in the population
	for _, r := range rows {
		if inPop(r) && r.income <= 1.10*refNorm(norms, r) {
			if low[r.hh] == nil {
				low[r.hh] = map[int]bool{}
			}
			low[r.hh][r.year] = true
		}
	}
	type cell struct{ year, area, group string }
	type sums struct{ hh, pers, minors, withMinors int64 }
	type counts struct {
		all, p110, p120, long sums
		users                 [3]int64 // per flag, among p110
	}
	cells := map[cell]*counts{}
	add := func(s *sums, r refRow) {
		s.hh++
		s.pers += int64(r.pers)
		s.minors += int64(r.minors)
		if r.minors > 0 {
			s.withMinors++
		}
	}
	for _, r := range rows {
		if !inPop(r) {
			continue
		}
		norm := refNorm(norms, r)
		is110 := r.income <= 1.10*norm
		is120 := r.income <= 1.20*norm
		long := is110 && low[r.hh][r.year-1] && low[r.hh][r.year-2] && low[r.hh][r.year-3]
		digits := r.buurt[2:]
		groups := []string{"totaal", "type:" + r.typ, "bron:" + r.bron}
		if slices.Contains(cols, "leeftijd") {
			groups = append(groups, refAgeGroup(r.age))
		}
		if slices.Contains(cols, "opleiding") {
			edu := r.edu
			if edu == "" {
				edu = "onbekend"
			}
			groups = append(groups, "opleiding:"+edu)
		}
		for _, area := range []string{"GM" + digits[:4], "WK" + digits[:6], "BU" + digits} {
			for _, g := range groups {
				key := cell{strconv.Itoa(r.year), area, g}
				c := cells[key]
				if c == nil {
					c = &counts{}
					cells[key] = c
				}
				add(&c.all, r)
				if is110 {
					add(&c.p110, r)
					for f := range refFlags {
						if r.flags[f] == 1 {
							c.users[f]++
						}
					}
				}
				if is120 {
					add(&c.p120, r)
				}
				if long {
					add(&c.long, r)
				}
			}
		}
	}
	out := map[rowKey]expected{}
	for key, c := range cells {
		year, _ := strconv.Atoi(key.year)
		type ind struct {
			name string
			num  sums
		}
		inds := []ind{{"110", c.p110}, {"120", c.p120}}
		if year-3 >= first {
			inds = append(inds, ind{"110_4jaar", c.long})
		}
		for _, in := range inds {
			for _, m := range []string{"huishoudens", "personen", "minderjarigen"} {
				var num, den, numHH, denHH int64
				switch m {
				case "huishoudens":
					num, den, numHH, denHH = in.num.hh, c.all.hh, in.num.hh, c.all.hh
				case "personen":
					num, den, numHH, denHH = in.num.pers, c.all.pers, in.num.hh, c.all.hh
				case "minderjarigen":
					num, den, numHH, denHH = in.num.minors, c.all.minors, in.num.withMinors, c.all.withMinors
				}
				e := expected{num: num, den: den, hh: denHH}
				if denHH < k || (numHH >= 1 && numHH <= k-1) {
					e = expected{suppressed: true, hh: denHH}
				}
				out[rowKey{m + "_" + in.name, key.year, levelOf(key.area), key.area, key.group}] = e
			}
		}
		for f, name := range refFlags {
			if !slices.Contains(cols, name) {
				continue
			}
			// The households behind the denominator are those at or below
			// 110% (section 6), which secondary suppression weighs.
			e := expected{num: c.users[f], den: c.p110.hh, hh: c.p110.hh}
			if c.p110.hh < k || (c.users[f] >= 1 && c.users[f] <= k-1) {
				e = expected{suppressed: true, hh: c.p110.hh}
			}
			out[rowKey{"gebruik_" + name + "_110", key.year, levelOf(key.area), key.area, key.group}] = e
		}
	}
	return out
}

// genPanel makes a random panel: households that move now and then, change
// composition, skip years, are excluded in some years, and have incomes
// spread around their norms, some exactly on a threshold or just above it.
func genPanel(rng *rand.Rand, households, firstYear, years int) ([]refRow, refNorms) {
	norms := refNorms{}
	for y := firstYear; y < firstYear+years; y++ {
		norms[y] = map[string]float64{}
		for i, c := range refCategories {
			base := []float64{11000, 15000, 16500, 12500, 17500, 2100}[i]
			norms[y][c] = float64(int(base*(0.9+0.2*rng.Float64())*100)) / 100
		}
	}
	var buurten []string
	for g := range 3 {
		gm := 10 + 37*g + rng.IntN(30)
		for w := range 2 + rng.IntN(3) {
			for b := range 1 + rng.IntN(5) {
				buurten = append(buurten, fmt.Sprintf("BU%04d%02d%02d", gm, w, b))
			}
		}
	}
	reasons := []string{"student", "institutioneel", "onvolledig_jaar", " ", "\t"}
	var rows []refRow
	for h := range households {
		hh := fmt.Sprintf("hh-%d-%x", h, rng.Uint32())
		if rng.IntN(50) == 0 {
			hh = fmt.Sprintf("\"quoted, %d\"\n", h) // needs CSV quoting
		}
		buurt := buurten[rng.IntN(len(buurten))]
		pers := 1 + rng.IntN(6)
		start := firstYear + rng.IntN(years)
		for y := start; y < firstYear+years; y++ {
			if rng.IntN(8) == 0 {
				continue // absent this year
			}
			if rng.IntN(20) == 0 {
				buurt = buurten[rng.IntN(len(buurten))]
			}
			if rng.IntN(10) == 0 {
				pers = 1 + rng.IntN(6)
			}
			r := refRow{year: y, hh: hh, buurt: buurt, pers: pers, minors: rng.IntN(pers),
				typ: refTypes[rng.IntN(5)], bron: refBrons[rng.IntN(5)], aow: rng.IntN(2),
				age: rng.IntN(121), edu: refEdus[rng.IntN(4)]}
			if rng.IntN(3) == 0 {
				r.age = []int{0, 24, 25, 44, 45, 64, 65, 120}[rng.IntN(8)] // the band edges
			}
			for f := range r.flags {
				r.flags[f] = rng.IntN(2)
			}
			if rng.IntN(12) == 0 {
				r.excluded = reasons[rng.IntN(len(reasons))]
			}
			norm := refNorm(norms, r)
			switch rng.IntN(12) {
			case 0:
				r.income = 1.10 * norm
			case 1:
				r.income = math.Nextafter(1.10*norm, math.Inf(1))
			case 2:
				r.income = 1.20 * norm
			case 3:
				r.income = -float64(rng.IntN(100000)) / 100
			default:
				r.income = float64(int((rng.Float64()*1.8-0.1)*norm*100)) / 100
			}
			rows = append(rows, r)
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows, norms
}

// writeRefCSV writes rows with encoding/csv, columns in the given order
// plus an extra column, optionally with a BOM and CRLF line ends.
func writeRefCSV(t testing.TB, path string, rows []refRow, order []string, bom, crlf bool) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if bom {
		f.WriteString("\ufeff")
	}
	w := csv.NewWriter(f)
	w.UseCRLF = crlf
	w.Write(append(order, "extra"))
	for _, r := range rows {
		vals := map[string]string{
			"jaar": strconv.Itoa(r.year), "huishouden": r.hh, "buurt": r.buurt, "type": r.typ,
			"personen": strconv.Itoa(r.pers), "minderjarigen": strconv.Itoa(r.minors), "aow": strconv.Itoa(r.aow),
			"bron": r.bron, "inkomen": strconv.FormatFloat(r.income, 'f', -1, 64), "uitgesloten": r.excluded,
			"leeftijd": strconv.Itoa(r.age), "opleiding": r.edu, "participatiewet": strconv.Itoa(r.flags[0]),
			"jeugdwet": strconv.Itoa(r.flags[1]), "wmo": strconv.Itoa(r.flags[2]),
		}
		rec := make([]string, 0, len(order)+1)
		for _, c := range order {
			rec = append(rec, vals[c])
		}
		w.Write(append(rec, "ignored, \"really\""))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func writeRefNorms(t testing.TB, path string, norms refNorms) {
	var b strings.Builder
	b.WriteString("jaar,categorie,bedrag\n")
	for y, cats := range norms {
		for c, v := range cats {
			fmt.Fprintf(&b, "%d,%s,%s\n", y, c, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func toRecords(rows []refRow) []panelRecord {
	out := make([]panelRecord, len(rows))
	for i, r := range rows {
		out[i] = panelRecord{Jaar: int64(r.year), Huishouden: r.hh, Buurt: r.buurt, Type: r.typ,
			Personen: int32(r.pers), Minderjarigen: int32(r.minors), AOW: r.aow == 1, Bron: r.bron, Inkomen: r.income}
		if r.excluded != "" {
			e := r.excluded
			out[i].Uitgesloten = &e
		}
	}
	return out
}

func TestAgainstReference(t *testing.T) {
	cases := []struct {
		seed                   uint64
		households, first, yrs int
		workers                int
		cols                   []string // optional columns of section 6
	}{
		{1, 3000, 2014, 8, 0, nil},
		{2, 2000, 2016, 6, 1, nil},
		{3, 4000, 2012, 10, 3, nil},
		{4, 3000, 1990, 5, 2, nil},
		{5, 30000, 2095, 6, 0, nil}, // several batches per year, years up to 2100
		{6, 3000, 2014, 8, 0, optionalCols},
		{7, 2000, 2016, 6, 1, []string{"opleiding", "wmo"}},
		{8, 4000, 2012, 10, 3, []string{"leeftijd", "participatiewet", "jeugdwet"}},
		{9, 30000, 2095, 6, 0, optionalCols},
		{10, 2000, 2010, 7, 2, []string{"jeugdwet"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint("seed", tc.seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(tc.seed, 99))
			rows, norms := genPanel(rng, tc.households, tc.first, tc.yrs)
			k := 1 + rng.IntN(12)
			want := reference(rows, norms, int64(k), tc.cols)

			dir := t.TempDir()
			normsPath := filepath.Join(dir, "norms.csv")
			writeRefNorms(t, normsPath, norms)
			order := []string{"jaar", "huishouden", "buurt", "type", "personen", "minderjarigen", "aow", "bron", "inkomen", "uitgesloten"}
			order = append(order, tc.cols...)
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			csvPath := filepath.Join(dir, "panel.csv")
			writeRefCSV(t, csvPath, rows, order, tc.seed%2 == 0, tc.seed%3 == 0)
			pqPath := filepath.Join(dir, "panel.parquet")
			if tc.cols == nil {
				writeParquet(t, pqPath, toRecords(rows))
			} else {
				// The same rows without BOM, converted: flags as BOOLEAN or
				// INT32, an unknown opleiding as null or as "".
				plain := filepath.Join(dir, "plain.csv")
				writeRefCSV(t, plain, rows, order, false, false)
				csvToParquetCols(t, plain, pqPath, pqStyle{boolFlags: tc.seed%2 == 0, emptyNull: tc.seed%3 != 0})
			}

			var tables []map[rowKey]outRow
			for _, panel := range []string{csvPath, pqPath} {
				res, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, NormsPath: normsPath, MinCell: k, Workers: tc.workers})
				if err != nil {
					t.Fatal(err)
				}
				if res.PanelRows != int64(len(rows)) {
					t.Errorf("%s: %d rows read, want %d", panel, res.PanelRows, len(rows))
				}
				out := panel + ".out.csv"
				if err := trend.WriteCSV(out, res.Rows); err != nil {
					t.Fatal(err)
				}
				got := readTableFile(t, out)
				t.Run(filepath.Ext(panel)[1:], func(t *testing.T) { compareTable(t, got, want) })
				tables = append(tables, got)
			}
			if len(tables[0]) != len(tables[1]) {
				t.Fatalf("CSV gives %d rows, Parquet %d", len(tables[0]), len(tables[1]))
			}
			for key, a := range tables[0] {
				if b := tables[1][key]; a != b {
					t.Errorf("%v: CSV %+v, Parquet %+v", key, a, b)
				}
			}
			// Section 7 on top: the engine's post-pass against the naive
			// reference of the rule.
			res, err := trend.Compute(context.Background(), trend.Options{PanelPath: pqPath, NormsPath: normsPath, MinCell: k, Workers: tc.workers, Secondary: true})
			if err != nil {
				t.Fatal(err)
			}
			exposedBefore := refExposed(tableSuppressed(tables[1]))
			if res.SecondaryStats.Exposed != exposedBefore {
				t.Errorf("Compute found %d exposed constraints, the reference counter %d", res.SecondaryStats.Exposed, exposedBefore)
			}
			passes := referenceSecondary(want)
			if res.SecondaryStats.Passes != passes {
				t.Errorf("%d passes, the reference needed %d", res.SecondaryStats.Passes, passes)
			}
			out := pqPath + ".secundair.csv"
			if err := trend.WriteCSV(out, res.Rows); err != nil {
				t.Fatal(err)
			}
			got := readTableFile(t, out)
			t.Run("secundair", func(t *testing.T) { compareTable(t, got, want) })
			if n := refExposed(tableSuppressed(got)); n != 0 {
				t.Errorf("%d constraints still expose a suppressed cell", n)
			}
			t.Logf("k=%d, %d panel rows, %d table rows; %d exposed constraints closed by %d cells in %d passes",
				k, len(rows), len(want), exposedBefore, res.SecondaryStats.Cells, passes)
		})
	}
}
