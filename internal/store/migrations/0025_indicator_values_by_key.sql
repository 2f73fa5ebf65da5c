-- An import of 280,000 values held SQLite's one write lock for about two
-- seconds, while a web write waited (issue 17 §3 asks for at most one).
-- Each value went into four B-trees: the table, its primary key and two
-- indexes. Here the table's rows live in its primary key (WITHOUT ROWID
-- on SQLite), ordered as a series is read: indicator, group, period,
-- area. That key also does the work of the index indicator_values_series,
-- so a value goes into two B-trees. period_key identifies a period as
-- period does (indicator.PeriodOfKey), so the key is as unique as before.
CREATE TABLE indicator_values_by_key (
    indicator   TEXT NOT NULL REFERENCES indicators(code),
    period      TEXT NOT NULL,
    period_key  INTEGER NOT NULL,
    area        TEXT NOT NULL,
    grp         TEXT NOT NULL,
    value       DOUBLE PRECISION,
    suppressed  INTEGER NOT NULL,
    num         DOUBLE PRECISION,
    den         DOUBLE PRECISION,
    margin      DOUBLE PRECISION,
    source      TEXT NOT NULL,
    note        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    PRIMARY KEY (indicator, grp, period_key, area)
){{WITHOUT_ROWID}};
INSERT INTO indicator_values_by_key (indicator, period, period_key, area, grp, value, suppressed, num, den, margin, source, note, imported_at, actor)
  SELECT indicator, period, period_key, area, grp, value, suppressed, num, den, margin, source, note, imported_at, actor FROM indicator_values;
DROP TABLE indicator_values;
ALTER TABLE indicator_values_by_key RENAME TO indicator_values;
CREATE INDEX indicator_values_area ON indicator_values(indicator, area, grp, period_key);
