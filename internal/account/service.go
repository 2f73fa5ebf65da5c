package account

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
)

// Store is what the account service needs from storage.
type Store interface {
	CreateUser(ctx context.Context, u *User, actor string) error
	UserByEmail(ctx context.Context, email string) (*User, error) // CodeNotFound when absent
	UserByID(ctx context.Context, id int64) (*User, error)
	Users(ctx context.Context) ([]User, error)

	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, tokenHash string) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error

	CreateToken(ctx context.Context, t *Token, actor string) error
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	RevokeToken(ctx context.Context, userID, tokenID int64, actor string) error

	Audit(ctx context.Context, ev AuditEvent) error
	AuditLog(ctx context.Context, limit, offset int) ([]AuditEvent, error)

	// Visit records that the account opened page at at and returns when
	// it opened it the time before (zero for the first time).
	Visit(ctx context.Context, userID int64, page string, at time.Time) (time.Time, error)

	LifeStore
	FederatedStore
}

// SessionTTL is the default absolute maximum of a browser login.
const SessionTTL = 12 * time.Hour

// Service holds the rules around accounts.
type Service struct {
	Store  Store
	Hashes *Hasher // bounds the password hashes that run at once
	// Throttle keeps the login throttles' counters; nil uses Store when it
	// implements ThrottleStore (the database does).
	Throttle ThrottleStore
	Limits   LoginLimits // zero means DefaultLoginLimits
	Now      func() time.Time
	Life     Lifetimes
	// PasswordsOff refuses every login with a local password: staff log in
	// through the gemeente's OpenID provider only (FederatedLogin).
	PasswordsOff bool
}

// ErrPasswordsOff answers a password login while local passwords are off.
var ErrPasswordsOff = perspectief.Errorf(perspectief.CodeForbidden, "Inloggen met een wachtwoord staat uit. Log in via de identiteitsprovider van uw organisatie.")

// NewService returns a service with DefaultHashSlots hash slots, the
// DefaultLoginLimits and the default lifetimes of sessions and tokens.
func NewService(s Store) *Service {
	return &Service{Store: s, Hashes: NewHasher(DefaultHashSlots, DefaultHashWait), Limits: DefaultLoginLimits, Now: time.Now, Life: DefaultLifetimes()}
}

// ErrBadLogin is the one answer to every failed login, so that the page does
// not reveal which e-mail addresses have an account.
var ErrBadLogin = perspectief.Errorf(perspectief.CodeUnauthorized, "E-mailadres of wachtwoord klopt niet.")

// AddUser creates an account after checking its fields.
func (s *Service) AddUser(ctx context.Context, email, name string, role Role, password, actor string) (*User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if _, err := mail.ParseAddress(email); err != nil || !strings.Contains(email, "@") {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "%q is geen geldig e-mailadres", email)
	}
	if !role.Valid() {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "rol %q bestaat niet; kies uit beheerder, programmateam, projectleider, ervaringsdeskundige, lezer", role)
	}
	// With local passwords off the account gets none: its holder logs in
	// through the provider, which links it by the verified address.
	hash := ""
	if !s.PasswordsOff {
		if err := CheckPassword(password, email); err != nil {
			return nil, err
		}
		h, err := s.hasher().Hash(ctx, password)
		if err != nil {
			return nil, err
		}
		hash = h
	}
	if name == "" {
		name = email
	}
	u := &User{Email: email, Name: name, Role: role, PasswordHash: hash, CreatedAt: s.Now().UTC()}
	if err := s.Store.CreateUser(ctx, u, actor); err != nil {
		return nil, err
	}
	return u, nil
}

