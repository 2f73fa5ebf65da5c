package panelgen

import "math"

// The model, in short (internal/panelgen/README.md has the long version):
//
//   - The panel's last year has one dwelling ("slot") per household in the
//     area data; a share of slots is new housing that only appears in a
//     later year. Each slot is lived in by a chain of households: every year
//     the occupant may leave, and a new household with a new id arrives the
//     next year.
//   - A household keeps its type. Its main earner ages (and so reaches the
//     AOW age), its children are born, grow up and some leave, and it may
//     move to another buurt without leaving the panel.
//   - Income is drawn relative to the year's norm. A latent score
//     x = sqrt(λ)·a + sqrt(1-λ)·u, with a fixed per household and u an AR(1)
//     process over the years, is standard normal in every year, so
//     U = Φ(x) is uniform: the household is at or below 110% when U < p110,
//     a per-household probability that depends on type, area and AOW and
//     is scaled so that the population share hits the year's target
//     (calibrate.go). The same U places the income inside its band, so the
//     ratio to the norm is as persistent as the latent score.

// Household types in the spec's order.
const (
	typeAlleenstaand = iota
	typeEenouder
	typePaarZonder
	typePaarMet
	typeOverig
)

var typeNames = [...]string{"alleenstaand", "eenouder", "paar_zonder_kinderen", "paar_met_kinderen", "overig"}

// Income sources in the spec's order.
const (
	bronWerk = iota
	bronZelfstandig
	bronUitkering
	bronPensioen
	bronOverig
)

var bronNames = [...]string{"werk", "zelfstandig", "uitkering", "pensioen", "overig"}

const (
	kindRegular = iota
	kindStudent
	kindInstitutional
)

// Reasons for exclusion, as the spec's examples spell them.
const (
	exclStudent      = "student"
	exclInstitution  = "institutioneel"
	exclIncomplete   = "onvolledig_jaar"
	incompleteChance = 0.12
)

// Fields name the independent draws of a household or slot.
const (
	fSlotStart = iota + 1
	fSlotStartYear
	fHomeBuurt
	fKind
	fOld
	fAge
	fType
	fAdults
	fChildren
	fChildAge
	fChildLeave
	fBron
	fPermanent
	fTransitory
	fLeave
	fMove
	fMoveWhere
	fMoveBuurt
	fIncompleteIn
	fIncompleteOut
	fNegative
	fOtherIncome
	fOverigChild
	// Section 6 (usage.go); appended, so earlier draws keep their values.
	fEdu
	fEduUnknown
	fParticipatiewet
	fJeugdwet
	fWmo
)

// typeRisk is the relative chance of a low income by household type: single
// parents highest, couples lowest, as in every Dutch poverty statistic.
var typeRisk = [...]float64{1.35, 2.1, 0.45, 0.65, 1.1}

// aowRisk: households at AOW age have a guaranteed floor (AOW plus usually
// some pension), so fewer of them fall at or below 110%.
const aowRisk = 0.5

// occupant is one household: everything fixed for its whole stay.
type occupant struct {
	key       uint64 // the household's pseudonymous id, also its draw key
	entry     int    // first year in the slot
	kind      uint8
	typ       uint8
	adults    int8
	nChildren int8
	entryAge  int16 // age of the main earner in the entry year
	birth     [4]int16
	leaves    [4]int16 // year a child leaves home; 0: stays
	bronU     float64
	perm      float64 // permanent income component
}

func (g *generator) householdKey(slot int, k int) uint64 {
	// Bijective in (slot, k), so ids never collide.
	return mix64((uint64(slot)<<8 | uint64(k)) ^ g.seedKey)
}

