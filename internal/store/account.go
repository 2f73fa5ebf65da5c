package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

var _ account.Store = Accounts{}

// CreateUser stores a new account; an e-mail address that exists already is
// a conflict.
func (s Accounts) CreateUser(ctx context.Context, u *account.User, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertUser"),
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
func (s Accounts) UserByEmail(ctx context.Context, email string) (*account.User, error) {
	u, err := scanUser(s.queryRow(ctx, named("UserByEmail"), email))
	if isNoRows(err) {
		return nil, notFound("account", email)
	}
	return u, err
}

// UserByID finds an account by id.
func (s Accounts) UserByID(ctx context.Context, id int64) (*account.User, error) {
	u, err := scanUser(s.queryRow(ctx, named("UserByID"), id))
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "account %d bestaat niet", id)
	}
	return u, err
}

// Users lists all accounts by e-mail address.
func (s Accounts) Users(ctx context.Context) ([]account.User, error) {
	rows, err := s.query(ctx, named("Users"))
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
func (s Accounts) CreateSession(ctx context.Context, se account.Session) error {
	seen := se.LastSeenAt
	if seen.IsZero() {
		seen = se.CreatedAt
	}
	method := se.Method
	if method == "" {
		method = account.MethodPassword
	}
	_, err := s.exec(ctx, nil, named("InsertSession"),
		se.TokenHash, se.UserID, se.CSRF, timeText(se.CreatedAt), timeText(se.ExpiresAt), timeText(seen), method)
	return err
}

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
func (s Accounts) Session(ctx context.Context, hash string) (*account.Session, error) {
	se, err := scanSession(s.queryRow(ctx, named("SessionByHash"), hash))
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "sessie bestaat niet")
	}
	return se, err
}

// DeleteSession ends a session; deleting one that is gone is not an error.
func (s Accounts) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.exec(ctx, nil, named("DeleteSession"), hash)
	return err
}

// CreateToken stores a new API token (its hash only).
func (s Accounts) CreateToken(ctx context.Context, t *account.Token, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		expires := ""
		if !t.ExpiresAt.IsZero() {
			expires = timeText(t.ExpiresAt)
		}
		id, err := s.insertID(ctx, tx, named("InsertAPIToken"),
			t.UserID, t.Name, t.Hash, timeText(t.CreatedAt), expires)
		if err != nil {
			return err
		}
		t.ID = id
		return s.audit(ctx, tx, actor, "aangemaakt", "api-token", t.Name, nil, map[string]any{"id": id, "naam": t.Name, "account": t.UserID, "verloopt": expires})
	})
}

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
func (s Accounts) TokenByHash(ctx context.Context, hash string) (*account.Token, error) {
	t, err := scanToken(s.queryRow(ctx, named("APITokenByHash"), hash))
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "token bestaat niet")
	}
	return t, err
}

// Tokens lists the tokens of an account, newest first.
func (s Accounts) Tokens(ctx context.Context, userID int64) ([]account.Token, error) {
	return s.listTokens(ctx, named("UserAPITokens"), userID)
}

// AllTokens lists every token with its account, newest first.
func (s Accounts) AllTokens(ctx context.Context) ([]account.Token, error) {
	return s.listTokens(ctx, named("APITokens"))
}

// listTokens reads the tokens that where selects, with their owner.
func (s Accounts) listTokens(ctx context.Context, query string, args ...any) ([]account.Token, error) {
	rows, err := s.query(ctx, query, args...)
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
func (s Accounts) RevokeToken(ctx context.Context, userID, tokenID int64, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, named("RevokeAPIToken"),
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
func (s Accounts) Audit(ctx context.Context, ev account.AuditEvent) error {
	_, err := s.exec(ctx, nil, named("InsertAuditEvent"),
		timeText(ev.At), ev.Actor, ev.Action, ev.Entity, ev.Key, ev.Before, ev.After)
	return err
}

// AuditLog returns audit events, newest first.
func (s Accounts) AuditLog(ctx context.Context, limit, offset int) ([]account.AuditEvent, error) {
	rows, err := s.query(ctx, named("AuditLog"), limit, offset)
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
func (s *conn) audit(ctx context.Context, tx *sql.Tx, actor, action, entity, key string, before, after any) error {
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
	_, err = s.exec(ctx, tx, named("InsertAuditEvent"),
		timeText(time.Now()), actor, action, entity, key, b, a)
	return err
}

// SetRole changes the role of an account, audited with the old and new role.
func (s Accounts) SetRole(ctx context.Context, userID int64, role account.Role, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		var old string
		if err := tx.QueryRowContext(ctx, s.d.rebind(named("UserRole")), userID).Scan(&old); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("SetUserRole"), string(role), userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "rol_gewijzigd", "account", email, map[string]any{"rol": old}, map[string]any{"rol": role})
	})
}