// Login checks a password and opens a session. remote identifies the client
// for the throttles (LoginLimits). It returns the session cookie value.
// An unknown address costs the same work as a known one: its password is
// checked against a dummy hash.
func (s *Service) Login(ctx context.Context, email, password, remote string) (string, *Session, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if s.PasswordsOff {
		_ = s.Store.Audit(ctx, AuditEvent{At: s.Now().UTC(), Actor: email, Action: "login_mislukt", Entity: "account", Key: email, After: `{"methode":"wachtwoord","reden":"wachtwoorden staan uit"}`})
		return "", nil, ErrPasswordsOff
	}
	try, err := s.admitLogin(ctx, email, remote)
	if err != nil {
		return "", nil, err
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !NotFound(err) {
		try.release(ctx)
		return "", nil, err
	}
	hash := dummyHash()
	if u != nil && u.PasswordHash != "" {
		hash = u.PasswordHash // an account made by a provider login has none
	}
	ok, err := s.hasher().Verify(ctx, hash, password)
	if err != nil {
		try.release(ctx)
		return "", nil, &TooMany{Err: ErrBusy, Wait: s.hasher().Wait}
	}
	if u == nil || !ok || u.Disabled() || u.PasswordHash == "" {
		try.failed(ctx)
		_ = s.Store.Audit(ctx, AuditEvent{At: s.Now().UTC(), Actor: email, Action: "login_mislukt", Entity: "account", Key: email, After: `{"methode":"wachtwoord"}`})
		return "", nil, ErrBadLogin
	}
	try.succeeded(ctx)
	return s.openSession(ctx, u, MethodPassword)
}

// openSession opens a session for u, remembers the login and audits it
// with its method. It returns the session cookie value.
func (s *Service) openSession(ctx context.Context, u *User, method string) (string, *Session, error) {
	secret, hash := NewSecret()
	csrf, _ := NewSecret()
	now := s.Now().UTC()
	sess := &Session{TokenHash: hash, UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(s.life().MaxSession), LastSeenAt: now, Method: method}
	if err := s.Store.CreateSession(ctx, *sess); err != nil {
		return "", nil, err
	}
	if err := s.Store.RecordLogin(ctx, u.ID, now); err != nil {
		return "", nil, err
	}
	_ = s.Store.Audit(ctx, AuditEvent{At: now, Actor: u.Email, Action: "login", Entity: "account", Key: u.Email, After: `{"methode":"` + method + `"}`})
	return secret, sess, nil
}

// SessionUser resolves a session cookie value to its session and user.
func (s *Service) SessionUser(ctx context.Context, secret string) (*Session, *User, error) {
	if secret == "" {
		return nil, nil, perspectief.Errorf(perspectief.CodeUnauthorized, "Niet ingelogd.")
	}
	sess, err := s.Store.Session(ctx, HashSecret(secret))
	if err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeNotFound {
			return nil, nil, perspectief.Errorf(perspectief.CodeUnauthorized, "Niet ingelogd.")
		}
		return nil, nil, err
	}
	now := s.Now().UTC()
	if s.life().sessionOver(*sess, now) {
		_ = s.Store.DeleteSession(ctx, sess.TokenHash)
		return nil, nil, perspectief.Errorf(perspectief.CodeUnauthorized, "De sessie is verlopen. Log opnieuw in.")
	}
	u, err := s.Store.UserByID(ctx, sess.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled() {
		_ = s.Store.DeleteSession(ctx, sess.TokenHash)
		return nil, nil, perspectief.Errorf(perspectief.CodeUnauthorized, "Niet ingelogd.")
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.Store.TouchSession(ctx, sess.TokenHash, now); err != nil {
			return nil, nil, err
		}
		sess.LastSeenAt = now
	}
	return sess, u, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, secret string) error {
	return s.Store.DeleteSession(ctx, HashSecret(secret))
}

// CreateToken makes a new API token for the account with this e-mail that
// expires after the default token lifetime, and returns its secret, which is
// shown once and stored only as a hash.
func (s *Service) CreateToken(ctx context.Context, email, name, actor string) (string, *Token, error) {
	return s.CreateTokenUntil(ctx, email, name, actor, s.Now().UTC().Add(s.life().Token))
}

// CreateTokenUntil is CreateToken with an expiry of the caller's choice,
// which must lie in the future and at most two years ahead.
func (s *Service) CreateTokenUntil(ctx context.Context, email, name, actor string, expires time.Time) (string, *Token, error) {
	now := s.Now().UTC()
	if !expires.After(now) || expires.After(now.Add(MaxTokenLifetime)) {
		return "", nil, perspectief.Errorf(perspectief.CodeInvalid, "een token moet tussen nu en over twee jaar verlopen")
	}
	u, err := s.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeNotFound {
			return "", nil, perspectief.Errorf(perspectief.CodeNotFound, "er is geen account met e-mailadres %q", email)
		}
		return "", nil, err
	}
	if name == "" {
		name = "token " + s.Now().UTC().Format("2006-01-02 15:04")
	}
	secret, hash := NewSecret()
	if u.Disabled() {
		return "", nil, perspectief.Errorf(perspectief.CodeInvalid, "het account %s is uitgeschakeld; het krijgt geen tokens", u.Email)
	}
	t := &Token{UserID: u.ID, Name: name, Hash: hash, CreatedAt: now, ExpiresAt: expires.UTC()}
	if err := s.Store.CreateToken(ctx, t, actor); err != nil {
		return "", nil, err
	}
	return "psp_" + secret, t, nil
}

