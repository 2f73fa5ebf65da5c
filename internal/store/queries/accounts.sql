-- Queries of store.Accounts (account.go): users, sessions, API tokens, the audit log.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: InsertUser
INSERT INTO users (email, name, role, password_hash, created_at, oidc_subject) VALUES (?, ?, ?, ?, ?, ?);

-- name: UserByEmail
SELECT id, email, name, role, password_hash, created_at, disabled_at, must_change_password, last_login_at, oidc_subject FROM users WHERE email = ?;

-- name: UserByID
SELECT id, email, name, role, password_hash, created_at, disabled_at, must_change_password, last_login_at, oidc_subject FROM users WHERE id = ?;

-- name: Users
SELECT id, email, name, role, password_hash, created_at, disabled_at, must_change_password, last_login_at, oidc_subject FROM users ORDER BY email;

-- name: InsertSession
INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at, method) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: SessionByHash
SELECT token_hash, user_id, csrf, created_at, expires_at, last_seen_at, method FROM sessions WHERE token_hash = ?;

-- name: DeleteSession
DELETE FROM sessions WHERE token_hash = ?;

-- name: InsertAPIToken
INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?);

-- name: APITokenByHash
SELECT id, user_id, name, token_hash, created_at, revoked_at, expires_at, last_used_at FROM api_tokens WHERE token_hash = ?;

-- name: RevokeAPIToken
UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL;

-- name: InsertAuditEvent
INSERT INTO audit_log (at, actor, action, entity, entity_key, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: AuditLog
SELECT id, at, actor, action, entity, entity_key, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?;

-- name: UserRole
SELECT role FROM users WHERE id = ?;

-- name: SetUserRole
UPDATE users SET role = ? WHERE id = ?;

-- name: SetUserName
UPDATE users SET name = ? WHERE id = ?;

-- name: UserName
SELECT name FROM users WHERE id = ?;

-- name: EnableUser
UPDATE users SET disabled_at = NULL WHERE id = ?;

-- name: DisableUser
UPDATE users SET disabled_at = ? WHERE id = ?;

-- name: DeleteUserSessions
DELETE FROM sessions WHERE user_id = ?;

-- name: RevokeUserAPITokens
UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL;

-- name: SetUserPassword
UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?;

-- name: DeleteOtherUserSessions
DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?;

-- name: RecordLogin
UPDATE users SET last_login_at = ? WHERE id = ?;

-- name: TouchSession
UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?;

-- name: TouchAPIToken
UPDATE api_tokens SET last_used_at = ? WHERE id = ?;

-- name: UserSessions
SELECT token_hash, user_id, csrf, created_at, expires_at, last_seen_at, method FROM sessions WHERE user_id = ? ORDER BY created_at DESC;

-- name: UserEmail
SELECT email FROM users WHERE id = ?;

-- name: APITokens
SELECT t.id, t.user_id, t.name, t.token_hash, t.created_at, t.revoked_at, t.expires_at, t.last_used_at, u.email, u.name
  FROM api_tokens t JOIN users u ON u.id = t.user_id
  ORDER BY t.id DESC;

-- name: UserAPITokens
SELECT t.id, t.user_id, t.name, t.token_hash, t.created_at, t.revoked_at, t.expires_at, t.last_used_at, u.email, u.name
  FROM api_tokens t JOIN users u ON u.id = t.user_id
  WHERE t.user_id = ?
  ORDER BY t.id DESC;

-- name: LinkOIDC
UPDATE users SET oidc_subject = ? WHERE id = ?;

-- name: PageVisit
SELECT seen_at FROM page_visits WHERE user_id = ? AND page = ?;

-- name: RecordPageVisit
INSERT INTO page_visits (user_id, page, seen_at) VALUES (?, ?, ?)
    ON CONFLICT (user_id, page) DO UPDATE SET seen_at = excluded.seen_at;
