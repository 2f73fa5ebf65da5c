package trend_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/panelgen"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/trend"
)

// Golden tables for secondary suppression (spec section 7), worked out by
// hand. Each case is a table after primary suppression, in year 2024, one
// line per row: indicator (h = huishoudens_110, p = personen_110,
// m = minderjarigen_110), gebied, groep and teller/noemer or S (suppressed).
// The household counts the rule compares are the noemers of the
// huishoudens rows (trend.TableHouseholds). hidden lists, by hand, the rows
// the rule must suppress; every other row must stay as it was.
var secondaryCases = []struct {
	name            string
	table           string
	hidden          string
	exposed, passes int
}{
	{
		// The wijk's teller minus the two shown buurten gives BU00140102.
		// Of the shown buurten BU00140101 has the fewest households (30 <
		// 40). Then two cells of the wijk's sum are hidden; the gemeente's
		// constraint (GM0014 = WK001401) never had a hidden cell.
		name: "one suppressed buurt",
		table: `h GM0014 totaal 11/74
			h WK001401 totaal 11/74
			h BU00140100 totaal 6/40
			h BU00140101 totaal 5/30
			h BU00140102 totaal S`,
		hidden:  "h BU00140101 totaal",
		exposed: 1, passes: 1,
	},
	{
		// totaal is hidden while every type is shown: the sum of the types
		// would give it back. Primary suppression never gives this state by
		// itself (a parent is suppressed only when a child is), but a pass
		// does, and a table made elsewhere may. The child with the fewest
		// households is type:eenouder (12 of 30, 12, 20). For personen the
		// rule also counts households, not persons: eenouder has the most
		// persons (50) and is still the one hidden. minderjarigen has no
		// hidden cell, so it needs no counts (the table has none for it).
		name: "suppressed parent, every child shown",
		table: `h GM0014 totaal S
			h GM0014 type:alleenstaand 10/30
			h GM0014 type:eenouder 6/12
			h GM0014 type:paar_met_kinderen 0/20
			p GM0014 totaal S
			p GM0014 type:alleenstaand 12/40
			p GM0014 type:eenouder 25/50
			p GM0014 type:paar_met_kinderen 0/80
			m GM0014 totaal 0/70
			m GM0014 type:eenouder 0/30
			m GM0014 type:paar_met_kinderen 0/40`,
		hidden: `h GM0014 type:eenouder
			p GM0014 type:eenouder`,
		exposed: 2, passes: 1,
	},
	{
		// WK001402 has one buurt, BU00140200: both are hidden (the same
		// households), so their own constraint is safe. The gemeente's is
		// not: GM0014 - WK001401 gives WK001402. Pass 1 hides WK001401, the
		// only shown child. That exposes WK001401 = BU00140100 +
		// BU00140101, with the parent hidden and both children shown: pass
		// 2 hides BU00140101 (30 < 50 households). Pass 3 finds nothing.
		name: "wijk with one buurt, a second pass",
		table: `h GM0014 totaal 15/100
			h WK001401 totaal 15/80
			h BU00140100 totaal 10/50
			h BU00140101 totaal 5/30
			h WK001402 totaal S
			h BU00140200 totaal S`,
		hidden: `h WK001401 totaal
			h BU00140101 totaal`,
		exposed: 1, passes: 2,
	},
	{
		// Households: BU00140100 40 = 25 alleenstaand + 15 eenouder,
		// BU00140101 30 = 20 + 10, BU00140200 30 = 26 + 4 (eenouder hidden,
		// and so in its wijk WK001402, which has only this buurt).
		// Pass 1, three exposed constraints: the type breakdowns of
		// BU00140200 and WK001402 each hide their only shown type,
		// alleenstaand; GM0014 eenouder = WK001401 + WK001402 hides
		// WK001401 eenouder.
		// Pass 2: GM0014 alleenstaand now has WK001402 hidden and hides
		// WK001401 alleenstaand, which the breakdown of WK001401 (eenouder
		// hidden) picks as well; WK001401 eenouder = its buurten hides
		// BU00140101 eenouder (10 < 15).
		// Pass 3: WK001401 alleenstaand = its buurten hides BU00140101
		// alleenstaand (20 < 25), which the breakdown of BU00140101 picks
		// too. Pass 4 finds nothing: every sum has two hidden cells or none.
		name: "cascade over areas and breakdowns",
		table: `h GM0014 totaal 0/100
			h GM0014 type:alleenstaand 0/71
			h GM0014 type:eenouder 0/29
			h WK001401 totaal 0/70
			h WK001401 type:alleenstaand 0/45
			h WK001401 type:eenouder 0/25
			h BU00140100 totaal 0/40
			h BU00140100 type:alleenstaand 0/25
			h BU00140100 type:eenouder 0/15
			h BU00140101 totaal 0/30
			h BU00140101 type:alleenstaand 0/20
			h BU00140101 type:eenouder 0/10
			h WK001402 totaal 0/30
			h WK001402 type:alleenstaand 0/26
			h WK001402 type:eenouder S
			h BU00140200 totaal 0/30
			h BU00140200 type:alleenstaand 0/26
			h BU00140200 type:eenouder S`,
		hidden: `h BU00140200 type:alleenstaand
			h WK001402 type:alleenstaand
			h WK001401 type:eenouder
			h WK001401 type:alleenstaand
			h BU00140101 type:eenouder
			h BU00140101 type:alleenstaand`,
		exposed: 3, passes: 3,
	},
	{
		// BU00140100 has one income source, werk. Pass 1: WK001401 werk =
		// its buurten, BU00140102 werk hidden, hides BU00140100 werk (15 <
		// 20); the breakdown of BU00140102 hides uitkering, its only shown
		// source. Pass 2: the bron breakdown of BU00140100 now has its only
		// child hidden and no child shown, so its parent, BU00140100
		// totaal, is hidden; WK001401 uitkering hides BU00140101 uitkering.
		// Pass 3: WK001401 totaal hides BU00140102 totaal (24 < 40); the
		// breakdown of BU00140101 hides werk. Pass 4 finds nothing.
		name: "the parent when no child is shown",
		table: `h GM0014 totaal 0/79
			h GM0014 bron:werk 0/39
			h GM0014 bron:uitkering 0/40
			h WK001401 totaal 0/79
			h WK001401 bron:werk 0/39
			h WK001401 bron:uitkering 0/40
			h BU00140100 totaal 0/15
			h BU00140100 bron:werk 0/15
			h BU00140101 totaal 0/40
			h BU00140101 bron:werk 0/20
			h BU00140101 bron:uitkering 0/20
			h BU00140102 totaal 0/24
			h BU00140102 bron:werk S
			h BU00140102 bron:uitkering 0/20`,
		hidden: `h BU00140100 bron:werk
			h BU00140102 bron:uitkering
			h BU00140100 totaal
			h BU00140101 bron:uitkering
			h BU00140102 totaal
			h BU00140101 bron:werk`,
		exposed: 2, passes: 3,
	},
	{
		// Ties. GM0014's types: overig and paar_zonder_kinderen both have
		// 12 households; "type:overig" comes first in byte order (the
		// spec's order of types would put paar_zonder_kinderen first).
		// WK001501: BU00150100 and BU00150102 both have 25; the smaller
		// gebied, BU00150100, is hidden. The bron breakdown of GM0014 has
		// no hidden cell and stays.
		name: "ties",
		table: `h GM0014 totaal 10/50
			h GM0014 type:alleenstaand S
			h GM0014 type:overig 0/12
			h GM0014 type:paar_zonder_kinderen 5/12
			h GM0014 type:paar_met_kinderen 5/20
			h GM0014 bron:werk 0/30
			h GM0014 bron:uitkering 10/20
			h GM0015 totaal 12/56
			h WK001501 totaal 12/56
			h BU00150100 totaal 6/25
			h BU00150101 totaal S
			h BU00150102 totaal 6/25`,
		hidden: `h GM0014 type:overig
			h BU00150100 totaal`,
		exposed: 2, passes: 1,
	},
}

