package indicator

import (
	"context"
	"slices"
)

// WellbeingCodes are the register's five wellbeing indicators of the
// monitoringplan (3.1e), followed beside the income figures: satisfaction
// with one's life, happiness, health as experienced, taking part in society
// as perceived, and loneliness.
var WellbeingCodes = []string{
	"welbevinden_tevredenheid_leven",
	"welbevinden_geluk",
	"welbevinden_ervaren_gezondheid",
	"welbevinden_meedoen",
	"welbevinden_eenzaamheid",
}

// WellbeingFigure is one wellbeing indicator beside the trendmonitor: its
// register entry and its latest gemeente value of every group (the total
// first); none when nothing is stored yet.
type WellbeingFigure struct {
	Indicator Indicator
	Latest    []Value // of one period, TotalGroup first, then the other groups by code
}

// Wellbeing returns the wellbeing indicators the register holds, each with
// its latest values for gemeente (the gemeente of the main series when
// gemeente is empty or has none). Values come from a wave of the wellbeing
// questionnaire pushed to the register, or from an upload.
func (s *Service) Wellbeing(ctx context.Context, gemeente string) ([]WellbeingFigure, error) {
	reg, err := s.Register(ctx)
	if err != nil {
		return nil, err
	}
	var out []WellbeingFigure
	for _, code := range WellbeingCodes {
		ind, ok := reg.Indicator(code)
		if !ok {
			continue
		}
		f := WellbeingFigure{Indicator: *ind}
		vals, err := s.Values(ctx, ValueFilter{Indicator: code, Gemeente: true})
		if err != nil {
			return nil, err
		}
		area := gemeente
		if !slices.ContainsFunc(vals, func(v Value) bool { return v.Area == area && v.Group == TotalGroup }) {
			area, _ = reg.MainSeries(vals, TotalGroup)
		}
		f.Latest = latestOf(vals, area)
		out = append(out, f)
	}
	return out, nil
}

// latestOf keeps the values of area in the latest period that has a total,
// the total first and the other groups by code.
func latestOf(vals []Value, area string) []Value {
	var latest *Period
	for i := range vals {
		v := &vals[i]
		if v.Area == area && v.Group == TotalGroup && (latest == nil || v.Period.Compare(*latest) > 0) {
			latest = &v.Period
		}
	}
	if latest == nil {
		return nil
	}
	var out []Value
	for _, v := range vals {
		if v.Area == area && v.Period == *latest {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b Value) int {
		switch {
		case a.Group == b.Group:
			return 0
		case a.Group == TotalGroup:
			return -1
		case b.Group == TotalGroup:
			return 1
		case a.Group < b.Group:
			return -1
		}
		return 1
	})
	return out
}
