package web

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// OIDC is the login through the gemeente's own OpenID provider: the
// authorization code flow with PKCE (S256), state and nonce, the ID token
// verified against the provider's published keys (package go-oidc), and the
// session afterwards the same as a password login's.
type OIDC struct {
	// Name is the organisation on the button: "Inloggen met {Name}".
	Name string
	// RoleClaim names the claim with the user's groups or roles (a dotted
	// path for nested claims, e.g. realm_access.roles); RoleMap maps its
	// values to roles. A nil RoleMap leaves roles to Perspectief's beheerder.
	RoleClaim string
	RoleMap   account.RoleMap
	// PublicURL is where browsers reach Perspectief (https://host, no
	// trailing slash): the provider sends users back to
	// PublicURL/inloggen/oidc/terug.
	PublicURL string

	clientID, secret string
	provider         *oidc.Provider
	verifier         *oidc.IDTokenVerifier
	endSession       string
	client           *http.Client
}

// OIDCConfig is what an operator configures.
type OIDCConfig struct {
	Issuer, ClientID, ClientSecret string
	Name, RoleClaim, PublicURL     string
	RoleMap                        account.RoleMap
	// Client talks to the provider; nil uses a client with a 10 second
	// timeout.
	Client *http.Client
}

// OIDCCallbackPath is the redirect URI's path, to register at the provider.
const OIDCCallbackPath = "/inloggen/oidc/terug"

const (
	oidcCookie     = "perspectief_oidc"
	oidcCookieLife = 10 * time.Minute
)

// NewOIDC reads the provider's discovery document (issuer/.well-known/
// openid-configuration), which must name the issuer exactly as given.
func NewOIDC(ctx context.Context, c OIDCConfig) (*OIDC, error) {
	client := c.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, client), c.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OpenID provider %s: %w", c.Issuer, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, fmt.Errorf("OpenID provider %s: discovery document: %w", c.Issuer, err)
	}
	name := strings.TrimSpace(c.Name)
	if name == "" {
		name = "uw organisatie"
	}
	return &OIDC{Name: name, RoleClaim: c.RoleClaim, RoleMap: c.RoleMap, PublicURL: strings.TrimRight(c.PublicURL, "/"),
		clientID: c.ClientID, secret: c.ClientSecret, provider: p, client: client, endSession: meta.EndSession,
		verifier: p.Verifier(&oidc.Config{ClientID: c.ClientID})}, nil
}

