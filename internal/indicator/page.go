package indicator

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// PageQuery is what the page of one indicator is asked for, as typed in
// its form; an empty field takes the default.
type PageQuery struct {
	Group    string
	Area     string
	Period   string // as Period.String writes it
	MapLevel string // wijk or buurt
}

// Page holds the figures the page of one indicator shows, and the choices
// made for it. The page reads what it shows, not every value of the group:
// the periods (from the index), the gemeente-level series, the chosen
// period's areas and the chosen area's series. With a million stored values
// that keeps a page to a few hundred rows.
type Page struct {
	Register  *Register
	Indicator *Indicator
	Groups    []string // the whole population first
	Group     string
	Periods   []Period // in time order
	Period    Period   // of the comparison of areas
	// Main is the area whose series leads (the gemeente), MainSeries its
	// values; Main is empty when the indicator has no values at all.
	Main       string
	MainSeries []Value
	Verdicts   []Verdict // one per target, judged on MainSeries
	// Chosen is the area shown beside Main (Main itself when there is no
	// other); Areas are the areas to choose from, in register order.
	Chosen       string
	ChosenSeries []Value
	Areas        []string
	// InPeriod are the gemeente, its wijken and own areas in Period,
	// highest value first and suppressed ones last; Buurten are the
	// buurten, drawn on the buurt map only.
	InPeriod []Value
	Buurten  []Value
	MapLevel string // wijk or buurt: the map to draw
	// Problems says, in the order of the form, which choices of the query
	// could not be used.
	Problems []string
}

// MapValues are the values the page's map draws.
func (p *Page) MapValues() []Value {
	if p.MapLevel == "buurt" {
		return p.Buurten
	}
	return p.InPeriod
}

// Page decides what the page of indicator code shows for q: the group, the
// series that leads, the area beside it, the period of the comparison and
// the map level, falling back to the defaults for choices without values.
// It returns nil when the register has no indicator code.
func (s *Service) Page(ctx context.Context, code string, q PageQuery) (*Page, error) {
	reg, err := s.Register(ctx)
	if err != nil {
		return nil, err
	}
	ind, ok := reg.Indicator(code)
	if !ok {
		return nil, nil
	}
	p := &Page{Register: reg, Indicator: ind}
	if err := s.pageGroup(ctx, p, q.Group); err != nil {
		return nil, err
	}
	periodProblem, err := s.pagePeriod(ctx, p, q.Period)
	if err != nil {
		return nil, err
	}
	var gemVals []Value
	if len(p.Periods) > 0 {
		if gemVals, err = s.groupValues(p, ValueFilter{Gemeente: true})(ctx); err != nil {
			return nil, err
		}
		perVals, err := s.groupValues(p, ValueFilter{Period: p.Period})(ctx)
		if err != nil {
			return nil, err
		}
		for _, x := range perVals {
			if reg.IsBuurt(x.Area) {
				p.Buurten = append(p.Buurten, x)
			} else {
				p.InPeriod = append(p.InPeriod, x)
			}
		}
	}
	if err := s.pageMain(ctx, p, gemVals); err != nil {
		return nil, err
	}
	for _, t := range ind.Targets {
		p.Verdicts = append(p.Verdicts, ind.Verdict(t.Year, p.MainSeries))
	}
	if p.Main == "" {
		return p, nil
	}
	if err := s.pageChosen(ctx, p, gemVals, q.Area); err != nil {
		return nil, err
	}
	if periodProblem != "" {
		p.Problems = append(p.Problems, periodProblem)
	}
	SortByValue(p.InPeriod)
	p.MapLevel = q.MapLevel
	if p.MapLevel != "buurt" || len(p.Buurten) == 0 {
		if p.MapLevel != "" && p.MapLevel != "wijk" {
			p.Problems = append(p.Problems, "Voor deze periode zijn geen cijfers per buurt.")
		}
		p.MapLevel = "wijk"
	}
	return p, nil
}

// groupValues reads the values of the page's indicator and group that
// match f.
func (s *Service) groupValues(p *Page, f ValueFilter) func(context.Context) ([]Value, error) {
	return func(ctx context.Context) ([]Value, error) {
		f.Indicator, f.Group = p.Indicator.Code, p.Group
		return s.Values(ctx, f)
	}
}

