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
		id, err := s.insertID(ctx, tx, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			u.Email, u.Name, string(u.Role), u.PasswordHash, timeText(u.CreatedAt))
		if isUnique(err) {
			return perspectief.Errorf(perspectief.CodeConflict, "er bestaat al een account met e-mailadres %q", u.Email)
		}
		if err != nil {
			return err
		}
		u.ID = id
		after := map[string]any{"email": u.Email, "naam": u.Name, "rol": u.Role}
		return s.audit(ctx, tx, actor, "aangemaakt", "account", u.Email, nil, after)
	})
}

const userCols = `id, email, name, role, password_hash, created_at`

func scanUser(row interface{ Scan(...any) error }) (*account.User, error) {
	var u account.User
	var role, created string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &created); err != nil {
		return nil, err
	}
	u.Role = account.Role(role)
	u.CreatedAt = parseTime(created)
	return &u, nil
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
	_, err := s.exec(ctx, nil, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		se.TokenHash, se.UserID, se.CSRF, timeText(se.CreatedAt), timeText(se.ExpiresAt))
	return err
}

// Session finds a session by the hash of its cookie value.
func (s *DB) Session(ctx context.Context, hash string) (*account.Session, error) {
	var se account.Session
	var created, expires string
	err := s.queryRow(ctx, `SELECT token_hash, user_id, csrf, created_at, expires_at FROM sessions WHERE token_hash = ?`, hash).
		Scan(&se.TokenHash, &se.UserID, &se.CSRF, &created, &expires)
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "sessie bestaat niet")
	}
	if err != nil {
		return nil, err
	}
	se.CreatedAt, se.ExpiresAt = parseTime(created), parseTime(expires)
	return &se, nil
}

// DeleteSession ends a session; deleting one that is gone is not an error.
func (s *DB) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.exec(ctx, nil, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

// CreateToken stores a new API token (its hash only).
func (s *DB) CreateToken(ctx context.Context, t *account.Token, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			t.UserID, t.Name, t.Hash, timeText(t.CreatedAt))
		if err != nil {
			return err
		}
		t.ID = id
		return s.audit(ctx, tx, actor, "aangemaakt", "api-token", t.Name, nil, map[string]any{"id": id, "naam": t.Name, "account": t.UserID})
	})
}

const tokenCols = `id, user_id, name, token_hash, created_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (*account.Token, error) {
	var t account.Token
	var created string
	var revoked sql.NullString
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt = parseTime(created)
	if revoked.Valid {
		r := parseTime(revoked.String)
		t.RevokedAt = &r
	}
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
	rows, err := s.query(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
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
