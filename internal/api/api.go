// Package api is the JSON API of Perspectief under /api/: the programme model,
// the doelenboom, interventions with their canvas and progress, the roll-up,
// comments and the budget. Every call under /api/v1/ is made on behalf of the
// owner of an API token, with exactly the rights of that owner's role; the
// rules themselves live in the programme and account packages.
package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/metrics"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/survey"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// Handler serves the API. Logger may be nil (slog.Default is used).
type Handler struct {
	Programme *programme.Service
	Accounts  *account.Service
	Logger    *slog.Logger
	// Indicators holds the indicator register and values; nil answers the
	// indicator endpoints with 503.
	Indicators indicator.Reader
	// Surveys and Learning serve the survey and learning log endpoints;
	// nil answers them with 503.
	Surveys  *survey.Service
	Learning *learning.Service
	// Procesmonitor holds spending, commitments and milestones; nil answers
	// its endpoints with 503.
	Procesmonitor *procesmonitor.Service
	// Wegingskader runs the assessment rounds; nil answers its endpoints
	// with 503.
	Wegingskader *wk.Service
	// Tertials makes and keeps the tertial reports for the regiegroep; nil
	// answers their endpoints with 503.
	Tertials *report.TertialService
	// Contact replaces the OpenAPI document's info.contact; nil keeps the
	// project's.
	Contact *Contact

	doc document
}

// apiFunc is an authenticated endpoint. Returning an error instead of writing
// one keeps the mapping from domain codes to statuses in a single place.
type apiFunc func(w http.ResponseWriter, r *http.Request, u *account.User) error

type route struct {
	pattern string
	fn      apiFunc
}

// routes lists every authenticated endpoint; openapi.json must describe each
// of them (the tests hold both to that).
func (h *Handler) routes() []route {
	return append([]route{
		{"GET /api/v1/programme", h.getProgramme},
		{"PUT /api/v1/programme", h.putProgramme},
		{"GET /api/v1/programme/export", h.exportProgramme},

		{"GET /api/v1/goals", h.listGoals},
		{"GET /api/v1/goals/{code}", h.getGoal},
		{"PUT /api/v1/goals/{code}", h.putGoal},
		{"GET /api/v1/goals/{code}/comments", h.listComments(kindGoal)},
		{"POST /api/v1/goals/{code}/comments", h.addComment(kindGoal)},

		{"GET /api/v1/tree", h.getTree},
		{"GET /api/v1/lines", h.listLines},

		{"GET /api/v1/interventions", h.listInterventions},
		{"GET /api/v1/interventions/{code}", h.getIntervention},
		{"PUT /api/v1/interventions/{code}", h.putIntervention},
		{"PUT /api/v1/interventions/{code}/canvas", h.putCanvas},
		{"PUT /api/v1/interventions/{code}/leaders", h.putLeaders},
		{"GET /api/v1/interventions/{code}/results", h.getResultVerdicts},
		{"GET /api/v1/interventions/{code}/progress", h.listProgress},
		{"POST /api/v1/interventions/{code}/progress", h.addProgress},
		{"GET /api/v1/interventions/{code}/comments", h.listComments(kindIntervention)},
		{"POST /api/v1/interventions/{code}/comments", h.addComment(kindIntervention)},

		{"GET /api/v1/rollup", h.getRollup},
		{"GET /api/v1/budget", h.getBudget},
		{"POST /api/v1/budget/{table}/rows", h.addBudgetRow},
		{"PUT /api/v1/budget/{table}/rows/{n}", h.putBudgetRow},

		{"GET /api/v1/indicators", h.listIndicators},
		{"POST /api/v1/indicators", h.changeIndicator(true)},
		{"GET /api/v1/indicators/{code}", h.getIndicator},
		{"PUT /api/v1/indicators/{code}", h.changeIndicator(false)},
		{"GET /api/v1/indicators/{code}/values", h.listIndicatorValues},
		{"POST /api/v1/indicator-values", h.importIndicatorValues},
		{"POST /api/v1/trend-runs", h.importTrendRun},

		{"GET /api/v1/programme/versions", h.listVersions},
		{"GET /api/v1/programme/versions/{n}", h.getVersion},
		{"GET /api/v1/learning", h.listEntries},
		{"POST /api/v1/learning", h.addEntry},
		{"GET /api/v1/learning/{id}", h.getEntry},
		{"GET /api/v1/surveys", h.listSurveys},
		{"GET /api/v1/surveys/{code}/results", h.getSurveyResults},
		{"POST /api/v1/surveys/{code}/responses", h.importResponses},
	}, slices.Concat(h.procesmonitorRoutes(), h.wegingskaderRoutes(), h.registerRoutes(), h.tertialRoutes())...)
}

