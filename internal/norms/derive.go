package norms

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// The derivation works in whole euro cents: every source amount has at most
// two decimals, so sums and products stay exact and the output does not
// depend on float formatting. Only the age-mix average of the KGB supplements
// divides, and it is rounded to the cent once (half away from zero).

// Source categories in source/bijstandsnormen.csv that the derivation reads.
const (
	srcSingle      = "alleenstaand_21_aow"
	srcSingleParen = "alleenstaande_ouder_21_aow"
	srcCouple      = "gehuwden_21_aow"
	srcSingleAOW   = "alleenstaand_aow"
	srcCoupleAOW   = "gehuwden_aow"
	srcKB611       = "kinderbijslag_6_11_per_kwartaal"
	srcKGBFirst    = "kgb_max_eerste_kind_per_jaar"
	srcKGB1215     = "kgb_verhoging_12_15_per_jaar"
	srcKGB1617     = "kgb_verhoging_16_17_per_jaar"
	srcALOKop      = "kgb_alleenstaande_ouderkop_per_jaar"
)

// halfYear indexes a half-year: 2*year for January, 2*year+1 for July.
type halfYear int

func (h halfYear) String() string {
	if h%2 == 0 {
		return fmt.Sprintf("%d-01", h/2)
	}
	return fmt.Sprintf("%d-07", h/2)
}

type sourceFacts struct {
	// monthly[cat][half-year] in cents; quarterly child benefit lives here too.
	periodic map[string]map[halfYear]int64
	// yearly[cat][year] in cents, for the kindgebonden budget rows.
	yearly map[string]map[int]int64
}

// Note records a choice the derivation made for one year, such as a value
// carried forward over a gap in the source; docs/norms.md lists them.
type Note struct {
	Year int
	Text string
}

// DeriveTable computes the annual norms from the source facts and returns
// them as rows (year, category, cents), sorted by year then category order,
// together with the notes on gaps that were filled.
func DeriveTable(src io.Reader) ([]DerivedRow, []Note, error) {
	facts, err := readSource(src)
	if err != nil {
		return nil, nil, err
	}
	single := facts.periodic[srcSingle]
	if len(single) == 0 {
		return nil, nil, errors.New("source has no " + srcSingle + " rows")
	}
	first, last := 1<<30, -1
	for h := range single {
		first = min(first, int(h/2))
		last = max(last, int(h/2))
	}
	var rows []DerivedRow
	var notes []Note
	for y := first; y <= last; y++ {
		annual := func(cat string) (int64, error) {
			v, note, err := facts.annualFromMonthly(cat, y)
			if note != "" {
				notes = append(notes, Note{y, note})
			}
			return v, err
		}
		alleenstaand, err := annual(srcSingle)
		if err != nil {
			return nil, nil, err
		}
		ouder, err := annual(srcSingleParen)
		if err != nil {
			return nil, nil, err
		}
		paar, err := annual(srcCouple)
		if err != nil {
			return nil, nil, err
		}
		alleenAOW, err := annual(srcSingleAOW)
		if err != nil {
			return nil, nil, err
		}
		paarAOW, err := annual(srcCoupleAOW)
		if err != nil {
			return nil, nil, err
		}
		aloKop, err := facts.year(srcALOKop, y)
		if err != nil {
			return nil, nil, err
		}
		kb, kbNotes, err := facts.childBenefitYear(y)
		if err != nil {
			return nil, nil, err
		}
		for _, n := range kbNotes {
			notes = append(notes, Note{y, n})
		}
		kgbFirst, err := facts.year(srcKGBFirst, y)
		if err != nil {
			return nil, nil, err
		}
		v1215, err := facts.year(srcKGB1215, y)
		if err != nil {
			return nil, nil, err
		}
		v1617, err := facts.year(srcKGB1617, y)
		if err != nil {
			return nil, nil, err
		}
		// Of the 18 ages 0..17, four (12-15) get the first supplement and two
		// (16-17) the second: the average over a uniform age mix.
		ageSupplement := divRound(4*v1215+2*v1617, 18)
		perKind := kb + kgbFirst + ageSupplement

		rows = append(rows,
			DerivedRow{y, Alleenstaand, alleenstaand},
			DerivedRow{y, Eenouder, ouder + aloKop},
			DerivedRow{y, Paar, paar},
			DerivedRow{y, AlleenstaandAOW, alleenAOW},
			DerivedRow{y, PaarAOW, paarAOW},
			DerivedRow{y, PerKind, perKind},
		)
	}
	return rows, notes, nil
}

// DerivedRow is one line of the derived norms file, the amount in cents.
type DerivedRow struct {
	Year     int
	Category Category
	Cents    int64
}

// Derive computes the default norms file (the bytes of default.csv) from the
// source facts in the format of source/bijstandsnormen.csv.
func Derive(src io.Reader) ([]byte, error) {
	rows, _, err := DeriveTable(src)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("jaar,categorie,bedrag\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%d,%s,%s\n", r.Year, r.Category, formatCents(r.Cents))
	}
	return b.Bytes(), nil
}

