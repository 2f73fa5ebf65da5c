package beheerweb

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// The page every user has for their own account: the password and the
// sessions that are open.

type ownAccountView struct {
	web.Page
	Sessions    []SessionRow
	IdleMinutes int
	Error       string
	MustChange  bool
	Passwords   bool // false when staff log in through the provider only
}

// SessionRow is an open session; Current marks the one of this request.
type SessionRow struct {
	account.Session
	Current bool
}

func (s *Pages) ownAccount(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.showOwnAccount(w, r, rc, http.StatusOK, "")
}

func (s *Pages) showOwnAccount(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, msg string) error {
	ss, err := s.Accounts.Sessions(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	v := ownAccountView{Page: s.Page(r, rc, "Mijn account", "account"), Error: msg, MustChange: rc.User.MustChangePassword,
		IdleMinutes: int(s.Accounts.IdleTimeout().Minutes()), Passwords: !s.Accounts.PasswordsOff}
	for _, se := range ss {
		v.Sessions = append(v.Sessions, SessionRow{Session: se, Current: se.TokenHash == rc.Session.TokenHash})
	}
	if msg != "" {
		v.Title = "Fout: " + v.Title
	}
	s.Render(w, r, status, "account", v)
	return nil
}

// ownPassword changes the user's own password; the current one is
// required and every other session of the user ends.
func (s *Pages) ownPassword(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	next := r.PostFormValue("nieuw")
	if next != r.PostFormValue("herhaal") {
		return s.showOwnAccount(w, r, rc, http.StatusUnprocessableEntity, "De twee nieuwe wachtwoorden zijn niet gelijk.")
	}
	err := s.Accounts.ChangePassword(r.Context(), *rc.User, rc.Session.TokenHash, r.PostFormValue("huidig"), next)
	if err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
			return s.showOwnAccount(w, r, rc, http.StatusUnprocessableEntity, web.UpperFirst(perspectief.ErrorMessage(err))+".")
		}
		return err
	}
	http.Redirect(w, r, "/account?melding=wachtwoord", http.StatusSeeOther)
	return nil
}
