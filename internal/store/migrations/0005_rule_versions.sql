-- Versions of the voorzieningenwijzer's scheme files (regelingen). Every
-- version stays: results name the version that decided them, and a
-- beheerder can look back at what the rules said. The file is stored as it
-- was loaded; the other columns repeat what is in it, for listing.

CREATE TABLE rule_versions (
    id         {{ID}},
    code       TEXT NOT NULL,
    version    TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    content    TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL,
    origin     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    loaded_at  TEXT NOT NULL,
    UNIQUE (code, version)
);
