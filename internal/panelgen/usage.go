package panelgen

import "math"

// The optional columns of the trendmonitor spec's section 6: the main
// earner's age and education level, and the use of the Participatiewet,
// the Jeugdwet and the Wmo. They are as synthetic as the incomes. Where a
// public figure exists the generator aims near it (the measured shares are
// in README.md); the relations are the well-known ones, not estimates:
//
//   - Education (opleiding) is fixed per household and tied to its
//     permanent income component, so low incomes go with low education;
//     older cohorts are less educated, and their level is more often
//     unknown (the CBS education file covers younger cohorts best). CBS
//     StatLine "Bevolking; onderwijsniveau" has roughly a quarter of the
//     Dutch aged 15-75 at laag and three eighths each at middelbaar and
//     hoog in 2023; the university city of Groningen has more hoog.
//   - Participatiewet: a benefit (bijstand, IOAW-like supplements) or a
//     provision (bijzondere bijstand, individuele inkomenstoeslag, AIO for
//     pensioners) under the Participatiewet. Most low-income households on
//     a benefit (bron uitkering) have one; others seldom do. Groningen has
//     about 9,000-10,000 bijstand households (CBS Bijstandsuitkeringen-
//     statistiek, 2022-2023), some 7% of its households; with the other
//     provisions the generator gives about 9%.
//   - Jeugdwet: only households with minors. CBS Beleidsinformatie Jeugd
//     counts about one in ten minors in youth care in a year; per household
//     with minors that is some 13%. More often at low income and in
//     single-parent households.
//   - Wmo: rises steeply with age (CBS Monitor Sociaal Domein Wmo: about
//     7% of inhabitants use a Wmo provision, roughly a third of those aged
//     75 and older), more often at low income.
//
// Usage is drawn per year but persists: a household-level normal draw and a
// yearly one are mixed before the threshold.

// Education levels as the spec spells them; eduUnknown is written empty
// (a null in Parquet).
var eduNames = [...]string{"laag", "middelbaar", "hoog", ""}

const (
	eduLaag = iota
	eduMiddelbaar
	eduHoog
	eduUnknown
)

// maxLeeftijd is the spec's largest leeftijd.
const maxLeeftijd = 120

// education draws the household's fixed education level.
func (o *occupant) education() uint8 {
	if uniformFrom(draw(o.key, fEduUnknown, 0)) < o.eduUnknownChance() {
		return eduUnknown
	}
	switch o.kind {
	case kindStudent:
		return eduMiddelbaar // still studying: havo, vwo or mbo is the highest attained
	}
	// A standard normal score, correlated 0.6 with the permanent income
	// component, read against the cohort's shares.
	e := 0.6*o.perm + 0.8*normalFrom(draw(o.key, fEdu, 0))
	v := normCDF(e)
	laag, hoog := 0.22, 0.40
	switch {
	case o.kind == kindInstitutional:
		laag, hoog = 0.50, 0.15
	case o.entryAge >= 60:
		laag, hoog = 0.40, 0.25
	}
	switch {
	case v < laag:
		return eduLaag
	case v >= 1-hoog:
		return eduHoog
	}
	return eduMiddelbaar
}

func (o *occupant) eduUnknownChance() float64 {
	if o.entryAge >= 60 {
		return 0.15
	}
	return 0.05
}

// usage draws whether the household used a provision in the year: p is the
// year's chance, field names the provision. The household-level and yearly
// draws are mixed so that users mostly stay users.
func (o *occupant) usage(field uint64, year int, p float64) bool {
	if p <= 0 {
		return false
	}
	z := 0.8*normalFrom(draw(o.key, field, 0)) + 0.6*normalFrom(draw(o.key, field, year))
	return normCDF(z) < p
}

// extras computes the section 6 columns of a household-year whose income
// and source are drawn.
func (g *generator) extras(st *hhState, inc float64, bron uint8) (age int32, edu uint8, pw, jw, wmo bool) {
	o := &st.occ
	a := min(o.age(st.year), maxLeeftijd)
	age = int32(a)
	edu = o.education()
	norm := g.norm(st.year-g.first, o.typ, st.aow, st.minors)
	band := bandHigh
	switch {
	case inc <= 1.10*norm:
		band = bandLow
	case inc <= 1.20*norm:
		band = bandMid
	}

	var p float64
	switch {
	case st.aow:
		p = 0.03 // AIO supplement
	case bron == bronUitkering:
		p = [...]float64{bandLow: 0.80, bandMid: 0.40, bandHigh: 0.04}[band]
	default:
		p = [...]float64{bandLow: 0.22, bandMid: 0.08, bandHigh: 0.01}[band]
	}
	pw = o.usage(fParticipatiewet, st.year, p)

	if st.minors > 0 {
		p = 0.11 * [...]float64{bandLow: 1.9, bandMid: 1.4, bandHigh: 0.85}[band]
		if o.typ == typeEenouder {
			p *= 1.5
		}
		jw = o.usage(fJeugdwet, st.year, p)
	}

	switch {
	case a >= 85:
		p = 0.50
	case a >= 75:
		p = 0.28
	case a >= 65:
		p = 0.11
	case a >= 45:
		p = 0.05
	default:
		p = 0.03
	}
	p = math.Min(p*[...]float64{bandLow: 1.6, bandMid: 1.3, bandHigh: 0.85}[band], 0.9)
	wmo = o.usage(fWmo, st.year, p)
	return age, edu, pw, jw, wmo
}
