// Package web is the browser interface of Perspectief: server-rendered pages
// for the programme team, policy advisers, WIJ professionals,
// ervaringsdeskundigen and council members. It works without JavaScript and
// leaves the JSON API to package api.
package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/metrics"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/survey"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// Server holds what the pages need. The zero values of SecureCookies, Logger,
// Ping and Demo are usable.
type Server struct {
	Programme     *programme.Service
	Accounts      *account.Service
	Ping          func(context.Context) error
	SecureCookies bool
	Logger        *slog.Logger
	Demo          bool
	// Rules gives the rule set of the voorzieningenwijzer: the public
	// resident check at /wijzer and the rule versions under /regelingen;
	// nil makes /wijzer say the check is not available.
	Rules *eligibility.Service
	// Now gives the day the rules are applied for; nil means WijzerNow.
	Now func() time.Time
	// Indicators holds the indicator register and values, the trendmonitor's
	// results (its Trend; nil means none are stored and /trendmonitor says
	// how to add them) and the rules for changing them; nil shows an empty
	// register.
	Indicators *indicator.Service
	// Surveys runs the experience surveys; nil leaves them out.
	Surveys *survey.Service
	// Learning is the learning log; nil leaves it out.
	Learning *learning.Service
	// PublicURL is where residents reach the site (https://host), for the
	// survey links and QR codes; empty uses the address of the request.
	PublicURL string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client for the login and survey throttles; empty ignores
	// the header.
	TrustedProxies []netip.Prefix
	// Procesmonitor holds spending, commitments and milestones; nil answers
	// its pages with "not available".
	Procesmonitor *procesmonitor.Service
	// Shapes holds imported area outlines; nil draws the shipped wijken
	// (and buurten generated inside them) only.
	Shapes geo.Reader
	// Wegingskader runs the assessment rounds; nil makes /wegingskader say
	// it is not available.
	Wegingskader *wk.Service
	// Reports makes the yearly progress report; nil makes /rapportage say
	// it is not available.
	Reports *report.Service

	renders renderLimit // headless renderings running per user
}

// Feature is one feature's pages: it adds its routes to the site's mux.
type Feature interface {
	Routes(mux *http.ServeMux)
}

// Handler serves the core's pages (login, health, static files, errors) and
// those of the features (package site mounts them all).
func (s *Server) Handler(features ...Feature) http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /livez", s.livez)
	mux.HandleFunc("GET /static/{file}", serveStatic)

	mux.HandleFunc("GET /inloggen", s.loginForm)
	mux.HandleFunc("POST /inloggen", s.login)
	mux.Handle("POST /uitloggen", s.Auth(s.logout))
	s.programmeRoutes(mux)
	s.indicatorRoutes(mux)
	s.surveyRoutes(mux)
	s.wijzerRoutes(mux)
	s.reportRoutes(mux)
	s.beheerRoutes(mux)
	s.procesmonitorRoutes(mux)
	s.wegingskaderRoutes(mux)

	for _, f := range features {
		f.Routes(mux)
	}

	// Everything else is a Dutch 404 page rather than the mux's English one.
	mux.HandleFunc("/", s.notFound)

	return s.withRequest(metrics.Route(mux))
}

func (s *Server) Log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
