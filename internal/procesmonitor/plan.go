package procesmonitor

import (
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/programme"
)

// Figures are the money of one year for the programme or one line, in
// thousands of euros.
type Figures struct {
	Year int
	// Available is what the sources give. HasAvailable is false for a line
	// that no source is tied to: the programme's money is not divided over
	// the lines, so a line has no "available" of its own.
	Available    float64
	HasAvailable bool
	Allocated    float64
	Committed    float64
	Spent        float64 // booked up to the date of the overview
	// AvailableAssumed and AllocatedAssumed say that part of the amount is
	// a structural amount carried forward past the tables: a planning
	// assumption, not a decision.
	AvailableAssumed bool
	AllocatedAssumed bool
	// Forecast is the expected spending at the end of the year; for a year
	// that is over it is what was spent (Final). Years that have not begun
	// have none.
	Forecast    float64
	HasForecast bool
	Final       bool
}

// Shortfall is how much more is allocated than available, 0 when it is
// not more. Amounts are compared in hundreds of euros, so that the
// rounding of sums of decimals never shows as a shortfall.
func (f Figures) Shortfall() float64 {
	if !f.HasAvailable {
		return 0
	}
	if d := f.Allocated - f.Available; d*10 > 0.5 {
		return d
	}
	return 0
}

// ItemForecast is one item (or loose spending) in the forecast of a year.
type ItemForecast struct {
	Code  string
	Label string
	Line  string
	// Loose marks spending booked on the line itself, or on a code the
	// programme no longer has, rather than on an item.
	Loose             bool
	Allocation        float64
	HasAllocation     bool
	AllocationAssumed bool
	Committed         float64
	Spent             float64
	Forecast          Forecast
	Verdict           Verdict
}

// Scope is the programme as a whole or one programme line.
type Scope struct {
	Code  string // "" for the programme, or for the programme-wide items
	Name  string
	Years []Figures
	// Items and Total are the forecast of the overview's Year.
	Items []ItemForecast
	Total ItemForecast
}

// Shortfalls lists the years in which more is allocated than available.
func (s Scope) Shortfalls() []Figures {
	var out []Figures
	for _, f := range s.Years {
		if f.Shortfall() > 0 {
			out = append(out, f)
		}
	}
	return out
}

// FiguresOf returns the figures of year y.
func (s Scope) FiguresOf(y int) (Figures, bool) {
	for _, f := range s.Years {
		if f.Year == y {
			return f, true
		}
	}
	return Figures{}, false
}

// Overview is everything the procesmonitor pages show about money.
type Overview struct {
	AsOf      time.Time // a civil date
	Year      int       // the year of the forecast
	Years     []int
	Programme Scope
	// Lines are the programme lines in programme order, then the
	// programme-wide items ("Programmabreed", code "") when there are any.
	Lines []Scope
}

// Line returns the scope of a line ("" for the programme-wide items).
func (o *Overview) Line(code string) (*Scope, bool) {
	for i := range o.Lines {
		if o.Lines[i].Code == code {
			return &o.Lines[i], true
		}
	}
	return nil, false
}

// Horizon is the range of years the procesmonitor looks at: from the first
// year in the budget tables to one year past the last year of the tables
// or the programme, when some row carries a structural amount into that
// year (so that a source that ends shows); and always the year of asOf.
func Horizon(m *programme.Model, asOf time.Time) (first, last int) {
	structural := false
	for _, rows := range [][]programme.BudgetRow{m.Budget.Available, m.Budget.Allocated} {
		for _, r := range rows {
			if f := r.FirstListed(); f != 0 && (first == 0 || f < first) {
				first = f
			}
			last = max(last, r.LastListed())
			structural = structural || r.Structural != nil
		}
	}
	if first == 0 {
		first = m.StartYear
	}
	last = max(last, m.EndYear)
	if structural {
		last++
	}
	if y := asOf.Year(); y >= first && first != 0 {
		last = max(last, y)
	}
	if first == 0 || last < first {
		return 0, -1
	}
	return first, last
}

// Compute builds the overview as of the civil date asOf, with the forecast
// of year. Bookings after asOf are not counted.
func Compute(m *programme.Model, bookings []Booking, commitments []Commitment, asOf time.Time, year int) *Overview {
	asOf = Civil(asOf)
	o := &Overview{AsOf: asOf, Year: year}
	first, last := Horizon(m, asOf)
	for y := first; y <= last; y++ {
		o.Years = append(o.Years, y)
	}
	c := newComputation(m, bookings, commitments, asOf, o.Years)
	c.current = c.forecasts(asOf.Year())
	c.chosen = c.current
	if year != asOf.Year() {
		c.chosen = c.forecasts(year)
	}

	o.Programme = c.scope("", m.Name, func(string) bool { return true }, func(programme.BudgetRow) bool { return true }, year)
	o.Programme.Items = nil // the programme's items are listed per line
	for _, l := range m.Lines {
		o.Lines = append(o.Lines, c.scope(l.Code, l.Name, func(line string) bool { return line == l.Code },
			func(r programme.BudgetRow) bool { return r.Line == l.Code }, year))
	}
	wide := c.scope("", "Programmabreed", func(line string) bool { return line == "" },
		func(programme.BudgetRow) bool { return false }, year)
	if len(wide.Items) > 0 || slices.ContainsFunc(wide.Years, func(f Figures) bool { return f.Allocated != 0 || f.Spent != 0 }) {
		o.Lines = append(o.Lines, wide)
	}
	return o
}

