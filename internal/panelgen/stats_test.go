package panelgen_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/panelgen"
)

// panelStats is computed from the rows alone, by the spec's definitions, so
// the calibration test checks what a reader of the panel would measure.
type panelStats struct {
	years                        []int
	pop, low110, low120, long    map[int]int
	northPop, northLow           map[int]int
	eenouderPop, eenouderLow     map[int]int
	rows, excluded, negative     int
	excl                         map[string]int
	types, bron                  map[string]int
	aow, persons, minors, movers int
	householdIDs, lastYearRows   int

	// Section 6, over population rows: by income (0: at or below 110%,
	// 1: above) the rows, and those per education level, with each usage
	// flag, and with minors; by age band the rows and those at or below
	// 110% and with wmo.
	byLow                      [2]int
	eduByLow                   [2]map[string]int
	pwByLow, jwByLow, minByLow [2]int
	pwUitkeringLow, uitkLow    int
	jwWithoutMinors            int
	ageRows, ageLow, ageWmo    [4]int
}

// ageBand is the spec's age band: under 25, 25-44, 45-64, 65 and older.
func ageBand(a int32) int {
	switch {
	case a < 25:
		return 0
	case a < 45:
		return 1
	case a < 65:
		return 2
	}
	return 3
}

// northWijken are the wijken the generator documents as Groningen-Noord.
var northWijken = []string{"WK001403", "WK001409", "WK001410", "WK001411", "WK001412"}

func computeStats(t testing.TB, cfg panelgen.Config) *panelStats {
	t.Helper()
	tab := norms.Default()
	s := &panelStats{
		pop: map[int]int{}, low110: map[int]int{}, low120: map[int]int{}, long: map[int]int{},
		northPop: map[int]int{}, northLow: map[int]int{},
		eenouderPop: map[int]int{}, eenouderLow: map[int]int{},
		excl: map[string]int{}, types: map[string]int{}, bron: map[string]int{},
		eduByLow: [2]map[string]int{{}, {}},
	}
	type run struct {
		year, dur int
		buurt     string
	}
	last := map[string]run{}
	north := map[string]bool{}
	for _, w := range northWijken {
		north[w] = true
	}
	seen := map[int]bool{}
	for r, err := range panelgen.All(context.Background(), cfg) {
		if err != nil {
			t.Fatal(err)
		}
		// Every row of the panel must pass the spec's input rules.
		if col, why := checkRow(&r); col != "" {
			t.Fatalf("row %d: %s: %s (%+v)", s.rows+1, col, why, r)
		}
		y := int(r.Jaar)
		if !seen[y] {
			seen[y] = true
			s.years = append(s.years, y)
		}
		s.rows++
		if y == 2024 {
			s.lastYearRows++
		}
		if r.Inkomen < 0 {
			s.negative++
		}
		prev, had := last[r.Huishouden]
		if had && prev.year == y {
			t.Fatalf("household %s twice in %d", r.Huishouden, y)
		}
		if had && prev.buurt != r.Buurt {
			s.movers++
		}
		if strings.TrimSpace(r.Uitgesloten) != "" {
			s.excluded++
			s.excl[r.Uitgesloten]++
			last[r.Huishouden] = run{y, 0, r.Buurt}
			continue
		}
		s.pop[y]++
		s.types[r.Type]++
		s.bron[r.Bron]++
		s.aow += int(r.AOW)
		s.persons += int(r.Personen)
		s.minors += int(r.Minderjarigen)
		norm, ok := tab.Norm(y, r.Type, r.AOW == 1, int(r.Minderjarigen))
		if !ok {
			t.Fatalf("no norm for %d", y)
		}
		isNorth := north["WK"+r.Buurt[2:8]]
		if isNorth {
			s.northPop[y]++
		}
		if r.Type == "eenouder" {
			s.eenouderPop[y]++
		}
		dur := 0
		if r.Inkomen <= 1.10*norm {
			s.low110[y]++
			if isNorth {
				s.northLow[y]++
			}
			if r.Type == "eenouder" {
				s.eenouderLow[y]++
			}
			dur = 1
			if had && prev.year == y-1 && prev.dur > 0 {
				dur = prev.dur + 1
			}
			if dur >= 4 {
				s.long[y]++
			}
		}
		if r.Inkomen <= 1.20*norm {
			s.low120[y]++
		}
		li := 1
		if r.Inkomen <= 1.10*norm {
			li = 0
		}
		s.byLow[li]++
		s.eduByLow[li][r.Opleiding]++
		s.pwByLow[li] += int(r.Participatiewet)
		if r.Minderjarigen > 0 {
			s.minByLow[li]++
			s.jwByLow[li] += int(r.Jeugdwet)
		} else {
			s.jwWithoutMinors += int(r.Jeugdwet)
		}
		if li == 0 && r.Bron == "uitkering" {
			s.uitkLow++
			s.pwUitkeringLow += int(r.Participatiewet)
		}
		ab := ageBand(r.Leeftijd)
		s.ageRows[ab]++
		s.ageWmo[ab] += int(r.Wmo)
		if li == 0 {
			s.ageLow[ab]++
		}
		last[r.Huishouden] = run{y, dur, r.Buurt}
	}
	s.householdIDs = len(last)
	return s
}

