package web_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	website "github.com/perspectief/perspectief/internal/web/site"

	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/web"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)

		t.Run("pages need a login", func(t *testing.T) {
			c := s.client()
			r := c.get("/begroting?x=1")
			wantStatus(t, r, http.StatusSeeOther, "GET /begroting without login")
			if r.Location != "/inloggen?terug="+url.QueryEscape("/begroting?x=1") {
				t.Errorf("redirect to %q, want the login page with terug", r.Location)
			}
		})

		t.Run("success brings the user back", func(t *testing.T) {
			c := s.client()
			form := c.get("/inloggen?terug=%2Fbegroting")
			mustContain(t, form, "Inloggen", "E-mailadres", "Wachtwoord", "Demo-omgeving met voorbeeldgegevens")
			r := c.postRaw("/inloggen", url.Values{"csrf": {formCSRF(t, form.Body)}, "email": {"Lezer@Demo.Perspectief.nl "}, "wachtwoord": {password}, "terug": {"/begroting"}})
			wantStatus(t, r, http.StatusSeeOther, "login")
			if r.Location != "/begroting" {
				t.Errorf("after login to %q, want /begroting", r.Location)
			}
			var sess *http.Cookie
			for _, ck := range r.Cookies {
				if ck.Name == "perspectief_sessie" {
					sess = ck
				}
			}
			if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.Secure {
				t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP", sess)
			}
			mustContain(t, c.get("/"), "Lies Lezer", "Lezer", "Uitloggen")
		})

		t.Run("terug only goes to this site", func(t *testing.T) {
			for _, bad := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
				c := s.client()
				form := c.get("/inloggen")
				r := c.postRaw("/inloggen", url.Values{"csrf": {formCSRF(t, form.Body)}, "email": {reader}, "wachtwoord": {password}, "terug": {bad}})
				if r.Status != http.StatusSeeOther || r.Location != "/" {
					t.Errorf("terug=%q: status %d to %q, want 303 to /", bad, r.Status, r.Location)
				}
			}
		})

		t.Run("failure", func(t *testing.T) {
			c := s.client()
			r := c.loginAs(reader, "verkeerd-wachtwoord")
			wantStatus(t, r, http.StatusUnauthorized, "wrong password")
			mustContain(t, r, "Inloggen is niet gelukt", "E-mailadres of wachtwoord klopt niet.")
			if !strings.Contains(r.Body, `value="`+reader+`"`) {
				t.Error("the e-mail address typed is not kept in the form")
			}
			r = c.loginAs("niemand@example.org", password)
			wantStatus(t, r, http.StatusUnauthorized, "unknown user")
			mustContain(t, r, "E-mailadres of wachtwoord klopt niet.")
			wantStatus(t, c.get("/"), http.StatusSeeOther, "GET / after failed logins")
		})

		t.Run("logout ends the session", func(t *testing.T) {
			c := s.login(team)
			r := c.post("/uitloggen", nil)
			wantStatus(t, r, http.StatusSeeOther, "logout")
			mustContain(t, c.get(r.Location), "U bent uitgelogd.")
			wantStatus(t, c.get("/"), http.StatusSeeOther, "GET / after logout")
		})

		t.Run("secure cookie behind a TLS proxy", func(t *testing.T) {
			c := s.client()
			form := c.get("/inloggen")
			req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/inloggen", strings.NewReader(url.Values{"csrf": {formCSRF(t, form.Body)}, "email": {reader}, "wachtwoord": {password}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-Proto", "https")
			r := c.do(req)
			wantStatus(t, r, http.StatusSeeOther, "login over https")
			for _, ck := range r.Cookies {
				if ck.Name == "perspectief_sessie" && !ck.Secure {
					t.Error("session cookie set over https is not Secure")
				}
			}
		})
	})
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.client()
		for i := 0; i < 5; i++ {
			wantStatus(t, c.loginAs(expert, "nog-steeds-fout"), http.StatusUnauthorized, "failed login")
		}
		r := c.loginAs(expert, "nog-steeds-fout")
		wantStatus(t, r, http.StatusTooManyRequests, "sixth failed login")
		mustContain(t, r, "Te veel mislukte pogingen")
		// Even the right password waits until the lock-out ends.
		wantStatus(t, c.loginAs(expert, password), http.StatusTooManyRequests, "right password while locked out")
	})
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(expert)

		for _, tc := range []struct {
			name string
			form url.Values
		}{
			{"without token", url.Values{"tekst": {"Goed plan."}}},
			{"with a wrong token", url.Values{"tekst": {"Goed plan."}, "csrf": {"verzonnen"}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.postRaw("/interventies/L1-01/opmerkingen", tc.form)
				wantStatus(t, r, http.StatusForbidden, "comment "+tc.name)
				mustContain(t, r, "Geen toegang", "beveiligingscode", "laad de pagina opnieuw")
			})
		}
		mustNotContain(t, c.get("/interventies/L1-01"), "Goed plan.")

		t.Run("login form without its cookie", func(t *testing.T) {
			fresh := s.client()
			form := fresh.get("/inloggen")
			other := s.client() // has no login cookie
			r := other.postRaw("/inloggen", url.Values{"csrf": {formCSRF(t, form.Body)}, "email": {reader}, "wachtwoord": {password}})
			wantStatus(t, r, http.StatusForbidden, "login without the double-submit cookie")
		})

		t.Run("logout without token", func(t *testing.T) {
			wantStatus(t, c.postRaw("/uitloggen", nil), http.StatusForbidden, "logout without token")
			wantStatus(t, c.get("/"), http.StatusOK, "still logged in")
		})
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		r := s.client().get("/inloggen")
		want := map[string]string{
			"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
			"X-Frame-Options":         "DENY",
		}
		for k, v := range want {
			if got := r.Header.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		if r.Header.Get("Permissions-Policy") == "" {
			t.Error("no Permissions-Policy")
		}
		if r.Header.Get("Strict-Transport-Security") != "" {
			t.Error("HSTS sent on a site that is not configured as secure")
		}

		secure := httptest.NewServer(web.SecurityHeaders(s.web.Handler(), true))
		defer secure.Close()
		res, err := http.Get(secure.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Error("no HSTS on a secure site")
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Error("no CSP on /healthz")
		}
	})
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		r := s.client().get("/healthz")
		wantStatus(t, r, http.StatusOK, "healthz")
		if r.Body != "ok" {
			t.Errorf("healthz body %q, want ok", r.Body)
		}

		down := &website.Server{Programme: s.web.Programme, Accounts: s.web.Accounts, Ping: func(context.Context) error { return errPing }}
		srv := httptest.NewServer(down.Handler())
		defer srv.Close()
		res, err := http.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("healthz with the database down: status %d, want 503", res.StatusCode)
		}
		// Liveness does not depend on the database: an outage makes the
		// instance unready, not restarted.
		res, err = http.Get(srv.URL + "/livez")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("livez with the database down: status %d, want 200", res.StatusCode)
		}
	})
}

func TestStaticAndErrorPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.client()
		login := c.get("/inloggen")
		css := regexpFind(t, login.Body, `href="(/static/app\.[0-9a-f]+\.css)"`)
		r := c.get(css)
		wantStatus(t, r, http.StatusOK, "stylesheet")
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("stylesheet served as %q with cache %q", r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
		}
		wantStatus(t, c.get("/static/app.0000.css"), http.StatusNotFound, "stylesheet with an old hash")

		u := s.login(reader)
		r = u.get("/interventies/BESTAAT-NIET")
		wantStatus(t, r, http.StatusNotFound, "unknown intervention")
		mustContain(t, r, "Pagina niet gevonden", "BESTAAT-NIET")
		r = u.get("/geen/pagina")
		wantStatus(t, r, http.StatusNotFound, "unknown path")
		mustContain(t, r, "Pagina niet gevonden", "Lies Lezer")
	})
}

// brokenUpdates is the real store with reading progress failing, as in a
// database outage halfway through a request.
type brokenUpdates struct{ store.Programmes }

func (brokenUpdates) Updates(context.Context) ([]programme.Update, error) {
	return nil, errors.New("connection reset by peer")
}

func TestInternalError(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		var logs bytes.Buffer
		ps := programme.NewService(brokenUpdates{db.Programmes()})
		broken := &website.Server{Programme: ps, Accounts: s.web.Accounts, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
		srv := httptest.NewServer(broken.Handler())
		defer srv.Close()
		s.srv = srv

		c := s.client()
		wantStatus(t, c.loginAs(reader, password), http.StatusSeeOther, "login")
		r := c.get("/interventies")
		wantStatus(t, r, http.StatusInternalServerError, "page with a failing database")
		id := r.Header.Get("X-Request-ID")
		mustContain(t, r, "Er ging iets mis", "Probeer het later opnieuw", id)
		mustNotContain(t, r, "connection reset")
		if !strings.Contains(logs.String(), "request_id="+id) || !strings.Contains(logs.String(), "connection reset by peer") {
			t.Errorf("the error is not logged with its request ID:\n%s", logs.String())
		}
	})
}
