package web

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/account"
)

// logout is a POST with the session's CSRF token, so that another site
// cannot log a user out with a link or an image.
func (s *Core) logout(w http.ResponseWriter, r *http.Request, rc *ReqCtx) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Accounts.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.SetCookie(w, r, sessionCookie, "", "/", -1)
	// A provider login also ends the provider's session, when it offers
	// that; the provider then sends the browser to the login page.
	if end := s.OIDC.endSessionURL(); end != "" && rc.Session.Method == account.MethodOIDC {
		http.Redirect(w, r, end, http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/inloggen?melding=uitgelogd", http.StatusSeeOther)
	return nil
}
