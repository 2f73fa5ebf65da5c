package trend_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/panelgen"
	"github.com/perspectief/perspectief/internal/trend"
)

// synthPanel streams a panel shaped like the national one: households
// spread over buurten of about 570 households, year by year, some moving,
// some absent (5%), a few excluded (1%), incomes spread widely around the
// norms.
func synthPanel(households, years int, emit func(panelRecord)) {
	rng := rand.New(rand.NewPCG(7, 7))
	buurten := max(households/570, 1)
	type hh struct {
		id     string
		buurt  string
		typ    string
		bron   string
		pers   int32
		minors int32
		aow    bool
		level  float64
	}
	hhs := make([]hh, households)
	for i := range hhs {
		b := rng.IntN(buurten)
		pers := int32(1 + rng.IntN(5))
		hhs[i] = hh{
			id:     fmt.Sprintf("%016x", rng.Uint64()),
			buurt:  fmt.Sprintf("BU%04d%02d%02d", 1+b/400, b/20%20, b%20),
			typ:    refTypes[rng.IntN(5)],
			bron:   refBrons[rng.IntN(5)],
			pers:   pers,
			minors: int32(rng.IntN(int(pers))),
			aow:    rng.IntN(5) == 0,
			level:  0.6 + 4*rng.Float64()*rng.Float64(),
		}
	}
	student := "student"
	for y := range years {
		for i := range hhs {
			h := &hhs[i]
			if rng.IntN(20) == 0 {
				continue
			}
			if rng.IntN(50) == 0 {
				b := rng.IntN(buurten)
				h.buurt = fmt.Sprintf("BU%04d%02d%02d", 1+b/400, b/20%20, b%20)
			}
			r := panelRecord{Jaar: int64(2015 + y), Huishouden: h.id, Buurt: h.buurt, Type: h.typ, Personen: h.pers,
				Minderjarigen: h.minors, AOW: h.aow, Bron: h.bron,
				Inkomen: float64(int64(h.level*(0.9+0.2*rng.Float64())*float64(15000+3000*h.pers)*100)) / 100}
			if rng.IntN(100) == 0 {
				r.Uitgesloten = &student
			}
			emit(r)
		}
	}
}

// writeSynth writes a synthetic panel as Parquet (snappy, row groups of a
// million rows, dictionaries for the low-cardinality columns) and as CSV.
func writeSynth(tb testing.TB, dir string, households, years int) (pq, csvPath string) {
	pq, csvPath = filepath.Join(dir, "panel.parquet"), filepath.Join(dir, "panel.csv")
	pf, err := os.Create(pq)
	if err != nil {
		tb.Fatal(err)
	}
	cf, err := os.Create(csvPath)
	if err != nil {
		tb.Fatal(err)
	}
	w := parquet.NewGenericWriter[panelRecord](pf, parquet.MaxRowsPerRowGroup(1<<20), parquet.Compression(&parquet.Snappy))
	cw := csv.NewWriter(cf)
	cw.Write(strings.Split(strings.TrimSpace(header), ","))
	buf := make([]panelRecord, 0, 4096)
	flush := func() {
		if _, err := w.Write(buf); err != nil {
			tb.Fatal(err)
		}
		buf = buf[:0]
	}
	synthPanel(households, years, func(r panelRecord) {
		buf = append(buf, r)
		if len(buf) == cap(buf) {
			flush()
		}
		excl, aow := "", "0"
		if r.Uitgesloten != nil {
			excl = *r.Uitgesloten
		}
		if r.AOW {
			aow = "1"
		}
		cw.Write([]string{strconv.FormatInt(r.Jaar, 10), r.Huishouden, r.Buurt, r.Type, strconv.Itoa(int(r.Personen)),
			strconv.Itoa(int(r.Minderjarigen)), aow, r.Bron, strconv.FormatFloat(r.Inkomen, 'f', -1, 64), excl})
	})
	flush()
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	cw.Flush()
	pf.Close()
	cf.Close()
	return pq, csvPath
}

func synthNorms(tb testing.TB) trend.Norms {
	n, err := trend.ReadNorms("norms.csv", strings.NewReader(normsCSV(2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024)))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkCompute measures a whole run (reading, validating, linking,
// aggregating, building the table) on 200,000 households over 5 years.
func BenchmarkCompute(b *testing.B) {
	pq, csvPath := writeSynth(b, b.TempDir(), 200000, 5)
	norms := synthNorms(b)
	for _, panel := range []string{pq, csvPath} {
		b.Run(filepath.Ext(panel)[1:], func(b *testing.B) {
			b.ReportAllocs()
			var rows int64
			for b.Loop() {
				res, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, Norms: &norms})
				if err != nil {
					b.Fatal(err)
				}
				rows = res.PanelRows
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestWriteSynthPanel writes a large synthetic panel for measuring the
// command by hand: TREND_SYNTH=DIR:HOUSEHOLDS:YEARS writes DIR/panel.parquet,
// DIR/panel.csv and DIR/norms.csv.
func TestWriteSynthPanel(t *testing.T) {
	spec := os.Getenv("TREND_SYNTH")
	if spec == "" {
		t.Skip("set TREND_SYNTH=DIR:HOUSEHOLDS:YEARS to write a synthetic panel")
	}
	var dir string
	var households, years int
	parts := strings.Split(spec, ":")
	if len(parts) != 3 {
		t.Fatalf("TREND_SYNTH=%q, want DIR:HOUSEHOLDS:YEARS", spec)
	}
	dir = parts[0]
	households, _ = strconv.Atoi(parts[1])
	years, _ = strconv.Atoi(parts[2])
	writeSynth(t, dir, households, years)
	writeFile(t, filepath.Join(dir, "norms.csv"), normsCSV(2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024))
}

// BenchmarkComputeVersions compares a version 1 panel with the same panel
// carrying the section 6 columns: the generator's national panel of 100,000
// households over 2015-2024 (about 980,000 rows), Parquet and CSV.
func BenchmarkComputeVersions(b *testing.B) {
	dir := b.TempDir()
	n, err := trend.ReadNorms("the built-in default norms", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		b.Fatal(err)
	}
	for _, v1 := range []bool{true, false} {
		cfg := panelgen.Config{Mode: panelgen.National, Households: 100000, Seed: 1, Version1: v1}
		name := map[bool]string{true: "v1", false: "v2"}[v1]
		for _, format := range []string{"parquet", "csv"} {
			path := filepath.Join(dir, name+"."+format)
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			write := panelgen.WriteParquet
			if format == "csv" {
				write = panelgen.WriteCSV
			}
			if err := write(context.Background(), f, cfg); err != nil {
				b.Fatal(err)
			}
			f.Close()
			b.Run(name+"/"+format, func(b *testing.B) {
				b.ReportAllocs()
				var rows int64
				for b.Loop() {
					res, err := trend.Compute(context.Background(), trend.Options{PanelPath: path, Norms: &n})
					if err != nil {
						b.Fatal(err)
					}
					rows = res.PanelRows
				}
				b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}

// BenchmarkComputeFile runs Compute and writes the table for a panel given
// by hand, for profiling a large run: TREND_PANEL=FILE (norms: the built-in
// defaults) with -cpuprofile or -memprofile.
func BenchmarkComputeFile(b *testing.B) {
	panel := os.Getenv("TREND_PANEL")
	if panel == "" {
		b.Skip("set TREND_PANEL=FILE to measure a panel file")
	}
	n, err := trend.ReadNorms("the built-in default norms", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "table.csv")
	for b.Loop() {
		if _, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, Norms: &n, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
}
