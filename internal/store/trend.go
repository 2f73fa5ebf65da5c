package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/trend"
)

var _ indicator.TrendStore = Trends{}

// trendBatch rows go into one INSERT; 10 parameters each stays far below
// both databases' limits on parameters per statement.
const trendBatch = 500

// SaveTrendRun stores a run and its values in one transaction, replacing the
// values of the run's years and gemeenten.
func (s Trends) SaveTrendRun(ctx context.Context, run *indicator.TrendRun, values []trend.Row) error {
	indicator.RunScope(run, values)
	rows := newRowBatches(named("InsertTrendValues"), 10, trendBatch)
	for _, v := range values {
		var num, den any
		if !v.Suppressed {
			num, den = v.Num, v.Den
		}
		// The run's id is set in the transaction (setColumn).
		rows.add(v.Indicator.String(), v.Year, v.Level.String(), v.Area, v.Group.String(), indicator.Gemeente(v.Area), num, den, suppressedCode(v), nil)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertTrendRun"),
			run.Kind, run.Source, run.SourceSHA256, run.Norms, run.MinCell, joinInts(run.Years), strings.Join(run.Gemeenten, ","), run.Rows, run.Actor, timeText(run.CreatedAt))
		if err != nil {
			return err
		}
		run.ID = id
		for _, y := range run.Years {
			for _, g := range run.Gemeenten {
				if _, err := s.exec(ctx, tx, named("DeleteTrendValues"), y, g); err != nil {
					return err
				}
			}
		}
		rows.setColumn(9, id)
		err = rows.exec(ctx, s.d, tx, func(err error) error {
			if isUnique(err) {
				return errDuplicateTrendRow(err)
			}
			return err
		})
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, run.Actor, "opgeslagen", "trendmonitor", run.Source, nil, map[string]any{
			"soort": run.Kind, "bron": run.Source, "sha256": run.SourceSHA256, "normen": run.Norms, "k": run.MinCell,
			"jaren": run.Years, "gemeenten": run.Gemeenten, "rijen": run.Rows,
			"blootgestelde_sommen": run.Exposed, "secundair_onderdrukt": run.Hidden})
	})
}

// TrendRuns lists the stored runs, newest first.
func (s Trends) TrendRuns(ctx context.Context) ([]indicator.TrendRun, error) {
	rows, err := s.query(ctx, named("TrendRuns"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicator.TrendRun
	for rows.Next() {
		var r indicator.TrendRun
		var years, gms, created string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Source, &r.SourceSHA256, &r.Norms, &r.MinCell, &years, &gms, &r.Rows, &r.Actor, &created); err != nil {
			return nil, err
		}
		r.Years = splitInts(years)
		if gms != "" {
			r.Gemeenten = strings.Split(gms, ",")
		}
		r.CreatedAt = parseTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// TrendValues returns the stored cells that match f as indicator values,
// ordered by indicator, year, level, area and group.
func (s Trends) TrendValues(ctx context.Context, f indicator.TrendFilter) ([]indicator.Value, error) {
	// The filter decides at run time which conditions the query has, so
	// they are added here rather than written out for every combination.
	q, col := named("TrendValues"), ""
	if f.Indicator == "" && f.Level != "" && f.Area == "" {
		q, col = named("TrendValuesByKey"), "t."
	}
	if f.Level == "" && f.Area != "" {
		// An area's code names its level (GM, WK, BU); with the level set,
		// the index trend_values_series is walked from that level on.
		for level, prefix := range levelPrefix {
			if strings.HasPrefix(f.Area, prefix) {
				f.Level = level
			}
		}
	}
	var args []any
	for _, c := range []struct {
		col string
		val any
		set bool
	}{
		{"indicator", f.Indicator, f.Indicator != ""},
		{"level", f.Level, f.Level != ""},
		{"area", f.Area, f.Area != ""},
		{"grp", f.Group, f.Group != ""},
		{"year", f.Year, f.Year != 0},
	} {
		if c.set {
			q += " AND " + col + c.col + " = ?"
			args = append(args, c.val)
		}
	}
	rows, err := s.query(ctx, q+" ORDER BY "+col+"indicator, "+col+"year, "+col+"level, "+col+"area, "+col+"grp", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicator.Value
	for rows.Next() {
		var ind, level, area, grp string
		var year int
		var num, den sql.NullInt64
		var sup int
		if err := rows.Scan(&ind, &year, &level, &area, &grp, &num, &den, &sup); err != nil {
			return nil, err
		}
		out = append(out, indicator.TrendCell(ind, year, area, grp, num.Int64, den.Int64, sup != 0, sup == 2))
	}
	return out, rows.Err()
}

// TrendGroups lists the groups an indicator has stored trendmonitor values
// for, sorted.
func (s Trends) TrendGroups(ctx context.Context, code string) ([]string, error) {
	return queryColumn[string](ctx, s.conn, named("TrendGroups"), code, code)
}

// TrendYears lists the years an indicator has stored trendmonitor values
// for in one group, in order.
func (s Trends) TrendYears(ctx context.Context, code, group string) ([]int, error) {
	return queryColumn[int](ctx, s.conn, named("TrendYears"), code, group, code, group)
}

// queryColumn returns the one column of every row of q.
func queryColumn[T any](ctx context.Context, s *conn, q string, args ...any) ([]T, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// suppressedCode is the onderdrukt column of the spec: 0 shown, 1 primary,
// 2 secondary suppression.
func suppressedCode(v trend.Row) int {
	switch {
	case v.Secondary && v.Suppressed:
		return 2
	case v.Suppressed:
		return 1
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func joinInts(a []int) string {
	s := make([]string, len(a))
	for i, v := range a {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

func splitInts(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(p); err == nil {
			out = append(out, n)
		}
	}
	return out
}