// computation holds the bookings and commitments of Compute, indexed.
type computation struct {
	m     *programme.Model
	asOf  time.Time
	years []int
	// Where every booking target belongs: an item's line, a line, or the
	// programme-wide scope ("") for items without a line and unknown codes.
	lineOf    map[string]string
	isItem    map[string]bool
	kept      []Booking // up to asOf
	byTarget  map[string][]Booking
	targets   []string // sorted
	committed map[string]map[int]int64
	// The forecasts of the current year and of the year asked for, per
	// item and loose target, by scope.
	current, chosen map[string][]ItemForecast
}

func newComputation(m *programme.Model, bookings []Booking, commitments []Commitment, asOf time.Time, years []int) *computation {
	c := &computation{m: m, asOf: asOf, years: years, lineOf: map[string]string{}, isItem: map[string]bool{},
		byTarget: map[string][]Booking{}, committed: map[string]map[int]int64{}}
	for _, l := range m.Lines {
		c.lineOf[l.Code] = l.Code
	}
	for _, r := range m.Budget.Allocated {
		if r.Code != "" {
			c.lineOf[r.Code], c.isItem[r.Code] = r.Line, true
		}
	}
	for _, b := range bookings {
		if b.Date.After(asOf) {
			continue
		}
		c.kept = append(c.kept, b)
		if _, seen := c.byTarget[b.Target]; !seen {
			c.targets = append(c.targets, b.Target)
		}
		c.byTarget[b.Target] = append(c.byTarget[b.Target], b)
	}
	slices.Sort(c.targets)
	for _, cm := range commitments {
		if c.committed[cm.Target] == nil {
			c.committed[cm.Target] = map[int]int64{}
		}
		c.committed[cm.Target][cm.Year] += cm.Cents
	}
	return c
}

// scopeOf is the scope of a booking target; "" for an unknown one.
func (c *computation) scopeOf(target string) string { return c.lineOf[target] }

// forecasts are the forecasts of year y, per item and loose target, by
// scope.
func (c *computation) forecasts(y int) map[string][]ItemForecast {
	out := map[string][]ItemForecast{}
	for _, r := range c.m.Budget.Allocated {
		it := ItemForecast{Code: r.Code, Label: r.Label, Line: r.Line}
		if a, assumed, ok := r.AmountIn(y); ok {
			it.Allocation, it.HasAllocation, it.AllocationAssumed = a, true, assumed
		}
		if r.Code == "" {
			it.Forecast = ForecastYear(nil, y, c.asOf, 0)
			if it.Forecast.Method != MethodFuture {
				it.Verdict = Verdict{Kind: VerdictNoCode, Label: "Geen code",
					Explanation: "Deze post heeft geen code in de begroting, dus er kunnen geen uitgaven op worden geboekt."}
			}
			out[r.Line] = append(out[r.Line], it)
			continue
		}
		fillForecast(&it, c.byTarget[r.Code], y, c.asOf, c.committed[r.Code][y])
		out[r.Line] = append(out[r.Line], it)
	}
	for _, t := range c.targets {
		if c.isItem[t] {
			continue
		}
		it := ItemForecast{Code: t, Line: c.scopeOf(t), Loose: true}
		if _, isLine := c.lineOf[t]; isLine {
			it.Label = "Geboekt op de lijn zelf, niet op een post"
		} else {
			it.Label = "Onbekende code " + t + " (niet in de begroting)"
		}
		fillForecast(&it, c.byTarget[t], y, c.asOf, c.committed[t][y])
		if it.Spent == 0 && it.Forecast.Value == 0 && it.Committed == 0 {
			continue
		}
		out[it.Line] = append(out[it.Line], it)
	}
	return out
}

