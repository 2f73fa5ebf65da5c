-- Queries of store.Indicators (indicator.go): the register and imported or typed-in values.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: UpsertIndicator
INSERT INTO indicators (code, position, name, definition, unit, type, kind, level, source, frequency, direction, targets, goals, owner, note, retired, baseline)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (code) DO UPDATE SET position = excluded.position, name = excluded.name, definition = excluded.definition, unit = excluded.unit,
  type = excluded.type, kind = excluded.kind, level = excluded.level, source = excluded.source, frequency = excluded.frequency,
  direction = excluded.direction, targets = excluded.targets, goals = excluded.goals, owner = excluded.owner, note = excluded.note,
  retired = excluded.retired, baseline = excluded.baseline;

-- A new indicator goes after the others.
-- name: InsertIndicator
INSERT INTO indicators (code, position, name, definition, unit, type, kind, level, source, frequency, direction, targets, goals, owner, note, retired, baseline)
  VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM indicators), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateIndicator
UPDATE indicators SET name = ?, definition = ?, unit = ?, type = ?, kind = ?, level = ?, source = ?, frequency = ?,
  direction = ?, targets = ?, goals = ?, owner = ?, note = ?, retired = ?, baseline = ? WHERE code = ?;

-- name: LatestRegisterVersion
SELECT number, indicators FROM indicator_register_versions ORDER BY number DESC LIMIT 1;

-- name: InsertRegisterVersion
INSERT INTO indicator_register_versions (number, created_at, actor, kind, code, reason, changes, indicators) VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: RegisterVersions
SELECT number, created_at, actor, kind, code, reason, changes FROM indicator_register_versions ORDER BY number;

-- name: RegisterVersion
SELECT number, created_at, actor, kind, code, reason, changes, indicators FROM indicator_register_versions WHERE number = ?;

-- name: UpsertArea
INSERT INTO areas (code, position, name, kind, level, valid_from, valid_to, parent, note)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (code) DO UPDATE SET position = excluded.position, name = excluded.name, kind = excluded.kind, level = excluded.level,
  valid_from = excluded.valid_from, valid_to = excluded.valid_to, parent = excluded.parent, note = excluded.note;

-- name: Indicators
SELECT code, name, definition, unit, type, kind, level, source, frequency, direction, targets, goals, owner, note, retired, baseline FROM indicators ORDER BY position, code;

-- name: Areas
SELECT code, name, kind, level, valid_from, valid_to, parent, note FROM areas ORDER BY position, code;

-- The register's areas of a level whose codes lie outside the CBS codes
-- of that level (GM..., WK..., BU...): StoredValues names them beside the
-- range of codes, which alone the index can seek.
-- name: AreasOfLevelOutside
SELECT code FROM areas WHERE level = ? AND NOT (code >= ? AND code < ?) ORDER BY code;

-- name: IndicatorValueCell
SELECT value, suppressed, num, den, margin, source, note FROM indicator_values
  WHERE indicator = ? AND period = ? AND area = ? AND grp = ?;

-- name: UpsertIndicatorValues
INSERT INTO indicator_values (indicator, period, period_key, area, grp, value, suppressed, num, den, margin, source, note, imported_at, actor)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (indicator, grp, period_key, area) DO UPDATE SET period = excluded.period, value = excluded.value,
  suppressed = excluded.suppressed, num = excluded.num, den = excluded.den, margin = excluded.margin, source = excluded.source,
  note = excluded.note, imported_at = excluded.imported_at, actor = excluded.actor;

-- An import first fills a temporary table on its own connection, outside
-- any transaction on the database's tables (SQLite: a temporary table is
-- no part of the database file, so filling it takes no write lock), and
-- then moves the rows in one statement (ImportValues).
-- name: CreateImportValues
CREATE TEMPORARY TABLE IF NOT EXISTS import_indicator_values (
    indicator TEXT NOT NULL, period TEXT NOT NULL, period_key INTEGER NOT NULL, area TEXT NOT NULL, grp TEXT NOT NULL,
    value DOUBLE PRECISION, suppressed INTEGER NOT NULL, num DOUBLE PRECISION, den DOUBLE PRECISION, margin DOUBLE PRECISION,
    source TEXT NOT NULL, note TEXT NOT NULL, imported_at TEXT NOT NULL, actor TEXT NOT NULL);

-- name: ClearImportValues
DELETE FROM import_indicator_values;

-- name: DropImportValues
DROP TABLE IF EXISTS import_indicator_values;

-- name: StageImportValues
INSERT INTO import_indicator_values (indicator, period, period_key, area, grp, value, suppressed, num, den, margin, source, note, imported_at, actor)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT.
-- name: MoveImportValues
INSERT INTO indicator_values (indicator, period, period_key, area, grp, value, suppressed, num, den, margin, source, note, imported_at, actor)
  SELECT indicator, period, period_key, area, grp, value, suppressed, num, den, margin, source, note, imported_at, actor
  FROM import_indicator_values WHERE true ORDER BY indicator, grp, period_key, area
  ON CONFLICT (indicator, grp, period_key, area) DO UPDATE SET period = excluded.period, value = excluded.value,
  suppressed = excluded.suppressed, num = excluded.num, den = excluded.den, margin = excluded.margin, source = excluded.source,
  note = excluded.note, imported_at = excluded.imported_at, actor = excluded.actor;

-- The start of a filtered list: StoredValues (indicator.go) appends one
-- condition per part of the filter that is set, and the order.
-- name: IndicatorValues
SELECT indicator, period, area, grp, value, suppressed, num, den, margin, source, note FROM indicator_values WHERE 1=1;

-- A loose index scan: from one group to the next through the index on
-- (indicator, grp, ...), instead of reading every value of the indicator
-- as DISTINCT would. Both databases run it as written.
-- name: IndicatorValueGroups
WITH RECURSIVE g(grp) AS (
  SELECT MIN(grp) FROM indicator_values WHERE indicator = ?
  UNION ALL
  SELECT (SELECT MIN(grp) FROM indicator_values WHERE indicator = ? AND grp > g.grp) FROM g WHERE g.grp IS NOT NULL
  ) SELECT grp FROM g WHERE grp IS NOT NULL ORDER BY 1;

-- name: IndicatorValuePeriods
WITH RECURSIVE p(k) AS (
  SELECT MIN(period_key) FROM indicator_values WHERE indicator = ? AND grp = ?
  UNION ALL
  SELECT (SELECT MIN(period_key) FROM indicator_values WHERE indicator = ? AND grp = ? AND period_key > p.k) FROM p WHERE p.k IS NOT NULL
  ) SELECT k FROM p WHERE k IS NOT NULL ORDER BY 1;

-- name: DeleteExpiredUploads
DELETE FROM pending_uploads WHERE created_at <= ?;

-- name: InsertUpload
INSERT INTO pending_uploads (key, kind, actor, file_name, content, created_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: TakeUpload
DELETE FROM pending_uploads WHERE key = ? AND kind = ? AND actor = ? AND created_at > ?
  RETURNING file_name, content, created_at;
