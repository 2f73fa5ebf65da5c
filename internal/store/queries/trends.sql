-- Queries of store.Trends (trend.go): trendmonitor runs and their cells.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: InsertTrendRun
INSERT INTO trend_runs (kind, source, source_sha256, norms, min_cell, years, gemeenten, row_count, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: DeleteTrendValues
DELETE FROM trend_values WHERE year = ? AND gemeente = ?;

-- name: InsertTrendValues
INSERT INTO trend_values (indicator, year, level, area, grp, gemeente, num, den, suppressed, run_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: TrendRuns
SELECT id, kind, source, source_sha256, norms, min_cell, years, gemeenten, row_count, actor, created_at FROM trend_runs ORDER BY id DESC;

-- The start of a filtered list: TrendValues (trend.go) appends one
-- condition per part of the filter that is set, and the order.
-- name: TrendValues
SELECT indicator, year, level, area, grp, num, den, suppressed FROM trend_values WHERE 1=1;

-- name: TrendGroups
SELECT DISTINCT grp FROM trend_values WHERE indicator = ? ORDER BY grp;

-- name: TrendYears
SELECT DISTINCT year FROM trend_values WHERE indicator = ? AND grp = ? ORDER BY year;
