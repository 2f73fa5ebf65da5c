package beheerweb

import (
	"net/http"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

type usersView struct {
	web.Page
	Users []account.User
	Roles []RoleOption
	Form  UserForm
	// Passwords is false when staff log in through the provider only: a
	// new account then gets no password.
	Passwords bool
}

// UserForm keeps the input of the add-user form; the password is never
// sent back to the browser.
type UserForm struct {
	Email string
	Name  string
	Error string
}

// RoleOption is one choice of the role select.
type RoleOption struct {
	Value    string
	Label    string
	Selected bool
}

func roleOptions(sel account.Role) []RoleOption {
	out := make([]RoleOption, len(account.Roles))
	for i, r := range account.Roles {
		out[i] = RoleOption{Value: string(r), Label: r.Label(), Selected: r == sel}
	}
	return out
}

func requireAdmin(rc *web.ReqCtx) error {
	return account.Require(rc.User.CanAdminister(), "accounts en het auditlog beheert")
}

func (s *Pages) users(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := requireAdmin(rc); err != nil {
		return err
	}
	return s.showUsers(w, r, rc, http.StatusOK, UserForm{}, account.RoleReader)
}

func (s *Pages) showUsers(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, f UserForm, role account.Role) error {
	us, err := s.Accounts.Users(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	v := usersView{Page: s.Page(r, rc, "Gebruikers", "beheer"), Users: us, Roles: roleOptions(role), Form: f, Passwords: !s.Accounts.PasswordsOff}
	if f.Error != "" {
		v.Title = "Fout: " + v.Title
	}
	s.Render(w, r, status, "users", v)
	return nil
}

func (s *Pages) userAdd(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := requireAdmin(rc); err != nil {
		return err
	}
	f := UserForm{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("naam"))}
	role := account.Role(r.PostFormValue("rol"))
	_, err := s.Accounts.AddUser(r.Context(), f.Email, f.Name, role, r.PostFormValue("wachtwoord"), rc.User.Email)
	if err != nil {
		switch perspectief.ErrorCode(err) {
		case perspectief.CodeInvalid, perspectief.CodeConflict:
			f.Error = web.UpperFirst(perspectief.ErrorMessage(err))
			return s.showUsers(w, r, rc, http.StatusUnprocessableEntity, f, role)
		}
		return err
	}
	http.Redirect(w, r, "/beheer/gebruikers?melding=gebruiker", http.StatusSeeOther)
	return nil
}

// Routes adds the pages of this feature to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /tokens", s.Auth(s.tokens))
	mux.Handle("POST /tokens", s.Auth(s.tokenCreate))
	mux.Handle("POST /tokens/{id}/intrekken", s.Auth(s.tokenRevoke))
	mux.Handle("GET /beheer/gebruikers", s.Auth(s.users))
	mux.Handle("POST /beheer/gebruikers", s.Auth(s.userAdd))
	mux.Handle("GET /beheer/gebruikers/{id}", s.Auth(s.userPage))
	mux.Handle("POST /beheer/gebruikers/{id}/rol", s.Auth(s.userAction(s.userRole, "rol")))
	mux.Handle("POST /beheer/gebruikers/{id}/uitschakelen", s.Auth(s.userAction(s.userDisable, "uitgeschakeld")))
	mux.Handle("POST /beheer/gebruikers/{id}/inschakelen", s.Auth(s.userAction(s.userEnable, "ingeschakeld")))
	mux.Handle("POST /beheer/gebruikers/{id}/wachtwoord", s.Auth(s.userAction(s.userPassword, "eenmalig-gezet")))
	mux.Handle("GET /beheer/tokens", s.Auth(s.allTokens))
	mux.Handle("POST /beheer/tokens/{id}/intrekken", s.Auth(s.anyTokenRevoke))
	mux.Handle("GET /beheer/audit", s.Auth(s.audit))
	mux.Handle("GET /account", s.Auth(s.ownAccount))
	mux.Handle("POST /account/wachtwoord", s.Auth(s.ownPassword))
}