func (g *generator) newOccupant(slot, k, entry int, w *wijk) occupant {
	key := g.householdKey(slot, k)
	o := occupant{key: key, entry: entry}
	u := func(f uint64) float64 { return uniformFrom(draw(key, f, 0)) }
	o.bronU = u(fBron)
	o.perm = normalFrom(draw(key, fPermanent, 0))

	switch uk := u(fKind); {
	case uk < w.studentRate:
		o.kind = kindStudent
	case uk < w.studentRate+0.004:
		o.kind = kindInstitutional
	}
	pOld := min(max(1.6*w.pct65/100, 0.03), 0.7)
	old := u(fOld) < pOld
	o.typeAndAge(w, old, u(fAge), u(fType))

	switch o.typ {
	case typeAlleenstaand, typeEenouder:
		o.adults = 1
	case typeOverig:
		o.adults = 2
		if u(fAdults) < 0.35 {
			o.adults = 3
		}
	default:
		o.adults = 2
	}

	o.children(u(fChildren), old, u(fOverigChild) < 0.2)
	return o
}

// typeAndAge draws the household type and the main earner's age when the
// household moves in, from the uniform draws ua and ut.
func (o *occupant) typeAndAge(w *wijk, old bool, ua, ut float64) {
	switch {
	case o.kind == kindStudent:
		o.entryAge = int16(18 + 6*ua)
		o.typ = typeAlleenstaand
		if ut > 0.85 {
			o.typ = typeOverig
		}
	case o.kind == kindInstitutional:
		o.entryAge = int16(30 + 60*ua)
		o.typ = typeAlleenstaand
		if ut > 0.7 {
			o.typ = typeOverig
		}
	case old:
		o.entryAge = int16(60 + 35*ua*math.Sqrt(ua))
		switch {
		case ut < 0.5:
			o.typ = typeAlleenstaand
		case ut < 0.95:
			o.typ = typePaarZonder
		default:
			o.typ = typeOverig
		}
	default:
		o.typ = youngType(w, ut)
		switch o.typ {
		case typeAlleenstaand:
			o.entryAge = int16(20 + 44*ua*math.Sqrt(ua))
		case typeEenouder:
			o.entryAge = int16(24 + 30*ua)
		case typePaarMet:
			o.entryAge = int16(27 + 28*ua)
		default:
			o.entryAge = int16(21 + 43*ua)
		}
	}
}

// children draws the number of children (uc), their births and when the
// older ones leave home.
func (o *occupant) children(uc float64, old, overigChild bool) {
	switch {
	case o.typ == typePaarMet:
		o.nChildren = int8(interpSteps(uc, []float64{0.35, 0.80, 0.95}, 1))
	case o.typ == typeEenouder:
		o.nChildren = int8(interpSteps(uc, []float64{0.55, 0.90}, 1))
	case o.typ == typeOverig && o.kind == kindRegular && !old && overigChild:
		o.nChildren = 1
	}
	if o.nChildren == 0 {
		return
	}
	key, entry := o.key, o.entry
	maxAge := float64(min(17, int(o.entryAge)-19))
	age := int(maxAge * uniformFrom(draw(key, fChildAge, 0)))
	for i := 0; i < int(o.nChildren); i++ {
		if i > 0 {
			age -= 1 + int(3*uniformFrom(draw(key, fChildAge, i)))
		}
		o.birth[i] = int16(entry - age)
		// Older children leave home between 18 and 24; the youngest stays
		// so that a family does not turn into a couple under its type.
		if i < int(o.nChildren)-1 {
			o.leaves[i] = o.birth[i] + 18 + int16(7*uniformFrom(draw(key, fChildLeave, i)))
		}
	}
}

// youngType draws the type of a household whose main earner is below 60,
// mixing an urban profile (small households) and a family profile by the
// wijk's average household size.
func youngType(w *wijk, u float64) uint8 {
	f := min(max((w.avgSize-1.3)/(2.8-1.3), 0), 1)
	urban := [5]float64{0.66, 0.06, 0.18, 0.06, 0.04}
	family := [5]float64{0.18, 0.08, 0.22, 0.48, 0.04}
	acc := 0.0
	for t := 0; t < 5; t++ {
		acc += (1-f)*urban[t] + f*family[t]
		if u < acc {
			return uint8(t)
		}
	}
	return typeOverig
}

// interpSteps returns base + the number of cut points at or below u.
func interpSteps(u float64, cuts []float64, base int) int {
	n := base
	for _, c := range cuts {
		if u >= c {
			n++
		}
	}
	return n
}

