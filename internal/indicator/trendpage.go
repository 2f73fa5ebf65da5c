package indicator

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
)

// TrendUnits are the trendmonitor's counting units, in display order.
var TrendUnits = []string{"huishoudens", "personen", "minderjarigen"}

// TrendSet names the three indicators of one counting unit.
type TrendSet struct {
	Low    string // tot 110% van het sociaal minimum
	Low120 string // tot 120%
	Long   string // tot 110%, 4 jaar of langer
}

// TrendSetOf returns the indicators of unit; false for an unknown unit.
func TrendSetOf(unit string) (TrendSet, bool) {
	if !slices.Contains(TrendUnits, unit) {
		return TrendSet{}, false
	}
	return TrendSet{Low: unit + "_110", Low120: unit + "_120", Long: unit + "_110_4jaar"}, true
}

// TrendUnitOf returns the counting unit of a trendmonitor indicator; false
// for any other indicator.
func TrendUnitOf(code string) (string, bool) {
	if !IsTrend(code) {
		return "", false
	}
	// Only the counting units of TrendUnits: the usage indicators
	// (gebruik_*) are not compared by group.
	unit, _, _ := strings.Cut(code, "_")
	return unit, slices.Contains(TrendUnits, unit)
}

// Breakdown is one breakdown of the trendmonitor's groups: household type,
// main income source, and (spec section 6, on version-2 panels) the age
// and the education level of the main earner.
type Breakdown struct {
	ID, Heading string
	Items       []GroupItem
}

// GroupItem is one group of a breakdown: its code (as stored) and label.
type GroupItem struct{ Code, Label string }

// TrendBreakdowns are the breakdowns of the trendmonitor, in display order.
var TrendBreakdowns = []Breakdown{
	{"huishoudtype", "Huishoudtype", []GroupItem{
		{"type:alleenstaand", "Alleenstaand"},
		{"type:eenouder", "Eenoudergezin"},
		{"type:paar_zonder_kinderen", "Paar zonder kinderen"},
		{"type:paar_met_kinderen", "Paar met kinderen"},
		{"type:overig", "Overig huishoudtype"},
	}},
	{"inkomensbron", "Belangrijkste bron van inkomen", []GroupItem{
		{"bron:werk", "Werk in loondienst"},
		{"bron:zelfstandig", "Werk als zelfstandige"},
		{"bron:uitkering", "Uitkering"},
		{"bron:pensioen", "Pensioen"},
		{"bron:overig", "Overige bron"},
	}},
	{"leeftijd", "Leeftijd van de hoofdkostwinner", []GroupItem{
		{"leeftijd:tot_25", "Jonger dan 25 jaar"},
		{"leeftijd:25_44", "25 tot 45 jaar"},
		{"leeftijd:45_64", "45 tot 65 jaar"},
		{"leeftijd:65_plus", "65 jaar en ouder"},
	}},
	{"opleiding", "Opleidingsniveau van de hoofdkostwinner", []GroupItem{
		{"opleiding:laag", "Laag opgeleid"},
		{"opleiding:middelbaar", "Middelbaar opgeleid"},
		{"opleiding:hoog", "Hoog opgeleid"},
		{"opleiding:onbekend", "Opleidingsniveau onbekend"},
	}},
}

// GroupLabel is the Dutch name of a stored group code: "Totaal" for the
// whole population, the breakdowns' labels for the trendmonitor's groups,
// and the code itself for any other group.
func GroupLabel(code string) string {
	if code == TotalGroup {
		return "Totaal"
	}
	for _, b := range TrendBreakdowns {
		for _, it := range b.Items {
			if it.Code == code {
				return it.Label
			}
		}
	}
	return code
}

// Synthetic reports whether the run was made from a synthetic panel: the
// demo and panelgen name their panels so ("…synthetisch…"), and the pages
// then say the figures are not real.
func (r TrendRun) Synthetic() bool {
	return strings.Contains(strings.ToLower(r.Source), "synthetisch")
}

// Cell is one figure of a trendmonitor page: a value, or none stored.
type Cell struct {
	Value
	Found bool
}

// Number is the cell's value; false when it has none to show (not stored,
// suppressed, or nothing to divide).
func (c Cell) Number() (float64, bool) {
	return c.Value.Value, c.Found && !c.Suppressed && !c.Empty()
}

// TrendQuery is what the trendmonitor page is asked for; empty fields take
// the defaults.
type TrendQuery struct{ Indicator, Gemeente string }

