package eligibility

import (
	"fmt"

	"github.com/perspectief/perspectief/internal/trend"
)

// ReachSecondary applies the trendmonitor's secondary suppression (spec
// section 7 of the trendmonitor) to the non-take-up table, over its own
// sums, separately per scheme:
//
//   - rechthebbend, gebruik and niet_gebruik of a wijk are the sums of its
//     buurten, of a gemeente the sums of its wijken, per group;
//   - those of totaal are the sums of the household types, and of the
//     income sources, per area.
//
// A row's cell is hidden as a whole (Suppressed and Secondary set), and the
// choice compares the entitled households, the table's denominator.
// onbekend is a count of its own with its own threshold and the same sums:
// it gets the rule separately, and a hidden one sets UnknownHidden.
func ReachSecondary(rows []ReachRow, minCell int) (cells, unknown trend.SecondaryStats, err error) {
	schemes := map[string]int{}
	tr := make([]trend.Row, len(rows))
	for i, r := range rows {
		s, ok := schemes[r.Scheme]
		if !ok {
			s = len(schemes)
			schemes[r.Scheme] = s
		}
		if s > 255 {
			return cells, unknown, fmt.Errorf("more than 256 schemes in one table")
		}
		lvl, ok := reachLevels[r.Level]
		if !ok {
			return cells, unknown, fmt.Errorf("row %d: unknown level %q", i+1, r.Level)
		}
		g := trend.GroupTotal
		switch {
		case r.Group == "totaal":
		case len(r.Group) > 5 && r.Group[:5] == "type:":
			g, ok = trend.TypeGroup(r.Group[5:])
		case len(r.Group) > 5 && r.Group[:5] == "bron:":
			g, ok = trend.BronGroup(r.Group[5:])
		default:
			ok = false
		}
		if !ok {
			return cells, unknown, fmt.Errorf("row %d: unknown group %q", i+1, r.Group)
		}
		// The scheme takes the place of the indicator: the rule treats
		// every indicator and year as a table of its own.
		tr[i] = trend.Row{Indicator: trend.Indicator(s), Year: r.Year, Level: lvl, Area: r.Area, Group: g, Suppressed: r.Suppressed}
	}
	cells, err = trend.ApplySecondary(tr, func(i int) (int64, bool) { return int64(rows[i].Entitled), true })
	if err != nil {
		return cells, unknown, err
	}
	hidden := make([]bool, len(rows))
	for i := range tr {
		hidden[i] = tr[i].Secondary
		tr[i].Suppressed, tr[i].Secondary = unknownSuppressed(rows[i].Unknown, minCell), false
	}
	unknown, err = trend.ApplySecondary(tr, func(i int) (int64, bool) { return int64(rows[i].Unknown), true })
	if err != nil {
		return cells, unknown, err
	}
	for i := range rows {
		if hidden[i] {
			rows[i].Suppressed, rows[i].Secondary = true, true
		}
		rows[i].UnknownHidden = tr[i].Secondary
	}
	return cells, unknown, nil
}

var reachLevels = map[string]trend.Level{"gemeente": trend.Gemeente, "wijk": trend.Wijk, "buurt": trend.Buurt}

// unknownSuppressed reports whether onbekend is left out on its own: 1..k-1
// households.
func unknownSuppressed(n, minCell int) bool { return n >= 1 && n < minCell }
