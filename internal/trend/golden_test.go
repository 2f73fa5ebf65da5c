package trend_test

import (
	"path/filepath"
	"testing"
)

// The expectations below are computed by hand from the panels in testdata;
// the comments give the reasoning. They must never be regenerated from the
// engine's output.

const chain = "GM0014 WK001401 BU00140100" // one buurt: its wijk and gemeente hold the same households

var goldenCases = []struct {
	name, panel, norms string
	k                  int
	want               []want
}{
	{
		// Every norm category, negative income, income exactly at 110% and
		// 120% (11000 = 1.10*10000, 22800 = 1.20*19000), an excluded row,
		// and an uitgesloten of spaces, which counts as empty.
		name: "basic", panel: "basic.csv", norms: "norms.csv", k: 1,
		want: []want{
			// h1 h3 h6 at or below 110%; h2 h4 h7 only at or below 120%.
			{2019, chain, "totaal", "3/8 6/8 6/17 13/17 1/4 4/4 - - -"},
			{2019, chain, "type:alleenstaand", "1/2 2/2 1/2 2/2 S S - - -"},
			{2019, chain, "type:eenouder", "1/2 2/2 2/4 4/4 1/2 2/2 - - -"},
			{2019, chain, "type:paar_met_kinderen", "0/1 1/1 0/4 4/4 0/2 2/2 - - -"},
			{2019, chain, "type:paar_zonder_kinderen", "0/2 0/2 0/4 0/4 S S - - -"},
			{2019, chain, "type:overig", "1/1 1/1 3/3 3/3 S S - - -"},
			{2019, chain, "bron:werk", "1/2 2/2 1/5 5/5 0/2 2/2 - - -"},
			{2019, chain, "bron:pensioen", "0/2 1/2 0/3 1/3 S S - - -"},
			{2019, chain, "bron:uitkering", "1/1 1/1 2/2 2/2 1/1 1/1 - - -"},
			{2019, chain, "bron:zelfstandig", "1/2 1/2 3/5 3/5 S S - - -"},
			{2019, chain, "bron:overig", "0/1 1/1 0/2 2/2 0/1 1/1 - - -"},
		},
	},
	{
		// Runs broken by an absent year (B, 2017), an excluded year (C,
		// 2018) and a year above 110% (E, 2018). The only 2015 row is
		// excluded: 2015 has no rows, but it is the first panel year, so
		// long-term rows start in 2018 and not in 2019.
		name: "durations", panel: "durations.csv", norms: "norms.csv", k: 1,
		want: []want{
			{2016, chain, "totaal type:alleenstaand bron:werk", "5/6 5/6 5/6 5/6 S S - - -"},
			{2017, chain, "totaal type:alleenstaand bron:werk", "4/5 4/5 4/5 4/5 S S - - -"},
			{2018, chain, "totaal type:alleenstaand bron:werk", "4/6 5/6 5/7 6/7 1/1 1/1 0/6 0/7 0/1"},
			// long: A and G (2016-2019)
			{2019, chain, "totaal type:alleenstaand bron:werk", "6/7 6/7 7/8 7/8 1/1 1/1 2/7 2/8 0/1"},
			// long: A only
			{2020, chain, "totaal type:alleenstaand bron:werk", "5/6 5/6 6/7 6/7 1/1 1/1 1/6 1/7 0/1"},
			// long: A, B and F (2018-2021); F has the one minor
			{2021, chain, "totaal type:alleenstaand bron:werk", "5/6 5/6 6/7 6/7 1/1 1/1 3/6 4/7 1/1"},
		},
	},
	{
		// Every level; BU00140200 (the only buurt of WK001402) has only
		// excluded rows in 2019, and BU00140101 in 2020: no rows for them then.
		name: "areas", panel: "areas.csv", norms: "norms.csv", k: 1,
		want: []want{
			{2019, "GM0014 WK001401", "totaal type:alleenstaand bron:werk", "2/3 2/3 2/3 2/3 S S - - -"},
			{2019, "BU00140100", "totaal type:alleenstaand bron:werk", "1/2 1/2 1/2 1/2 S S - - -"},
			{2019, "BU00140101", "totaal type:alleenstaand bron:werk", "1/1 1/1 1/1 1/1 S S - - -"},
			{2019, "GM0015 WK001501 BU00150100", "totaal type:alleenstaand bron:werk", "0/1 0/1 0/1 0/1 S S - - -"},
			{2020, "GM0014", "totaal type:alleenstaand bron:werk", "2/3 2/3 2/3 2/3 S S - - -"},
			{2020, "WK001401 BU00140100", "totaal type:alleenstaand bron:werk", "1/1 1/1 1/1 1/1 S S - - -"},
			{2020, "WK001402 BU00140200", "totaal type:alleenstaand bron:werk", "1/2 1/2 1/2 1/2 S S - - -"},
			{2020, "GM0015 WK001501 BU00150100", "totaal type:alleenstaand bron:werk", "1/1 1/1 1/1 1/1 S S - - -"},
		},
	},
	{
		// k = 3. Denominators of k-1 (alleenstaand: 2) and k (eenouder: 3);
		// numerators of k-1 (eenouder at 110%: h3 h4), k (totaal at 110%: h1
		// h3 h4) and 0 (pensioen). Minors count only households with minors:
		// totaal has 4 of them, 2 of which at 110%.
		name: "suppression", panel: "suppression.csv", norms: "norms.csv", k: 3,
		want: []want{
			{2019, chain, "totaal", "3/9 4/9 6/19 8/19 S 4/6 - - -"},
			{2019, chain, "type:alleenstaand", "S S S S S S - - -"},
			{2019, chain, "type:eenouder bron:uitkering", "S 3/3 S 7/7 S 4/4 - - -"},
			{2019, chain, "type:paar_met_kinderen", "S S S S S S - - -"},
			{2019, chain, "type:paar_zonder_kinderen bron:pensioen", "0/3 0/3 0/6 0/6 S S - - -"},
			{2019, chain, "bron:werk", "S S S S S S - - -"},
		},
	},
	{
		// k = 0 asks for the default, 10: nothing here reaches it.
		name: "default-k", panel: "suppression.csv", norms: "norms.csv", k: 0,
		want: []want{
			{2019, chain, "totaal type:alleenstaand type:eenouder type:paar_met_kinderen type:paar_zonder_kinderen bron:werk bron:uitkering bron:pensioen",
				"S S S S S S - - -"},
		},
	},
	{
		// Comparisons in float64 exactly as the spec writes them:
		// t1: 11000.781 > 1.10*10000.71 = 11000.780999999999 (decimal
		//     arithmetic and the ratio would both say at or below);
		// t2: 16500.066000000003 = 1.10*15000.06 (the ratio says above);
		// t3: norm 14000.1 + 3*2000.1 = 20000.4, income = 1.10*norm;
		// t4: 13200 <= 13200.000000000002; t5 is the next float64 above it;
		// t6: 20400 = 1.20*17000; t7: negative.
		name: "thresholds", panel: "thresholds.csv", norms: "thresholds_norms.csv", k: 1,
		want: []want{
			{2019, chain, "totaal", "4/7 7/7 8/12 12/12 3/3 3/3 - - -"},
			{2019, chain, "type:alleenstaand", "1/3 3/3 1/3 3/3 S S - - -"},
			{2019, chain, "type:paar_zonder_kinderen", "1/2 2/2 2/4 4/4 S S - - -"},
			{2019, chain, "type:eenouder bron:uitkering", "1/1 1/1 4/4 4/4 3/3 3/3 - - -"},
			{2019, chain, "type:overig bron:overig", "1/1 1/1 1/1 1/1 S S - - -"},
			{2019, chain, "bron:werk", "1/2 2/2 2/3 3/3 S S - - -"},
			{2019, chain, "bron:pensioen", "1/3 3/3 1/4 4/4 S S - - -"},
		},
	},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			want := expand(t, tc.want)
			dir := t.TempDir()
			pq := filepath.Join(dir, "panel.parquet")
			csvToParquet(t, testdata(tc.panel), pq)
			for _, panel := range []string{testdata(tc.panel), pq} {
				out := filepath.Join(dir, filepath.Base(panel)+".out.csv")
				if _, err := computeFile(t, panel, testdata(tc.norms), tc.k, out); err != nil {
					t.Fatal(err)
				}
				t.Run(filepath.Ext(panel)[1:], func(t *testing.T) {
					compareTable(t, readTableFile(t, out), want)
				})
			}
		})
	}
}
