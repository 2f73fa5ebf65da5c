-- The procesmonitor: the budget rows learn a code (so that bookings can name
-- an item), the years a source or item runs and its structural amount; the
-- bookings imported from the financial administration, the amounts
-- committed per item and year, and the milestones of the interventions.

ALTER TABLE budget_rows ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_rows ADD COLUMN valid_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_rows ADD COLUMN valid_to INTEGER NOT NULL DEFAULT 0;
ALTER TABLE budget_rows ADD COLUMN structural DOUBLE PRECISION;

-- One row per imported file that added bookings. synthetic marks the demo's
-- made-up history, so that pages can say so.
CREATE TABLE spending_imports (
    id          {{ID}},
    file        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    added       INTEGER NOT NULL,
    known       INTEGER NOT NULL,
    synthetic   INTEGER NOT NULL
);

-- Bookings refer to an item or line by code without a foreign key, like
-- progress: a re-imported programme must not lose its spending. The
-- reference of the financial administration is the key, which makes a
-- second import of the same export change nothing. Amounts are in cents.
CREATE TABLE bookings (
    reference    TEXT PRIMARY KEY,
    booked_on    TEXT NOT NULL,
    year         INTEGER NOT NULL,
    target       TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    description  TEXT NOT NULL,
    import_id    BIGINT NOT NULL REFERENCES spending_imports(id)
);
CREATE INDEX bookings_year ON bookings(year, target, booked_on);

CREATE TABLE commitments (
    target       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL,
    updated_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    PRIMARY KEY (target, year)
);

CREATE TABLE milestones (
    id                {{ID}},
    intervention_code TEXT NOT NULL,
    title             TEXT NOT NULL,
    due_on            TEXT NOT NULL,
    owner             TEXT NOT NULL,
    status            TEXT NOT NULL,
    note              TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    actor             TEXT NOT NULL
);
CREATE INDEX milestones_due ON milestones(due_on);