// pageGroup picks the group: the one asked for when it has values, else the
// whole population (or the first group there is).
func (s *Service) pageGroup(ctx context.Context, p *Page, asked string) error {
	gs, err := s.Groups(ctx, p.Indicator.Code)
	if err != nil {
		return err
	}
	slices.SortFunc(gs, func(a, b string) int {
		if (a == TotalGroup) != (b == TotalGroup) {
			if a == TotalGroup {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	p.Groups = gs
	if len(gs) > 0 {
		p.Group = gs[0]
	}
	if asked != "" {
		if slices.Contains(gs, asked) {
			p.Group = asked
		} else {
			p.Problems = append(p.Problems, "Voor deze groep zijn geen cijfers.")
		}
	}
	return nil
}

// pagePeriod picks the period of the comparison: the one asked for when it
// has values, else the latest. The problem is said after the area's, in the
// order of the form, so it is returned rather than added.
func (s *Service) pagePeriod(ctx context.Context, p *Page, asked string) (problem string, err error) {
	if p.Group == "" {
		return "", nil
	}
	if p.Periods, err = s.Periods(ctx, p.Indicator.Code, p.Group); err != nil || len(p.Periods) == 0 {
		return "", err
	}
	p.Period = p.Periods[len(p.Periods)-1]
	if asked == "" {
		return "", nil
	}
	if pp, err := ParsePeriod(asked); err == nil && slices.Contains(p.Periods, pp) {
		p.Period = pp
		return "", nil
	}
	return "Voor deze periode zijn geen cijfers.", nil
}

// pageMain picks the series that leads: the register's main series of the
// gemeente-level values, or without those the last area of the latest
// period.
func (s *Service) pageMain(ctx context.Context, p *Page, gemVals []Value) error {
	p.Main, p.MainSeries = p.Register.MainSeries(gemVals, p.Group)
	if p.Main != "" || len(p.Periods) == 0 {
		return nil
	}
	latest := p.InPeriod
	if last := p.Periods[len(p.Periods)-1]; p.Period != last {
		all, err := s.groupValues(p, ValueFilter{Period: last})(ctx)
		if err != nil {
			return err
		}
		latest = slices.DeleteFunc(all, func(x Value) bool { return p.Register.IsBuurt(x.Area) })
	}
	if len(latest) == 0 {
		return nil
	}
	p.Main = latest[len(latest)-1].Area
	var err error
	p.MainSeries, err = s.groupValues(p, ValueFilter{Area: p.Main})(ctx)
	return err
}

// pageChosen picks the area beside the main series: the one asked for when
// it has values, else the first other gemeente-level area in register
// order (the gemeente before the 2019 merger), so that a break in the
// series shows. It also lists the areas to choose from.
func (s *Service) pageChosen(ctx context.Context, p *Page, gemVals []Value, asked string) error {
	reg := p.Register
	var gemAreas []string
	for _, x := range gemVals {
		if !slices.Contains(gemAreas, x.Area) {
			gemAreas = append(gemAreas, x.Area)
		}
	}
	byRegister := reg.AreaOrder()
	slices.SortFunc(gemAreas, byRegister)
	p.Chosen = p.Main
	for _, a := range gemAreas {
		if a != p.Main {
			p.Chosen = a
			break
		}
	}
	p.ChosenSeries = SeriesOf(gemVals, p.Chosen, p.Group)
	if asked != "" && asked != p.Chosen {
		var sv []Value
		if slices.Contains(gemAreas, asked) {
			sv = SeriesOf(gemVals, asked, p.Group)
		} else if !reg.IsBuurt(asked) {
			var err error
			if sv, err = s.groupValues(p, ValueFilter{Area: asked})(ctx); err != nil {
				return err
			}
		}
		if len(sv) > 0 {
			p.Chosen, p.ChosenSeries = asked, sv
		} else {
			p.Problems = append(p.Problems, "Voor dit gebied zijn geen cijfers.")
		}
	}
	// The areas to choose from: the gemeente-level ones, those of the
	// period, and the chosen one, in register order.
	p.Areas = slices.Clone(gemAreas)
	for _, x := range p.InPeriod {
		if !slices.Contains(p.Areas, x.Area) {
			p.Areas = append(p.Areas, x.Area)
		}
	}
	if !slices.Contains(p.Areas, p.Chosen) {
		p.Areas = append(p.Areas, p.Chosen)
	}
	slices.SortFunc(p.Areas, byRegister)
	return nil
}

// SortByValue orders values highest first, suppressed ones last.
func SortByValue(vs []Value) {
	slices.SortStableFunc(vs, func(a, b Value) int {
		if a.Suppressed != b.Suppressed {
			if b.Suppressed {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Value, a.Value)
	})
}

// AreaOrder orders area codes as the register lists them, unknown codes
// after the known ones, by code.
func (r *Register) AreaOrder() func(a, b string) int {
	pos := make(map[string]int, len(r.Areas))
	for i, a := range r.Areas {
		pos[a.Code] = i
	}
	return func(a, b string) int {
		pa, oka := pos[a]
		pb, okb := pos[b]
		switch {
		case oka && okb:
			return cmp.Compare(pa, pb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	}
}

// IsBuurt reports whether code is a buurt: an own area of level buurt, or
// a BU code the register does not name.
func (r *Register) IsBuurt(code string) bool {
	if a, ok := r.Area(code); ok {
		return a.Level == "buurt"
	}
	return strings.HasPrefix(code, "BU")
}
