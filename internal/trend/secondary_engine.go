package trend

import (
	"errors"
	"slices"
	"strconv"
)

// applySecondary applies secondary suppression to a computed result, with
// the household counts the table's counters hold. It keeps res.Suppressed
// as the count of primary suppressions.
func (t *table) applySecondary(res *Result) error {
	rows := res.Rows
	st, err := ApplySecondary(rows, func(i int) (int64, bool) { return t.denHouseholds(&rows[i]) })
	if err != nil {
		return err // cannot happen: every cell of the table has its counters
	}
	res.Secondary, res.SecondaryStats = true, st
	return nil
}

// WithSecondary returns a copy of a result computed without secondary
// suppression, with it applied; the result itself stays as it was. It needs
// Options.KeepCounts.
func (res *Result) WithSecondary() (*Result, error) {
	if res.Secondary {
		return res, nil
	}
	if res.counts == nil {
		return nil, errors.New("trend: WithSecondary needs a result computed with Options.KeepCounts")
	}
	c := *res
	c.Rows = slices.Clone(res.Rows)
	if err := res.counts.applySecondary(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// denHouseholds returns the number of households behind the denominator of
// a row of this table, as rows() judges it for primary suppression.
func (t *table) denHouseholds(r *Row) (int64, bool) {
	if r.Level >= numLevels || len(r.Area) < 3 || r.Indicator >= numIndicators {
		return 0, false
	}
	code, err := strconv.ParseUint(r.Area[2:], 10, 56)
	if err != nil || r.Year < minYear || r.Year > maxYear {
		return 0, false
	}
	s := t.levels[r.Level]
	c, ok := s.index[code<<8|uint64(r.Year-minYear)]
	if !ok || int(r.Group) >= t.ly.ng {
		return 0, false
	}
	gc := s.counters(c)[int(r.Group)*t.ly.gs : (int(r.Group)+1)*t.ly.gs]
	if r.Indicator >= numBaseIndicators {
		// Usage (section 6): the denominator is the households at or
		// below 110%, as rows() passes it to suppress.
		return gc[set110+kHH], true
	}
	return gc[setAll+contributors(indicatorDefs[r.Indicator].measure)], true
}
