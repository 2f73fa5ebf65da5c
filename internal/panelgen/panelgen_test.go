package panelgen_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/perspectief/perspectief/internal/panelgen"
)

func writeCSV(t testing.TB, cfg panelgen.Config) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := panelgen.WriteCSV(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeParquet(t testing.TB, cfg panelgen.Config) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := panelgen.WriteParquet(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDeterministic(t *testing.T) {
	for _, mode := range []panelgen.Mode{panelgen.Groningen, panelgen.National} {
		cfg := panelgen.Config{Mode: mode, Households: 20000, Seed: 42}
		a := writeCSV(t, cfg)
		cfg.Workers = 1
		b := writeCSV(t, cfg)
		if !bytes.Equal(a, b) {
			t.Fatalf("%v: CSV differs between runs (and worker counts)", mode)
		}
		cfg.Workers = 5
		if !bytes.Equal(writeParquet(t, cfg), writeParquet(t, cfg)) {
			t.Fatalf("%v: Parquet differs between runs", mode)
		}
		cfg.Seed = 43
		if bytes.Equal(a, writeCSV(t, cfg)) {
			t.Fatalf("%v: seeds 42 and 43 give the same panel", mode)
		}
	}
}

var (
	buurtCode = regexp.MustCompile(`^BU[0-9]{8}$`)
	types     = map[string]bool{"alleenstaand": true, "eenouder": true, "paar_zonder_kinderen": true, "paar_met_kinderen": true, "overig": true}
	sources   = map[string]bool{"werk": true, "zelfstandig": true, "uitkering": true, "pensioen": true, "overig": true}
	integer   = regexp.MustCompile(`^-?[0-9]+$`)
	number    = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// validateCSV holds a CSV panel to the input rules of the spec, section 1,
// and returns its rows.
func validateCSV(t testing.TB, data []byte) []panelgen.Row {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(header, ",") != strings.Join(panelgen.Header, ",") {
		t.Fatalf("header %v", header)
	}
	seen := map[string]bool{}
	var rows []panelgen.Row
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		fail := func(col, format string, args ...any) {
			t.Helper()
			t.Fatalf("line %d: %s: %s (%q)", line, col, fmt.Sprintf(format, args...), rec)
		}
		for i, v := range []string{rec[0], rec[4], rec[5], rec[6], rec[10], rec[12], rec[13], rec[14]} {
			if !integer.MatchString(v) {
				fail([]string{"jaar", "personen", "minderjarigen", "aow", "leeftijd", "participatiewet", "jeugdwet", "wmo"}[i], "not an integer")
			}
		}
		if !number.MatchString(rec[8]) {
			fail("inkomen", "not a number")
		}
		atoi := func(s string) int32 { n, _ := strconv.Atoi(s); return int32(n) }
		inc, _ := strconv.ParseFloat(rec[8], 64)
		row := panelgen.Row{
			Jaar: atoi(rec[0]), Huishouden: rec[1], Buurt: rec[2], Type: rec[3],
			Personen: atoi(rec[4]), Minderjarigen: atoi(rec[5]), AOW: atoi(rec[6]),
			Bron: rec[7], Inkomen: inc, Uitgesloten: rec[9],
			Leeftijd: atoi(rec[10]), Opleiding: rec[11],
			Participatiewet: atoi(rec[12]), Jeugdwet: atoi(rec[13]), Wmo: atoi(rec[14]),
		}
		if col, why := checkRow(&row); col != "" {
			fail(col, "%s", why)
		}
		key := rec[0] + "/" + rec[1]
		if seen[key] {
			fail("huishouden", "household appears twice in a year")
		}
		seen[key] = true
		rows = append(rows, row)
	}
	return rows
}

// checkRow applies the spec's per-row rules (section 1) to a row; it
// returns the failing column and why, or "".
func checkRow(r *panelgen.Row) (col, why string) {
	switch {
	case r.Jaar < 1990 || r.Jaar > 2100:
		return "jaar", "out of range"
	case len(r.Huishouden) < 1 || len(r.Huishouden) > 64:
		return "huishouden", "length"
	case !buurtCode.MatchString(r.Buurt):
		return "buurt", "not BU + 8 digits"
	case !types[r.Type]:
		return "type", "unknown"
	case r.Personen < 1:
		return "personen", "below 1"
	case r.Minderjarigen < 0 || r.Minderjarigen >= r.Personen:
		return "minderjarigen", "not in [0, personen)"
	case r.AOW != 0 && r.AOW != 1:
		return "aow", "not 0 or 1"
	case !sources[r.Bron]:
		return "bron", "unknown"
	case math.IsNaN(r.Inkomen) || math.IsInf(r.Inkomen, 0):
		return "inkomen", "not finite"
	// Section 6.
	case r.Leeftijd < 0 || r.Leeftijd > 120:
		return "leeftijd", "not in 0..120"
	case !educations[r.Opleiding]:
		return "opleiding", "unknown"
	case r.Participatiewet != 0 && r.Participatiewet != 1:
		return "participatiewet", "not 0 or 1"
	case r.Jeugdwet != 0 && r.Jeugdwet != 1:
		return "jeugdwet", "not 0 or 1"
	case r.Wmo != 0 && r.Wmo != 1:
		return "wmo", "not 0 or 1"
	}
	return "", ""
}

var educations = map[string]bool{"laag": true, "middelbaar": true, "hoog": true, "": true}

func TestRowsValidAndFormatsAgree(t *testing.T) {
	for _, cfg := range []panelgen.Config{
		{Mode: panelgen.Groningen, Households: 30000, Seed: 7},
		{Mode: panelgen.National, Households: 30000, Seed: 7, Years: [2]int{2016, 2026}},
		{Mode: panelgen.Groningen, Households: 500, Seed: 7, Years: [2]int{2020, 2020}},
	} {
		rows := validateCSV(t, writeCSV(t, cfg))
		if len(rows) == 0 {
			t.Fatalf("%+v: no rows", cfg)
		}
		years := cfg.Years
		if years == [2]int{} {
			years = panelgen.DefaultYears
		}
		// Every dwelling is occupied in the last year, so it has exactly
		// the requested number of households.
		last := 0
		for _, r := range rows {
			if int(r.Jaar) < years[0] || int(r.Jaar) > years[1] {
				t.Fatalf("year %d outside %v", r.Jaar, years)
			}
			if int(r.Jaar) == years[1] {
				last++
			}
		}
		if last != cfg.Households {
			t.Errorf("%+v: %d households in %d, want %d", cfg, last, years[1], cfg.Households)
		}

		data := writeParquet(t, cfg)
		f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		checkSchema(t, f.Schema())
		pr := parquet.NewGenericReader[panelgen.Row](bytes.NewReader(data))
		got := make([]panelgen.Row, 0, len(rows))
		buf := make([]panelgen.Row, 4096)
		for {
			n, err := pr.Read(buf)
			got = append(got, buf[:n]...)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(got) != len(rows) {
			t.Fatalf("parquet has %d rows, csv %d", len(got), len(rows))
		}
		for i := range rows {
			if got[i] != rows[i] {
				t.Fatalf("row %d: parquet %+v, csv %+v", i+1, got[i], rows[i])
			}
		}
	}
}

func checkSchema(t *testing.T, s *parquet.Schema) {
	t.Helper()
	want := map[string]parquet.Kind{
		"jaar": parquet.Int32, "personen": parquet.Int32, "minderjarigen": parquet.Int32, "aow": parquet.Int32,
		"inkomen": parquet.Double, "huishouden": parquet.ByteArray, "buurt": parquet.ByteArray,
		"type": parquet.ByteArray, "bron": parquet.ByteArray, "uitgesloten": parquet.ByteArray,
		"leeftijd": parquet.Int32, "opleiding": parquet.ByteArray,
		"participatiewet": parquet.Int32, "jeugdwet": parquet.Int32, "wmo": parquet.Int32,
	}
	fields := s.Fields()
	if len(fields) != len(want) {
		t.Fatalf("schema has %d columns: %v", len(fields), s)
	}
	for _, f := range fields {
		k, ok := want[f.Name()]
		if !ok || f.Type().Kind() != k {
			t.Errorf("column %s: kind %v, want %v", f.Name(), f.Type().Kind(), k)
		}
		if lt := f.Type().LogicalType(); k == parquet.ByteArray && (lt == nil || lt.String() != "STRING") {
			t.Errorf("column %s is not annotated as a UTF-8 string", f.Name())
		}
		if f.Optional() != (f.Name() == "uitgesloten" || f.Name() == "opleiding") {
			t.Errorf("column %s: optional %v", f.Name(), f.Optional())
		}
	}
}

// TestVersion1 checks that Config.Version1 writes the columns of sections
// 1-5 only, with the same values as the full panel.
func TestVersion1(t *testing.T) {
	cfg := panelgen.Config{Mode: panelgen.Groningen, Households: 2000, Seed: 3, Years: [2]int{2020, 2022}}
	full := validateCSV(t, writeCSV(t, cfg))
	cfg.Version1 = true
	lines := strings.Split(strings.TrimSuffix(string(writeCSV(t, cfg)), "\n"), "\n")
	if lines[0] != strings.Join(panelgen.HeaderV1, ",") {
		t.Fatalf("header %q", lines[0])
	}
	if len(lines)-1 != len(full) {
		t.Fatalf("%d rows, the full panel %d", len(lines)-1, len(full))
	}
	for i, r := range full {
		want := fmt.Sprintf("%d,%s,%s,%s,%d,%d,%d,%s,%s,%s", r.Jaar, r.Huishouden, r.Buurt, r.Type, r.Personen,
			r.Minderjarigen, r.AOW, r.Bron, strconv.FormatFloat(r.Inkomen, 'f', -1, 64), r.Uitgesloten)
		if lines[i+1] != want {
			t.Fatalf("row %d: %q, want %q", i+1, lines[i+1], want)
		}
	}
	data := writeParquet(t, cfg)
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(f.Schema().Fields()); got != len(panelgen.HeaderV1) || f.NumRows() != int64(len(full)) {
		t.Fatalf("Parquet: %d columns, %d rows", got, f.NumRows())
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []panelgen.Config{
		{Years: [2]int{2010, 2020}},
		{Years: [2]int{2020, 2030}},
		{Years: [2]int{2022, 2020}},
		{Households: -1},
		{Mode: panelgen.Mode(9)},
	} {
		if err := panelgen.WriteCSV(context.Background(), io.Discard, cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestStopsEarly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := panelgen.Generate(ctx, panelgen.Config{Mode: panelgen.National, Households: 200000}, func(rows []panelgen.Row) error {
		n++
		if n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	count := 0
	for range panelgen.All(context.Background(), panelgen.Config{Households: 1000}) {
		count++
		if count == 10 {
			break
		}
	}
	if count != 10 {
		t.Fatalf("iterator gave %d rows", count)
	}
}

// TestCalibration checks the full Groningen demo panel against the
// published facts it is calibrated to (see internal/panelgen/README.md), computing the
// shares from the rows and the default norms by the spec's definitions.
func TestCalibration(t *testing.T) {
	s := computeStats(t, panelgen.Config{Mode: panelgen.Groningen, Seed: 1})
	t.Logf("\n%s", s)
	share := func(n, d map[int]int, y int) float64 { return pct(n[y], d[y]) }
	for y := 2017; y <= 2020; y++ {
		if v := share(s.low110, s.pop, y); math.Abs(v-16.7) > 1.0 {
			t.Errorf("%d: %.2f%% at or below 110%%, want 16.7 ± 1.0", y, v)
		}
		if v := share(s.low120, s.pop, y); math.Abs(v-19.9) > 1.0 {
			t.Errorf("%d: %.2f%% at or below 120%%, want 19.9 ± 1.0", y, v)
		}
	}
	if v := share(s.low110, s.pop, 2022); v < 15.0 || v > 16.0 {
		t.Errorf("2022: %.2f%% at or below 110%%, want 15.0-16.0", v)
	}
	if s.low110[2024] >= s.low110[2016] {
		t.Errorf("households at or below 110%%: %d in 2024, %d in 2016; want fewer", s.low110[2024], s.low110[2016])
	}
	if a, b := share(s.long, s.pop, 2018), share(s.long, s.pop, 2024); b <= a {
		t.Errorf("long-term share %.2f%% in 2024, %.2f%% in 2018; want a rise", b, a)
	}
	for _, y := range s.years {
		if n, g := share(s.northLow, s.northPop, y), share(s.low110, s.pop, y); n <= g {
			t.Errorf("%d: Groningen-Noord %.2f%% not above the gemeente's %.2f%%", y, n, g)
		}
		if e, g := share(s.eenouderLow, s.eenouderPop, y), share(s.low110, s.pop, y); e <= g {
			t.Errorf("%d: eenouder %.2f%% not above the total %.2f%%", y, e, g)
		}
	}
	if tot := s.rows; s.households() < 140000 || s.households() > 150000 {
		t.Errorf("%d households in 2024, want about 146,000 (%d rows)", s.households(), tot)
	}
	if f := pct(s.excluded, s.rows); f < 2 || f > 8 {
		t.Errorf("%.1f%% of rows excluded, want a few percent", f)
	}
	if s.negative == 0 || s.movers == 0 {
		t.Errorf("negative incomes %d, buurt moves %d: want some of each", s.negative, s.movers)
	}

	// Section 6: the relations the README describes, and the shares it
	// names within a margin.
	laag := func(i int) float64 { return pct(s.eduByLow[i]["laag"], s.byLow[i]) }
	hoog := func(i int) float64 { return pct(s.eduByLow[i]["hoog"], s.byLow[i]) }
	if laag(0) <= laag(1)+5 || hoog(0)+5 >= hoog(1) {
		t.Errorf("opleiding: laag %.1f%% / hoog %.1f%% at or below 110%%, %.1f%% / %.1f%% above; want clearly less educated at low income",
			laag(0), hoog(0), laag(1), hoog(1))
	}
	if v := pct(s.pwUitkeringLow, s.uitkLow); v < 60 {
		t.Errorf("participatiewet among low-income benefit recipients %.1f%%, want most", v)
	}
	if v := pct(s.pwByLow[0]+s.pwByLow[1], s.byLow[0]+s.byLow[1]); v < 6 || v > 12 {
		t.Errorf("participatiewet among all households %.1f%%, want about 9%%", v)
	}
	if s.jwWithoutMinors != 0 {
		t.Errorf("%d rows with jeugdwet but no minors", s.jwWithoutMinors)
	}
	if lo, hi := pct(s.jwByLow[0], s.minByLow[0]), pct(s.jwByLow[1], s.minByLow[1]); lo <= 1.3*hi {
		t.Errorf("jeugdwet %.1f%% at or below 110%%, %.1f%% above; want clearly more at low income", lo, hi)
	}
	if v := pct(s.jwByLow[0]+s.jwByLow[1], s.minByLow[0]+s.minByLow[1]); v < 9 || v > 18 {
		t.Errorf("jeugdwet among households with minors %.1f%%, want about 13%%", v)
	}
	if old, young := pct(s.ageWmo[3], s.ageRows[3]), pct(s.ageWmo[1], s.ageRows[1]); old <= 3*young {
		t.Errorf("wmo %.1f%% at 65+, %.1f%% at 25-44; want far more at 65+", old, young)
	}
}

// BenchmarkWriteCSV measures generation and formatting, without disk.
func BenchmarkWriteCSV(b *testing.B) {
	cfg := panelgen.Config{Mode: panelgen.National, Households: 100000, Seed: 1}
	var rows int64
	cfg.Progress = func(_ int, n int64) { rows = n }
	for b.Loop() {
		if err := panelgen.WriteCSV(context.Background(), io.Discard, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWriteParquet measures generation and Parquet encoding.
func BenchmarkWriteParquet(b *testing.B) {
	cfg := panelgen.Config{Mode: panelgen.National, Households: 100000, Seed: 1}
	var rows int64
	cfg.Progress = func(_ int, n int64) { rows = n }
	for b.Loop() {
		if err := panelgen.WriteParquet(context.Background(), io.Discard, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
