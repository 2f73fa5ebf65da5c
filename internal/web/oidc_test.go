package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/web"
	"github.com/perspectief/perspectief/internal/web/oidctest"
	website "github.com/perspectief/perspectief/internal/web/site"
)

// The login through the gemeente's OpenID provider, against a real
// provider (zitadel's example server, started by oidctest): its login page,
// code exchange, signed ID tokens and userinfo.

const (
	opClient = "perspectief"
	opSecret = "geheim-van-de-client"
	opPass   = "wachtwoord-bij-de-idp"
)

var opUsers = []oidctest.User{
	{ID: "u-anna", Username: "anna", Password: opPass, Email: "anna.devries@gemeente.test", EmailVerified: true, Name: "Anna de Vries", Groups: []string{"medewerkers", "perspectief-team"}},
	{ID: "u-lezer", Username: "lezer", Password: opPass, Email: "Lezer@Demo.Perspectief.nl", EmailVerified: true, Name: "Lies de Lezer-Bakker", Groups: []string{"perspectief-beheer"}},
	{ID: "u-kantine", Username: "kantine", Password: opPass, Email: "kantine@gemeente.test", EmailVerified: true, Name: "Kees Kantine", Groups: []string{"medewerkers"}},
	{ID: "u-onbevestigd", Username: "onbevestigd", Password: opPass, Email: "onbevestigd@gemeente.test", EmailVerified: false, Name: "Onbevestigd", Groups: []string{"perspectief-team"}},
	{ID: "u-anna2", Username: "anna2", Password: opPass, Email: "anna.devries@gemeente.test", EmailVerified: true, Name: "Anna (nieuw)", Groups: []string{"perspectief-team"}},
	{ID: "u-nieuw", Username: "nieuw", Password: opPass, Email: "nieuw@gemeente.test", EmailVerified: true, Name: "Nieuw Adres", Groups: []string{"perspectief-team"}},
	{ID: "u-ed", Username: "ed", Password: opPass, Email: "ervaringsdeskundige@demo.perspectief.nl", EmailVerified: true, Name: "ED", Groups: []string{"perspectief-team"}},
	{ID: "u-beheer", Username: "beheer", Password: opPass, Email: "beheerder@demo.perspectief.nl", EmailVerified: true, Name: "Bea Beheer", Groups: []string{"ict"}},
	{ID: "u-pl", Username: "pl", Password: opPass, Email: "projectleider@demo.perspectief.nl", EmailVerified: true, Name: "PL", Groups: []string{"perspectief-team"}},
}

// oidcSite is the whole site with the provider's login configured.
func oidcSite(t *testing.T, db *store.DB, roles account.RoleMap) (*site, *oidctest.Provider) {
	t.Helper()
	op := oidctest.Start(t, opUsers...)
	sso, err := web.NewOIDC(context.Background(), web.OIDCConfig{Issuer: op.Issuer, ClientID: opClient, ClientSecret: opSecret,
		Name: "gemeente Testdam", RoleClaim: "groups", RoleMap: roles})
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, db, func(w *website.Server) { w.OIDC = sso })
	sso.PublicURL = s.srv.URL
	op.AddClient(opClient, opSecret, s.srv.URL+web.OIDCCallbackPath)
	return s, op
}

// startOIDC follows the link on the login page and returns the provider's
// authorization URL the browser is sent to.
func (c *client) startOIDC(back string) string {
	c.t.Helper()
	form := c.get("/inloggen?terug=" + url.QueryEscape(back))
	mustContain(c.t, form, "Inloggen met gemeente Testdam")
	m := regexp.MustCompile(`<a class="button" href="(/inloggen/oidc[^"]*)">Inloggen met gemeente Testdam</a>`).FindStringSubmatch(form.Body)
	if m == nil {
		c.t.Fatalf("no link to the provider on the login page:\n%s", form.Body)
	}
	r := c.get(html.UnescapeString(m[1]))
	wantStatus(c.t, r, http.StatusSeeOther, "GET "+m[1])
	return r.Location
}