// scope builds the figures of one scope: the lines inScope accepts, and
// the sources sourcesIn accepts.
func (c *computation) scope(code, name string, inScope func(line string) bool, sourcesIn func(r programme.BudgetRow) bool, year int) Scope {
	sc := Scope{Code: code, Name: name}
	hasSources := slices.ContainsFunc(c.m.Budget.Available, sourcesIn)
	for _, y := range c.years {
		sc.Years = append(sc.Years, c.figures(y, hasSources, inScope, sourcesIn))
	}
	for _, l := range lineOrder(c.m, c.chosen) {
		if inScope(l) {
			sc.Items = append(sc.Items, c.chosen[l]...)
		}
	}
	sc.Total = total(sc.Items, year, c.asOf)
	return sc
}

// figures are the money of one scope in year y.
func (c *computation) figures(y int, hasSources bool, inScope func(line string) bool, sourcesIn func(r programme.BudgetRow) bool) Figures {
	f := Figures{Year: y, HasAvailable: hasSources}
	for _, r := range c.m.Budget.Available {
		if !sourcesIn(r) {
			continue
		}
		if a, assumed, ok := r.AmountIn(y); ok {
			f.Available += a
			f.AvailableAssumed = f.AvailableAssumed || assumed
		}
	}
	for _, r := range c.m.Budget.Allocated {
		if !inScope(r.Line) {
			continue
		}
		if a, assumed, ok := r.AmountIn(y); ok {
			f.Allocated += a
			f.AllocatedAssumed = f.AllocatedAssumed || assumed
		}
	}
	var com, spent int64
	for t, per := range c.committed {
		if inScope(c.scopeOf(t)) {
			com += per[y]
		}
	}
	for _, b := range c.kept {
		if b.Year() == y && inScope(c.scopeOf(b.Target)) {
			spent += b.Cents
		}
	}
	f.Committed, f.Spent = Thousands(com), Thousands(spent)
	switch {
	case y < c.asOf.Year():
		f.Forecast, f.HasForecast, f.Final = f.Spent, true, true
	case y == c.asOf.Year():
		f.HasForecast = true
		for _, line := range lineOrder(c.m, c.current) {
			if inScope(line) {
				for _, it := range c.current[line] {
					f.Forecast += it.Forecast.Value
				}
			}
		}
	}
	return f
}

func fillForecast(it *ItemForecast, bs []Booking, y int, asOf time.Time, committed int64) {
	it.Committed = Thousands(committed)
	for _, b := range bs {
		if b.Year() == y && !b.Date.After(asOf) {
			it.Spent += Thousands(b.Cents)
		}
	}
	it.Forecast = ForecastYear(bs, y, asOf, committed)
	it.Verdict = Judge(it.Forecast, it.Allocation, it.HasAllocation, it.Spent)
}

// lineOrder lists the scopes of a forecast map: the programme's lines in
// order, then the programme-wide scope "".
func lineOrder(m *programme.Model, fs map[string][]ItemForecast) []string {
	var out []string
	for _, l := range m.Lines {
		out = append(out, l.Code)
	}
	var extra []string
	for l := range fs {
		if l != "" && !slices.Contains(out, l) {
			extra = append(extra, l)
		}
	}
	slices.Sort(extra)
	return append(append(out, extra...), "")
}

// total adds up items into one line of the forecast, judged as a whole.
func total(items []ItemForecast, year int, asOf time.Time) ItemForecast {
	t := ItemForecast{Label: "Totaal"}
	allTooEarly := len(items) > 0
	for _, it := range items {
		if it.HasAllocation {
			t.Allocation += it.Allocation
			t.HasAllocation = true
			t.AllocationAssumed = t.AllocationAssumed || it.AllocationAssumed
		}
		t.Committed += it.Committed
		t.Spent += it.Spent
		t.Forecast.Value += it.Forecast.Value
		allTooEarly = allTooEarly && (it.Forecast.Method == MethodTooEarly || it.Code == "")
	}
	switch {
	case asOf.Year() < year:
		t.Forecast.Method = MethodFuture
	case asOf.Year() > year:
		t.Forecast.Method = MethodClosed
	case allTooEarly:
		t.Forecast.Method = MethodTooEarly
	default:
		t.Forecast.Method = MethodSum
	}
	t.Verdict = Judge(t.Forecast, t.Allocation, t.HasAllocation, t.Spent)
	return t
}

// Targets lists the codes a booking may name: every item code and every
// line code, with what each is.
func Targets(m *programme.Model) map[string]string {
	out := map[string]string{}
	for _, l := range m.Lines {
		out[l.Code] = "programmalijn " + l.Name
	}
	for _, r := range m.Budget.Allocated {
		if r.Code != "" {
			out[r.Code] = r.Label
		}
	}
	return out
}

// resolver matches a code case-insensitively to a known target.
func resolver(targets map[string]string) func(string) (string, bool) {
	lower := map[string]string{}
	for c := range targets {
		lower[strings.ToLower(c)] = c
	}
	return func(s string) (string, bool) {
		c, ok := lower[strings.ToLower(s)]
		return c, ok
	}
}
