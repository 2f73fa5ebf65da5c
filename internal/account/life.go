package account

import (
	"context"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
)

// LifeStore is what the life of an account needs from storage: roles,
// disabling, passwords, and the last use of sessions and tokens. Every
// change is audited in the same transaction.
type LifeStore interface {
	// SetRole changes the role of an account.
	SetRole(ctx context.Context, userID int64, role Role, actor string) error
	// SetDisabled disables (at != nil) or enables (at == nil) an account.
	// Disabling deletes every session of the account and revokes every
	// token it has, in the same transaction.
	SetDisabled(ctx context.Context, userID int64, at *time.Time, actor string) error
	// SetPassword stores a new password hash and the one-time flag, and
	// deletes every session of the account except keepSession (a session
	// hash, or "" for none).
	SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, keepSession, actor string) error
	// RecordLogin remembers the time of a successful login.
	RecordLogin(ctx context.Context, userID int64, at time.Time) error
	// TouchSession and TouchToken remember the last use.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	TouchToken(ctx context.Context, tokenID int64, at time.Time) error
	// UserSessions lists the sessions of an account, newest first.
	UserSessions(ctx context.Context, userID int64) ([]Session, error)
	// AllTokens lists every token of every account, newest first, with
	// OwnerEmail and OwnerName filled in.
	AllTokens(ctx context.Context) ([]Token, error)
}

// Lifetimes bounds sessions and tokens.
type Lifetimes struct {
	Idle       time.Duration // a session ends after this long without a request
	MaxSession time.Duration // and after this long however active it is
	Token      time.Duration // default validity of a new API token
}

// DefaultLifetimes are 30 minutes idle, 12 hours at most, tokens one year.
func DefaultLifetimes() Lifetimes {
	return Lifetimes{Idle: 30 * time.Minute, MaxSession: SessionTTL, Token: 365 * 24 * time.Hour}
}

// MaxTokenLifetime is the longest validity a token can be given.
const MaxTokenLifetime = 2 * 366 * 24 * time.Hour

// touchEvery is how stale the remembered last use of a session or token
// may get before a request writes it again: a write per minute, not per
// request.
const touchEvery = time.Minute

// Validate checks the lifetimes set by an operator.
func (l Lifetimes) Validate() error {
	switch {
	case l.Idle < time.Minute || l.Idle > 24*time.Hour:
		return perspectief.Errorf(perspectief.CodeInvalid, "de inactiviteitstijd van een sessie moet tussen 1 minuut en 24 uur liggen, niet %s", l.Idle)
	case l.MaxSession < l.Idle || l.MaxSession > 7*24*time.Hour:
		return perspectief.Errorf(perspectief.CodeInvalid, "de maximale duur van een sessie moet tussen de inactiviteitstijd (%s) en 7 dagen liggen, niet %s", l.Idle, l.MaxSession)
	case l.Token < 24*time.Hour || l.Token > MaxTokenLifetime:
		return perspectief.Errorf(perspectief.CodeInvalid, "de geldigheid van een API-token moet tussen 1 dag en 2 jaar liggen, niet %s", l.Token)
	}
	return nil
}

func (s *Service) life() Lifetimes {
	if s.Life == (Lifetimes{}) {
		return DefaultLifetimes()
	}
	return s.Life
}

// sessionOver reports whether a session has ended at now: past its stored
// end, past the absolute maximum counted from its start, or idle too long.
func (l Lifetimes) sessionOver(se Session, now time.Time) bool {
	return !now.Before(se.ExpiresAt) ||
		!now.Before(se.CreatedAt.Add(l.MaxSession)) ||
		!now.Before(se.LastSeenAt.Add(l.Idle))
}

// SessionActive reports whether a session is still open at the service's
// present time (for lists of sessions).
func (s *Service) SessionActive(se Session) bool { return !s.life().sessionOver(se, s.Now().UTC()) }

