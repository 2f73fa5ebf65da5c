// Package site puts the web core and every feature's pages together into
// the one handler that serves the browser interface.
package site

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/perspectief/perspectief/internal/web/beheerweb"
	"github.com/perspectief/perspectief/internal/web/indicatorweb"
	"github.com/perspectief/perspectief/internal/web/learningweb"
	"github.com/perspectief/perspectief/internal/web/procesmonitorweb"
	"github.com/perspectief/perspectief/internal/web/programmeweb"
	"github.com/perspectief/perspectief/internal/web/reportweb"
	"github.com/perspectief/perspectief/internal/web/surveyweb"
	"github.com/perspectief/perspectief/internal/web/wegingskaderweb"
	"github.com/perspectief/perspectief/internal/web/wijzerweb"
	wk "github.com/perspectief/perspectief/internal/wegingskader"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/survey"
	"github.com/perspectief/perspectief/internal/web"
)

// Server holds the services every page needs; all of them are required.
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
	// Now gives the day the rules are applied for; nil means the clock.
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
	// Tertials makes the tertial reports for the regiegroep; nil makes
	// /tertiaalrapportage say it is not available.
	Tertials *report.TertialService
	// OIDC, when set, lets staff log in through the gemeente's OpenID
	// provider.
	OIDC *web.OIDC
	// Reminders lists the reminders due (and whether they went out) at
	// /herinneringen; without a Sender it only lists them.
	Reminders *reminder.Service
}

// Handler serves the whole site except /api/. Every service must be set.
func (s *Server) Handler() http.Handler {
	core := &web.Core{Accounts: s.Accounts, Ping: s.Ping, SecureCookies: s.SecureCookies, Logger: s.Logger,
		Demo: s.Demo, TrustedProxies: s.TrustedProxies, OIDC: s.OIDC}
	now := s.Now
	if now == nil {
		now = time.Now
	}
	base := func(t web.Templates) web.Base { return web.Base{Core: core, Templates: t} }
	learn := &learningweb.Pages{Base: base(learningweb.Templates), Learning: s.Learning, Programme: s.Programme, Indicators: s.Indicators}
	if s.Wegingskader != nil {
		learn.Rounds = s.Wegingskader
	}
	return core.Handler(
		&programmeweb.Pages{Base: base(programmeweb.Templates), Programme: s.Programme, Indicators: s.Indicators, Procesmonitor: s.Procesmonitor, Reminders: s.Reminders},
		&indicatorweb.Pages{Base: base(indicatorweb.Templates), Indicators: s.Indicators, Shapes: s.Shapes, Programme: s.Programme},
		&procesmonitorweb.Pages{Base: base(procesmonitorweb.Templates), Procesmonitor: s.Procesmonitor, Programme: s.Programme},
		&wegingskaderweb.Pages{Base: base(wegingskaderweb.Templates), Wegingskader: s.Wegingskader, Programme: s.Programme},
		&surveyweb.Pages{Base: base(surveyweb.Templates), Surveys: s.Surveys, Programme: s.Programme, Indicators: s.Indicators, PublicURL: s.PublicURL},
		learn,
		&wijzerweb.Pages{Base: base(wijzerweb.Templates), Rules: s.Rules, Now: now},
		&reportweb.Pages{Base: base(reportweb.Templates), Reports: s.Reports, Tertials: s.Tertials},
		&beheerweb.Pages{Base: base(beheerweb.Templates)},
	)
}