// TrendPage holds what the trendmonitor page shows for one indicator and
// gemeente. Its values are read through Values' rule: an imported value of
// a cell stands in for the trendmonitor's.
type TrendPage struct {
	Latest    *TrendRun // nil when no run is stored
	Gemeenten []string  // of every run: earlier runs for other gemeenten stay stored
	Indicator string
	Gemeente  string
	Problems  []string
	Series    []Value // the gemeente's totals in time order
	Year      int     // the latest year of Series
	Wijken    []Value // the gemeente's wijken in Year, highest value first
	Groups    map[string]Value
}

// trendRuns lists the stored runs, newest first; none without a store.
func (s *Service) trendRuns(ctx context.Context) ([]TrendRun, error) {
	if s.Trend == nil {
		return nil, nil
	}
	return s.Trend.TrendRuns(ctx)
}

// TrendPage decides what the trendmonitor page shows for q.
func (s *Service) TrendPage(ctx context.Context, q TrendQuery) (*TrendPage, error) {
	p := &TrendPage{}
	runs, err := s.trendRuns(ctx)
	if err != nil || len(runs) == 0 {
		return p, err
	}
	p.Latest = &runs[0]
	for _, run := range runs {
		for _, g := range run.Gemeenten {
			if !slices.Contains(p.Gemeenten, g) {
				p.Gemeenten = append(p.Gemeenten, g)
			}
		}
	}
	slices.Sort(p.Gemeenten)
	p.Indicator = TrendCodes[0]
	if q.Indicator != "" {
		if IsTrend(q.Indicator) {
			p.Indicator = q.Indicator
		} else {
			p.Problems = append(p.Problems, "Deze indicator kennen we niet.")
		}
	}
	if len(p.Gemeenten) > 0 {
		p.Gemeente = p.Gemeenten[0]
	}
	if q.Gemeente != "" {
		if slices.Contains(p.Gemeenten, q.Gemeente) {
			p.Gemeente = q.Gemeente
		} else {
			p.Problems = append(p.Problems, "Voor deze gemeente zijn geen resultaten opgeslagen.")
		}
	}
	if p.Gemeente == "" {
		return p, nil
	}
	return p, s.trendFigures(ctx, p)
}

// trendFigures reads the gemeente's series, its wijken and its groups in
// the latest year.
func (s *Service) trendFigures(ctx context.Context, p *TrendPage) error {
	var err error
	if p.Series, err = s.merged(ctx, ValueFilter{Indicator: p.Indicator, Level: "gemeente", Area: p.Gemeente, Group: TotalGroup}); err != nil || len(p.Series) == 0 {
		return err
	}
	p.Year = p.Series[len(p.Series)-1].Period.Year
	wijken, err := s.merged(ctx, ValueFilter{Indicator: p.Indicator, Level: "wijk", Group: TotalGroup, Period: YearPeriod(p.Year)})
	if err != nil {
		return err
	}
	for _, v := range wijken {
		if Gemeente(v.Area) == p.Gemeente {
			p.Wijken = append(p.Wijken, v)
		}
	}
	slices.SortStableFunc(p.Wijken, func(a, b Value) int {
		av, aok := Cell{a, true}.Number()
		bv, bok := Cell{b, true}.Number()
		switch {
		case aok != bok && aok:
			return -1
		case aok != bok:
			return 1
		case av != bv && av > bv:
			return -1
		case av != bv:
			return 1
		}
		return strings.Compare(a.Area, b.Area)
	})
	groups, err := s.merged(ctx, ValueFilter{Indicator: p.Indicator, Area: p.Gemeente, Period: YearPeriod(p.Year)})
	if err != nil {
		return err
	}
	p.Groups = map[string]Value{}
	for _, v := range groups {
		p.Groups[v.Group] = v
	}
	return nil
}

// GroupQuery is what the group comparison is asked for; empty fields take
// the defaults.
type GroupQuery struct{ Unit, Year, Area, Breakdown string }

// GroupComparison compares the trendmonitor's groups in one area and year: for each
// group of each breakdown (household type, main income source, age and
// education of the main earner), how many have a low income,
// how many have had it for four years or longer, and which share of those
// with a low income that is. That last figure answers "for whom is poverty
// persistent": a group can have many low incomes that pass, or few that
// stay.
type GroupComparison struct {
	Latest     *TrendRun // nil when no run is stored
	Unit       string
	Set        TrendSet
	NoData     bool  // no values for the unit
	Years      []int // in order
	Year       int
	Gemeenten  []string
	Areas      []string // the gemeenten, then the wijken of the year
	Area       string
	Problems   []string
	NoLongTerm bool // the year has no four-year figures
	// Offered are the breakdowns with figures in the area and year, in
	// display order; Breakdown is the one asked for ("" for all of them)
	// and Breakdowns those shown.
	Offered    []Breakdown
	Breakdown  string
	Breakdowns []GroupBreakdown
}

