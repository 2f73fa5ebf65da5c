-- Issue 14, sections 3 and 4. ledger_codes maps the codes of the financial
-- administration (kostenplaats, grootboekrekening, or both as "KP/GB"; kept
-- upper case) to an item or line of the budget and, where known, an
-- intervention; like bookings, it refers to the programme by code without a
-- foreign key. A booking remembers the code it was read with and the
-- intervention the mapping named.
-- tertial_reports holds the frozen tertial reports for the regiegroep, like
-- report_dossiers: numbered versions per tertial, never updated.

CREATE TABLE ledger_codes (
    code         TEXT PRIMARY KEY,
    target       TEXT NOT NULL,
    intervention TEXT NOT NULL,
    note         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    actor        TEXT NOT NULL
);

ALTER TABLE bookings ADD COLUMN ledger_code TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN intervention TEXT NOT NULL DEFAULT '';

CREATE TABLE tertial_reports (
    id              {{ID}},
    period          TEXT NOT NULL, -- 2025-T2
    version         INTEGER NOT NULL,
    note            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    html            {{BLOB}} NOT NULL,
    html_sha256     TEXT NOT NULL,
    pdf             {{BLOB}},
    pdf_sha256      TEXT NOT NULL,
    snapshot        {{BLOB}} NOT NULL,
    snapshot_sha256 TEXT NOT NULL,
    UNIQUE (period, version)
);