var shortIndicators = map[string]string{"h": "huishoudens_110", "p": "personen_110", "m": "minderjarigen_110"}

// parseSecondaryCase turns a case's lines into an indicator table CSV and
// the expectations for it.
func parseSecondaryCase(t *testing.T, table, hidden string) (string, map[rowKey]expected) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt\n")
	want := map[rowKey]expected{}
	key := func(f []string) rowKey {
		ind, ok := shortIndicators[f[0]]
		if !ok {
			t.Fatalf("unknown indicator %q", f[0])
		}
		return rowKey{ind, "2024", levelOf(f[1]), f[1], f[2]}
	}
	for line := range strings.Lines(table) {
		f := strings.Fields(line)
		if len(f) != 4 {
			t.Fatalf("bad line %q", line)
		}
		k := key(f)
		if f[3] == "S" {
			want[k] = expected{suppressed: true}
			fmt.Fprintf(&csv, "%s,%s,%s,%s,%s,,,,1\n", k.ind, k.year, k.level, k.area, k.group)
			continue
		}
		var num, den int64
		if _, err := fmt.Sscanf(f[3], "%d/%d", &num, &den); err != nil {
			t.Fatalf("bad value in %q", line)
		}
		want[k] = expected{num: num, den: den}
		fmt.Fprintf(&csv, "%s,%s,%s,%s,%s,%d,%d,%g,0\n", k.ind, k.year, k.level, k.area, k.group, num, den, 100*float64(num)/float64(den))
	}
	for line := range strings.Lines(hidden) {
		k := key(strings.Fields(line))
		if _, ok := want[k]; !ok {
			t.Fatalf("hidden row %v is not in the table", k)
		}
		want[k] = expected{suppressed: true, secondary: true}
	}
	return csv.String(), want
}