// GroupBreakdown is one breakdown in the chosen year and area: its groups'
// figures (the total first), and the four-year figures over the years.
type GroupBreakdown struct {
	Breakdown
	Members   []GroupFigures
	LongYears []int
	Long      []GroupSeries // the members with a four-year figure in any year
}

// GroupSeries is one member's four-year figure per year of LongYears.
type GroupSeries struct {
	Member GroupItem
	Cells  []Cell
}

// GroupFigures are one group's figures in the chosen year.
type GroupFigures struct {
	GroupItem
	Low, Low120, Long Cell
	// Share is the part of those with a low income that has had it for
	// four years or longer; ShareMissing says why there is none
	// ("onderdrukt", "geen cijfer" or "geen"), empty when there is.
	Share        float64
	ShareMissing string
}

// Total reports whether g is the whole population.
func (g GroupFigures) Total() bool { return g.Code == TotalGroup }

// Extremes returns the groups (not the total) with the largest and the
// smallest share; false when fewer than two have one.
func (b GroupBreakdown) Extremes() (hi, lo GroupFigures, ok bool) {
	return b.extremes(func(m GroupFigures) (float64, bool) { return m.Share, m.ShareMissing == "" })
}

// LowExtremes returns the groups (not the total) where a low income (tot
// 110%) is most and least common; false when fewer than two have a value.
func (b GroupBreakdown) LowExtremes() (hi, lo GroupFigures, ok bool) {
	return b.extremes(func(m GroupFigures) (float64, bool) { return m.Low.Number() })
}

// extremes returns the groups with the largest and the smallest of the
// known values of figure, ties going to the earlier group.
func (b GroupBreakdown) extremes(figure func(GroupFigures) (float64, bool)) (hi, lo GroupFigures, ok bool) {
	type known struct {
		m GroupFigures
		v float64
	}
	var ks []known
	for _, m := range b.Members {
		if v, ok := figure(m); ok && !m.Total() {
			ks = append(ks, known{m, v})
		}
	}
	if len(ks) < 2 {
		return hi, lo, false
	}
	slices.SortStableFunc(ks, func(a, b known) int { return cmp.Compare(b.v, a.v) })
	return ks[0].m, ks[len(ks)-1].m, true
}

// share is the four-year numerator over the 110% numerator. Both are
// published counts, so the share discloses nothing new.
func share(low, long Cell) (float64, string) {
	switch {
	case low.Suppressed || long.Suppressed:
		return 0, "onderdrukt"
	case !low.Found || !long.Found || low.Num == nil || long.Num == nil:
		return 0, "geen cijfer"
	case *low.Num == 0:
		return 0, "geen"
	}
	return 100 * *long.Num / *low.Num, ""
}

// CompareGroups decides what the group comparison shows for q.
func (s *Service) CompareGroups(ctx context.Context, q GroupQuery) (*GroupComparison, error) {
	c := &GroupComparison{}
	runs, err := s.trendRuns(ctx)
	if err != nil || len(runs) == 0 {
		return c, err
	}
	c.Latest = &runs[0]
	c.Unit = TrendUnits[0]
	if q.Unit != "" {
		if _, ok := TrendSetOf(q.Unit); ok {
			c.Unit = q.Unit
		} else {
			c.Problems = append(c.Problems, "Deze eenheid kennen we niet.")
		}
	}
	c.Set, _ = TrendSetOf(c.Unit)
	if err := s.groupYearAndArea(ctx, c, q); err != nil || c.NoData {
		return c, err
	}
	if err := s.groupFigures(ctx, c); err != nil {
		return c, err
	}
	c.pickBreakdown(q.Breakdown)
	return c, nil
}

// pickBreakdown keeps the breakdowns with figures (a group other than the
// total found in the area and year), and of those the one asked for.
func (c *GroupComparison) pickBreakdown(id string) {
	var shown []GroupBreakdown
	for _, b := range c.Breakdowns {
		if slices.ContainsFunc(b.Members, func(m GroupFigures) bool { return !m.Total() }) {
			shown = append(shown, b)
			c.Offered = append(c.Offered, b.Breakdown)
		}
	}
	c.Breakdowns = shown
	if id == "" {
		return
	}
	i := slices.IndexFunc(shown, func(b GroupBreakdown) bool { return b.ID == id })
	switch {
	case i >= 0:
		c.Breakdown = id
		c.Breakdowns = shown[i : i+1]
	case slices.ContainsFunc(TrendBreakdowns, func(b Breakdown) bool { return b.ID == id }):
		c.Problems = append(c.Problems, "Voor deze indeling zijn in dit gebied en jaar geen cijfers.")
	default:
		c.Problems = append(c.Problems, "Deze indeling kennen we niet.")
	}
}