func pct(n, d int) float64 { return 100 * float64(n) / float64(d) }

func (s *panelStats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rows %d, households ever %d, excluded %.2f%% %v, negative %d, movers %d\n",
		s.rows, s.householdIDs, pct(s.excluded, s.rows), s.excl, s.negative, s.movers)
	fmt.Fprintf(&b, "year  pop     110%%   120%%   n110   long4  noord110 eenouder110\n")
	for _, y := range s.years {
		fmt.Fprintf(&b, "%d %7d %6.2f %6.2f %6d %6.2f %8.2f %8.2f\n", y, s.pop[y],
			pct(s.low110[y], s.pop[y]), pct(s.low120[y], s.pop[y]), s.low110[y],
			pct(s.long[y], s.pop[y]), pct(s.northLow[y], s.northPop[y]), pct(s.eenouderLow[y], s.eenouderPop[y]))
	}
	tot := 0
	for _, y := range s.years {
		tot += s.pop[y]
	}
	fmt.Fprintf(&b, "types %s\nbron %s\naow %.1f%%, persons/hh %.2f, minors/hh %.2f\n",
		shares(s.types, tot), shares(s.bron, tot), pct(s.aow, tot), float64(s.persons)/float64(tot), float64(s.minors)/float64(tot))
	all := map[string]int{}
	for _, m := range s.eduByLow {
		for k, v := range m {
			all[k] += v
		}
	}
	fmt.Fprintf(&b, "opleiding: all %s\n  at or below 110%% %s\n  above %s\n", shares(all, tot),
		shares(s.eduByLow[0], s.byLow[0]), shares(s.eduByLow[1], s.byLow[1]))
	fmt.Fprintf(&b, "participatiewet: all %.1f%%, at or below 110%% %.1f%% (on a benefit %.1f%%), above %.1f%%\n",
		pct(s.pwByLow[0]+s.pwByLow[1], tot), pct(s.pwByLow[0], s.byLow[0]), pct(s.pwUitkeringLow, s.uitkLow), pct(s.pwByLow[1], s.byLow[1]))
	fmt.Fprintf(&b, "jeugdwet (households with minors): all %.1f%%, at or below 110%% %.1f%%, above %.1f%%; without minors %d\n",
		pct(s.jwByLow[0]+s.jwByLow[1], s.minByLow[0]+s.minByLow[1]), pct(s.jwByLow[0], s.minByLow[0]), pct(s.jwByLow[1], s.minByLow[1]), s.jwWithoutMinors)
	for i, name := range []string{"tot_25", "25_44", "45_64", "65_plus"} {
		fmt.Fprintf(&b, "leeftijd %-8s rows %5.1f%%, at or below 110%% %5.1f%%, wmo %5.1f%%\n", name,
			pct(s.ageRows[i], tot), pct(s.ageLow[i], s.ageRows[i]), pct(s.ageWmo[i], s.ageRows[i]))
	}
	return b.String()
}

func shares(m map[string]int, tot int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %.1f%%", k, pct(m[k], tot)))
	}
	return strings.Join(parts, ", ")
}

// households is the number of rows (population or not) in the last year.
func (s *panelStats) households() int { return s.lastYearRows }