// TokenUser resolves an API token to its user; revoked and expired tokens,
// and tokens of a disabled account, are refused.
func (s *Service) TokenUser(ctx context.Context, secret string) (*User, error) {
	unauth := perspectief.Errorf(perspectief.CodeUnauthorized, "ongeldig, verlopen of ingetrokken API-token")
	secret, ok := strings.CutPrefix(secret, "psp_")
	if !ok || secret == "" {
		return nil, unauth
	}
	t, err := s.Store.TokenByHash(ctx, HashSecret(secret))
	if err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeNotFound {
			return nil, unauth
		}
		return nil, err
	}
	now := s.Now().UTC()
	if !t.Active(now) {
		return nil, unauth
	}
	u, err := s.Store.UserByID(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled() {
		return nil, unauth
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery {
		if err := s.Store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// Require returns a forbidden error unless ok; the message names the action.
func Require(ok bool, action string) error {
	if ok {
		return nil
	}
	return perspectief.Errorf(perspectief.CodeForbidden, "Uw rol staat niet toe dat u %s.", action)
}

// NotFound reports whether err means "no such thing".
func NotFound(err error) bool { return perspectief.ErrorCode(err) == perspectief.CodeNotFound }

// Tokens lists u's own API tokens.
func (s *Service) Tokens(ctx context.Context, u User) ([]Token, error) {
	return s.Store.Tokens(ctx, u.ID)
}

// RevokeToken revokes one of u's own tokens; someone else's token is
// reported as not found, so ids of other accounts' tokens reveal nothing.
func (s *Service) RevokeToken(ctx context.Context, u User, tokenID int64) error {
	return s.Store.RevokeToken(ctx, u.ID, tokenID, u.Email)
}

// Users lists all accounts; only a beheerder may.
func (s *Service) Users(ctx context.Context, u User) ([]User, error) {
	if err := Require(u.CanAdminister(), "de accounts bekijkt"); err != nil {
		return nil, err
	}
	return s.Store.Users(ctx)
}

// ProjectLeaders lists the active projectleider accounts, for the picker
// of an intervention's projectleiders; who may assign them may list them.
func (s *Service) ProjectLeaders(ctx context.Context, u User) ([]User, error) {
	if err := Require(u.CanAssignLeaders(), "projectleiders toewijst"); err != nil {
		return nil, err
	}
	us, err := s.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []User
	for _, x := range us {
		if x.Role == RoleProjectLeader && !x.Disabled() {
			out = append(out, x)
		}
	}
	return out, nil
}

// Visit records that u opens page now and returns the previous visit
// (zero for none): what is new to u on the page is what came after it.
func (s *Service) Visit(ctx context.Context, u User, page string) (time.Time, error) {
	return s.Store.Visit(ctx, u.ID, page, s.Now().UTC())
}

// AuditLog returns audit events, newest first; only a beheerder may read it.
func (s *Service) AuditLog(ctx context.Context, u User, limit, offset int) ([]AuditEvent, error) {
	if err := Require(u.CanAdminister(), "het auditlog leest"); err != nil {
		return nil, err
	}
	return s.Store.AuditLog(ctx, limit, offset)
}
