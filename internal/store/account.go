package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

var _ account.Store = (*DB)(nil)

// CreateUser stores a new account; an e-mail address that exists already is
// a conflict.
func (s *DB) CreateUser(ctx context.Context, u *account.User, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, `INSERT INTO users (email, name, role, password_hash, created_at, oidc_subject) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Email, u.Name, string(u.Role), u.PasswordHash, timeText(u.CreatedAt), nullString(u.OIDCSubject))
		if isUnique(err) {
			return perspectief.Errorf(perspectief.CodeConflict, "er bestaat al een account met e-mailadres %q", u.Email)
		}
		if err != nil {
			return err
		}
		u.ID = id
		after := map[string]any{"email": u.Email, "naam": u.Name, "rol": u.Role}
		if u.OIDCSubject != "" {
			after["oidc"] = u.OIDCSubject
		}
		return s.audit(ctx, tx, actor, "aangemaakt", "account", u.Email, nil, after)
	})
}

const userCols = `id, email, name, role, password_hash, created_at, disabled_at, must_change_password, last_login_at, oidc_subject`

func scanUser(row interface{ Scan(...any) error }) (*account.User, error) {
	var u account.User
	var role, created string
	var disabled, lastLogin, subject sql.NullString
	var must int
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &created, &disabled, &must, &lastLogin, &subject); err != nil {
		return nil, err
	}
	u.OIDCSubject = subject.String
	u.Role = account.Role(role)
	u.CreatedAt = parseTime(created)
	u.DisabledAt = optTime(disabled)
	u.MustChangePassword = must != 0
	u.LastLoginAt = optTime(lastLogin)
	return &u, nil
}

func optTime(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

// UserByEmail finds an account by its (lower-case) e-mail address.
func (s *DB) UserByEmail(ctx context.Context, email string) (*account.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE email = ?`, email))
	if isNoRows(err) {
		return nil, notFound("account", email)
	}
	return u, err
}

// UserByID finds an account by id.
func (s *DB) UserByID(ctx context.Context, id int64) (*account.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "account %d bestaat niet", id)
	}
	return u, err
}

// Users lists all accounts by e-mail address.
func (s *DB) Users(ctx context.Context) ([]account.User, error) {
	rows, err := s.query(ctx, `SELECT `+userCols+` FROM users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// CreateSession stores a login session.
func (s *DB) CreateSession(ctx context.Context, se account.Session) error {
	seen := se.LastSeenAt
	if seen.IsZero() {
		seen = se.CreatedAt
	}
	method := se.Method
	if method == "" {
		method = account.MethodPassword
	}
	_, err := s.exec(ctx, nil, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at, method) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		se.TokenHash, se.UserID, se.CSRF, timeText(se.CreatedAt), timeText(se.ExpiresAt), timeText(seen), method)
	return err
}

const sessionCols = `token_hash, user_id, csrf, created_at, expires_at, last_seen_at, method`

func scanSession(row interface{ Scan(...any) error }) (*account.Session, error) {
	var se account.Session
	var created, expires, seen string
	if err := row.Scan(&se.TokenHash, &se.UserID, &se.CSRF, &created, &expires, &seen, &se.Method); err != nil {
		return nil, err
	}
	se.CreatedAt, se.ExpiresAt, se.LastSeenAt = parseTime(created), parseTime(expires), parseTime(seen)
	return &se, nil
}

// Session finds a session by the hash of its cookie value.
func (s *DB) Session(ctx context.Context, hash string) (*account.Session, error) {
	se, err := scanSession(s.queryRow(ctx, `SELECT `+sessionCols+` FROM sessions WHERE token_hash = ?`, hash))
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "sessie bestaat niet")
	}
	return se, err
}

// DeleteSession ends a session; deleting one that is gone is not an error.
func (s *DB) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.exec(ctx, nil, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

// CreateToken stores a new API token (its hash only).
func (s *DB) CreateToken(ctx context.Context, t *account.Token, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		expires := ""
		if !t.ExpiresAt.IsZero() {
			expires = timeText(t.ExpiresAt)
		}
		id, err := s.insertID(ctx, tx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			t.UserID, t.Name, t.Hash, timeText(t.CreatedAt), expires)
		if err != nil {
			return err
		}
		t.ID = id
		return s.audit(ctx, tx, actor, "aangemaakt", "api-token", t.Name, nil, map[string]any{"id": id, "naam": t.Name, "account": t.UserID, "verloopt": expires})
	})
}

const tokenCols = `id, user_id, name, token_hash, created_at, revoked_at, expires_at, last_used_at`

func scanToken(row interface{ Scan(...any) error }, extra ...any) (*account.Token, error) {
	var t account.Token
	var created, expires string
	var revoked, used sql.NullString
	if err := row.Scan(append([]any{&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &revoked, &expires, &used}, extra...)...); err != nil {
		return nil, err
	}
	t.CreatedAt = parseTime(created)
	t.RevokedAt = optTime(revoked)
	if expires != "" {
		t.ExpiresAt = parseTime(expires)
	}
	t.LastUsedAt = optTime(used)
	return &t, nil
}

// TokenByHash finds a token by its hash.
func (s *DB) TokenByHash(ctx context.Context, hash string) (*account.Token, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ?`, hash))
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "token bestaat niet")
	}
	return t, err
}

