package account

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/perspectief/perspectief"
)

// How a session was opened; the audit log records it with every login.
const (
	MethodPassword = "wachtwoord"
	MethodOIDC     = "oidc"
)

// FederatedStore is what a login through the gemeente's OpenID provider
// needs from storage beyond the rest of Store.
type FederatedStore interface {
	// LinkOIDC links an account to its identity at the provider
	// ("ISSUER SUBJECT"), audited; an identity that another account holds
	// already is a CodeConflict.
	LinkOIDC(ctx context.Context, userID int64, subject, actor string) error
	// SetName changes an account's display name, audited.
	SetName(ctx context.Context, userID int64, name, actor string) error
}

// Identity is what the gemeente's OpenID provider says about a user, read
// from an ID token whose signature, issuer, audience, expiry and nonce the
// web adapter has checked.
type Identity struct {
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	// Groups are the values of the role claim; nil when the provider sent
	// none.
	Groups []string
}

// key is how an account remembers the identity it is linked to.
func (id Identity) key() string { return id.Issuer + " " + id.Subject }

// RoleMap turns the values of the provider's role claim (group names, app
// roles) into roles of Perspectief. A nil map means that roles are managed
// in Perspectief: the provider only proves who someone is.
type RoleMap map[string]Role

// ParseRoleMap reads 'claimvalue=rol,claimvalue=rol'. When the text holds a
// ';', the entries are split at ';' instead, for claim values with commas
// (LDAP names); the role is what follows the last '='.
func ParseRoleMap(text string) (RoleMap, error) {
	sep := ","
	if strings.Contains(text, ";") {
		sep = ";"
	}
	m := RoleMap{}
	for i, entry := range strings.Split(text, sep) {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		k := strings.LastIndex(entry, "=")
		if k < 0 {
			return nil, perspectief.Errorf(perspectief.CodeInvalid, "rollenkoppeling, item %d (%q): schrijf claimwaarde=rol", i+1, entry)
		}
		value, role := strings.TrimSpace(entry[:k]), Role(strings.TrimSpace(entry[k+1:]))
		if value == "" {
			return nil, perspectief.Errorf(perspectief.CodeInvalid, "rollenkoppeling, item %d (%q): de claimwaarde vóór '=' ontbreekt", i+1, entry)
		}
		if !role.Valid() {
			return nil, perspectief.Errorf(perspectief.CodeInvalid, "rollenkoppeling, item %d (%q): rol %q bestaat niet; kies uit beheerder, programmateam, projectleider, ervaringsdeskundige, lezer", i+1, entry, role)
		}
		if old, ok := m[value]; ok && old != role {
			return nil, perspectief.Errorf(perspectief.CodeInvalid, "rollenkoppeling, item %d: claimwaarde %q staat er al met rol %s", i+1, value, old)
		}
		m[value] = role
	}
	if len(m) == 0 {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "de rollenkoppeling is leeg; schrijf claimwaarde=rol,claimwaarde=rol")
	}
	return m, nil
}

// Role is the most powerful role that one of the groups maps to, and
// false when none does.
func (m RoleMap) Role(groups []string) (Role, bool) {
	best := -1
	for _, g := range groups {
		r, ok := m[g]
		if !ok {
			continue
		}
		for i, x := range Roles {
			if x == r && (best < 0 || i < best) {
				best = i
			}
		}
	}
	if best < 0 {
		return "", false
	}
	return Roles[best], true
}

// Why a login through the provider is refused; the messages speak to the
// user, who did log in at the provider.
var (
	ErrNoVerifiedEmail = perspectief.Errorf(perspectief.CodeUnauthorized, "De identiteitsprovider gaf geen bevestigd e-mailadres door. Zonder dat kan Perspectief u niet aan een account koppelen; neem contact op met de beheerder.")
	ErrOtherIdentity   = perspectief.Errorf(perspectief.CodeForbidden, "Het account met dit e-mailadres is gekoppeld aan een andere identiteit bij de identiteitsprovider. Neem contact op met de beheerder.")
	ErrAccountDisabled = perspectief.Errorf(perspectief.CodeForbidden, "Uw account in Perspectief is uitgeschakeld. Neem contact op met de beheerder als u weer toegang nodig hebt.")
)

// providerActor is the actor of changes that a provider login makes (a new
// account, a role from the claim, a link).
const providerActor = "identiteitsprovider"

