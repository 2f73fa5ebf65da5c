// Package account holds users, roles and what each role may do, passwords,
// sessions, API tokens and the audit log. It knows nothing of HTTP or SQL.
package account

import (
	"time"
)

// Role is what a user may do in Perspectief.
type Role string

const (
	RoleAdmin         Role = "beheerder"           // everything, including accounts and the audit log
	RoleTeam          Role = "programmateam"       // edit the whole programme
	RoleProjectLeader Role = "projectleider"       // edit the interventions assigned to them
	RoleExpert        Role = "ervaringsdeskundige" // read everything, add advice
	RoleReader        Role = "lezer"               // read only
	// RoleSteering is the regiegroep: reads everything, writes nothing,
	// and receives the escalations of progress updates.
	RoleSteering Role = "regiegroep"
)

// Roles lists every role, most powerful first; the regiegroep reads like
// a lezer and comes last, so that lists made before it keep their order.
var Roles = []Role{RoleAdmin, RoleTeam, RoleProjectLeader, RoleExpert, RoleReader, RoleSteering}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Beheerder"
	case RoleTeam:
		return "Programmateam"
	case RoleProjectLeader:
		return "Projectleider"
	case RoleExpert:
		return "Ervaringsdeskundige"
	case RoleReader:
		return "Lezer"
	case RoleSteering:
		return "Regiegroep"
	}
	return string(r)
}

// User is an account.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         Role
	PasswordHash string
	CreatedAt    time.Time
	// DisabledAt is when a beheerder disabled the account; nil while it
	// is active. A disabled account cannot log in and has no sessions or
	// working tokens.
	DisabledAt *time.Time
	// MustChangePassword is set by a one-time password from a beheerder:
	// the next login leads to the password form and nowhere else.
	MustChangePassword bool
	LastLoginAt        *time.Time
	// OIDCSubject is the identity at the gemeente's OpenID provider that
	// the account is linked to ("ISSUER SUBJECT"), set at its first login
	// through the provider; "" when it has none.
	OIDCSubject string
}

// Disabled reports whether a beheerder has disabled the account.
func (u User) Disabled() bool { return u.DisabledAt != nil }

// DisplayName is how the interface names the account: its name, or its
// e-mail address when it has none.
func (u User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// CanEditProgramme reports whether u may change the whole programme:
// goals, lines, any intervention, imports.
func (u User) CanEditProgramme() bool { return u.Role == RoleAdmin || u.Role == RoleTeam }

// CanEditIntervention reports whether u may edit the canvas of, and report
// progress on, an intervention led by leaders (e-mail addresses of its
// projectleiders).
func (u User) CanEditIntervention(leaders []string) bool {
	if u.CanEditProgramme() {
		return true
	}
	if u.Role != RoleProjectLeader {
		return false
	}
	for _, l := range leaders {
		if l != "" && equalFold(l, u.Email) {
			return true
		}
	}
	return false
}

// CanAssignLeaders reports whether u may assign projectleiders to an
// intervention: a beheerder or the programmateam.
func (u User) CanAssignLeaders() bool { return u.CanEditProgramme() }

// CanComment reports whether u may add advice or a remark to a goal or an
// intervention.
func (u User) CanComment() bool { return u.Role.writes() }

// writes reports whether the role may write anything at all: the lezer
// and the regiegroep only read.
func (r Role) writes() bool { return r.Valid() && r != RoleReader && r != RoleSteering }

// CanSeeEscalations reports whether u may read the list of escalated
// progress updates: the regiegroep, who receives them, and the
// programme's managers.
func (u User) CanSeeEscalations() bool { return u.CanEditProgramme() || u.Role == RoleSteering }

// CanEditIndicators reports whether u may enter indicator values by hand.
func (u User) CanEditIndicators() bool { return u.Role == RoleAdmin || u.Role == RoleTeam }

// CanImportShapes reports whether u may import the area shapes that the
// maps are drawn from; they change every map for every user.
func (u User) CanImportShapes() bool { return u.Role == RoleAdmin }

// CanAdminister reports whether u may manage accounts and read the audit log.
func (u User) CanAdminister() bool { return u.Role == RoleAdmin }

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Session is a browser login. Only a hash of the cookie value is stored, so a
// leaked database does not hand out live sessions. CSRF is the token every
// form of the session must carry.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time // the absolute end, however active the session is
	// LastSeenAt is the last request of the session (kept to the minute);
	// the session ends when it has been idle for longer than the idle time.
	LastSeenAt time.Time
	// Method is how the session was opened: MethodPassword or MethodOIDC.
	Method string
}

// Token is an API token; only its hash is stored.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	Hash      string
	CreatedAt time.Time
	RevokedAt *time.Time
	ExpiresAt time.Time // zero: never (only tokens of the store's own tests)
	// LastUsedAt is the last API request with the token (kept to the minute).
	LastUsedAt *time.Time
	// OwnerEmail and OwnerName name the account, in lists of every token.
	OwnerEmail string
	OwnerName  string
}

// Active reports whether the token still opens the API at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// AuditEvent records one change: who, when, what, and the state before and
// after as JSON (empty when there was none).
type AuditEvent struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string
	Entity string
	Key    string
	Before string
	After  string
}

// CanManageRounds reports whether u may prepare, open, close and decide
// assessment rounds of the wegingskader and register funding requests.
func (u User) CanManageRounds() bool { return u.Role == RoleAdmin || u.Role == RoleTeam }

// CanJoinPanel reports whether u may sit on the panel of an assessment
// round: every role but lezer, who only reads closed rounds.
func (u User) CanJoinPanel() bool { return u.Role.writes() }
