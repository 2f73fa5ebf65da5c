-- The indicator register kept by the team (issue 14, section 2): an
-- indicator can be retired (vervallen: its values stay), has a baseline
-- (nulmeting, JSON {"Year":..,"Value":..} or '' for none), and every change
-- leaves a numbered version of the register with who, when and why, as the
-- programme's versions do. The kinds follow annex 1 of the monitoringplan:
-- beleidsindicator or omgevingsindicator; the old prestatie, effect and
-- context are mapped (an "effect" indicator of type input, throughput or
-- output measures the gemeente's own work). indicator.NormalizeKind maps
-- the same way when it reads an old register file or version.

ALTER TABLE indicators ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE indicators ADD COLUMN baseline TEXT NOT NULL DEFAULT '';

UPDATE indicators SET kind = 'beleidsindicator' WHERE kind = 'prestatie'
    OR (kind = 'effect' AND type IN ('input', 'throughput', 'output'));
UPDATE indicators SET kind = 'omgevingsindicator' WHERE kind IN ('effect', 'context');

CREATE TABLE indicator_register_versions (
    number      INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    code        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    changes     TEXT NOT NULL,
    indicators  TEXT NOT NULL
);
