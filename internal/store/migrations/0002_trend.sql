-- Stored trendmonitor results: the indicator table of the trendmonitor spec,
-- one row per indicator x year x area x group, each tied to the run that made
-- it. The primary key makes "one current value per cell" a fact of the
-- schema; a new run replaces the cells of its years and gemeenten.

CREATE TABLE trend_runs (
    id            {{ID}},
    kind          TEXT NOT NULL,
    source        TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    norms         TEXT NOT NULL,
    min_cell      INTEGER NOT NULL,
    years         TEXT NOT NULL,
    gemeenten     TEXT NOT NULL,
    row_count     INTEGER NOT NULL,
    actor         TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE trend_values (
    indicator  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    level      TEXT NOT NULL,
    area       TEXT NOT NULL,
    grp        TEXT NOT NULL,
    gemeente   TEXT NOT NULL,
    num        BIGINT,
    den        BIGINT,
    suppressed INTEGER NOT NULL,
    run_id     BIGINT NOT NULL REFERENCES trend_runs(id),
    PRIMARY KEY (indicator, year, level, area, grp)
);
CREATE INDEX trend_values_scope ON trend_values(year, gemeente);
CREATE INDEX trend_values_area ON trend_values(area, indicator);
