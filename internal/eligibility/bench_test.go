package eligibility

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// The batch run's benchmarks, on a synthetic panel of one million
// households in one year with the extra fact columns the shipped rules
// use (about 5% of those cells empty). Reading and evaluation are measured
// apart, as the issue asks:
//
//	go test ./internal/eligibility -run '^$' -bench 'ReadPanel|Evaluate|Reach' -benchtime 3x
//
// BenchmarkReadPanel* report rows/s (and rows per CPU second, over all
// cores), BenchmarkEvaluate and BenchmarkReach ns/household (one op) and the
// CPU time per household (cpu-ns/op): on a machine shared with other
// programs the wall clock also counts the time they hold the core. The panel is written once to the temporary directory and
// reused by later runs.

const benchHouseholds = 1_000_000

// benchRow is a panel row with the extra fact columns; a nil pointer is an
// empty cell (unknown).
type benchRow struct {
	Jaar          int32    `parquet:"jaar"`
	Huishouden    string   `parquet:"huishouden"`
	Buurt         string   `parquet:"buurt,dict"`
	Type          string   `parquet:"type,dict"`
	Personen      int32    `parquet:"personen"`
	Minderjarigen int32    `parquet:"minderjarigen"`
	AOW           int32    `parquet:"aow"`
	Bron          string   `parquet:"bron,dict"`
	Inkomen       float64  `parquet:"inkomen"`
	Uitgesloten   string   `parquet:"uitgesloten,optional,dict"`
	Leeftijd      *int32   `parquet:"leeftijd_hoofd,optional"`
	JarenMinimum  *int32   `parquet:"jaren_op_minimum,optional"`
	Vooruitzicht  *bool    `parquet:"vooruitzicht_hoger_inkomen,optional"`
	Vermogen      *float64 `parquet:"vermogen,optional"`
	AutoWaarde    *float64 `parquet:"auto_waarde,optional"`
	Overwaarde    *bool    `parquet:"koophuis_overwaarde,optional"`
	Kind417       *bool    `parquet:"kind_4_17,optional"`
	KindGroep8    *bool    `parquet:"kind_groep8,optional"`
	KindVO        *bool    `parquet:"kind_vo,optional"`
	Zorg          *bool    `parquet:"zorgindicatie,optional"`
	BrutoVorig    *float64 `parquet:"bruto_inkomen_vorig_jaar,optional"`
}

const benchHeader = panelHeader + ",leeftijd_hoofd,jaren_op_minimum,vooruitzicht_hoger_inkomen,vermogen,auto_waarde," +
	"koophuis_overwaarde,kind_4_17,kind_groep8,kind_vo,zorgindicatie,bruto_inkomen_vorig_jaar"

// synthBenchRows makes n households of 2025 in the wijken of Groningen,
// incomes spread around the social minimum so that every outcome occurs.
func synthBenchRows(n int) []benchRow {
	rng := rand.New(rand.NewPCG(6, 6))
	types := []string{"alleenstaand", "eenouder", "paar_zonder_kinderen", "paar_met_kinderen", "overig"}
	brons := []string{"werk", "zelfstandig", "uitkering", "pensioen", "overig"}
	i32 := func(v int) *int32 {
		if rng.IntN(20) == 0 {
			return nil
		}
		x := int32(v)
		return &x
	}
	f64 := func(v float64) *float64 {
		if rng.IntN(20) == 0 {
			return nil
		}
		return &v
	}
	bl := func(p int) *bool {
		if rng.IntN(20) == 0 {
			return nil
		}
		b := rng.IntN(100) < p
		return &b
	}
	rows := make([]benchRow, n)
	for i := range rows {
		typ := types[rng.IntN(len(types))]
		pers, minors := 1, 0
		switch typ {
		case "eenouder":
			pers = 2 + rng.IntN(3)
			minors = 1 + rng.IntN(pers-1)
		case "paar_zonder_kinderen":
			pers = 2
		case "paar_met_kinderen":
			pers = 3 + rng.IntN(3)
			minors = 1 + rng.IntN(pers-2)
		case "overig":
			pers = 2 + rng.IntN(3)
		}
		aow := int32(0)
		if rng.IntN(5) == 0 {
			aow = 1
		}
		norm, _ := DefaultNorm(2025, typ, aow == 1, minors)
		r := benchRow{Jaar: 2025, Huishouden: fmt.Sprintf("%016x", rng.Uint64()),
			Buurt: fmt.Sprintf("BU0014%02d%02d", rng.IntN(20), rng.IntN(12)), Type: typ,
			Personen: int32(pers), Minderjarigen: int32(minors), AOW: aow, Bron: brons[rng.IntN(len(brons))],
			Inkomen:      float64(int64(norm*(0.6+1.2*rng.Float64())*100)) / 100,
			Leeftijd:     i32(18 + rng.IntN(80)),
			JarenMinimum: i32(rng.IntN(10)),
			Vooruitzicht: bl(20),
			Vermogen:     f64(float64(rng.IntN(40000))),
			AutoWaarde:   f64(float64(rng.IntN(12000))),
			Overwaarde:   bl(10),
			Kind417:      bl(40), KindGroep8: bl(10), KindVO: bl(25), Zorg: bl(15),
			BrutoVorig: f64(norm * (0.8 + 1.5*rng.Float64())),
		}
		if rng.IntN(100) == 0 {
			r.Uitgesloten = "student"
		}
		rows[i] = r
	}
	return rows
}

