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

// Handler serves the whole site except /api/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /livez", s.livez)
	mux.HandleFunc("GET /static/{file}", serveStatic)

	mux.HandleFunc("GET /inloggen", s.loginForm)
	mux.HandleFunc("POST /inloggen", s.login)
	mux.HandleFunc("GET /wijzer", s.wijzer) // public: no login, nothing stored
	mux.HandleFunc("POST /wijzer", s.wijzer)
	mux.Handle("GET /regelingen", s.Auth(s.regelingen))
	mux.Handle("POST /regelingen", s.Auth(s.regelingLoad))
	mux.Handle("GET /regelingen/{code}/{versie}", s.Auth(s.regeling))
	mux.Handle("GET /regelingen/{code}/{versie}/bestand", s.Auth(s.regelingFile))
	mux.Handle("POST /uitloggen", s.Auth(s.logout))
	// The public survey form: no login; the key in the path is never logged.
	mux.HandleFunc("GET /enquete/bedankt", s.surveyThanks)
	mux.HandleFunc("GET /enquete/{key}", s.publicSurvey)
	mux.HandleFunc("POST /enquete/{key}", s.publicSurvey)

	mux.Handle("GET /{$}", s.Auth(s.overview))
	mux.Handle("GET /lijnen/{code}", s.Auth(s.linePage))
	mux.Handle("GET /doelenboom", s.Auth(s.goalTree))
	mux.Handle("GET /doelen/{code}", s.Auth(s.goalPage))
	mux.Handle("POST /doelen/{code}/opmerkingen", s.Auth(s.commentOnGoal))
	mux.Handle("GET /interventies", s.Auth(s.interventionList))
	mux.Handle("GET /interventies/{code}", s.Auth(s.interventionPage))
	mux.Handle("POST /interventies/{code}/opmerkingen", s.Auth(s.commentOnIntervention))
	mux.Handle("GET /interventies/{code}/canvas", s.Auth(s.canvasForm))
	mux.Handle("POST /interventies/{code}/canvas", s.Auth(s.canvasSave))
	mux.Handle("GET /interventies/{code}/voortgang", s.Auth(s.progressForm))
	mux.Handle("POST /interventies/{code}/voortgang", s.Auth(s.progressSave))
	mux.Handle("GET /begroting", s.Auth(s.budget))
	mux.Handle("GET /trendmonitor", s.Auth(s.trendmonitor))
	mux.Handle("GET /indicatoren", s.Auth(s.indicatorList))
	mux.Handle("GET /indicatoren/kaarten", s.Auth(s.shapesPage))
	mux.Handle("POST /indicatoren/kaarten", s.Auth(s.shapesUpload))
	mux.Handle("GET /indicatoren/{code}", s.Auth(s.indicatorPage))
	mux.Handle("GET /enquetes", s.Auth(s.surveyList))
	mux.Handle("GET /enquetes/nieuw", s.Auth(s.waveForm))
	mux.Handle("POST /enquetes/nieuw", s.Auth(s.waveSave))
	mux.Handle("GET /enquetes/{code}", s.Auth(s.wavePage))
	mux.Handle("GET /enquetes/{code}/bewerken", s.Auth(s.waveForm))
	mux.Handle("POST /enquetes/{code}/bewerken", s.Auth(s.waveSave))
	mux.Handle("POST /enquetes/{code}/publiceren", s.Auth(s.waveAction(s.wavePublish, "gepubliceerd")))
	mux.Handle("POST /enquetes/{code}/sluiten", s.Auth(s.waveAction(s.waveClose, "gesloten")))
	mux.Handle("POST /enquetes/{code}/indicatoren", s.Auth(s.waveAction(s.wavePush, "naar-register")))
	mux.Handle("POST /enquetes/{code}/links", s.Auth(s.waveTokens))
	mux.Handle("POST /enquetes/{code}/import", s.Auth(s.waveImport))
	mux.Handle("GET /enquetes/{code}/qr.svg", s.Auth(s.waveQR))
	mux.Handle("GET /enquetes/{code}/resultaten", s.Auth(s.waveResults))
	mux.Handle("GET /vragenlijsten/inlezen", s.Auth(s.questionnaireUploadForm))
	mux.Handle("POST /vragenlijsten/inlezen", s.Auth(s.questionnaireUpload))
	mux.Handle("GET /vragenlijsten/{code}", s.Auth(s.questionnairePage))
	mux.Handle("GET /leerlogboek", s.Auth(s.learningLog))
	mux.Handle("GET /leerlogboek/nieuw", s.Auth(s.entryForm))
	mux.Handle("POST /leerlogboek/nieuw", s.Auth(s.entrySave))
	mux.Handle("GET /leerlogboek/{id}", s.Auth(s.entryPage))
	mux.Handle("GET /programma/versies", s.Auth(s.versionList))
	mux.Handle("GET /programma/versies/{n}/terugzetten", s.Auth(s.restoreForm))
	mux.Handle("POST /programma/versies/{n}/terugzetten", s.Auth(s.restore))
	mux.Handle("GET /indicatoren/{code}/waarde", s.Auth(s.valueForm))
	mux.Handle("POST /indicatoren/{code}/waarde", s.Auth(s.valueSave))
	mux.Handle("GET /trendmonitor/groepen", s.Auth(s.groupsPage))
	mux.Handle("GET /rapportage", s.Auth(s.reportIndex))
	mux.Handle("GET /rapportage/{jaar}", s.Auth(s.reportPage))
	mux.Handle("GET /rapportage/{jaar}/rapport.html", s.Auth(s.reportDocument("html")))
	mux.Handle("GET /rapportage/{jaar}/rapport.pdf", s.Auth(s.reportDocument("pdf")))
	mux.Handle("GET /rapportage/{jaar}/open-data.zip", s.Auth(s.reportDocument("zip")))
	mux.Handle("POST /rapportage/{jaar}/teksten/{hoofdstuk}", s.Auth(s.narrativeSave))
	mux.Handle("POST /rapportage/{jaar}/dossiers", s.Auth(s.dossierFreeze))
	mux.Handle("GET /rapportage/{jaar}/dossiers/{versie}", s.Auth(s.dossierPage))
	mux.Handle("GET /rapportage/{jaar}/dossiers/{versie}/{bestand}", s.Auth(s.dossierFile))
	mux.Handle("GET /programma/export", s.Auth(s.export))
	mux.Handle("GET /programma/import", s.Auth(s.importForm))
	mux.Handle("POST /programma/import", s.Auth(s.importUpload))
	mux.Handle("GET /tokens", s.Auth(s.tokens))
	mux.Handle("POST /tokens", s.Auth(s.tokenCreate))
	mux.Handle("POST /tokens/{id}/intrekken", s.Auth(s.tokenRevoke))
	mux.Handle("GET /beheer/gebruikers", s.Auth(s.users))
	mux.Handle("POST /beheer/gebruikers", s.Auth(s.userAdd))
	mux.Handle("GET /beheer/gebruikers/{id}", s.Auth(s.userPage))
	mux.Handle("POST /beheer/gebruikers/{id}/rol", s.Auth(s.userAction(s.userRole, "rol")))
	mux.Handle("POST /beheer/gebruikers/{id}/uitschakelen", s.Auth(s.userAction(s.userDisable, "uitgeschakeld")))
	mux.Handle("POST /beheer/gebruikers/{id}/inschakelen", s.Auth(s.userAction(s.userEnable, "ingeschakeld")))
	mux.Handle("POST /beheer/gebruikers/{id}/wachtwoord", s.Auth(s.userAction(s.userPassword, "eenmalig-gezet")))
	mux.Handle("GET /beheer/tokens", s.Auth(s.allTokens))
	mux.Handle("POST /beheer/tokens/{id}/intrekken", s.Auth(s.anyTokenRevoke))
	mux.Handle("GET /beheer/audit", s.Auth(s.audit))
	mux.Handle("GET /account", s.Auth(s.ownAccount))
	mux.Handle("POST /account/wachtwoord", s.Auth(s.ownPassword))
	s.procesmonitorRoutes(mux)
	s.wegingskaderRoutes(mux)

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
