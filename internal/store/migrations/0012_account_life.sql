-- The life of an account (issue 12, section 3): accounts can be disabled,
-- carry a one-time password that must be changed, and remember their last
-- login; sessions remember their last request, so that an idle session
-- ends; API tokens expire and remember their last use.
--
-- Tokens made before this migration get an expiry of one year after their
-- creation: the year of the RFC 3339 text is raised by one (a 29 February
-- becomes the 28th). substr, CAST and || mean the same in both dialects.

ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_login_at TEXT;

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;

ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
UPDATE api_tokens SET expires_at = REPLACE(
    CAST(CAST(substr(created_at, 1, 4) AS INTEGER) + 1 AS TEXT) || substr(created_at, 5),
    '-02-29T', '-02-28T');

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
