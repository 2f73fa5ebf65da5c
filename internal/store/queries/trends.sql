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

-- The same list when the filter names no indicator but a level (the
-- doelenboom's gemeente totals): the primary key starts with indicator and
-- year, so a plain filter on level reads every cell. This walks the few
-- indicators and years by index seeks (ti, ty) and looks up each pair's
-- level. Written as IN lists, not a join: given a join, SQLite builds an
-- automatic index over the whole table instead. TrendValues appends the
-- conditions on t and the order.
-- name: TrendValuesByKey
WITH RECURSIVE
  ti(v) AS (SELECT min(indicator) FROM trend_values
            UNION ALL SELECT (SELECT min(indicator) FROM trend_values WHERE indicator > ti.v) FROM ti WHERE ti.v IS NOT NULL),
  ty(v) AS (SELECT min(year) FROM trend_values
            UNION ALL SELECT (SELECT min(year) FROM trend_values WHERE year > ty.v) FROM ty WHERE ty.v IS NOT NULL)
SELECT t.indicator, t.year, t.level, t.area, t.grp, t.num, t.den, t.suppressed
  FROM trend_values t WHERE t.indicator IN (SELECT v FROM ti) AND t.year IN (SELECT v FROM ty);

-- name: TrendGroups
-- One index seek per distinct group (index trend_values_groups) instead of
-- a scan of every cell of the indicator.
WITH RECURSIVE g(grp) AS (
    SELECT min(grp) FROM trend_values WHERE indicator = ?
    UNION ALL
    SELECT (SELECT min(t.grp) FROM trend_values t WHERE t.indicator = ? AND t.grp > g.grp) FROM g WHERE g.grp IS NOT NULL
)
SELECT grp FROM g WHERE grp IS NOT NULL ORDER BY grp;

-- name: TrendYears
-- One index seek per distinct year, as TrendGroups.
WITH RECURSIVE y(year) AS (
    SELECT min(year) FROM trend_values WHERE indicator = ? AND grp = ?
    UNION ALL
    SELECT (SELECT min(t.year) FROM trend_values t WHERE t.indicator = ? AND t.grp = ? AND t.year > y.year) FROM y WHERE y.year IS NOT NULL
)
SELECT year FROM y WHERE year IS NOT NULL ORDER BY year;
