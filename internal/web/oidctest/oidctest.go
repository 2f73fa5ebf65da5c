// Package oidctest starts a real OpenID provider for tests: the example
// server of github.com/zitadel/oidc/v3 (an OpenID Certified library), in the
// test's process on a free port, with the test's users, its own signing
// key and login page, and a "groups" claim in the userinfo answer. Only
// tests import it.
package oidctest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"golang.org/x/text/language"
)

// User is an account at the provider.
type User struct {
	ID, Username, Password string
	Email                  string
	EmailVerified          bool
	Name                   string
	Groups                 []string // the "groups" claim; nil sends none
}

// Provider is a running OpenID provider.
type Provider struct {
	Issuer  string // http://127.0.0.1:PORT/
	srv     *httptest.Server
	clients map[string]*storage.Client
}

// Start runs a provider with these users until the test ends.
func Start(t testing.TB, users ...User) *Provider {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String() + "/"
	byID := userStore{}
	groups := map[string][]string{}
	for _, u := range users {
		byID[u.ID] = &storage.User{ID: u.ID, Username: u.Username, Password: u.Password, FirstName: u.Name,
			Email: u.Email, EmailVerified: u.EmailVerified, PreferredLanguage: language.Dutch}
		groups[u.ID] = u.Groups
	}
	p := &Provider{Issuer: issuer, srv: srv, clients: map[string]*storage.Client{}}
	st := &withGroups{Storage: storage.NewStorageWithClients(byID, p.clients), groups: groups}
	srv.Config.Handler = exampleop.SetupServer(issuer, st, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	srv.Start()
	t.Cleanup(srv.Close)
	return p
}

// AddClient registers a confidential web client (client secret over HTTP
// Basic) with one redirect URI. Call it before the client's first request.
func (p *Provider) AddClient(id, secret, redirectURI string) {
	p.clients[id] = storage.WebClient(id, secret, redirectURI)
}

// Login plays the user at the provider: it follows authURL (the
// authorization request a relying party redirected to) to the provider's
// login page, submits username and password there, and returns the URL the
// provider then sends the browser to, outside the provider (the relying
// party's redirect URI with code and state). The client's cookie jar is
// used and kept; its redirect policy is not.
func (p *Provider) Login(t testing.TB, c *http.Client, authURL, username, password string) *url.URL {
	t.Helper()
	op, _ := url.Parse(p.Issuer)
	var left *url.URL
	b := &http.Client{Jar: c.Jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if r.URL.Host != op.Host {
			left = r.URL
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := b.Get(authURL)
	if err != nil {
		t.Fatalf("provider: GET %s: %v", authURL, err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id := resp.Request.URL.Query().Get("authRequestID")
	if left != nil || resp.StatusCode != http.StatusOK || id == "" {
		t.Fatalf("provider: the authorization request did not lead to its login page: status %d at %s (left to %v)\n%s", resp.StatusCode, resp.Request.URL, left, page)
	}
	resp, err = b.PostForm(p.Issuer+"login/username", url.Values{"id": {id}, "username": {username}, "password": {password}})
	if err != nil {
		t.Fatalf("provider: log in: %v", err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if left == nil {
		t.Fatalf("provider: logging in as %s did not send the browser back: status %d at %s\n%s", username, resp.StatusCode, resp.Request.URL, page)
	}
	return left
}

// Close stops the provider before the test ends.
func (p *Provider) Close() { p.srv.Close() }

type userStore map[string]*storage.User

func (u userStore) GetUserByID(id string) *storage.User { return u[id] }
func (u userStore) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if strings.EqualFold(x.Username, name) {
			return x
		}
	}
	return nil
}
func (userStore) ExampleClientID() string { return "service" }

// withGroups adds the "groups" claim of the user to the userinfo answer,
// as a provider configured with a group mapper does.
type withGroups struct {
	*storage.Storage
	groups map[string][]string
}

func (s *withGroups) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	if g := s.groups[ui.Subject]; g != nil {
		ui.AppendClaims("groups", g)
	}
	return nil
}