func (o *OIDC) oauth() *oauth2.Config {
	return &oauth2.Config{ClientID: o.clientID, ClientSecret: o.secret, Endpoint: o.provider.Endpoint(),
		RedirectURL: o.PublicURL + OIDCCallbackPath, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// flow is what the browser keeps between leaving for the provider and
// coming back: the state, the nonce, the PKCE verifier and where to go
// afterwards, in a cookie only /inloggen/oidc sees. Nothing is kept in the
// server's memory, so any instance can finish a flow another one began.
type flow struct{ State, Nonce, Verifier, Back string }

func (f flow) encode() string {
	return f.State + "." + f.Nonce + "." + f.Verifier + "." + base64.RawURLEncoding.EncodeToString([]byte(f.Back))
}

func decodeFlow(s string) (flow, bool) {
	p := strings.Split(s, ".")
	if len(p) != 4 || p[0] == "" || p[1] == "" || p[2] == "" {
		return flow{}, false
	}
	back, err := base64.RawURLEncoding.DecodeString(p[3])
	if err != nil {
		return flow{}, false
	}
	return flow{State: p[0], Nonce: p[1], Verifier: p[2], Back: localPath(string(back))}, true
}

// oidcStart sends the browser to the provider. It is a link (GET), not a
// form: the Content-Security-Policy's form-action 'self' also covers the
// redirects after a form is sent, so a POST could not lead to the provider
// (nor through its own hosts, as federated providers do). Starting a login
// on its own does nothing: the provider still asks who is there, and the
// state ties the way back to this browser.
func (s *Core) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.OIDC == nil {
		s.notFound(w, r)
		return
	}
	state, _ := account.NewSecret()
	nonce, _ := account.NewSecret()
	f := flow{State: state, Nonce: nonce, Verifier: oauth2.GenerateVerifier(), Back: localPath(r.URL.Query().Get("terug"))}
	s.SetCookie(w, r, oidcCookie, f.encode(), "/inloggen/oidc", oidcCookieLife)
	http.Redirect(w, r, s.OIDC.oauth().AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusSeeOther)
}

// oidcReturn finishes the login when the provider sends the browser back.
func (s *Core) oidcReturn(w http.ResponseWriter, r *http.Request) {
	o := s.OIDC
	if o == nil {
		s.notFound(w, r)
		return
	}
	rc := RequestInfo(r)
	q := r.URL.Query()
	c, cerr := r.Cookie(oidcCookie)
	s.SetCookie(w, r, oidcCookie, "", "/inloggen/oidc", -1) // one try per flow
	refuse := func(status int, msg string) { s.showLogin(w, r, status, loginView{Error: msg}) }
	var f flow
	ok := cerr == nil
	if ok {
		f, ok = decodeFlow(c.Value)
	}
	if !ok || !SameToken(q.Get("state"), f.State) {
		refuse(http.StatusBadRequest, "Het inloggen kon niet worden afgerond: het antwoord van de identiteitsprovider hoort niet bij een aanmelding die in deze browser begon, of die aanmelding is verlopen. Probeer het opnieuw.")
		return
	}
	if e := q.Get("error"); e != "" {
		// The provider's words are logged, not shown: the page says only
		// what the user can act on.
		s.Log().Warn("oidc provider refused the login", "request_id", rc.ID, "error", clip(e, 100), "description", clip(q.Get("error_description"), 300))
		msg := o.Name + " heeft het inloggen niet afgerond. Probeer het opnieuw; lukt het niet, neem dan contact op met de beheerder."
		if e == "access_denied" {
			msg = o.Name + " heeft het inloggen geweigerd of u hebt het afgebroken. Neem contact op met de beheerder als u toegang tot Perspectief nodig hebt."
		}
		refuse(http.StatusUnauthorized, msg)
		return
	}
	ctx := oidc.ClientContext(r.Context(), o.client)
	id, err := o.identity(ctx, q.Get("code"), f)
	if err != nil {
		s.Log().Warn("oidc login refused", "request_id", rc.ID, "err", err)
		refuse(http.StatusUnauthorized, "Het inloggen via "+o.Name+" is niet gelukt: het antwoord van de identiteitsprovider kon niet worden gecontroleerd. Probeer het opnieuw.")
		return
	}
	secret, sess, err := s.Accounts.FederatedLogin(r.Context(), id, o.RoleMap)
	if err != nil {
		switch perspectief.ErrorCode(err) {
		case perspectief.CodeUnauthorized:
			refuse(http.StatusUnauthorized, perspectief.ErrorMessage(err))
		case perspectief.CodeForbidden:
			refuse(http.StatusForbidden, perspectief.ErrorMessage(err))
		default:
			s.Fail(w, r, err)
		}
		return
	}
	s.SetCookie(w, r, sessionCookie, secret, "/", sess.ExpiresAt.Sub(sess.CreatedAt))
	s.SetCookie(w, r, loginCSRFCookie, "", "/inloggen", -1)
	http.Redirect(w, r, s.landing(r.Context(), sess, f.Back), http.StatusSeeOther)
}

// identity redeems the code with the PKCE verifier, verifies the ID token
// (signature, issuer, audience, expiry), its nonce and, when present, its
// at_hash, and reads the claims, from the userinfo endpoint too when the
// token lacks the e-mail address or the role claim.
func (o *OIDC) identity(ctx context.Context, code string, f flow) (account.Identity, error) {
	if code == "" {
		return account.Identity{}, errors.New("no code in the redirect")
	}
	tok, err := o.oauth().Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return account.Identity{}, fmt.Errorf("code exchange: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return account.Identity{}, errors.New("the token response has no id_token")
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return account.Identity{}, fmt.Errorf("id token: %w", err)
	}
	if !SameToken(idt.Nonce, f.Nonce) {
		return account.Identity{}, errors.New("id token: the nonce does not match the one this browser was sent with")
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return account.Identity{}, fmt.Errorf("id token: %w", err)
		}
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return account.Identity{}, fmt.Errorf("id token claims: %w", err)
	}
	if claims["email"] == nil || (o.RoleClaim != "" && claimPath(claims, o.RoleClaim) == nil) {
		// Without a userinfo endpoint, or when it fails, the token's claims
		// are all there is; what is missing refuses the login further on.
		if ui, err := o.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			if ui.Subject != idt.Subject {
				return account.Identity{}, fmt.Errorf("userinfo is about subject %q, the id token about %q", ui.Subject, idt.Subject)
			}
			more := map[string]any{}
			if err := ui.Claims(&more); err != nil {
				return account.Identity{}, fmt.Errorf("userinfo claims: %w", err)
			}
			for k, v := range more {
				if _, ok := claims[k]; !ok {
					claims[k] = v
				}
			}
		}
	}
	name, _ := claims["name"].(string)
	if name == "" {
		name, _ = claims["preferred_username"].(string)
	}
	email, _ := claims["email"].(string)
	// email_verified is the standard claim; Entra ID sends none, but
	// xms_edov ("e-mail domain owner verified") when configured.
	verified := truth(claims["email_verified"]) || truth(claims["xms_edov"])
	return account.Identity{Issuer: idt.Issuer, Subject: idt.Subject, Email: email, EmailVerified: verified, Name: name,
		Groups: claimValues(claimPath(claims, o.RoleClaim))}, nil
}

// claimPath finds a claim by its name or dotted path (realm_access.roles).
func claimPath(claims map[string]any, path string) any {
	if path == "" {
		return nil
	}
	if v, ok := claims[path]; ok {
		return v
	}
	var cur any = claims
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

// claimValues reads a claim that is one string or a list of strings.
func claimValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// truth reads a boolean claim, which some providers send as a string.
func truth(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// endSessionURL is where logging out of a provider login goes: the
// provider's end-session endpoint (RP-initiated logout) when it offers one,
// which sends the browser back to the login page.
func (o *OIDC) endSessionURL() string {
	if o == nil || o.endSession == "" {
		return ""
	}
	u, err := url.Parse(o.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("client_id", o.clientID)
	q.Set("post_logout_redirect_uri", o.PublicURL+"/inloggen?melding=uitgelogd")
	u.RawQuery = q.Encode()
	return u.String()
}
