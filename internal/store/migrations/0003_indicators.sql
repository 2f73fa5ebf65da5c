-- The indicator register and the imported indicator values. Targets and
-- goals are stored as JSON text: they are read and written with their
-- indicator, never queried on their own. Values of the trendmonitor's
-- indicators are not copied here; they are read from trend_values.

CREATE TABLE indicators (
    code        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    unit        TEXT NOT NULL,
    type        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    source      TEXT NOT NULL,
    frequency   TEXT NOT NULL,
    direction   TEXT NOT NULL,
    targets     TEXT NOT NULL,
    goals       TEXT NOT NULL,
    owner       TEXT NOT NULL,
    note        TEXT NOT NULL
);

CREATE TABLE areas (
    code        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    valid_from  INTEGER NOT NULL,
    valid_to    INTEGER NOT NULL,
    parent      TEXT NOT NULL,
    note        TEXT NOT NULL
);

CREATE TABLE indicator_values (
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
    PRIMARY KEY (indicator, period, area, grp)
);
CREATE INDEX indicator_values_series ON indicator_values(indicator, grp, period_key, area);
