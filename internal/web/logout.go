package web

import (
	"net/http"
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
	http.Redirect(w, r, "/inloggen?melding=uitgelogd", http.StatusSeeOther)
	return nil
}