// groupYearAndArea picks the year (the latest by default) and the area
// (the first gemeente by default) from the gemeente totals.
func (s *Service) groupYearAndArea(ctx context.Context, c *GroupComparison, q GroupQuery) error {
	totals, err := s.merged(ctx, ValueFilter{Indicator: c.Set.Low, Level: "gemeente", Group: TotalGroup})
	if err != nil {
		return err
	}
	if len(totals) == 0 {
		c.NoData = true
		return nil
	}
	for _, v := range totals {
		if !slices.Contains(c.Years, v.Period.Year) {
			c.Years = append(c.Years, v.Period.Year)
		}
		if !slices.Contains(c.Gemeenten, v.Area) {
			c.Gemeenten = append(c.Gemeenten, v.Area)
		}
	}
	slices.Sort(c.Years)
	slices.Sort(c.Gemeenten)
	c.Year = c.Years[len(c.Years)-1]
	if q.Year != "" {
		if n, err := strconv.Atoi(q.Year); err == nil && slices.Contains(c.Years, n) {
			c.Year = n
		} else {
			c.Problems = append(c.Problems, "Voor dit jaar zijn geen cijfers.")
		}
	}
	wijken, err := s.merged(ctx, ValueFilter{Indicator: c.Set.Low, Level: "wijk", Group: TotalGroup, Period: YearPeriod(c.Year)})
	if err != nil {
		return err
	}
	c.Areas = slices.Clone(c.Gemeenten)
	for _, v := range wijken {
		c.Areas = append(c.Areas, v.Area)
	}
	c.Area = c.Gemeenten[0]
	if q.Area != "" {
		if slices.Contains(c.Areas, q.Area) {
			c.Area = q.Area
		} else {
			c.Problems = append(c.Problems, "Voor dit gebied zijn in dit jaar geen cijfers.")
		}
	}
	return nil
}

// groupFigures reads the year's cells of the area and the four-year series
// of every year, and fills the breakdowns.
func (s *Service) groupFigures(ctx context.Context, c *GroupComparison) error {
	cells, err := s.merged(ctx, ValueFilter{Area: c.Area, Period: YearPeriod(c.Year)})
	if err != nil {
		return err
	}
	at := map[[2]string]Cell{}
	for _, v := range cells {
		at[[2]string{v.Indicator, v.Group}] = Cell{v, true}
	}
	get := func(ind, grp string) Cell { return at[[2]string{ind, grp}] }
	c.NoLongTerm = !get(c.Set.Long, TotalGroup).Found
	series, err := s.merged(ctx, ValueFilter{Indicator: c.Set.Long, Area: c.Area})
	if err != nil {
		return err
	}
	byYear := map[int]map[string]Cell{}
	var longYears []int
	for _, v := range series {
		y := v.Period.Year
		if byYear[y] == nil {
			byYear[y] = map[string]Cell{}
			longYears = append(longYears, y)
		}
		byYear[y][v.Group] = Cell{v, true}
	}
	slices.Sort(longYears)
	for _, b := range TrendBreakdowns {
		bd := GroupBreakdown{Breakdown: b, LongYears: longYears}
		members := append([]GroupItem{{TotalGroup, "Totaal"}}, b.Items...)
		for _, m := range members {
			f := GroupFigures{GroupItem: m, Low: get(c.Set.Low, m.Code), Low120: get(c.Set.Low120, m.Code), Long: get(c.Set.Long, m.Code)}
			if !f.Low.Found && !f.Total() {
				continue // no one of this group lives in the area this year
			}
			f.Share, f.ShareMissing = share(f.Low, f.Long)
			bd.Members = append(bd.Members, f)
		}
		for _, m := range members {
			gs := GroupSeries{Member: m}
			found := false
			for _, y := range longYears {
				cell := byYear[y][m.Code]
				found = found || cell.Found
				gs.Cells = append(gs.Cells, cell)
			}
			if found {
				bd.Long = append(bd.Long, gs)
			}
		}
		c.Breakdowns = append(c.Breakdowns, bd)
	}
	return nil
}