// Tokens lists the tokens of an account, newest first.
func (s *DB) Tokens(ctx context.Context, userID int64) ([]account.Token, error) {
	return s.listTokens(ctx, `WHERE t.user_id = ?`, userID)
}

// AllTokens lists every token with its account, newest first.
func (s *DB) AllTokens(ctx context.Context) ([]account.Token, error) {
	return s.listTokens(ctx, ``)
}

// listTokens reads the tokens that where selects, with their owner.
func (s *DB) listTokens(ctx context.Context, where string, args ...any) ([]account.Token, error) {
	rows, err := s.query(ctx, `SELECT t.id, t.user_id, t.name, t.token_hash, t.created_at, t.revoked_at, t.expires_at, t.last_used_at, u.email, u.name
		FROM api_tokens t JOIN users u ON u.id = t.user_id `+where+` ORDER BY t.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Token
	for rows.Next() {
		var email, name string
		t, err := scanToken(rows, &email, &name)
		if err != nil {
			return nil, err
		}
		t.OwnerEmail, t.OwnerName = email, name
		out = append(out, *t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token of the given account.
func (s *DB) RevokeToken(ctx context.Context, userID, tokenID int64, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
			timeText(time.Now()), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return perspectief.Errorf(perspectief.CodeNotFound, "token %d bestaat niet of is al ingetrokken", tokenID)
		}
		return s.audit(ctx, tx, actor, "ingetrokken", "api-token", itoa(tokenID), nil, nil)
	})
}

// Audit writes an event that is not part of a data change (a login, say).
func (s *DB) Audit(ctx context.Context, ev account.AuditEvent) error {
	_, err := s.exec(ctx, nil, `INSERT INTO audit_log (at, actor, action, entity, entity_key, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		timeText(ev.At), ev.Actor, ev.Action, ev.Entity, ev.Key, ev.Before, ev.After)
	return err
}

// AuditLog returns audit events, newest first.
func (s *DB) AuditLog(ctx context.Context, limit, offset int) ([]account.AuditEvent, error) {
	rows, err := s.query(ctx, `SELECT id, at, actor, action, entity, entity_key, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.AuditEvent
	for rows.Next() {
		var ev account.AuditEvent
		var at string
		if err := rows.Scan(&ev.ID, &at, &ev.Actor, &ev.Action, &ev.Entity, &ev.Key, &ev.Before, &ev.After); err != nil {
			return nil, err
		}
		ev.At = parseTime(at)
		out = append(out, ev)
	}
	return out, rows.Err()
}

// audit writes an audit event inside the transaction of the change it
// describes, so that a change and its record stand or fall together.
func (s *DB) audit(ctx context.Context, tx *sql.Tx, actor, action, entity, key string, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, tx, `INSERT INTO audit_log (at, actor, action, entity, entity_key, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		timeText(time.Now()), actor, action, entity, key, b, a)
	return err
}

// SetRole changes the role of an account, audited with the old and new role.
func (s *DB) SetRole(ctx context.Context, userID int64, role account.Role, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		var old string
		if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT role FROM users WHERE id = ?`), userID).Scan(&old); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `UPDATE users SET role = ? WHERE id = ?`, string(role), userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "rol_gewijzigd", "account", email, map[string]any{"rol": old}, map[string]any{"rol": role})
	})
}

// SetDisabled disables or enables an account. Disabling deletes its
// sessions and revokes its tokens in the same transaction, so that no
// request after the commit gets in with them.
func (s *DB) SetDisabled(ctx context.Context, userID int64, at *time.Time, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		if at == nil {
			if _, err := s.exec(ctx, tx, `UPDATE users SET disabled_at = NULL WHERE id = ?`, userID); err != nil {
				return err
			}
			return s.audit(ctx, tx, actor, "ingeschakeld", "account", email, map[string]any{"status": "uitgeschakeld"}, map[string]any{"status": "actief"})
		}
		if _, err := s.exec(ctx, tx, `UPDATE users SET disabled_at = ? WHERE id = ?`, timeText(*at), userID); err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		if err != nil {
			return err
		}
		sessions, _ := res.RowsAffected()
		res, err = s.exec(ctx, tx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, timeText(*at), userID)
		if err != nil {
			return err
		}
		tokens, _ := res.RowsAffected()
		return s.audit(ctx, tx, actor, "uitgeschakeld", "account", email, map[string]any{"status": "actief"},
			map[string]any{"status": "uitgeschakeld", "sessies_beeindigd": sessions, "tokens_ingetrokken": tokens})
	})
}

// SetPassword stores a new password hash and ends the account's other
// sessions. The audit row says whose password changed and whether it is a
// one-time password, never the hash.
func (s *DB) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, keepSession, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		must := 0
		if mustChange {
			must = 1
		}
		if _, err := s.exec(ctx, tx, `UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?`, hash, must, userID); err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepSession)
		if err != nil {
			return err
		}
		ended, _ := res.RowsAffected()
		action := "wachtwoord_gewijzigd"
		if mustChange {
			action = "eenmalig_wachtwoord_gezet"
		}
		return s.audit(ctx, tx, actor, action, "account", email, nil, map[string]any{"sessies_beeindigd": ended})
	})
}

// LinkOIDC links an account to its identity at the OpenID provider
// (ISSUER SUBJECT), audited; an identity linked to another account already
// is a conflict.
func (s *DB) LinkOIDC(ctx context.Context, userID int64, subject, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		_, err = s.exec(ctx, tx, `UPDATE users SET oidc_subject = ? WHERE id = ?`, subject, userID)
		if isUnique(err) {
			return perspectief.Errorf(perspectief.CodeConflict, "deze identiteit bij de identiteitsprovider hoort al bij een ander account")
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "oidc_gekoppeld", "account", email, nil, map[string]any{"oidc": subject})
	})
}

// RecordLogin remembers the last successful login of an account.
func (s *DB) RecordLogin(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.exec(ctx, nil, `UPDATE users SET last_login_at = ? WHERE id = ?`, timeText(at), userID)
	return err
}

// TouchSession remembers the last request of a session.
func (s *DB) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := s.exec(ctx, nil, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, timeText(at), tokenHash)
	return err
}

// TouchToken remembers the last API request with a token.
func (s *DB) TouchToken(ctx context.Context, tokenID int64, at time.Time) error {
	_, err := s.exec(ctx, nil, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, timeText(at), tokenID)
	return err
}

// UserSessions lists the sessions of an account, newest first.
func (s *DB) UserSessions(ctx context.Context, userID int64) ([]account.Session, error) {
	rows, err := s.query(ctx, `SELECT `+sessionCols+` FROM sessions WHERE user_id = ? ORDER BY created_at DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Session
	for rows.Next() {
		se, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *se)
	}
	return out, rows.Err()
}

// userEmail is the address of an account, inside a transaction that changes
// it; an unknown id is not found.
func (s *DB) userEmail(ctx context.Context, tx *sql.Tx, userID int64) (string, error) {
	var email string
	err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT email FROM users WHERE id = ?`), userID).Scan(&email)
	if isNoRows(err) {
		return "", perspectief.Errorf(perspectief.CodeNotFound, "account %d bestaat niet", userID)
	}
	return email, err
}
