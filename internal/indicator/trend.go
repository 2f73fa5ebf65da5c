// Package indicator holds the platform's indicator data. This file covers the
// stored results of trendmonitor runs: the indicator table of the trendmonitor
// spec with the metadata of the run that made it.
package indicator

import (
	"context"
	"slices"
	"time"

	"github.com/perspectief/perspectief/internal/trend"
)

// TrendRun describes one stored trendmonitor table: computed here from a
// panel, or imported as a table made earlier.
type TrendRun struct {
	ID           int64
	Kind         string // "berekend" (computed from a panel) or "ingelezen" (an imported table)
	Source       string // panel file name, or the imported table's name
	SourceSHA256 string
	Norms        string // where the norms came from (file name and checksum, or the built-in norms)
	MinCell      int    // k of the disclosure control; 0 when unknown (imported tables)
	Years        []int
	Gemeenten    []string
	Rows         int
	Actor        string
	CreatedAt    time.Time
	// Exposed and Hidden are what secondary suppression found and did
	// when the run was stored (for the audit log; not kept with the run).
	Exposed, Hidden int
}

// SecondaryText explains a cell hidden by secondary suppression, where a
// reader would wonder why a big number is not shown.
const SecondaryText = "verborgen zodat de kleine cel niet terug te rekenen is"

// Gemeente returns the code of the gemeente an area lies in (GM + the first
// four digits of any CBS area code).
func Gemeente(area string) string {
	if len(area) < 6 {
		return area
	}
	return "GM" + area[2:6]
}

// TrendFilter selects stored values; empty fields select everything.
type TrendFilter struct {
	Indicator string
	Level     string
	Area      string
	Group     string
	Year      int
}

// TrendStore keeps trendmonitor results.
type TrendStore interface {
	// SaveTrendRun stores a run in one transaction: for every year and
	// gemeente in the run, earlier results are replaced by these; other
	// gemeenten and years stay as they were.
	SaveTrendRun(ctx context.Context, run *TrendRun, rows []trend.Row) error
	TrendRuns(ctx context.Context) ([]TrendRun, error)
	// TrendValues returns the stored cells that match f as values (see
	// TrendCell), ordered by indicator, year, level, area and group.
	TrendValues(ctx context.Context, f TrendFilter) ([]Value, error)
	// TrendGroups lists the groups an indicator has values for, sorted.
	TrendGroups(ctx context.Context, indicator string) ([]string, error)
	// TrendYears lists the years an indicator has values for in one group,
	// in order.
	TrendYears(ctx context.Context, indicator, group string) ([]int, error)
}

// RunScope fills the Years and Gemeenten of a run from its values.
func RunScope(run *TrendRun, values []trend.Row) {
	years := map[int]bool{}
	gms := map[string]bool{}
	for _, v := range values {
		years[v.Year] = true
		gms[Gemeente(v.Area)] = true
	}
	run.Years, run.Gemeenten = run.Years[:0], run.Gemeenten[:0]
	for y := range years {
		run.Years = append(run.Years, y)
	}
	for g := range gms {
		run.Gemeenten = append(run.Gemeenten, g)
	}
	slices.Sort(run.Years)
	slices.Sort(run.Gemeenten)
	run.Rows = len(values)
}
