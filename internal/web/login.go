package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

type loginView struct {
	Page
	Email  string
	Back   string // where to go after logging in
	Error  string
	Token  string // double-submit CSRF token for the form
	Reason string // why the user is here, e.g. logged out
	// Provider names the organisation whose OpenID provider staff log in
	// with ("" without one); Passwords is whether the password form is shown.
	Provider  string
	Passwords bool
}

// loginForm shows the login page. There is no session yet to hold a CSRF
// token, so the form carries a random token that must match a cookie
// (double submit): another site can make a browser post the form, but cannot
// read or set the cookie.
func (s *Core) loginForm(w http.ResponseWriter, r *http.Request) {
	rc := RequestInfo(r)
	back := localPath(r.URL.Query().Get("terug"))
	if s.resolveSession(r, rc) {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, loginView{Back: back})
}

func (s *Core) showLogin(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	rc := RequestInfo(r)
	v.Page = s.Page(r, rc, "Inloggen", "")
	// Reuse the token of an earlier login page, so that a second tab with
	// the login form does not invalidate the first.
	token := ""
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) >= 32 {
		token = c.Value
	} else {
		token, _ = account.NewSecret()
	}
	s.SetCookie(w, r, loginCSRFCookie, token, "/inloggen", 0)
	v.Token = token
	v.Passwords = !s.Accounts.PasswordsOff
	if s.OIDC != nil {
		v.Provider = s.OIDC.Name
	}
	if v.Back == "/" {
		v.Back = ""
	}
	s.Render(w, r, status, "login", v)
}

func (s *Core) login(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, LoginFormBytes) {
		return
	}
	if s.Accounts.PasswordsOff {
		// The page has no password form then; whoever posts one anyway
		// is told so, and nothing is tried.
		s.showLogin(w, r, http.StatusForbidden, loginView{Error: perspectief.ErrorMessage(account.ErrPasswordsOff)})
		return
	}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !SameToken(r.PostFormValue(CSRFField), c.Value) {
		s.renderCSRF(w, r)
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	back := localPath(r.PostFormValue("terug"))
	v := loginView{Email: email, Back: back}
	if email == "" || r.PostFormValue("wachtwoord") == "" {
		v.Error = "Vul uw e-mailadres en wachtwoord in."
		s.showLogin(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	secret, sess, err := s.Accounts.Login(r.Context(), email, r.PostFormValue("wachtwoord"), s.ClientAddr(r))
	if err != nil {
		switch perspectief.ErrorCode(err) {
		case perspectief.CodeTooMany:
			SetRetryAfter(w, err)
			v.Error = perspectief.ErrorMessage(err)
			s.showLogin(w, r, http.StatusTooManyRequests, v)
		case perspectief.CodeUnauthorized:
			v.Error = perspectief.ErrorMessage(err)
			s.showLogin(w, r, http.StatusUnauthorized, v)
		default:
			s.Fail(w, r, err)
		}
		return
	}
	s.SetCookie(w, r, sessionCookie, secret, "/", sess.ExpiresAt.Sub(sess.CreatedAt))
	s.SetCookie(w, r, loginCSRFCookie, "", "/inloggen", -1)
	http.Redirect(w, r, s.landing(r.Context(), sess, back), http.StatusSeeOther)
}

// landing is where a login goes: the page asked for, or, when none was,
// a projectleider's own start page "Mijn interventies" and everyone
// else's overview.
func (s *Core) landing(ctx context.Context, sess *account.Session, back string) string {
	if back != "/" {
		return back
	}
	if u, err := s.Accounts.Store.UserByID(ctx, sess.UserID); err == nil && u.Role == account.RoleProjectLeader {
		return "/mijn-interventies"
	}
	return back
}