func readSource(src io.Reader) (*sourceFacts, error) {
	r := csv.NewReader(src)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("source header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, need := range []string{"periode", "categorie", "bedrag_netto_per_maand_incl_vt", "eenheid"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("source: missing column %q", need)
		}
	}
	f := &sourceFacts{periodic: map[string]map[halfYear]int64{}, yearly: map[string]map[int]int64{}}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("source line %d: %w", line, err)
		}
		per, cat := rec[col["periode"]], rec[col["categorie"]]
		unit := rec[col["eenheid"]]
		cents, err := parseCents(rec[col["bedrag_netto_per_maand_incl_vt"]])
		if err != nil {
			return nil, fmt.Errorf("source line %d: bedrag: %w", line, err)
		}
		h, err := parseHalfYear(per)
		if err != nil {
			return nil, fmt.Errorf("source line %d: periode: %w", line, err)
		}
		// The unit column, not the category name, says whether a fact is per
		// period or per calendar year.
		if strings.HasPrefix(unit, "eur_per_jaar") {
			m := f.yearly[cat]
			if m == nil {
				m = map[int]int64{}
				f.yearly[cat] = m
			}
			if _, dup := m[int(h/2)]; dup {
				return nil, fmt.Errorf("source line %d: duplicate %s for %d", line, cat, h/2)
			}
			m[int(h/2)] = cents
			continue
		}
		m := f.periodic[cat]
		if m == nil {
			m = map[halfYear]int64{}
			f.periodic[cat] = m
		}
		if _, dup := m[h]; dup {
			return nil, fmt.Errorf("source line %d: duplicate %s for %s", line, cat, per)
		}
		m[h] = cents
	}
	return f, nil
}

// annualFromMonthly is six months of each half-year's monthly amount; a
// half-year without a figure takes the other one's for the whole year.
func (f *sourceFacts) annualFromMonthly(cat string, y int) (int64, string, error) {
	m := f.periodic[cat]
	jan, okJan := m[halfYear(2*y)]
	jul, okJul := m[halfYear(2*y+1)]
	switch {
	case okJan && okJul:
		return 6*jan + 6*jul, "", nil
	case okJan:
		return 12 * jan, fmt.Sprintf("%s: no figure for %d-07, 12 x the %d-01 amount", cat, y, y), nil
	case okJul:
		return 12 * jul, fmt.Sprintf("%s: no figure for %d-01, 12 x the %d-07 amount", cat, y, y), nil
	}
	return 0, "", fmt.Errorf("source has no %s for %d", cat, y)
}

// childBenefitYear is the 6-11 kinderbijslag for the year: two quarters at
// the January amount and two at the July amount. A half-year without a figure
// carries the nearest earlier figure forward; with none earlier (2015-01) it
// takes the nearest later one, which the source argues was unchanged.
func (f *sourceFacts) childBenefitYear(y int) (int64, []string, error) {
	m := f.periodic[srcKB611]
	if len(m) == 0 {
		return 0, nil, errors.New("source has no " + srcKB611 + " rows")
	}
	known := make([]halfYear, 0, len(m))
	for h := range m {
		known = append(known, h)
	}
	sort.Slice(known, func(i, j int) bool { return known[i] < known[j] })
	var notes []string
	at := func(h halfYear) int64 {
		if v, ok := m[h]; ok {
			return v
		}
		i := sort.Search(len(known), func(i int) bool { return known[i] > h })
		if i == 0 {
			notes = append(notes, fmt.Sprintf("%s: no figure for %s, carried back from %s", srcKB611, h, known[0]))
			return m[known[0]]
		}
		notes = append(notes, fmt.Sprintf("%s: no figure for %s, carried forward from %s", srcKB611, h, known[i-1]))
		return m[known[i-1]]
	}
	jan, jul := at(halfYear(2*y)), at(halfYear(2*y+1))
	return 2*jan + 2*jul, notes, nil
}

// year returns a calendar-year fact. The source files the KGB facts under
// the half-year of the law version read, so only the year part counts.
func (f *sourceFacts) year(cat string, y int) (int64, error) {
	v, ok := f.yearly[cat][y]
	if !ok {
		return 0, fmt.Errorf("source has no %s for %d", cat, y)
	}
	return v, nil
}

func parseHalfYear(s string) (halfYear, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, fmt.Errorf("%q is not YYYY-01 or YYYY-07", s)
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return 0, fmt.Errorf("%q is not YYYY-01 or YYYY-07", s)
	}
	switch s[5:] {
	case "01":
		return halfYear(2 * y), nil
	case "07":
		return halfYear(2*y + 1), nil
	}
	return 0, fmt.Errorf("%q is not YYYY-01 or YYYY-07", s)
}

// parseCents reads a non-negative decimal with at most two decimals exactly.
func parseCents(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, fmt.Errorf("%q is not an amount with at most two decimals", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseUint(whole, 10, 40)
	if err != nil {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	c, err := strconv.ParseUint(frac, 10, 8)
	if err != nil {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	return int64(w)*100 + int64(c), nil
}

func formatCents(c int64) string {
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

// divRound divides non-negative n by d, rounding half up.
func divRound(n, d int64) int64 {
	return (2*n + d) / (2 * d)
}