// IdleTimeout is how long a session may go without a request.
func (s *Service) IdleTimeout() time.Duration { return s.life().Idle }

// newHash hashes a password that is being set by a beheerder or its owner.
// Every new password passes here, so that the password policy (issue 12
// section 2, kept with the login work) is applied in one place; email is
// for that policy, which refuses a password that repeats the address.
func (s *Service) newHash(pw, email string) (string, error) {
	if err := CheckPassword(pw, email); err != nil {
		return "", err
	}
	return HashPassword(pw)
}

// User returns one account for a beheerder.
func (s *Service) User(ctx context.Context, admin User, id int64) (*User, error) {
	if err := Require(admin.CanAdminister(), "de accounts bekijkt"); err != nil {
		return nil, err
	}
	return s.Store.UserByID(ctx, id)
}

// UserByEmail returns one account for a beheerder.
func (s *Service) UserByEmail(ctx context.Context, admin User, email string) (*User, error) {
	if err := Require(admin.CanAdminister(), "de accounts bekijkt"); err != nil {
		return nil, err
	}
	u, err := s.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if NotFound(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "er is geen account met e-mailadres %q", email)
	}
	return u, err
}

// lastAdmin reports whether target is the only active beheerder, whom
// nobody may demote or disable: that would leave nobody to manage accounts
// (except the operator with the database).
func (s *Service) lastAdmin(ctx context.Context, target User) (bool, error) {
	if target.Role != RoleAdmin || target.Disabled() {
		return false, nil
	}
	us, err := s.Store.Users(ctx)
	if err != nil {
		return false, err
	}
	for _, u := range us {
		if u.ID != target.ID && u.Role == RoleAdmin && !u.Disabled() {
			return false, nil
		}
	}
	return true, nil
}

// SetRole gives an account another role.
func (s *Service) SetRole(ctx context.Context, admin User, id int64, role Role) error {
	target, err := s.User(ctx, admin, id)
	if err != nil {
		return err
	}
	if !role.Valid() {
		return perspectief.Errorf(perspectief.CodeInvalid, "rol %q bestaat niet; kies uit beheerder, programmateam, projectleider, ervaringsdeskundige, lezer", role)
	}
	if role == target.Role {
		return nil
	}
	if last, err := s.lastAdmin(ctx, *target); err != nil {
		return err
	} else if last {
		return perspectief.Errorf(perspectief.CodeInvalid, "%s is de enige actieve beheerder; maak eerst een ander account beheerder", target.Email)
	}
	return s.Store.SetRole(ctx, id, role, admin.Email)
}

// Disable ends an account's access at once: its sessions end and its
// tokens are revoked. A beheerder cannot disable their own account or the
// last active beheerder.
func (s *Service) Disable(ctx context.Context, admin User, id int64) error {
	target, err := s.User(ctx, admin, id)
	if err != nil {
		return err
	}
	if target.Disabled() {
		return nil
	}
	if target.ID == admin.ID {
		return perspectief.Errorf(perspectief.CodeInvalid, "u kunt uw eigen account niet uitschakelen")
	}
	if last, err := s.lastAdmin(ctx, *target); err != nil {
		return err
	} else if last {
		return perspectief.Errorf(perspectief.CodeInvalid, "%s is de enige actieve beheerder en kan niet worden uitgeschakeld", target.Email)
	}
	now := s.Now().UTC()
	return s.Store.SetDisabled(ctx, id, &now, admin.Email)
}

// Enable lets a disabled account log in again; its old tokens stay revoked.
func (s *Service) Enable(ctx context.Context, admin User, id int64) error {
	target, err := s.User(ctx, admin, id)
	if err != nil {
		return err
	}
	if !target.Disabled() {
		return nil
	}
	return s.Store.SetDisabled(ctx, id, nil, admin.Email)
}

