package indicator

import (
	"context"
	"slices"
)

// This file holds the one rule for which value of a cell a page shows: a
// trendmonitor indicator's values are the stored trendmonitor results, and
// an imported (or typed-in) value of the same indicator, period, area and
// group takes the place of the trendmonitor's. Every page, the API and the
// yearly report read values through Service, so they cannot disagree.

var _ Reader = (*Service)(nil)

// Values returns the values that match f in time order, merged by the rule
// above. A trendmonitor cell without a value (a denominator of 0) is left
// out.
func (s *Service) Values(ctx context.Context, f ValueFilter) ([]Value, error) {
	vals, err := s.merged(ctx, f)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(vals, func(v Value) bool { return v.Empty() }), nil
}

// merged is Values with the trendmonitor's empty cells kept: the
// trendmonitor page says "geen" for them.
func (s *Service) merged(ctx context.Context, f ValueFilter) ([]Value, error) {
	out, err := s.Store.StoredValues(ctx, f)
	if err != nil || !s.readsTrend(f.Indicator) || f.Period.Kind != 0 && f.Period.Kind != Year {
		return out, err
	}
	tf := TrendFilter{Indicator: f.Indicator, Area: f.Area, Group: f.Group, Year: f.Period.Year}
	if f.Gemeente {
		tf.Level = "gemeente"
	}
	if f.Level != "" {
		tf.Level = f.Level
	}
	tvs, err := s.Trend.TrendValues(ctx, tf)
	if err != nil || len(tvs) == 0 {
		return out, err
	}
	return Merge(out, tvs), nil
}

// readsTrend reports whether values of code (every indicator when empty)
// may come from the trendmonitor.
func (s *Service) readsTrend(code string) bool {
	return s.Trend != nil && (code == "" || IsTrend(code))
}

// Merge puts the trendmonitor's cells beside the imported values: a cell
// with an imported value keeps that value. The result is sorted by
// indicator, period, area and group.
func Merge(imported, trend []Value) []Value {
	type key struct {
		ind    string
		period Period
		area   string
		grp    string
	}
	has := make(map[key]bool, len(imported))
	for _, v := range imported {
		has[key{v.Indicator, v.Period, v.Area, v.Group}] = true
	}
	out := imported
	for _, v := range trend {
		if !has[key{v.Indicator, v.Period, v.Area, v.Group}] {
			out = append(out, v)
		}
	}
	SortValuesByIndicator(out)
	return out
}

// Groups lists the groups an indicator has values for, imported or from
// the trendmonitor, sorted.
func (s *Service) Groups(ctx context.Context, code string) ([]string, error) {
	gs, err := s.Store.StoredGroups(ctx, code)
	if err != nil || !s.readsTrend(code) {
		return gs, err
	}
	tg, err := s.Trend.TrendGroups(ctx, code)
	if err != nil {
		return nil, err
	}
	for _, g := range tg {
		if !slices.Contains(gs, g) {
			gs = append(gs, g)
		}
	}
	slices.Sort(gs)
	return gs, nil
}

// Periods lists the periods an indicator has values for in one group, in
// time order: imported ones and the years of the trendmonitor's.
func (s *Service) Periods(ctx context.Context, code, group string) ([]Period, error) {
	ps, err := s.Store.StoredPeriods(ctx, code, group)
	if err != nil || !s.readsTrend(code) {
		return ps, err
	}
	ys, err := s.Trend.TrendYears(ctx, code, group)
	if err != nil {
		return nil, err
	}
	for _, y := range ys {
		if p := YearPeriod(y); !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, Period.Compare)
	return ps, nil
}
