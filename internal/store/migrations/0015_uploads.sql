-- Files uploaded through the web pages wait here between their preview and
-- the user's confirmation, so that any instance of the server can take the
-- confirmation. key is the SHA-256 of the one-time token the confirm button
-- carries; a row is deleted when it is confirmed or an hour old.
-- created_at is in Unix milliseconds.
CREATE TABLE pending_uploads (
    key        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    content    {{BLOB}} NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX pending_uploads_created_at ON pending_uploads(created_at);
