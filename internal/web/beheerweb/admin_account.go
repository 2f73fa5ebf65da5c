package beheerweb

import (
	"net/http"
	"strconv"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// The pages of a beheerder for one account: its role, disabling and
// enabling, and a one-time password; and the list of every API token.

type userView struct {
	web.Page
	Target *account.User
	Roles  []RoleOption
	Error  string
	// Passwords is false when staff log in through the provider only.
	Passwords bool
}

func (s *Pages) userPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.showUser(w, r, rc, http.StatusOK, "")
}

func (s *Pages) showUser(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, msg string) error {
	if err := requireAdmin(rc); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return web.NotFoundf("Dit account bestaat niet.")
	}
	u, err := s.Accounts.User(r.Context(), *rc.User, id)
	if err != nil {
		if account.NotFound(err) {
			return web.NotFoundf("Dit account bestaat niet.")
		}
		return err
	}
	v := userView{Page: s.Page(r, rc, "Account "+u.DisplayName(), "beheer"), Target: u, Roles: roleOptions(u.Role), Error: msg,
		Passwords: !s.Accounts.PasswordsOff}
	if msg != "" {
		v.Title = "Fout: " + v.Title
	}
	s.Render(w, r, status, "user", v)
	return nil
}

// userAction runs one change of an account from its page and comes back
// to the page with a confirmation, or shows the page with the reason.
func (s *Pages) userAction(do func(r *http.Request, admin account.User, id int64) error, notice string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
		if err := requireAdmin(rc); err != nil {
			return err
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			return web.NotFoundf("Dit account bestaat niet.")
		}
		if err := do(r, *rc.User, id); err != nil {
			if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
				return s.showUser(w, r, rc, http.StatusUnprocessableEntity, web.UpperFirst(perspectief.ErrorMessage(err)))
			}
			if account.NotFound(err) {
				return web.NotFoundf("Dit account bestaat niet.")
			}
			return err
		}
		http.Redirect(w, r, "/beheer/gebruikers/"+strconv.FormatInt(id, 10)+"?melding="+notice, http.StatusSeeOther)
		return nil
	}
}

func (s *Pages) userRole(r *http.Request, admin account.User, id int64) error {
	return s.Accounts.SetRole(r.Context(), admin, id, account.Role(r.PostFormValue("rol")))
}

func (s *Pages) userDisable(r *http.Request, admin account.User, id int64) error {
	return s.Accounts.Disable(r.Context(), admin, id)
}

func (s *Pages) userEnable(r *http.Request, admin account.User, id int64) error {
	return s.Accounts.Enable(r.Context(), admin, id)
}

func (s *Pages) userPassword(r *http.Request, admin account.User, id int64) error {
	return s.Accounts.SetOneTimePassword(r.Context(), admin, id, r.PostFormValue("wachtwoord"))
}

type allTokensView struct {
	web.Page
	Tokens []TokenRow
}

// TokenRow is a token with its state in words.
type TokenRow struct {
	account.Token
	Status string // Actief, Verlopen or Ingetrokken op ...
	Live   bool   // may still be revoked
}

func (s *Pages) tokenRows(ts []account.Token) []TokenRow {
	now := s.Accounts.Now()
	out := make([]TokenRow, len(ts))
	for i, t := range ts {
		out[i] = TokenRow{Token: t, Status: "Actief", Live: t.RevokedAt == nil}
		switch {
		case t.RevokedAt != nil:
			out[i].Status = "Ingetrokken op " + web.FormatDateTime(*t.RevokedAt)
		case !t.Active(now):
			out[i].Status = "Verlopen"
		}
	}
	return out
}

// allTokens lists every API token of every account for a beheerder.
func (s *Pages) allTokens(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ts, err := s.Accounts.AllTokens(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_tokens", allTokensView{Page: s.Page(r, rc, "Alle API-tokens", "beheer"), Tokens: s.tokenRows(ts)})
	return nil
}

func (s *Pages) anyTokenRevoke(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := requireAdmin(rc); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return web.NotFoundf("Dit API-token bestaat niet.")
	}
	if err := s.Accounts.RevokeAnyToken(r.Context(), *rc.User, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/beheer/tokens?melding=token-ingetrokken", http.StatusSeeOther)
	return nil
}