// FederatedLogin opens a session for someone the gemeente's OpenID provider
// has vouched for. The account is found by the identity it was linked to,
// else by the verified e-mail address (and then linked to the identity);
// with a role map, the role comes from the groups on every login, and an
// account is created on the first login when they map to a role; without
// one, only existing accounts get in, with the role a beheerder gave them.
// A disabled account stays out. Every refusal is audited.
func (s *Service) FederatedLogin(ctx context.Context, id Identity, roles RoleMap) (string, *Session, error) {
	email := strings.ToLower(strings.TrimSpace(id.Email))
	refuse := func(err error, reason string) (string, *Session, error) {
		after, _ := json.Marshal(map[string]string{"methode": MethodOIDC, "reden": reason, "oidc": id.key()})
		actor := email
		if actor == "" {
			actor = id.key()
		}
		_ = s.Store.Audit(ctx, AuditEvent{At: s.Now().UTC(), Actor: actor, Action: "login_mislukt", Entity: "account", Key: actor, After: string(after)})
		return "", nil, err
	}
	if email == "" || !id.EmailVerified || !strings.Contains(email, "@") {
		return refuse(ErrNoVerifiedEmail, "geen bevestigd e-mailadres")
	}
	role, mapped := Role(""), false
	if roles != nil {
		if role, mapped = roles.Role(id.Groups); !mapped {
			return refuse(perspectief.Errorf(perspectief.CodeForbidden,
				"U bent bij de identiteitsprovider aangemeld als %s, maar uw groepen geven geen rol in Perspectief. Vraag de beheerder van de identiteitsprovider om u in een groep voor Perspectief op te nemen.", email),
				"geen rol in de claim")
		}
	}
	u, err := s.Store.UserByEmail(ctx, email)
	switch {
	case NotFound(err) && mapped:
		name := strings.TrimSpace(id.Name)
		if name == "" {
			name = email
		}
		u = &User{Email: email, Name: name, Role: role, CreatedAt: s.Now().UTC(), OIDCSubject: id.key()}
		if err := s.Store.CreateUser(ctx, u, providerActor); err != nil {
			if perspectief.ErrorCode(err) == perspectief.CodeConflict {
				// The identity holds another account already: its address
				// changed at the provider.
				return refuse(perspectief.Errorf(perspectief.CodeForbidden,
					"Uw identiteit bij de identiteitsprovider hoort al bij een account in Perspectief met een ander e-mailadres dan %s. Vraag de beheerder het account aan te passen.", email),
					"identiteit al gekoppeld")
			}
			return "", nil, err
		}
	case NotFound(err):
		return refuse(perspectief.Errorf(perspectief.CodeForbidden,
			"U bent bij de identiteitsprovider aangemeld als %s, maar er is in Perspectief geen account met dat e-mailadres. Vraag de beheerder om een account voor u aan te maken.", email),
			"geen account")
	case err != nil:
		return "", nil, err
	}
	if u.OIDCSubject != "" && u.OIDCSubject != id.key() {
		return refuse(ErrOtherIdentity, "andere identiteit")
	}
	if u.Disabled() {
		return refuse(ErrAccountDisabled, "uitgeschakeld")
	}
	if u.OIDCSubject == "" {
		if err := s.Store.LinkOIDC(ctx, u.ID, id.key(), providerActor); err != nil {
			if perspectief.ErrorCode(err) == perspectief.CodeConflict {
				return refuse(ErrOtherIdentity, "identiteit al gekoppeld")
			}
			return "", nil, err
		}
	}
	if err := s.followProvider(ctx, u, id, role, mapped); err != nil {
		return "", nil, err
	}
	return s.openSession(ctx, u, MethodOIDC)
}

// followProvider brings u in line with what the provider says at this
// login: the provider keeps the name (a name changed there, after a
// marriage or a typo fixed, shows here from the next login on) and, with a
// role map, the role.
func (s *Service) followProvider(ctx context.Context, u *User, id Identity, role Role, mapped bool) error {
	if name := strings.TrimSpace(id.Name); name != "" && name != u.Name {
		if err := s.Store.SetName(ctx, u.ID, name, providerActor); err != nil {
			return err
		}
		u.Name = name
	}
	if mapped && u.Role != role {
		if err := s.Store.SetRole(ctx, u.ID, role, providerActor); err != nil {
			return err
		}
		u.Role = role
	}
	return nil
}