func (o *occupant) age(year int) int { return int(o.entryAge) + year - o.entry }

// aowAge approximates the state pension age in whole years: 65 years and 3
// to 9 months until 2017, 66 and some months until 2023, 67 from 2024.
func aowAge(year int) int {
	switch {
	case year <= 2017:
		return 65
	case year <= 2023:
		return 66
	}
	return 67
}

func (o *occupant) aow(year int) bool {
	return o.kind != kindStudent && o.age(year) >= aowAge(year)
}

// composition returns persons and minors in year.
func (o *occupant) composition(year int) (persons, minors int) {
	persons = int(o.adults)
	for i := 0; i < int(o.nChildren); i++ {
		b := int(o.birth[i])
		if b > year || (o.leaves[i] != 0 && year >= int(o.leaves[i])) {
			continue
		}
		persons++
		if year-b < 18 {
			minors++
		}
	}
	return persons, minors
}

// leaveChance is the chance that the household leaves its dwelling (and the
// panel) after year: moving away, death, or a change that ends the household.
func (o *occupant) leaveChance(year int) float64 {
	switch o.kind {
	case kindStudent:
		return 0.22
	case kindInstitutional:
		return 0.12
	}
	a := o.age(year)
	switch {
	case a >= 80:
		return 0.09
	case a >= 65:
		return 0.035
	}
	switch o.typ {
	case typeAlleenstaand:
		if a < 30 {
			return 0.15
		}
		return 0.08
	case typeEenouder:
		return 0.07
	case typePaarMet:
		return 0.04
	case typeOverig:
		return 0.09
	}
	return 0.06
}

func (o *occupant) leavesAfter(year int) bool {
	return uniformFrom(draw(o.key, fLeave, year)) < o.leaveChance(year)
}

func (o *occupant) moveChance(year int) float64 {
	switch {
	case o.kind == kindStudent:
		return 0.08
	case o.age(year) >= 65:
		return 0.01
	}
	return 0.03
}

// lowBand places a ratio inside (.., 1.10] from its position v in [0, 1):
// most low incomes sit just under or at the bijstand level (ratio ~1.0),
// a tail lies far below (part-year work, non-take-up, losses).
var lowBandV = []float64{0, 0.06, 0.15, 0.35, 0.70, 1}
var lowBandR = []float64{0.15, 0.60, 0.85, 0.97, 1.03, 1.10}

// highBand maps v in [0, 1) to a ratio above 1.20 with a density just above
// 1.20 that continues the one just below, and a long right tail.
var highBandV = []float64{0, 0.06, 0.20, 0.40, 0.60, 0.80, 0.95, 0.99, 1}
var highBandR = []float64{1.20, 1.35, 1.65, 2.00, 2.45, 3.10, 4.50, 7.00, 12.0}

// tailScale stretches the ratios above 1.20 by type, so that singles and
// pensioners earn less than couples at the same rank.
var tailScale = [...]float64{0.80, 0.70, 1.00, 1.00, 0.90}

const (
	bandLow = iota
	bandMid
	bandHigh
)

// bronTables give cumulative shares in the order zelfstandig, werk, overig,
// uitkering, pensioen, so that the same household draw keeps a
// self-employed household self-employed and moves a worker to a benefit
// when its income drops.
var bronOrder = [...]uint8{bronZelfstandig, bronWerk, bronOverig, bronUitkering, bronPensioen}
var bronCum = [...][5]float64{
	bandLow:  {0.09, 0.31, 0.42, 1, 1},
	bandMid:  {0.10, 0.58, 0.70, 1, 1},
	bandHigh: {0.10, 0.93, 0.96, 1, 1},
}
var bronCumAOW = [5]float64{0.03, 0.06, 0.10, 0.10, 1}

func pickBron(cum *[5]float64, u float64) uint8 {
	for i, c := range cum {
		if u < c {
			return bronOrder[i]
		}
	}
	return bronOrder[len(bronOrder)-1]
}