// benchPanelFiles returns the benchmark panel as CSV and Parquet, writing
// them on first use.
func benchPanelFiles(b *testing.B) (csvPath, pqPath string) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("perspectief-bereik-bench-%d-v1", benchHouseholds))
	csvPath, pqPath = filepath.Join(dir, "panel.csv"), filepath.Join(dir, "panel.parquet")
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return csvPath, pqPath
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	rows := synthBenchRows(benchHouseholds)
	if err := parquet.WriteFile(pqPath, rows, parquet.MaxRowsPerRowGroup(1<<17), parquet.Compression(&parquet.Snappy)); err != nil {
		b.Fatal(err)
	}
	f, err := os.Create(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(benchHeader + "\n")
	cell := func(p any) string {
		switch v := p.(type) {
		case *int32:
			if v != nil {
				return strconv.Itoa(int(*v))
			}
		case *float64:
			if v != nil {
				return strconv.FormatFloat(*v, 'f', -1, 64)
			}
		case *bool:
			if v != nil {
				if *v {
					return "1"
				}
				return "0"
			}
		}
		return ""
	}
	for _, r := range rows {
		fmt.Fprintf(w, "%d,%s,%s,%s,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r.Jaar, r.Huishouden, r.Buurt, r.Type,
			r.Personen, r.Minderjarigen, r.AOW, r.Bron, strconv.FormatFloat(r.Inkomen, 'f', -1, 64), r.Uitgesloten,
			cell(r.Leeftijd), cell(r.JarenMinimum), cell(r.Vooruitzicht), cell(r.Vermogen), cell(r.AutoWaarde),
			cell(r.Overwaarde), cell(r.Kind417), cell(r.KindGroep8), cell(r.KindVO), cell(r.Zorg), cell(r.BrutoVorig))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "done"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return csvPath, pqPath
}

func BenchmarkReadPanelCSV(b *testing.B) {
	set := MustDefault()
	csvPath, _ := benchPanelFiles(b)
	benchRead(b, csvPath, func(f *os.File, _ int64) (*Panel, error) { return set.ReadPanel(csvPath, f, nil) })
}

func BenchmarkReadPanelParquet(b *testing.B) {
	set := MustDefault()
	_, pqPath := benchPanelFiles(b)
	benchRead(b, pqPath, func(f *os.File, size int64) (*Panel, error) {
		return set.ReadPanelParquet(pqPath, f, size, nil, nil)
	})
}

// benchRead reads the panel at path with read b.N times and reports the
// rows read per second.
func benchRead(b *testing.B, path string, read func(*os.File, int64) (*Panel, error)) {
	var rows int
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		st, _ := f.Stat()
		p, err := read(f, st.Size())
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		rows = len(p.Households)
	}
	if end, ok := processCPU(); ok && cpu.ok {
		b.ReportMetric(float64(benchHouseholds)*float64(b.N)/(end-cpu.start).Seconds(), "rows/cpu-s")
	}
	b.ReportMetric(float64(benchHouseholds)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(rows), "population")
}

// benchPanel reads the benchmark panel once for the evaluation benchmarks.
func benchPanel(b *testing.B) *Panel {
	set := MustDefault()
	_, pqPath := benchPanelFiles(b)
	f, err := os.Open(pqPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	p, err := set.ReadPanelParquet(pqPath, f, st.Size(), nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkEvaluate is evaluation alone: every household of the panel
// against every scheme in force on one core; one op is one household.
func BenchmarkEvaluate(b *testing.B) {
	set := MustDefault()
	p := benchPanel(b)
	d := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	schemes := set.InForce(d)
	params := make([][]Value, len(schemes))
	for i, sc := range schemes {
		params[i] = sc.paramsAt(d)
	}
	var counts [3]int
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU()
	for i := 0; i < b.N; i++ {
		ctx := evalCtx{facts: p.Households[i%len(p.Households)].Facts, year: d.Year(), norm: set.norm, slots: &set.slots}
		for j, sc := range schemes {
			ctx.params = params[j]
			o, _ := decide(sc, &ctx)
			counts[outcomeIndex(o)]++
		}
	}
	cpu.report(b)
	b.ReportMetric(float64(len(schemes)), "schemes")
}

// cpuClock measures the CPU time of a benchmark's loop.
type cpuClock struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuClock {
	t, ok := processCPU()
	return cpuClock{t, ok}
}

// report adds cpu-ns/op: the CPU time per op, which on a machine shared
// with other programs is the fairer figure for one core's speed.
func (c cpuClock) report(b *testing.B) {
	if end, ok := processCPU(); ok && c.ok {
		b.ReportMetric(float64(end-c.start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkReach is the whole batch run after reading, on one core:
// evaluation, usage lookup and aggregation over every area and group. One
// op is one household.
func BenchmarkReach(b *testing.B) {
	set := MustDefault()
	p := benchPanel(b)
	d := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	u := Usage{"stadjerspas": {}}
	for i, h := range p.Households {
		if i%3 == 0 {
			u["stadjerspas"][h.ID] = true
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU()
	done := 0
	for done < b.N {
		q := *p
		q.Households = p.Households[:min(len(p.Households), b.N-done)]
		set.Reach(&q, u, d, ReachOptions{MinCell: 10, Workers: 1})
		done += len(q.Households)
	}
	cpu.report(b)
}

func outcomeIndex(o Outcome) int {
	switch o {
	case Ja:
		return 0
	case Nee:
		return 1
	}
	return 2
}
