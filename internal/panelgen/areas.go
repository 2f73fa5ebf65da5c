package panelgen

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

//go:embed data/groningen_wijken_2024.csv
var groningenCSV []byte

//go:embed data/nl_wijken.csv
var nationalCSV []byte

// wijk is one real CBS wijk with the key figures the model uses.
type wijk struct {
	code       string // WK + 6 digits
	name       string
	households int     // CBS 2024, rounded to 5
	avgSize    float64 // persons per household
	pct65      float64 // share of inhabitants aged 65+, percent
	// risk multiplies the chance of a low income; see risk.go.
	risk float64
	// north marks the wijken counted as Groningen-Noord.
	north bool
	// studentRate is the share of households that are student households.
	studentRate float64
	// growth is the share of the 2024 housing that was added during the panel.
	growth float64
	// buurten are indexes into area.buurten.
	firstBuurt, numBuurten int
	// gemeente indexes area.gemeenten.
	gemeente int
}

type buurt struct {
	code   string // BU + 8 digits
	wijk   int
	weight float64 // relative size within its wijk
	risk   float64 // multiplier on top of the wijk's
}

type gemeente struct {
	code       string
	firstWijk  int
	numWijken  int
	cumWeights []float64 // cumulative households over its wijken, for moves
}

// area is the set of real wijken a panel is spread over, with the buurten
// the generator makes inside them.
type area struct {
	wijken    []wijk
	buurten   []buurt
	gemeenten []gemeente
}

// northGroningen lists the wijken of gemeente Groningen counted as
// Groningen-Noord: the urban wijken whose centre lies north of the Centrum
// (Oud-Noord with De Hoogte and Korrewegwijk, Nieuw-West with Vinkhuizen,
// Noordwest with Selwerd and Paddepoel, Noordoost with Beijum, Noorddijk
// e.o. with Lewenborg). The village wijken Ten Boer and Ten Post lie north
// too but are not part of the city's north.
var northGroningen = map[string]bool{
	"WK001403": true, "WK001409": true, "WK001410": true, "WK001411": true, "WK001412": true,
}

// groningenRisk is the relative chance of a low income per wijk, a design
// choice that reproduces the known pattern: highest in the northern wijken
// and Oosterparkwijk, lowest in Haren, Glimmen and the new Meerstad.
var groningenRisk = map[string]float64{
	"WK001400": 1.05, // Centrum
	"WK001401": 0.85, // Oud-Zuid
	"WK001402": 1.05, // Oud-West
	"WK001403": 1.45, // Oud-Noord
	"WK001404": 1.45, // Oosterparkwijk
	"WK001405": 0.55, // Zuidoost
	"WK001406": 0.95, // Helpman e.o.
	"WK001407": 0.80, // Zuidwest
	"WK001408": 0.70, // Hoogkerk e.o.
	"WK001409": 1.55, // Nieuw-West
	"WK001410": 1.45, // Noordwest
	"WK001411": 1.60, // Noordoost
	"WK001412": 1.30, // Noorddijk e.o.
	"WK001413": 0.45, // Meerdorpen
	"WK001414": 0.30, // Meerstad e.o.
	"WK001415": 0.60, // Ten Boer e.o.
	"WK001416": 0.65, // Ten Post e.o.
	"WK001417": 0.45, // Haren-West e.o.
	"WK001418": 0.45, // Haren-Oost e.o.
	"WK001419": 0.30, // Glimmen-Onnen-Noordlaren
}

// groningenStudents is the share of student households per wijk: many in
// the Centrum and the old town around it, and near the Zernike campus.
var groningenStudents = map[string]float64{
	"WK001400": 0.10, "WK001401": 0.05, "WK001402": 0.05, "WK001403": 0.05,
	"WK001404": 0.03, "WK001410": 0.04,
}

func loadGroningen() (*area, error) {
	recs, err := readCSV(groningenCSV, "wijkcode", "wijknaam", "gemeentecode", "huishoudens", "gem_huishouden_grootte", "65plus")
	if err != nil {
		return nil, fmt.Errorf("groningen_wijken_2024.csv: %w", err)
	}
	a := &area{}
	for _, r := range recs {
		w := wijk{code: r["wijkcode"], name: r["wijknaam"], risk: 1, studentRate: 0.005, growth: 0.045}
		if w.households, err = strconv.Atoi(r["huishoudens"]); err != nil {
			return nil, fmt.Errorf("groningen_wijken_2024.csv: %s: huishoudens: %w", w.code, err)
		}
		w.avgSize = parseOr(r["gem_huishouden_grootte"], 2.1)
		w.pct65 = parseOr(r["65plus"], 20)
		if v, ok := groningenRisk[w.code]; ok {
			w.risk = v
		}
		if v, ok := groningenStudents[w.code]; ok {
			w.studentRate = v
		}
		w.north = northGroningen[w.code]
		if w.code == "WK001414" {
			// Meerstad was mostly built during the panel years.
			w.growth = 0.8
		}
		a.wijken = append(a.wijken, w)
	}
	a.finish(1)
	return a, nil
}