// SetOneTimePassword gives an account a password that must be changed at
// the next login; every session of the account ends.
func (s *Service) SetOneTimePassword(ctx context.Context, admin User, id int64, pw string) error {
	if s.PasswordsOff {
		return ErrPasswordsOff
	}
	target, err := s.User(ctx, admin, id)
	if err != nil {
		return err
	}
	hash, err := s.newHash(pw, target.Email)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, id, hash, true, "", admin.Email)
}

// ChangePassword changes u's own password. The current password is
// required; every other session of u ends, the one given (the session
// hash of the request) stays.
func (s *Service) ChangePassword(ctx context.Context, u User, keepSession, current, next string) error {
	if s.PasswordsOff {
		return ErrPasswordsOff
	}
	fresh, err := s.Store.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	ok, err := s.hasher().Verify(ctx, fresh.PasswordHash, current)
	if err != nil {
		return &TooMany{Err: ErrBusy, Wait: s.hasher().Wait}
	}
	if !ok {
		return perspectief.Errorf(perspectief.CodeInvalid, "het huidige wachtwoord klopt niet")
	}
	if next == current {
		return perspectief.Errorf(perspectief.CodeInvalid, "kies een ander wachtwoord dan het huidige")
	}
	hash, err := s.newHash(next, fresh.Email)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, u.ID, hash, false, keepSession, u.Email)
}

// Sessions lists u's own sessions that are still open.
func (s *Service) Sessions(ctx context.Context, u User) ([]Session, error) {
	all, err := s.Store.UserSessions(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []Session
	for _, se := range all {
		if s.SessionActive(se) {
			out = append(out, se)
		}
	}
	return out, nil
}

// AllTokens lists every API token of every account; only a beheerder may.
func (s *Service) AllTokens(ctx context.Context, admin User) ([]Token, error) {
	if err := Require(admin.CanAdminister(), "alle API-tokens bekijkt"); err != nil {
		return nil, err
	}
	return s.Store.AllTokens(ctx)
}

// RevokeAnyToken revokes the token of any account; only a beheerder may.
func (s *Service) RevokeAnyToken(ctx context.Context, admin User, tokenID int64) error {
	ts, err := s.AllTokens(ctx, admin)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.ID == tokenID {
			return s.Store.RevokeToken(ctx, t.UserID, t.ID, admin.Email)
		}
	}
	return perspectief.Errorf(perspectief.CodeNotFound, "API-token %d bestaat niet", tokenID)
}

// VerifyPassword proves that whoever types password at a command line is
// the account with this e-mail address, without opening a session. A
// disabled account, or one that still has a one-time password, is refused;
// a failure is audited under via (the channel, e.g. "cli").
func (s *Service) VerifyPassword(ctx context.Context, email, password, via string) (*User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !NotFound(err) {
		return nil, err
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := s.hasher().Verify(ctx, hash, password)
	if err != nil {
		return nil, &TooMany{Err: ErrBusy, Wait: s.hasher().Wait}
	}
	if u == nil || !ok || u.Disabled() {
		_ = s.Store.Audit(ctx, AuditEvent{At: s.Now().UTC(), Actor: email, Action: "bewijs_mislukt", Entity: "account", Key: email, After: `{"via":"` + via + `"}`})
		return nil, ErrBadLogin
	}
	if u.MustChangePassword {
		return nil, perspectief.Errorf(perspectief.CodeUnauthorized, "dit account heeft een eenmalig wachtwoord; log eerst in op de website en kies een eigen wachtwoord")
	}
	return u, nil
}

// DisplayNames maps every account's e-mail address (lower case) to its
// display name, so that pages show people by name. Every logged-in user
// may have it: the names appear on the pages anyway.
func (s *Service) DisplayNames(ctx context.Context) (map[string]string, error) {
	us, err := s.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(us))
	for _, u := range us {
		out[strings.ToLower(u.Email)] = u.DisplayName()
	}
	return out, nil
}
