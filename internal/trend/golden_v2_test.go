package trend_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/trend"
)

// Hand-computed expectations for the optional columns of the spec's
// section 6. All rows are alleenstaand, werk, aow 0, one person, no minors,
// in 2019: the norm is 10000, so 110% is 11000 and 120% is 12000; with no
// minors every minderjarigen row is suppressed (no household behind its
// denominator). Values per area and group: the nine indicators of section 4
// and then gebruik_participatiewet_110, gebruik_jeugdwet_110 and
// gebruik_wmo_110 (teller: users at or below 110%, noemer: households at or
// below 110%).
var goldenV2Cases = []struct {
	name, panel string
	drop        []string // columns removed from the panel before computing
	k           int
	want        []want
}{
	{
		// v2groups.csv: the age band edges 24/25, 44/45, 64/65 and the
		// extremes 0 and 120; opleiding empty twice (a null in Parquet);
		// users above 110% (a2: participatiewet at 11500, a4: wmo at 50000)
		// who do not count; a8 excluded (leeftijd 120, every flag) counting
		// nowhere; a9 with an uitgesloten of spaces, in the population.
		// At or below 110%: a1 a3 a5 (11000, exactly 110%) a6 a7; at or
		// below 120% also a2 and a9 (12000).
		name: "groups", panel: "v2groups.csv", k: 1,
		want: []want{
			// participatiewet: a1 a5; jeugdwet: a3; wmo: a5 a6
			{2019, chain, "totaal type:alleenstaand bron:werk", "5/8 7/8 5/8 7/8 S S - - - 2/5 1/5 2/5"},
			// a1 (24) a7 (0), both at or below 110%
			{2019, chain, "leeftijd:tot_25", "2/2 2/2 2/2 2/2 S S - - - 1/2 0/2 0/2"},
			// a2 (25, 11500) a3 (44) a9 (30, 12000)
			{2019, chain, "leeftijd:25_44", "1/3 3/3 1/3 3/3 S S - - - 0/1 1/1 0/1"},
			// a4 (45, 50000) a5 (64, 11000)
			{2019, chain, "leeftijd:45_64", "1/2 1/2 1/2 1/2 S S - - - 1/1 0/1 1/1"},
			// a6 (65)
			{2019, chain, "leeftijd:65_plus", "1/1 1/1 1/1 1/1 S S - - - 0/1 0/1 1/1"},
			// a1 a5
			{2019, chain, "opleiding:laag", "2/2 2/2 2/2 2/2 S S - - - 2/2 0/2 1/2"},
			// a3, a9 (12000)
			{2019, chain, "opleiding:middelbaar", "1/2 2/2 1/2 2/2 S S - - - 0/1 1/1 0/1"},
			// a4 (50000) a7
			{2019, chain, "opleiding:hoog", "1/2 1/2 1/2 1/2 S S - - - 0/1 0/1 0/1"},
			// a2 (11500) a6
			{2019, chain, "opleiding:onbekend", "1/2 2/2 1/2 2/2 S S - - - 0/1 0/1 1/1"},
		},
	},
	{
		// The same panel with only leeftijd and wmo: the age groups and one
		// usage indicator, no education groups.
		name: "some-columns", panel: "v2groups.csv", drop: []string{"opleiding", "participatiewet", "jeugdwet"}, k: 1,
		want: []want{
			{2019, chain, "totaal type:alleenstaand bron:werk", "5/8 7/8 5/8 7/8 S S - - - - - 2/5"},
			{2019, chain, "leeftijd:tot_25", "2/2 2/2 2/2 2/2 S S - - - - - 0/2"},
			{2019, chain, "leeftijd:25_44", "1/3 3/3 1/3 3/3 S S - - - - - 0/1"},
			{2019, chain, "leeftijd:45_64", "1/2 1/2 1/2 1/2 S S - - - - - 1/1"},
			{2019, chain, "leeftijd:65_plus", "1/1 1/1 1/1 1/1 S S - - - - - 1/1"},
		},
	},
	{
		// k = 3. At or below 110%: s1-s6; s7-s9 (50000) are users above it.
		// participatiewet: s1 s2 (k-1, suppressed); jeugdwet: s1 s2 s3 (k);
		// wmo: nobody at or below 110% (0 is shown).
		name: "suppression", panel: "v2suppression.csv", k: 3,
		want: []want{
			{2019, chain, "totaal type:alleenstaand bron:werk opleiding:hoog", "6/9 6/9 6/9 6/9 S S - - - S 3/6 0/6"},
			// s1 s2 s7: 2 households at or below 110%, k-1 behind every
			// usage denominator
			{2019, chain, "leeftijd:tot_25", "S S S S S S - - - S S S"},
			// s3 s4 s5: k behind the usage denominator; jeugdwet 1 user
			{2019, chain, "leeftijd:25_44", "3/3 3/3 3/3 3/3 S S - - - 0/3 S 0/3"},
			// s6 s8 s9: one household at or below 110%
			{2019, chain, "leeftijd:45_64", "S S S S S S - - - S S S"},
		},
	},
}

func TestGoldenV2(t *testing.T) {
	for _, tc := range goldenV2Cases {
		t.Run(tc.name, func(t *testing.T) {
			want := expand(t, tc.want)
			dir := t.TempDir()
			panel := filepath.Join(dir, "panel.csv")
			dropColumns(t, testdata(tc.panel), panel, tc.drop)
			nrm := testdata("norms.csv")
			for _, style := range []pqStyle{{true, true}, {false, true}, {true, false}} {
				pq := filepath.Join(dir, "panel.parquet")
				csvToParquetCols(t, panel, pq, style)
				for _, p := range []string{panel, pq} {
					out := filepath.Join(dir, filepath.Base(p)+".out.csv")
					if _, err := computeFile(t, p, nrm, tc.k, out); err != nil {
						t.Fatal(err)
					}
					compareTable(t, readTableFile(t, out), want)
				}
			}
		})
	}
}

// dropColumns copies a panel CSV without the named columns.
func dropColumns(t *testing.T, src, dst string, drop []string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, r := range recs {
		var keep []string
		for i, v := range r {
			if !slices.Contains(drop, recs[0][i]) {
				keep = append(keep, v)
			}
		}
		w.Write(keep)
	}
	w.Flush()
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A version 1 panel gives byte for byte the table it gave before section 6.
// v1small.csv and v1small.parquet were written by 'perspectief generate
// panel --households 250 --years 2018-2022 --seed 7' of main at 4cab12a,
// before the generator wrote the optional columns; the checksum is that of
// the table main's 'perspectief trend berekenen --min-cell 3' wrote from
// either file with the built-in norms (20,751 rows, 1,203,833 bytes).
func TestVersion1Unchanged(t *testing.T) {
	const wantSHA = "53fd140138b2596f7e81f33b4777a471788d1b9872bd171030ccef0ee00b38b7"
	n, err := trend.ReadNorms("the built-in default norms", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		t.Fatal(err)
	}
	for _, panel := range []string{"v1small.csv", "v1small.parquet"} {
		res, err := trend.Compute(context.Background(), trend.Options{PanelPath: testdata(panel), Norms: &n, MinCell: 3})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := trend.WriteTable(&buf, res.Rows); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(buf.Bytes())
		if got := hex.EncodeToString(sum[:]); got != wantSHA {
			t.Errorf("%s: table of %d bytes has SHA-256 %s, want %s", panel, buf.Len(), got, wantSHA)
		}
	}
}