// SetDisabled disables or enables an account. Disabling deletes its
// sessions and revokes its tokens in the same transaction, so that no
// request after the commit gets in with them.
func (s Accounts) SetDisabled(ctx context.Context, userID int64, at *time.Time, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		if at == nil {
			if _, err := s.exec(ctx, tx, named("EnableUser"), userID); err != nil {
				return err
			}
			return s.audit(ctx, tx, actor, "ingeschakeld", "account", email, map[string]any{"status": "uitgeschakeld"}, map[string]any{"status": "actief"})
		}
		if _, err := s.exec(ctx, tx, named("DisableUser"), timeText(*at), userID); err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, named("DeleteUserSessions"), userID)
		if err != nil {
			return err
		}
		sessions, _ := res.RowsAffected()
		res, err = s.exec(ctx, tx, named("RevokeUserAPITokens"), timeText(*at), userID)
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
func (s Accounts) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, keepSession, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		must := 0
		if mustChange {
			must = 1
		}
		if _, err := s.exec(ctx, tx, named("SetUserPassword"), hash, must, userID); err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, named("DeleteOtherUserSessions"), userID, keepSession)
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
func (s Accounts) LinkOIDC(ctx context.Context, userID int64, subject, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		_, err = s.exec(ctx, tx, named("LinkOIDC"), subject, userID)
		if isUnique(err) {
			return perspectief.Errorf(perspectief.CodeConflict, "deze identiteit bij de identiteitsprovider hoort al bij een ander account")
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "oidc_gekoppeld", "account", email, nil, map[string]any{"oidc": subject})
	})
}

// SetName changes the display name of an account, audited with the old
// and new name.
func (s Accounts) SetName(ctx context.Context, userID int64, name, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		email, err := s.userEmail(ctx, tx, userID)
		if err != nil {
			return err
		}
		var old string
		if err := tx.QueryRowContext(ctx, s.d.rebind(named("UserName")), userID).Scan(&old); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("SetUserName"), name, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "naam_gewijzigd", "account", email, map[string]any{"naam": old}, map[string]any{"naam": name})
	})
}

// RecordLogin remembers the last successful login of an account.
func (s Accounts) RecordLogin(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.exec(ctx, nil, named("RecordLogin"), timeText(at), userID)
	return err
}

// TouchSession remembers the last request of a session.
func (s Accounts) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := s.exec(ctx, nil, named("TouchSession"), timeText(at), tokenHash)
	return err
}

// TouchToken remembers the last API request with a token.
func (s Accounts) TouchToken(ctx context.Context, tokenID int64, at time.Time) error {
	_, err := s.exec(ctx, nil, named("TouchAPIToken"), timeText(at), tokenID)
	return err
}

// UserSessions lists the sessions of an account, newest first.
func (s Accounts) UserSessions(ctx context.Context, userID int64) ([]account.Session, error) {
	rows, err := s.query(ctx, named("UserSessions"), userID)
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
func (s Accounts) userEmail(ctx context.Context, tx *sql.Tx, userID int64) (string, error) {
	var email string
	err := tx.QueryRowContext(ctx, s.d.rebind(named("UserEmail")), userID).Scan(&email)
	if isNoRows(err) {
		return "", perspectief.Errorf(perspectief.CodeNotFound, "account %d bestaat niet", userID)
	}
	return email, err
}

// Visit records that a user opened page at at and returns the visit
// before, zero for none.
func (s Accounts) Visit(ctx context.Context, userID int64, page string, at time.Time) (time.Time, error) {
	var prev time.Time
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var seen string
		switch err := tx.QueryRowContext(ctx, s.d.rebind(named("PageVisit")), userID, page).Scan(&seen); {
		case isNoRows(err):
		case err != nil:
			return err
		default:
			prev = parseTime(seen)
		}
		_, err := s.exec(ctx, tx, named("RecordPageVisit"), userID, page, timeText(at))
		return err
	})
	return prev, err
}