// oidcLogin logs in at the provider and returns the site's answer to the
// browser coming back; change, when not nil, tampers with the way back.
func (c *client) oidcLogin(op *oidctest.Provider, username, back string, change func(back *url.URL)) response {
	c.t.Helper()
	auth := c.startOIDC(back)
	for _, want := range []string{"code_challenge_method=S256", "code_challenge=", "nonce=", "state=", "scope=openid"} {
		if !strings.Contains(auth, want) {
			c.t.Fatalf("authorization request %s lacks %s", auth, want)
		}
	}
	ret := op.Login(c.t, c.http, auth, username, opPass)
	if ret.Path != web.OIDCCallbackPath {
		c.t.Fatalf("the provider sent the browser to %s, want %s", ret, web.OIDCCallbackPath)
	}
	if change != nil {
		change(ret)
	}
	return c.get(ret.RequestURI())
}

func loggedOut(t *testing.T, c *client) {
	t.Helper()
	if r := c.get("/begroting"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/inloggen") {
		t.Errorf("after a refused login GET /begroting answers %d %s, want 303 to the login page", r.Status, r.Location)
	}
}

func TestOIDCLogin(t *testing.T) {
	t.Parallel()
	roles, err := account.ParseRoleMap("perspectief-team=programmateam, perspectief-beheer=beheerder")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, op := oidcSite(t, db, roles)
		ctx := context.Background()

		t.Run("a first login creates the account with the mapped role and lands on the page asked for", func(t *testing.T) {
			c := s.client()
			r := c.oidcLogin(op, "anna", "/begroting", nil)
			wantStatus(t, r, http.StatusSeeOther, "the way back from the provider")
			if r.Location != "/begroting" {
				t.Errorf("after the login the browser goes to %q, want /begroting", r.Location)
			}
			mustContain(t, c.get("/"), "Anna de Vries", "(Programmateam)")
			u, err := db.Accounts().UserByEmail(ctx, "anna.devries@gemeente.test")
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != account.RoleTeam || u.OIDCSubject != op.Issuer+" u-anna" || u.PasswordHash != "" {
				t.Errorf("account %+v: want role programmateam, linked to %s u-anna, no password", u, op.Issuer)
			}
			if ev := auditOf(t, db, "login", u.Email); !strings.Contains(ev.After, `"methode":"oidc"`) {
				t.Errorf("the login's audit event says %q, want the method oidc", ev.After)
			}
			// The session is the ordinary one: logging out ends it, and
			// with the provider's end-session endpoint, the provider's too.
			out := c.post("/uitloggen", nil)
			wantStatus(t, out, http.StatusSeeOther, "POST /uitloggen")
			end, err := url.Parse(out.Location)
			if err != nil || !strings.HasPrefix(out.Location, op.Issuer) || end.Query().Get("client_id") != opClient ||
				end.Query().Get("post_logout_redirect_uri") != s.srv.URL+"/inloggen?melding=uitgelogd" {
				t.Errorf("logout sends the browser to %q, want the provider's end-session endpoint with client_id and the way back", out.Location)
			}
			loggedOut(t, c)
		})

		t.Run("an existing account is found by its verified e-mail and takes the role from the claim", func(t *testing.T) {
			c := s.client()
			r := c.oidcLogin(op, "lezer", "/", nil)
			wantStatus(t, r, http.StatusSeeOther, "the way back from the provider")
			mustContain(t, c.get("/"), "(Beheerder)")
			u, _ := db.Accounts().UserByEmail(ctx, "lezer@demo.perspectief.nl")
			if u.Role != account.RoleAdmin {
				t.Errorf("role %s, want beheerder from the claim", u.Role)
			}
			if ev := auditOf(t, db, "rol_gewijzigd", u.Email); ev.Actor != "identiteitsprovider" {
				t.Errorf("role change audited by %q, want identiteitsprovider", ev.Actor)
			}
			// The provider keeps the name: the demo's "Lies Lezer" became
			// "Lies de Lezer-Bakker" there, and shows so from this login on.
			if u.Name != "Lies de Lezer-Bakker" {
				t.Errorf("display name %q after the login, want the provider's Lies de Lezer-Bakker", u.Name)
			}
			mustContain(t, c.get("/account"), "Lies de Lezer-Bakker")
			if ev := auditOf(t, db, "naam_gewijzigd", u.Email); ev.Actor != "identiteitsprovider" || !strings.Contains(ev.Before, "Lies Lezer") {
				t.Errorf("name change audited as %+v, want by identiteitsprovider with the old name", ev)
			}
		})

		t.Run("a wrong state is refused", func(t *testing.T) {
			c := s.client()
			r := c.oidcLogin(op, "anna", "/", func(u *url.URL) {
				q := u.Query()
				q.Set("state", "aanvaller"+q.Get("state"))
				u.RawQuery = q.Encode()
			})
			wantStatus(t, r, http.StatusBadRequest, "a return with another state")
			mustContain(t, r, "Inloggen is niet gelukt", "hoort niet bij een aanmelding die in deze browser begon")
			noSession(t, r)
			loggedOut(t, c)
		})

		t.Run("a wrong nonce is refused", func(t *testing.T) {
			c := s.client()
			r := c.oidcLogin(op, "anna", "/", func(back *url.URL) {
				// The browser's flow cookie gets another nonce: the ID
				// token the provider signed carries the one sent with the
				// authorization request, which then no longer matches.
				site, _ := url.Parse(s.srv.URL + "/inloggen/oidc/")
				for _, ck := range c.http.Jar.Cookies(site) {
					if ck.Name == "perspectief_oidc" {
						p := strings.Split(ck.Value, ".")
						p[1] = "ander" + p[1]
						c.http.Jar.SetCookies(site, []*http.Cookie{{Name: ck.Name, Value: strings.Join(p, "."), Path: "/inloggen/oidc"}})
					}
				}
			})
			wantStatus(t, r, http.StatusUnauthorized, "an ID token with another nonce")
			mustContain(t, r, "het antwoord van de identiteitsprovider kon niet worden gecontroleerd")
			noSession(t, r)
			loggedOut(t, c)
		})

		t.Run("the way back works only in the browser that set out", func(t *testing.T) {
			c := s.client()
			var again string
			r := c.oidcLogin(op, "anna", "/", func(u *url.URL) { again = u.RequestURI() })
			wantStatus(t, r, http.StatusSeeOther, "the first return")
			r = s.client().get(again)
			wantStatus(t, r, http.StatusBadRequest, "the same return in another browser")
			noSession(t, r)
		})

		t.Run("an address handed to another identity does not hand over the account", func(t *testing.T) {
			// anna's account is linked to u-anna since the first subtest.
			r := s.client().oidcLogin(op, "anna2", "/", nil)
			wantStatus(t, r, http.StatusForbidden, "the same address from another identity")
			mustContain(t, r, "gekoppeld aan een andere identiteit")
			noSession(t, r)
		})

		t.Run("an identity whose address changed is told to ask the beheerder", func(t *testing.T) {
			other, err := db.Accounts().UserByEmail(ctx, "programmateam@demo.perspectief.nl")
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Accounts().LinkOIDC(ctx, other.ID, op.Issuer+" u-nieuw", "test"); err != nil {
				t.Fatal(err)
			}
			r := s.client().oidcLogin(op, "nieuw", "/", nil)
			wantStatus(t, r, http.StatusForbidden, "a linked identity with a new address")
			mustContain(t, r, "hoort al bij een account in Perspectief met een ander e-mailadres")
			noSession(t, r)
		})

		t.Run("the provider's refusal is told in Dutch, its words are not shown", func(t *testing.T) {
			c := s.client()
			auth, _ := url.Parse(c.startOIDC("/"))
			state := auth.Query().Get("state")
			r := c.get(web.OIDCCallbackPath + "?error=access_denied&error_description=" + url.QueryEscape("Bel 0900-NEP") + "&state=" + url.QueryEscape(state))
			wantStatus(t, r, http.StatusUnauthorized, "error=access_denied")
			mustContain(t, r, "gemeente Testdam heeft het inloggen geweigerd of u hebt het afgebroken")
			mustNotContain(t, r, "0900-NEP")
			// Without this browser's flow, even the refusal is not believed.
			r = s.client().get(web.OIDCCallbackPath + "?error=access_denied&state=" + url.QueryEscape(state))
			wantStatus(t, r, http.StatusBadRequest, "an error for a flow of another browser")
		})

		t.Run("groups that map to no role get a clear message and no session or account", func(t *testing.T) {
			c := s.client()
			r := c.oidcLogin(op, "kantine", "/", nil)
			wantStatus(t, r, http.StatusForbidden, "a user without a mapped group")
			mustContain(t, r, "uw groepen geven geen rol in Perspectief")
			noSession(t, r)
			loggedOut(t, c)
			if _, err := db.Accounts().UserByEmail(ctx, "kantine@gemeente.test"); !account.NotFound(err) {
				t.Errorf("an account was made for a user without a role: %v", err)
			}
			if ev := auditOf(t, db, "login_mislukt", "kantine@gemeente.test"); !strings.Contains(ev.After, "geen rol") {
				t.Errorf("refusal audited as %q", ev.After)
			}
		})

		t.Run("an unverified e-mail address is refused", func(t *testing.T) {
			c := s.client()
			r := c.oidcLogin(op, "onbevestigd", "/", nil)
			wantStatus(t, r, http.StatusUnauthorized, "an unverified e-mail address")
			mustContain(t, r, "geen bevestigd e-mailadres")
			noSession(t, r)
		})

		t.Run("a one-time password does not hold up a provider login", func(t *testing.T) {
			admin, _ := db.Accounts().UserByEmail(ctx, "beheerder@demo.perspectief.nl")
			ed, _ := db.Accounts().UserByEmail(ctx, "ervaringsdeskundige@demo.perspectief.nl")
			if err := s.web.Accounts.SetOneTimePassword(ctx, *admin, ed.ID, "een-eenmalig-wachtwoord-77"); err != nil {
				t.Fatal(err)
			}
			c := s.client()
			wantStatus(t, c.oidcLogin(op, "ed", "/", nil), http.StatusSeeOther, "the way back from the provider")
			wantStatus(t, c.get("/begroting"), http.StatusOK, "a page after a provider login of an account with a one-time password")
		})

		t.Run("a disabled account stays disabled", func(t *testing.T) {
			admin, _ := db.Accounts().UserByEmail(ctx, "beheerder@demo.perspectief.nl")
			pl, _ := db.Accounts().UserByEmail(ctx, "projectleider@demo.perspectief.nl")
			if err := s.web.Accounts.Disable(ctx, *admin, pl.ID); err != nil {
				t.Fatal(err)
			}
			c := s.client()
			r := c.oidcLogin(op, "pl", "/", nil)
			wantStatus(t, r, http.StatusForbidden, "a disabled account")
			mustContain(t, r, "Uw account in Perspectief is uitgeschakeld")
			noSession(t, r)
			if u, _ := db.Accounts().UserByEmail(ctx, pl.Email); u.Role != account.RoleProjectLeader {
				t.Errorf("a refused login changed the role to %s", u.Role)
			}
		})

		t.Run("with local passwords off the password form is gone and refused", func(t *testing.T) {
			s.web.Accounts.PasswordsOff = true
			defer func() { s.web.Accounts.PasswordsOff = false }()
			c := s.client()
			form := c.get("/inloggen")
			mustContain(t, form, "Inloggen met gemeente Testdam")
			mustNotContain(t, form, `name="wachtwoord"`, `action="/inloggen"`)
			// A password form posted by hand is refused.
			r := c.postRaw("/inloggen", url.Values{"email": {"beheerder@demo.perspectief.nl"}, "wachtwoord": {password}})
			wantStatus(t, r, http.StatusForbidden, "a password login with local passwords off")
			mustContain(t, r, "Inloggen met een wachtwoord staat uit")
			noSession(t, r)
			loggedOut(t, c)
			// The provider's login still works.
			c = s.client()
			wantStatus(t, c.oidcLogin(op, "anna", "/", nil), http.StatusSeeOther, "a provider login with local passwords off")
			mustContain(t, c.get("/"), "Anna de Vries")
		})
	})
}