func TestSecondaryGolden(t *testing.T) {
	for _, tc := range secondaryCases {
		t.Run(tc.name, func(t *testing.T) {
			in, want := parseSecondaryCase(t, tc.table, tc.hidden)
			rows, err := trend.ReadTable("table.csv", strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if n := trend.CountExposed(rows); n != tc.exposed {
				t.Errorf("CountExposed = %d, want %d", n, tc.exposed)
			}
			st, err := trend.ApplySecondary(rows, trend.TableHouseholds(rows))
			if err != nil {
				t.Fatal(err)
			}
			if st.Exposed != tc.exposed || st.Passes != tc.passes || st.Cells != len(strings.Fields(tc.hidden))/3 {
				t.Errorf("stats %+v, want %d exposed, %d passes, %d cells", st, tc.exposed, tc.passes, len(strings.Fields(tc.hidden))/3)
			}
			out := filepath.Join(t.TempDir(), "out.csv")
			if err := trend.WriteCSV(out, rows); err != nil {
				t.Fatal(err)
			}
			got := readTableFile(t, out)
			compareTable(t, got, want)
			if n := refExposed(tableSuppressed(got)); n != 0 {
				t.Errorf("%d constraints still expose a cell", n)
			}
			// Applying the rule again changes nothing.
			st, err = trend.ApplySecondary(rows, trend.TableHouseholds(rows))
			if err != nil || st != (trend.SecondaryStats{}) {
				t.Errorf("second application: %+v, %v", st, err)
			}
		})
	}
}

// An imported table that lacks the counts to choose: two shown children
// whose households the table does not show (minderjarigen counts only
// households with minors, which no row gives). The rule refuses, names
// them, and changes nothing.
func TestSecondaryMissingCounts(t *testing.T) {
	in, _ := parseSecondaryCase(t, `m GM0014 totaal 4/70
		m GM0014 type:alleenstaand S
		m GM0014 type:eenouder 4/30
		m GM0014 type:paar_met_kinderen 0/40
		m GM0015 totaal 0/30
		m GM0015 type:eenouder S
		m GM0015 type:paar_met_kinderen 0/28`, "")
	rows, err := trend.ReadTable("table.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	before := append([]trend.Row(nil), rows...)
	_, err = trend.ApplySecondary(rows, trend.TableHouseholds(rows))
	var me *trend.MissingCountsError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a MissingCountsError", err)
	}
	var names []string
	for _, r := range me.Cells {
		names = append(names, trend.CellName(r))
	}
	// GM0015 has one shown type: no count is needed to choose it.
	want := "minderjarigen_110 2024 gemeente GM0014 type:eenouder, minderjarigen_110 2024 gemeente GM0014 type:paar_met_kinderen"
	if got := strings.Join(names, ", "); got != want || me.Exposed != 2 {
		t.Errorf("missing %q (%d exposed), want %q (2 exposed)", got, me.Exposed, want)
	}
	for i := range rows {
		if rows[i] != before[i] {
			t.Errorf("row %d changed: %+v", i, rows[i])
		}
	}
}

// On generated Groningen panels (real wijken, generated buurten) the primary
// table has thousands of exposed sums, and the table with secondary
// suppression none, counted by this package's own counter. The option
// changes nothing but the rows it suppresses: every other line of the file
// is the same.
func TestSecondaryGeneratedPanels(t *testing.T) {
	n, err := trend.ReadNorms("default", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		seed       int64
		households int
		k          int
		v1         bool // without the section 6 columns
	}{{1, 4000, 10, false}, {2, 12000, 5, false}, {3, 4000, 10, true}} {
		t.Run(fmt.Sprint("seed", tc.seed), func(t *testing.T) {
			dir := t.TempDir()
			panel := filepath.Join(dir, "panel.parquet")
			var buf bytes.Buffer
			cfg := panelgen.Config{Mode: panelgen.Groningen, Households: tc.households, Years: [2]int{2019, 2024}, Seed: tc.seed, Version1: tc.v1}
			if err := panelgen.WriteParquet(context.Background(), &buf, cfg); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(panel, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			exposed := map[bool]int{}
			files := map[bool][]byte{}
			for _, sec := range []bool{false, true} {
				res, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, Norms: &n, MinCell: tc.k, Secondary: sec})
				if err != nil {
					t.Fatal(err)
				}
				out := filepath.Join(dir, fmt.Sprint(sec, ".csv"))
				if err := trend.WriteCSV(out, res.Rows); err != nil {
					t.Fatal(err)
				}
				exposed[sec] = refExposed(tableSuppressed(readTableFile(t, out)))
				files[sec], _ = os.ReadFile(out)
				if sec && res.SecondaryStats.Exposed != exposed[false] {
					t.Errorf("the engine counted %d exposed sums, this test %d", res.SecondaryStats.Exposed, exposed[false])
				}
			}
			if exposed[false] == 0 {
				t.Error("the primary table exposes no cell: the panel tests nothing")
			}
			if exposed[true] != 0 {
				t.Errorf("%d sums still expose a suppressed cell", exposed[true])
			}
			plain, sec := bytes.Split(files[false], []byte("\n")), bytes.Split(files[true], []byte("\n"))
			if len(plain) != len(sec) {
				t.Fatalf("%d lines without, %d with", len(plain), len(sec))
			}
			for i := range plain {
				if !bytes.Equal(plain[i], sec[i]) && !bytes.HasSuffix(sec[i], []byte(",,,,2")) {
					t.Errorf("line %d: %q became %q", i+1, plain[i], sec[i])
				}
			}
			t.Logf("k=%d: %d exposed sums without secondary suppression, %d with", tc.k, exposed[false], exposed[true])
		})
	}
}

// A table computed elsewhere gives the households behind a usage row
// (gebruik_*_110, section 6) in its own noemer: the households at or below
// 110%. A suppressed row gives none.
func TestTableHouseholdsUsage(t *testing.T) {
	rows := []trend.Row{
		trend.MustRow("gebruik_wmo_110", 2024, "gemeente", "GM0014", "leeftijd:65_plus", 40, 310, false),
		trend.MustRow("gebruik_jeugdwet_110", 2024, "gemeente", "GM0014", "leeftijd:65_plus", 0, 0, true),
		trend.MustRow("minderjarigen_110", 2024, "gemeente", "GM0014", "totaal", 120, 900, false),
	}
	hh := trend.TableHouseholds(rows)
	if n, ok := hh(0); !ok || n != 310 {
		t.Errorf("usage row: %d, %v; want the noemer 310", n, ok)
	}
	if _, ok := hh(1); ok {
		t.Error("a suppressed usage row gave a household count")
	}
	if _, ok := hh(2); ok {
		t.Error("a minderjarigen row gave a household count the table does not show")
	}
}
