package indicator

import (
	"context"
	"slices"

	"github.com/perspectief/perspectief/internal/trend"
)

// Value is one number of an indicator: for a period, an area and a group.
// A suppressed value (disclosure control) carries no number.
type Value struct {
	Indicator  string
	Period     Period
	Area       string
	Group      string // "totaal" for the whole population
	Value      float64
	Suppressed bool
	Secondary  bool     // suppressed by the trendmonitor's secondary suppression: not small itself
	Num, Den   *float64 // teller and noemer, when known
	Margin     *float64 // margin of error, when known
	Source     string
	Note       string
	empty      bool // see Empty
}

// TotalGroup is the group of the whole population.
const TotalGroup = "totaal"

// ValueFilter selects values; empty fields select everything.
type ValueFilter struct {
	Indicator string
	Area      string
	Group     string
	Period    Period // zero: every period
	// Gemeente keeps only gemeente-level areas: GM codes and own areas of
	// level gemeente. Overviews need no more.
	Gemeente bool
	// Level keeps only areas of one level (gemeente, wijk or buurt): CBS
	// codes of the level and own areas of the level.
	Level string
}

// Reader is what pages need: the register and the values, with the
// trendmonitor's values and imported ones merged by one rule. The Service
// implements it; so may a test's fixed data.
type Reader interface {
	Register(ctx context.Context) (*Register, error)
	Values(ctx context.Context, f ValueFilter) ([]Value, error)
	// Groups lists the groups an indicator has values for, so that a page
	// can offer them and then read the values of one group only.
	Groups(ctx context.Context, indicator string) ([]string, error)
	// Periods lists the periods an indicator has values for in one group,
	// in time order, so that a page can read one period's values only.
	Periods(ctx context.Context, indicator, group string) ([]Period, error)
}

// Store keeps the register and the imported values. It knows nothing of
// the trendmonitor's values: the Service merges the two.
type Store interface {
	Register(ctx context.Context) (*Register, error)
	// StoredValues returns the imported and typed-in values that match f,
	// in time order.
	StoredValues(ctx context.Context, f ValueFilter) ([]Value, error)
	// StoredGroups lists the groups of an indicator's imported values.
	StoredGroups(ctx context.Context, indicator string) ([]string, error)
	// StoredPeriods lists the periods of an indicator's imported values in
	// one group, in time order.
	StoredPeriods(ctx context.Context, indicator, group string) ([]Period, error)
	// SaveRegister inserts or updates every indicator and area of reg; entries
	// not in reg stay.
	SaveRegister(ctx context.Context, reg *Register, actor string) error
	// SaveIndicator adds (add) or replaces one indicator and records the
	// register as a new version with ch; it returns the version's number.
	// Adding a code that exists is a conflict, replacing one that does not
	// is not found.
	SaveIndicator(ctx context.Context, ind Indicator, add bool, ch RegisterChange) (int, error)
	// RegisterVersions lists the versions without their indicators, oldest
	// first; RegisterVersion returns one with them.
	RegisterVersions(ctx context.Context) ([]RegisterVersion, error)
	RegisterVersion(ctx context.Context, n int) (*RegisterVersion, error) // CodeNotFound when absent
	// RestoreRegister stores inds, in their order, as the register's
	// indicators (adding or replacing each; none is removed) and records
	// the register as a new version with ch, audited; it returns the
	// version's number.
	RestoreRegister(ctx context.Context, inds []Indicator, ch RegisterChange) (int, error)
	// ImportValues stores values in one transaction, replacing stored values
	// with the same indicator, period, area and group.
	ImportValues(ctx context.Context, values []Value, source, actor string) error
	// SaveValue stores one value typed in by actor, replacing a stored value
	// of the same cell, with the value before and after in the audit log.
	SaveValue(ctx context.Context, v Value, actor string) error
}

// TrendCodes are the trendmonitor's indicators: their values are the stored
// trendmonitor results, never copies.
var TrendCodes = []string{
	"huishoudens_110", "huishoudens_120", "personen_110", "personen_120",
	"minderjarigen_110", "minderjarigen_120",
	"huishoudens_110_4jaar", "personen_110_4jaar", "minderjarigen_110_4jaar",
	// Section 6 of the trendmonitor spec: use of provisions among the
	// households at or below 110%.
	"gebruik_participatiewet_110", "gebruik_jeugdwet_110", "gebruik_wmo_110",
}

// IsTrend reports whether code is a trendmonitor indicator.
func IsTrend(code string) bool { return slices.Contains(TrendCodes, code) }

// TrendSource is the source of every value that comes from the
// trendmonitor.
const TrendSource = "Trendmonitor (CBS Inkomensstatistiek)"

// TrendCell shows a trendmonitor cell (its teller and noemer) as an
// indicator value: 100 * num / den. A cell with a zero denominator has no
// value to show: see Empty. secondary marks a cell hidden by secondary
// suppression (onderdrukt = 2); suppressed is then set too.
func TrendCell(code string, year int, area, group string, num, den int64, suppressed, secondary bool) Value {
	v := Value{Indicator: code, Period: YearPeriod(year), Area: area, Group: group, Source: TrendSource}
	if suppressed {
		v.Suppressed, v.Secondary = true, secondary
		return v
	}
	n, d := float64(num), float64(den)
	v.Num, v.Den = &n, &d
	if v.empty = den == 0; !v.empty {
		v.Value = 100 * n / d
	}
	return v
}

// FromTrendRow shows a row of the trendmonitor's table as an indicator
// value.
func FromTrendRow(r trend.Row) Value {
	return TrendCell(r.Indicator.String(), r.Year, r.Area, r.Group.String(), r.Num, r.Den, r.Suppressed, r.Secondary)
}

// Empty reports whether v is a trendmonitor cell with nothing to divide (a
// denominator of 0): no value, and no suppression either.
func (v Value) Empty() bool { return v.empty }

// SortValuesByIndicator orders values by indicator, period, area and group.
func SortValuesByIndicator(vs []Value) {
	slices.SortStableFunc(vs, func(a, b Value) int {
		if a.Indicator != b.Indicator {
			if a.Indicator < b.Indicator {
				return -1
			}
			return 1
		}
		if c := a.Period.Compare(b.Period); c != 0 {
			return c
		}
		if a.Area != b.Area {
			if a.Area < b.Area {
				return -1
			}
			return 1
		}
		switch {
		case a.Group < b.Group:
			return -1
		case a.Group > b.Group:
			return 1
		}
		return 0
	})
}