// Routes returns the handler for every path under /api/.
func (h *Handler) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/openapi.json", h.openAPI)
	mux.HandleFunc("GET /api/v1/openapi.json", h.openAPI)
	for _, rt := range h.routes() {
		mux.Handle(rt.pattern, h.authed(rt.fn))
	}
	mux.Handle("/api/", h.unmatched(mux))
	return h.wrap(metrics.Route(mux))
}

type ctxKey int

const requestIDKey ctxKey = 0

// wrap gives every request an id (echoed in X-Request-ID and in error bodies,
// so a user's report can be matched to the log) and turns panics into the
// same JSON 500 as any other internal error.
func (h *Handler) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		w.Header().Set("X-Request-ID", id)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("API-Version", apiVersion)
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			gz := &gzipWriter{ResponseWriter: w}
			defer gz.close()
			w = gz
		}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.logger().ErrorContext(r.Context(), "api handler panicked",
					"request_id", id, "method", r.Method, "path", r.URL.Path, "panic", v)
				// If the handler had already written, this adds nothing the
				// client can parse, but the log line above is what matters.
				writeProblem(w, http.StatusInternalServerError, &perspectief.Error{Code: perspectief.CodeInternal, Message: internalMessage(id)}, id)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default()
}

// authed resolves the bearer token before the endpoint runs.
func (h *Handler) authed(fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := h.authenticate(w, r)
		if err == nil {
			// Answers carry data that depends on the token's owner and on
			// the moment; no cache in between should keep them.
			w.Header().Set("Cache-Control", "no-store")
			err = fn(w, r, u)
		}
		if err != nil {
			h.fail(w, r, err)
		}
	})
}

// authenticate reads "Authorization: Bearer TOKEN". The WWW-Authenticate
// header follows RFC 6750: a bare challenge when no token was sent, and
// error="invalid_token" when one was sent but refused.
func (h *Handler) authenticate(w http.ResponseWriter, r *http.Request) (*account.User, error) {
	const challenge = `Bearer realm="perspectief"`
	header := r.Header.Get("Authorization")
	if header == "" {
		w.Header().Set("WWW-Authenticate", challenge)
		return nil, &perspectief.Error{
			Code:    perspectief.CodeUnauthorized,
			Message: "Er is geen API-token meegestuurd.",
			Details: []string{"stuur de kop Authorization: Bearer TOKEN; een token maakt u op de pagina /tokens of met perspectief token maken"},
		}
	}
	scheme, token, _ := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", challenge+`, error="invalid_request"`)
		return nil, &perspectief.Error{
			Code:    perspectief.CodeUnauthorized,
			Message: "De kop Authorization heeft niet de vorm Bearer TOKEN.",
			Details: []string{"stuur de kop Authorization: Bearer TOKEN"},
		}
	}
	u, err := h.Accounts.TokenUser(r.Context(), token)
	if err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeUnauthorized {
			w.Header().Set("WWW-Authenticate", challenge+`, error="invalid_token"`)
		}
		return nil, err
	}
	return u, nil
}

// unmatched answers every /api/ request that no endpoint takes, in the same
// JSON form as other errors. A path that exists for another method gets 405
// with an Allow header rather than 404, as the plain ServeMux would do.
func (h *Handler) unmatched(mux *http.ServeMux) http.Handler {
	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Under /api/v1/ even a wrong path needs a token, so that the API
		// does not tell strangers which paths exist.
		if strings.HasPrefix(r.URL.Path, "/api/v1/") {
			if _, err := h.authenticate(w, r); err != nil {
				h.fail(w, r, err)
				return
			}
		}
		var allow []string
		for _, m := range methods {
			if m == r.Method {
				continue
			}
			probe := r.WithContext(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			h.fail(w, r, requestError(http.StatusMethodNotAllowed,
				"Methode %s is niet toegestaan op %s; toegestaan: %s.", r.Method, r.URL.Path, strings.Join(allow, ", ")))
			return
		}
		h.fail(w, r, perspectief.Errorf(perspectief.CodeNotFound, "Het pad %s bestaat niet in de API; zie /api/openapi.json.", r.URL.Path))
	})
}
