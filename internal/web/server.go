// Package web is the core of the browser interface of Perspectief:
// server-rendered pages for the programme team, policy advisers, WIJ
// professionals, ervaringsdeskundigen and council members, working without
// JavaScript. The core holds requests, sessions, CSRF, forms, rendering,
// errors and the layout; each feature's pages live in a package of their own
// (programmeweb, indicatorweb, ...), and package site mounts them all. The
// JSON API is package api.
package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/metrics"
)

// Core is the core of the browser interface: sessions, CSRF, forms,
// errors and the layout. Each feature's pages embed it through Base; package
// site puts them together. The zero values of SecureCookies, Logger, Ping
// and Demo are usable.
type Core struct {
	Accounts      *account.Service
	Ping          func(context.Context) error
	SecureCookies bool
	Logger        *slog.Logger
	Demo          bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client for the login and survey throttles; empty ignores
	// the header.
	TrustedProxies []netip.Prefix
	// OIDC, when set, adds the login through the gemeente's OpenID
	// provider to the login page.
	OIDC *OIDC

	renders renderLimit // headless renderings running per user
}

// Feature is one feature's pages: it adds its routes to the site's mux.
type Feature interface {
	Routes(mux *http.ServeMux)
}

// Handler serves the core's pages (login, health, static files, errors) and
// those of the features (package site mounts them all).
func (s *Core) Handler(features ...Feature) http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /livez", s.livez)
	mux.HandleFunc("GET /static/{file}", serveStatic)

	mux.HandleFunc("GET /toegankelijkheid", s.accessibilityStatement)
	mux.HandleFunc("GET /inloggen", s.loginForm)
	mux.HandleFunc("POST /inloggen", s.login)
	mux.HandleFunc("GET /inloggen/oidc", s.oidcStart)
	mux.HandleFunc("GET "+OIDCCallbackPath, s.oidcReturn)
	mux.Handle("POST /uitloggen", s.Auth(s.logout))

	for _, f := range features {
		f.Routes(mux)
	}

	// Everything else is a Dutch 404 page rather than the mux's English one.
	mux.HandleFunc("/", s.notFound)

	return s.withRequest(metrics.Route(mux))
}

func (s *Core) Log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
