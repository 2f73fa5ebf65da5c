-- Area outlines imported from a GeoJSON file (CBS wijken or buurten), which
-- the maps draw instead of the shipped wijken. The rings are stored as JSON
-- text: they are only ever read whole, per level and gemeente.

CREATE TABLE area_shapes (
    code        TEXT PRIMARY KEY,
    level       TEXT NOT NULL,
    gemeente    TEXT NOT NULL,
    name        TEXT NOT NULL,
    rings       TEXT NOT NULL,
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    actor       TEXT NOT NULL
);
CREATE INDEX area_shapes_level ON area_shapes(level, gemeente, code);

-- An indicator page reads one area's series and one period's areas; this
-- index serves the first as a range (the series index serves the second).
CREATE INDEX indicator_values_area ON indicator_values(indicator, grp, area, period_key);