func loadNational() (*area, error) {
	recs, err := readCSV(nationalCSV, "wijkcode", "gemeentecode", "huishoudens", "gem_huishouden_grootte", "pct_65plus")
	if err != nil {
		return nil, fmt.Errorf("nl_wijken.csv: %w", err)
	}
	a := &area{}
	for _, r := range recs {
		w := wijk{code: r["wijkcode"], studentRate: 0.01, growth: 0.04}
		if w.households, err = strconv.Atoi(r["huishoudens"]); err != nil {
			return nil, fmt.Errorf("nl_wijken.csv: %s: huishoudens: %w", w.code, err)
		}
		w.avgSize = parseOr(r["gem_huishouden_grootte"], 2.1)
		w.pct65 = parseOr(r["pct_65plus"], 20)
		// Without published figures per wijk, spatial variation is drawn
		// once per wijk and per gemeente from their codes, so it is the same
		// for every seed: smaller households (cities) get a higher risk.
		z := normalFrom(hashString(w.code)) * 0.35
		zg := normalFrom(hashString("GM"+w.code[2:6])) * 0.20
		w.risk = math.Exp(z+zg) * math.Pow(2.2/w.avgSize, 1.2)
		a.wijken = append(a.wijken, w)
	}
	a.wijken = numericCodes(a.wijken)
	a.finish(2)
	return a, nil
}

// numericCodes folds wijken whose CBS code holds letters (Amsterdam's
// WK0363AA and so on) into numeric codes, because the spec's buurt codes
// are BU + 8 digits. A gemeente's letter-coded wijken, in code order, are
// grouped onto its unused two-digit numbers, as few per number as fit
// (Amsterdam: 110 wijken, two per number); a group adds up its households
// and averages its key figures weighted by households.
func numericCodes(ws []wijk) []wijk {
	byGemeente := map[string][]int{}
	used := map[string]map[int]bool{}
	var out []wijk
	var order []string
	for i, w := range ws {
		g := w.code[2:6]
		if n, err := strconv.Atoi(w.code[6:]); err == nil && len(w.code) == 8 {
			if used[g] == nil {
				used[g] = map[int]bool{}
			}
			used[g][n] = true
			out = append(out, w)
			continue
		}
		if byGemeente[g] == nil {
			order = append(order, g)
		}
		byGemeente[g] = append(byGemeente[g], i)
	}
	for _, g := range order {
		idx := byGemeente[g]
		sort.Slice(idx, func(a, b int) bool { return ws[idx[a]].code < ws[idx[b]].code })
		var free []int
		for n := 0; n < 100; n++ {
			if !used[g][n] {
				free = append(free, n)
			}
		}
		per := (len(idx) + len(free) - 1) / len(free)
		for j := 0; j < len(idx); j += per {
			group := idx[j:min(j+per, len(idx))]
			m := ws[group[0]]
			m.code = fmt.Sprintf("WK%s%02d", g, free[j/per])
			var hh, size, p65 float64
			for _, k := range group {
				h := float64(ws[k].households)
				hh += h
				size += h * ws[k].avgSize
				p65 += h * ws[k].pct65
			}
			m.households = int(hh)
			m.avgSize, m.pct65 = size/hh, p65/hh
			out = append(out, m)
		}
	}
	return out
}

// finish adds the generated buurten and the gemeente index. buurtScale sets
// how many households a generated buurt has on average (in thousands).
func (a *area) finish(buurtScale float64) {
	sort.Slice(a.wijken, func(i, j int) bool { return a.wijken[i].code < a.wijken[j].code })
	for i := range a.wijken {
		w := &a.wijken[i]
		// Buurt codes are made up but follow the CBS pattern: the wijk's six
		// digits plus a two-digit number. Their number follows from the real
		// household count, not the panel size, so codes are stable.
		n := int(math.Round(float64(w.households)/(1000*buurtScale))) + 1
		n = min(max(n, 2), 9)
		w.firstBuurt, w.numBuurten = len(a.buurten), n
		for j := 0; j < n; j++ {
			code := fmt.Sprintf("BU%s%02d", w.code[2:], j)
			h := hashString(code)
			a.buurten = append(a.buurten, buurt{
				code:   code,
				wijk:   i,
				weight: 0.4 + uniformFrom(h),
				risk:   math.Exp(0.3 * normalFrom(mix64(h^0x5bd1e995))),
			})
		}
		gcode := "GM" + w.code[2:6]
		if len(a.gemeenten) == 0 || a.gemeenten[len(a.gemeenten)-1].code != gcode {
			a.gemeenten = append(a.gemeenten, gemeente{code: gcode, firstWijk: i})
		}
		g := &a.gemeenten[len(a.gemeenten)-1]
		g.numWijken++
		total := float64(w.households)
		if len(g.cumWeights) > 0 {
			total += g.cumWeights[len(g.cumWeights)-1]
		}
		g.cumWeights = append(g.cumWeights, total)
		w.gemeente = len(a.gemeenten) - 1
	}
	// Normalise buurt risk within each wijk so that the wijk's own risk is
	// the household-weighted mean of its buurten.
	for i := range a.wijken {
		w := &a.wijken[i]
		var sw, sr float64
		for _, b := range a.buurten[w.firstBuurt : w.firstBuurt+w.numBuurten] {
			sw += b.weight
			sr += b.weight * b.risk
		}
		for j := w.firstBuurt; j < w.firstBuurt+w.numBuurten; j++ {
			a.buurten[j].risk *= sw / sr
		}
	}
}

// totalHouseholds is the number of households in the data.
func (a *area) totalHouseholds() int {
	n := 0
	for _, w := range a.wijken {
		n += w.households
	}
	return n
}

func readCSV(data []byte, cols ...string) ([]map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, c := range cols {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("missing column %q", c)
		}
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		m := make(map[string]string, len(cols))
		for _, c := range cols {
			m[c] = rec[idx[c]]
		}
		out = append(out, m)
	}
}

func parseOr(s string, def float64) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 {
		return def
	}
	return v
}