// TestOIDCWithoutRoleMap: roles stay with Perspectief's beheerder; only
// existing accounts get in, with their own role.
func TestOIDCWithoutRoleMap(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, op := oidcSite(t, db, nil)
		c := s.client()
		wantStatus(t, c.oidcLogin(op, "lezer", "/", nil), http.StatusSeeOther, "an existing account")
		mustContain(t, c.get("/"), "(Lezer)")
		r := s.client().oidcLogin(op, "anna", "/", nil)
		wantStatus(t, r, http.StatusForbidden, "no account")
		mustContain(t, r, "er is in Perspectief geen account met dat e-mailadres")
		noSession(t, r)
		// The password login stays as it was.
		wantStatus(t, s.client().loginAs("programmateam@demo.perspectief.nl", password), http.StatusSeeOther, "a password login")
		if ev := auditOf(t, db, "login", "programmateam@demo.perspectief.nl"); !strings.Contains(ev.After, `"methode":"wachtwoord"`) {
			t.Errorf("the password login's audit event says %q", ev.After)
		}
	})
}

// TestOIDCWithPasswordsOff: with local passwords off, no page offers or
// takes a password; a beheerder adds an account without one, and its
// holder gets in through the provider.
func TestOIDCWithPasswordsOff(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, op := oidcSite(t, db, nil)
		s.web.Accounts.PasswordsOff = true
		admin := s.client()
		wantStatus(t, admin.oidcLogin(op, "beheer", "/", nil), http.StatusSeeOther, "the beheerder's provider login")

		own := admin.get("/account")
		mustContain(t, own, "U logt in via de identiteitsprovider van uw organisatie")
		mustNotContain(t, own, "Wachtwoord wijzigen", `name="huidig"`)
		r := admin.post("/account/wachtwoord", url.Values{"huidig": {password}, "nieuw": {"een heel nieuw wachtwoord"}, "herhaal": {"een heel nieuw wachtwoord"}})
		wantStatus(t, r, http.StatusForbidden, "a password change with local passwords off")
		mustContain(t, r, "Inloggen met een wachtwoord staat uit")

		users := admin.get("/beheer/gebruikers")
		mustContain(t, users, "Het account krijgt geen wachtwoord")
		mustNotContain(t, users, `name="wachtwoord"`)
		r = admin.post("/beheer/gebruikers", url.Values{"email": {"kantine@gemeente.test"}, "naam": {"K. Kantine"}, "rol": {"lezer"}})
		wantStatus(t, r, http.StatusSeeOther, "adding an account without a password")
		u, err := db.Accounts().UserByEmail(ctx, "kantine@gemeente.test")
		if err != nil {
			t.Fatalf("the new account is not there: %v", err)
		}
		if u.PasswordHash != "" || u.Role != account.RoleReader {
			t.Errorf("new account %+v: want role lezer and no password", u)
		}
		page := admin.get("/beheer/gebruikers/" + strconv.FormatInt(u.ID, 10))
		mustContain(t, page, "wordt gekoppeld bij de eerste keer inloggen")
		mustNotContain(t, page, "Eenmalig wachtwoord instellen")
		r = admin.post("/beheer/gebruikers/"+strconv.FormatInt(u.ID, 10)+"/wachtwoord", url.Values{"wachtwoord": {"een eenmalig wachtwoord"}})
		if r.Status == http.StatusSeeOther {
			t.Errorf("a one-time password was set with local passwords off")
		}
		if u, _ := db.Accounts().UserByEmail(ctx, "kantine@gemeente.test"); u.PasswordHash != "" {
			t.Errorf("the account has a password after the refused one-time password")
		}

		// The holder logs in through the provider; the provider's name
		// replaces the one the beheerder typed.
		c := s.client()
		wantStatus(t, c.oidcLogin(op, "kantine", "/", nil), http.StatusSeeOther, "the new account's provider login")
		mustContain(t, c.get("/"), "Kees Kantine", "(Lezer)")
	})
}

func noSession(t *testing.T, r response) {
	t.Helper()
	for _, c := range r.Cookies {
		if c.Name == "perspectief_sessie" && c.Value != "" {
			t.Errorf("a refused login set a session cookie")
		}
	}
}

// auditOf is the newest audit event of this action on this key.
func auditOf(t *testing.T, db *store.DB, action, key string) account.AuditEvent {
	t.Helper()
	evs, err := db.Accounts().AuditLog(context.Background(), 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Action == action && strings.EqualFold(ev.Key, key) {
			return ev
		}
	}
	t.Fatalf("no audit event %s for %s", action, key)
	return account.AuditEvent{}
}
