package indicator

import "github.com/perspectief/perspectief/internal/trend"

// FromTrend turns the engine's indicator table into the stored form.
func FromTrend(rows []trend.Row) []TrendValue {
	out := make([]TrendValue, len(rows))
	for i, r := range rows {
		out[i] = TrendValue{
			Indicator: r.Indicator.String(), Year: r.Year, Level: r.Level.String(), Area: r.Area,
			Group: r.Group.String(), Num: r.Num, Den: r.Den, Suppressed: r.Suppressed,
			Secondary: r.Secondary,
		}
	}
	return out
}
