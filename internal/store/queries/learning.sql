-- Queries of store.Learning (learning.go): the learning log.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: SetEntryProgrammeVersion
UPDATE learning_entries SET programme_version = ? WHERE id = ?;

-- name: InsertEntry
INSERT INTO learning_entries (kind, entry_date, title, body, source, author, author_name, changes, programme_version, created_at, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: InsertEntryLink
INSERT INTO learning_links (entry_id, kind, code, position) VALUES (?, ?, ?, ?);

-- The start of a filtered list: Entries (learning.go) appends one
-- condition per part of the filter that is set, the order and the limit.
-- name: Entries
SELECT id, kind, entry_date, title, body, source, author, author_name, changes, programme_version, created_at FROM learning_entries e WHERE 1=1;

-- name: EntryByID
SELECT id, kind, entry_date, title, body, source, author, author_name, changes, programme_version, created_at FROM learning_entries WHERE id = ?;

-- name: EntriesCiting
SELECT id, kind, entry_date, title, body, source, author, author_name, changes, programme_version, created_at FROM learning_entries e WHERE EXISTS (SELECT 1 FROM learning_links l WHERE l.entry_id = e.id AND l.kind = ? AND l.code = ?) ORDER BY entry_date, id;

-- inList widens IN (?) to the ids of the entries read.
-- name: EntryLinks
SELECT entry_id, kind, code FROM learning_links WHERE entry_id IN (?) ORDER BY entry_id, kind, position;
