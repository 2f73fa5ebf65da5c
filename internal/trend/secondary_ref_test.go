package trend_test

import (
	"sort"
	"strings"
)

// The naive reference of spec section 7, written from the spec's text with
// nothing shared with the engine: constraints are found afresh from the row
// keys in every pass, and each pass looks at every constraint.

// refConstraint is one parent row and its child rows.
type refConstraint struct {
	parent   rowKey
	children []rowKey
}

// refConstraints lists the constraints among the given rows: buurten in a
// wijk and wijken in a gemeente per group, and the groups of a breakdown in
// an area (the part of the groep before the colon names the breakdown).
func refConstraints(rows map[rowKey]bool) []refConstraint {
	type id struct {
		parent    rowKey
		breakdown string
	}
	byID := map[id][]rowKey{}
	for k := range rows {
		switch k.level {
		case "buurt":
			p := rowKey{k.ind, k.year, "wijk", "WK" + k.area[2:8], k.group}
			byID[id{p, ""}] = append(byID[id{p, ""}], k)
		case "wijk":
			p := rowKey{k.ind, k.year, "gemeente", "GM" + k.area[2:6], k.group}
			byID[id{p, ""}] = append(byID[id{p, ""}], k)
		}
		if bd, _, ok := strings.Cut(k.group, ":"); ok {
			p := rowKey{k.ind, k.year, k.level, k.area, "totaal"}
			byID[id{p, bd}] = append(byID[id{p, bd}], k)
		}
	}
	var out []refConstraint
	for i, children := range byID {
		if rows[i.parent] {
			out = append(out, refConstraint{i.parent, children})
		}
	}
	return out
}

// refExposed counts the constraints with exactly one suppressed cell.
func refExposed(suppressed map[rowKey]bool) int {
	n := 0
	for _, c := range refConstraints(existing(suppressed)) {
		if hiddenIn(c, suppressed) == 1 {
			n++
		}
	}
	return n
}

func existing[V any](m map[rowKey]V) map[rowKey]bool {
	out := make(map[rowKey]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func hiddenIn(c refConstraint, suppressed map[rowKey]bool) int {
	n := 0
	for _, k := range append([]rowKey{c.parent}, c.children...) {
		if suppressed[k] {
			n++
		}
	}
	return n
}

// tableSuppressed reads the onderdrukt column of an output table.
func tableSuppressed(table map[rowKey]outRow) map[rowKey]bool {
	out := make(map[rowKey]bool, len(table))
	for k, r := range table {
		out[k] = r.suppressed != "0"
	}
	return out
}

// referenceSecondary applies section 7 to a table of expectations: passes
// in which every exposed constraint picks the shown child with the fewest
// households behind its denominator (ties: smaller gebied, then groep, in
// byte order), or else its parent, all picks suppressed at once. It returns
// the number of passes that found an exposed constraint.
func referenceSecondary(table map[rowKey]expected) int {
	cons := refConstraints(existing(table))
	passes := 0
	for {
		suppressed := map[rowKey]bool{}
		for k, e := range table {
			suppressed[k] = e.suppressed
		}
		picks := map[rowKey]bool{}
		for _, c := range cons {
			if hiddenIn(c, suppressed) != 1 {
				continue
			}
			var shown []rowKey
			for _, k := range c.children {
				if !suppressed[k] {
					shown = append(shown, k)
				}
			}
			if len(shown) == 0 {
				picks[c.parent] = true
				continue
			}
			sort.Slice(shown, func(i, j int) bool {
				a, b := shown[i], shown[j]
				if ha, hb := table[a].hh, table[b].hh; ha != hb {
					return ha < hb
				}
				if a.area != b.area {
					return a.area < b.area
				}
				return a.group < b.group
			})
			picks[shown[0]] = true
		}
		if len(picks) == 0 {
			return passes
		}
		passes++
		for k := range picks {
			table[k] = expected{suppressed: true, secondary: true, hh: table[k].hh}
		}
	}
}
