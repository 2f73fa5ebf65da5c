package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"mime/multipart"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/reqmemo"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

const (
	sessionCookie   = "perspectief_sessie"
	loginCSRFCookie = "perspectief_inlog_csrf"
	CSRFField       = "csrf"
	maxFormBytes    = 17 << 20 // the 16 MiB that programme.ReadFile reads, plus the other form fields
	requestIDHeader = "X-Request-ID"
	forwardedProto  = "X-Forwarded-Proto"
	staticMaxAge    = 365 * 24 * time.Hour
)

// ReqCtx is what a page handler knows about its request beyond the request
// itself: who asks, in which session, and the ID under which errors are logged.
type ReqCtx struct {
	ID      string
	User    *account.User
	Session *account.Session
	forms   []*multipart.Form // parsed multipart forms, removed when the request ends
}

type ctxKey struct{}

func RequestInfo(r *http.Request) *ReqCtx {
	if rc, ok := r.Context().Value(ctxKey{}).(*ReqCtx); ok {
		return rc
	}
	return &ReqCtx{}
}

// withRequest gives every request an ID and turns a panic into the generic
// error page, so that a bug shows the user an ID to quote rather than a
// dropped connection.
func (s *Core) withRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := &ReqCtx{ID: newRequestID()}
		w.Header().Set(requestIDHeader, rc.ID)
		defer rc.removeForms()
		if r.Method != http.MethodPost {
			// Only POST carries a form; no other body is ever read, so
			// none can reach a parser that writes temporary files.
			r.Body = http.NoBody
		}
		ctx := context.WithValue(r.Context(), ctxKey{}, rc)
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			// A request that only reads reads shared things once (see
			// reqmemo); one that writes must see its own changes.
			ctx = reqmemo.New(ctx)
		}
		r = r.WithContext(ctx)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log().Error("panic in handler", "request_id", rc.ID, "method", r.Method, "path", LogPath(r), "panic", v)
				s.RenderError(w, r, http.StatusInternalServerError, "", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func newRequestID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// HandlerFunc is a page handler. It returns an error instead of writing an
// error page itself, so that every page maps domain errors to statuses the
// same way.
type HandlerFunc func(w http.ResponseWriter, r *http.Request, rc *ReqCtx) error

// Auth lets only logged-in users through and checks the CSRF token of every
// POST. A user without a session is sent to the login page and brought back
// afterwards.
func (s *Core) Auth(h HandlerFunc) http.Handler {
	return s.authLimit(SmallFormBytes, h)
}

// AuthUpload is Auth for a form that takes a file (multipart, up to
// FileFormBytes); every other form refuses a multipart body before reading it.
func (s *Core) AuthUpload(h HandlerFunc) http.Handler {
	return s.authLimit(FileFormBytes, h)
}

func (s *Core) authLimit(limit int64, h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := RequestInfo(r)
		if !s.resolveSession(r, rc) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/inloggen?terug="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			} else {
				http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
			}
			return
		}
		if passwordChangeOnly(w, r, rc) {
			return
		}
		if r.Method == http.MethodPost {
			if !s.ParseForm(w, r, limit) {
				return
			}
			if !SameToken(r.PostFormValue(CSRFField), rc.Session.CSRF) {
				s.renderCSRF(w, r)
				return
			}
		}
		if err := h(w, r, rc); err != nil {
			s.Fail(w, r, err)
		}
	})
}

// resolveSession fills rc from the session cookie and reports whether the
// request has a valid session.
func (s *Core) resolveSession(r *http.Request, rc *ReqCtx) bool {
	if rc.User != nil {
		return true
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return false
	}
	sess, u, err := s.Accounts.SessionUser(r.Context(), c.Value)
	if err != nil {
		if code := perspectief.ErrorCode(err); code != perspectief.CodeUnauthorized && code != perspectief.CodeNotFound {
			s.Log().Error("resolve session", "request_id", rc.ID, "err", err)
		}
		return false
	}
	rc.User, rc.Session = u, sess
	return true
}

func SameToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// IsSecure reports whether cookies must be marked Secure for this request:
// always when configured, and whenever the browser reached us over TLS,
// directly or through a proxy.
func (s *Core) IsSecure(r *http.Request) bool {
	return s.SecureCookies || r.TLS != nil || strings.EqualFold(r.Header.Get(forwardedProto), "https")
}

func (s *Core) SetCookie(w http.ResponseWriter, r *http.Request, name, value, path string, maxAge time.Duration) {
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     path,
		HttpOnly: true,
		Secure:   s.IsSecure(r),
		SameSite: http.SameSiteLaxMode,
	}
	if maxAge > 0 {
		c.MaxAge = int(maxAge.Seconds())
		c.Expires = time.Now().Add(maxAge)
	} else if maxAge < 0 {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// localPath returns p when it is a path on this site, and "/" otherwise, so
// that the terug parameter of the login page cannot send a user elsewhere.
func localPath(p string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	if strings.HasPrefix(u.Path, "/inloggen") {
		return "/"
	}
	return p
}

// remoteAddr is the client address used for login rate limiting. Forwarded
// headers are ignored on purpose: anyone can send them, and a limiter that
// trusts them can be sidestepped with one header.
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ClientAddr is the address the throttles count a request under: the peer,
// or, when the peer is one of TrustedProxies, the nearest address in
// X-Forwarded-For that is not a trusted proxy itself. Without trusted
// proxies the header is ignored, since any client can send it.
func (s *Core) ClientAddr(r *http.Request) string {
	peer := remoteAddr(r)
	ip, err := netip.ParseAddr(peer)
	if err != nil || !s.trustedProxy(ip) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer // a garbled chain: count the proxy, not a made-up client
		}
		if a = a.Unmap(); !s.trustedProxy(a) {
			return a.String()
		}
	}
	return peer
}

func (s *Core) trustedProxy(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// LogPath is the path as it may be logged: the secret of a survey link is
// left out, since it may be tied to a person on the team's list.
func LogPath(r *http.Request) string {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/enquete/"); ok && rest != "bedankt" {
		return "/enquete/…"
	}
	return r.URL.Path
}

// passwordChangeOnly reports whether the request must be turned away
// because the user logged in with a one-time password: then only the
// account page, its password form and logging out are open. A login
// through the OpenID provider used no password, so it is not held up.
func passwordChangeOnly(w http.ResponseWriter, r *http.Request, rc *ReqCtx) bool {
	if !rc.User.MustChangePassword || rc.Session.Method == account.MethodOIDC {
		return false
	}
	switch r.URL.Path {
	case "/account", "/account/wachtwoord", "/uitloggen":
		return false
	}
	http.Redirect(w, r, "/account?melding=eenmalig", http.StatusSeeOther)
	return true
}
