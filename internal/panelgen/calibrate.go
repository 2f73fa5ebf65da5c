package panelgen

import "sort"

// Published facts the Groningen panel is calibrated to (internal/panelgen/README.md):
//
//   - CBS Kerncijfers wijken en buurten 2019: 16.7% of the households of
//     gemeente Groningen at or below 110% of the social minimum, 19.9% at or
//     below 120%; taken as the level of the middle years 2017-2020;
//   - just over 15% at or below 110% in 2022;
//   - the number of minima falling slightly over the decade.
//
// The targets are shares of the population (rows with an empty
// uitgesloten); outside 2015-2024 the nearest year's target holds.
var groningenTarget110 = map[int]float64{
	2015: 0.171, 2016: 0.170, 2017: 0.168, 2018: 0.167, 2019: 0.167,
	2020: 0.166, 2021: 0.161, 2022: 0.155, 2023: 0.153, 2024: 0.152,
}

// The band between 110% and 120% holds 3.2% of the households.
const groningenBand120 = 0.032

// nationalScale puts the national panel at a lower level than the city of
// Groningen (a student and university town with a large social rented
// sector); the shape over the years is the same.
const nationalScale = 0.62

func (g *generator) target(year int) (t110, t120 float64) {
	y := min(max(year, 2015), 2024)
	t110, t120 = groningenTarget110[y], groningenTarget110[y]+groningenBand120
	if g.cfg.Mode == National {
		t110, t120 = t110*nationalScale, t120*nationalScale
	}
	return t110, t120
}

// calibSample bounds the work of calibration on large panels: beyond it a
// regular subsample of dwellings is used.
const calibSample = 300_000

// calibrate sets c110 and c120 per year so that the expected share of the
// population at or below 110% (120%) equals the target: the mean over the
// population of min(c * risk, cap) is solved for c. Because the latent score
// is uniform in every household-year, that mean is the expected share.
func (g *generator) calibrate() {
	n := g.last - g.first + 1
	g.c110 = make([]float64, n)
	g.c120 = make([]float64, n)
	stride := max(1, g.nSlots/calibSample)
	risks := make([]float64, 0, g.nSlots/stride+1)
	var st hhState
	for yi := range n {
		year := g.first + yi
		risks = risks[:0]
		for slot := 0; slot < g.nSlots; slot += stride {
			if g.state(slot, year, &st) && st.excl == "" {
				risks = append(risks, st.risk)
			}
		}
		t110, t120 := g.target(year)
		g.c110[yi] = solveScale(risks, t110, p110Cap)
		g.c120[yi] = solveScale(risks, t120, p120Cap)
	}
}

// solveScale finds c with mean(min(c*r, cap)) = target by bisection.
func solveScale(risks []float64, target, cap float64) float64 {
	if len(risks) == 0 {
		return target
	}
	mean := func(c float64) float64 {
		s := 0.0
		for _, r := range risks {
			s += min(c*r, cap)
		}
		return s / float64(len(risks))
	}
	lo, hi := 0.0, 1.0
	for mean(hi) < target && hi < 1e6 {
		hi *= 2
	}
	for range 60 {
		m := (lo + hi) / 2
		if mean(m) < target {
			lo = m
		} else {
			hi = m
		}
	}
	return (lo + hi) / 2
}

func sortSlice[T any](s []T, less func(a, b T) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}
