-- The learning log (leerlogboek) and the versions of the programme model.
-- Entries are never changed; their links to goals, lines, interventions,
-- indicators, wegingskader rounds and earlier entries are rows of
-- learning_links, by code and without foreign keys: a goal may leave the
-- programme, but what was learned about it stays. search_text holds the
-- entry's words lowercased and without accents, for the search.

CREATE TABLE learning_entries (
    id                {{ID}},
    kind              TEXT NOT NULL,
    entry_date        TEXT NOT NULL,
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    source            TEXT NOT NULL,
    author            TEXT NOT NULL,
    author_name       TEXT NOT NULL,
    changes           TEXT NOT NULL,
    programme_version INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    search_text       TEXT NOT NULL
);
CREATE INDEX learning_entries_date ON learning_entries(entry_date);

CREATE TABLE learning_links (
    entry_id BIGINT NOT NULL REFERENCES learning_entries(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    code     TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (entry_id, kind, code)
);
CREATE INDEX learning_links_target ON learning_links(kind, code);

-- Every change of the programme model stores the whole model after it
-- (a few tens of kilobytes of JSON), with what changed against the version
-- before, who, when and why.
CREATE TABLE programme_versions (
    number      INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    decision_id BIGINT NOT NULL,
    lessons     TEXT NOT NULL,
    changes     TEXT NOT NULL,
    model       TEXT NOT NULL
);
