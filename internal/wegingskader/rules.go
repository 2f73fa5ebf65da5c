package wegingskader

import (
	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// The rules of who may see and do what in a round. They are decided here,
// in the domain, so that the web pages and the API cannot disagree:
//
//   - beheerder and programmateam manage: they register requests, prepare
//     rounds, open and close them, record the decision and grant;
//   - panel members (any role but lezer) see the rounds they sit on once
//     they are open, and score only there;
//   - everyone who is logged in, lezer included, reads rounds that are
//     closed or decided;
//   - blind scoring: while a round is open, a panel member sees only their
//     own scores until they have handed them in; after that they see the
//     handed-in scores of the others. Managers who are not on the panel see
//     who has handed in, but no scores, until the round is closed.

// CanRead reports whether u may see round r at all.
func CanRead(u account.User, r *Round) bool {
	switch {
	case u.CanManageRounds():
		return true
	case r.Status == StatusClosed || r.Status == StatusDecided:
		return u.Role.Valid()
	case r.Status == StatusOpen:
		_, member := r.Member(u.Email)
		return member
	}
	return false
}

// SeesScores reports whether u sees the scores of other panel members in
// round r, and if not, why not (a Dutch sentence for the page).
func SeesScores(u account.User, r *Round) (bool, string) {
	if !CanRead(u, r) {
		return false, "U kunt deze ronde niet inzien."
	}
	switch r.Status {
	case StatusClosed, StatusDecided:
		return true, ""
	case StatusOpen:
		m, member := r.Member(u.Email)
		switch {
		case member && m.Submitted():
			return true, ""
		case member:
			return false, "U ziet de scores van de anderen pas als u uw eigen scores hebt ingediend. Zo beoordeelt iedereen eerst zelf."
		default:
			return false, "De panelleden beoordelen nog. De scores zijn te zien als de ronde gesloten is."
		}
	}
	return false, "De ronde is nog in voorbereiding; er zijn nog geen scores."
}

// CanScore reports whether u may save scores in round r now.
func CanScore(u account.User, r *Round) bool {
	m, member := r.Member(u.Email)
	return member && r.Status == StatusOpen && !m.Submitted()
}

// CanFix reports whether u may fix requests in or out of the choice: the
// managers and the panel, while the round is closed and not yet decided.
func CanFix(u account.User, r *Round) bool {
	_, member := r.Member(u.Email)
	return r.Status == StatusClosed && (u.CanManageRounds() || member)
}

// CanDecide reports whether u may record the decision of round r.
func CanDecide(u account.User, r *Round) bool {
	return r.Status == StatusClosed && u.CanManageRounds()
}

// CanGrant reports whether u may turn the granted requests of round r into
// interventions of the programme.
func CanGrant(u account.User, r *Round) bool {
	return r.Status == StatusDecided && u.CanManageRounds() && u.CanEditProgramme()
}

func forbidden(format string, args ...any) error {
	return perspectief.Errorf(perspectief.CodeForbidden, format, args...)
}

func conflict(format string, args ...any) error {
	return perspectief.Errorf(perspectief.CodeConflict, format, args...)
}
