package indicator

import "strings"

// IsGemeente reports whether code is a gemeente-level area: an own area of
// level gemeente, or a GM code the register does not name.
func (r *Register) IsGemeente(code string) bool {
	if a, ok := r.Area(code); ok {
		return a.Level == "gemeente"
	}
	return strings.HasPrefix(code, "GM")
}

// isCBS reports whether code is a CBS area, registered or not.
func (r *Register) isCBS(code string) bool {
	a, ok := r.Area(code)
	return !ok && IsCBSArea(code) || ok && a.Kind == "cbs"
}

// MainSeries picks the series that overviews, verdicts and reports judge:
// the group's values for the gemeente-level area with the latest value, a
// CBS area before an own one. vals must be in time order.
func (r *Register) MainSeries(vals []Value, group string) (area string, series []Value) {
	var best *Value
	for i := range vals {
		v := &vals[i]
		if v.Group != group || !r.IsGemeente(v.Area) {
			continue
		}
		if best == nil || v.Period.Compare(best.Period) > 0 || v.Period == best.Period && r.isCBS(v.Area) && !r.isCBS(best.Area) {
			best = v
		}
	}
	if best == nil {
		return "", nil
	}
	return best.Area, SeriesOf(vals, best.Area, group)
}

// SeriesOf keeps the values of one area and group, in their order.
func SeriesOf(vals []Value, area, group string) []Value {
	var out []Value
	for _, v := range vals {
		if v.Area == area && v.Group == group {
			out = append(out, v)
		}
	}
	return out
}
