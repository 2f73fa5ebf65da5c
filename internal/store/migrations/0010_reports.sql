-- The yearly progress report: the team's narrative texts per year and
-- chapter, and the frozen council dossiers. A dossier row is written once
-- and never updated: the store has no statement that changes one. {{BLOB}}
-- is the dialect's binary type (BLOB, BYTEA).

CREATE TABLE report_narratives (
    year       INTEGER NOT NULL,
    chapter    TEXT NOT NULL,
    text       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (year, chapter)
);

CREATE TABLE report_dossiers (
    id               {{ID}},
    year             INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    note             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    html             {{BLOB}} NOT NULL,
    html_sha256      TEXT NOT NULL,
    pdf              {{BLOB}},
    pdf_sha256       TEXT NOT NULL,
    snapshot         {{BLOB}} NOT NULL,
    snapshot_sha256  TEXT NOT NULL,
    open_data        {{BLOB}} NOT NULL,
    open_data_sha256 TEXT NOT NULL,
    UNIQUE (year, version)
);
