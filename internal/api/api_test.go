package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/api"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// now lies in 2025-T2, so the demo history has a current period with some
// interventions still to report (L1-02 among them).
var now = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

const (
	admin    = account.RoleAdmin
	team     = account.RoleTeam
	leader   = account.RoleProjectLeader
	expert   = account.RoleExpert
	reader   = account.RoleReader
	steer    = account.RoleSteering
	noToken  = account.Role("")
	jsonType = "application/json"
)

type env struct {
	t       *testing.T
	db      *store.DB
	handler http.Handler
	tokens  map[account.Role]string
	accts   *account.Service

	logMu sync.Mutex
	log   bytes.Buffer
}

func (e *env) Write(p []byte) (int, error) {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return e.log.Write(p)
}

func (e *env) logged() string {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return e.log.String()
}

// setup seeds the demo programme and accounts and makes one token per role.
func setup(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if err := demo.SeedWegingskader(ctx, storetest.Demo(db), now); err != nil {
		t.Fatalf("seed wegingskader: %v", err)
	}
	clock := func() time.Time { return now }
	ps := programme.NewService(db.Programmes())
	ps.Now = clock
	as := account.NewService(db.Accounts())
	as.Now = clock
	e := &env{t: t, db: db, tokens: map[account.Role]string{}, accts: as}
	ws := wegingskader.NewService(db.Wegingskader(), ps)
	ws.Now = clock
	h := &api.Handler{Programme: ps, Accounts: as, Logger: slog.New(slog.NewTextHandler(e, nil)), Wegingskader: ws}
	e.handler = h.Routes()
	for _, a := range demo.Accounts {
		secret, _, err := as.CreateToken(ctx, a.Email, "test", "test")
		if err != nil {
			t.Fatalf("token for %s: %v", a.Email, err)
		}
		e.tokens[a.Role] = secret
	}
	return e
}

func (e *env) request(method, path string, role account.Role, contentType string, body []byte) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if role != noToken {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec
}

func (e *env) get(path string, role account.Role) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.request(http.MethodGet, path, role, "", nil)
}

// send marshals body as JSON, or sends it as is when it is a string.
func (e *env) send(method, path string, role account.Role, body any) *httptest.ResponseRecorder {
	e.t.Helper()
	var data []byte
	if s, ok := body.(string); ok {
		data = []byte(s)
	} else {
		var err error
		if data, err = json.Marshal(body); err != nil {
			e.t.Fatal(err)
		}
	}
	return e.request(method, path, role, jsonType, data)
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body: %s", rec.Code, status, rec.Body.String())
	}
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, jsonType) {
		t.Fatalf("Content-Type %q, want JSON; body: %s", ct, rec.Body.String())
	}
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %T: %v; body: %s", v, err, rec.Body.String())
	}
	return v
}

// apiError is a problem document (RFC 9457) as the tests read it. Message
// is its detail; Details lists its invalid-params written "name: reason"
// followed by its details, so that a test can look for a field or a line.
type apiError struct {
	Error problem
}

type problem struct {
	Type          string `json:"type"`
	Title         string `json:"title"`
	Status        int    `json:"status"`
	Detail        string `json:"detail"`
	InvalidParams []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"invalid-params"`
	Code      string   `json:"code"`
	Details   []string `json:"details"`
	RequestID string   `json:"request_id"`
	Message   string   `json:"-"`
}

// wantError checks status and the problem document, and returns it.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) apiError {
	t.Helper()
	wantStatus(t, rec, status)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type %q, want application/problem+json; body: %s", ct, rec.Body.String())
	}
	var p problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("decode problem: %v; body: %s", err, rec.Body.String())
	}
	if p.Code != code || p.Type != "urn:perspectief:probleem:"+code {
		t.Errorf("code %q, type %q, want %q (%s)", p.Code, p.Type, code, rec.Body.String())
	}
	if p.Status != status || p.Title == "" || p.Detail == "" {
		t.Errorf("problem needs status %d, a title and a detail: %s", status, rec.Body.String())
	}
	if p.Details == nil || p.InvalidParams == nil {
		t.Errorf("details and invalid-params must be lists, not null or absent: %s", rec.Body.String())
	}
	if p.RequestID == "" || p.RequestID != rec.Header().Get("X-Request-ID") {
		t.Errorf("request_id %q does not match X-Request-ID %q", p.RequestID, rec.Header().Get("X-Request-ID"))
	}
	p.Message = p.Detail
	var lines []string
	for _, ip := range p.InvalidParams {
		if ip.Name == "" || ip.Reason == "" {
			t.Errorf("invalid-params entry without name or reason: %s", rec.Body.String())
		}
		lines = append(lines, ip.Name+": "+ip.Reason)
	}
	p.Details = append(lines, p.Details...)
	return apiError{Error: p}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()

		// A revoked token must stop working at once.
		secret, tok, err := e.accts.CreateToken(ctx, "programmateam@demo.perspectief.nl", "to revoke", "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens["revoked"] = secret
		if rec := e.get("/api/v1/lines", "revoked"); rec.Code != http.StatusOK {
			t.Fatalf("fresh token refused: %d %s", rec.Code, rec.Body.String())
		}
		if err := db.Accounts().RevokeToken(ctx, tok.UserID, tok.ID, "test"); err != nil {
			t.Fatal(err)
		}

		cases := []struct {
			name, header, challenge string
		}{
			{"no header", "", `Bearer realm="perspectief"`},
			{"wrong scheme", "Basic dXNlcjpwdw==", `error="invalid_request"`},
			{"empty bearer", "Bearer ", `error="invalid_request"`},
			{"bad token", "Bearer psp_notatoken", `error="invalid_token"`},
			{"token without prefix", "Bearer " + strings.TrimPrefix(e.tokens[admin], "psp_"), `error="invalid_token"`},
			{"revoked token", "Bearer " + secret, `error="invalid_token"`},
		}
		for _, c := range cases {
			for _, path := range []string{"/api/v1/programme", "/api/v1/interventions/L1-01", "/api/v1/no-such-path"} {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				if c.header != "" {
					req.Header.Set("Authorization", c.header)
				}
				rec := httptest.NewRecorder()
				e.handler.ServeHTTP(rec, req)
				wantError(t, rec, http.StatusUnauthorized, "unauthorized")
				ch := rec.Header().Get("WWW-Authenticate")
				if !strings.HasPrefix(ch, "Bearer") || !strings.Contains(ch, c.challenge) {
					t.Errorf("%s %s: WWW-Authenticate %q, want it to contain %q", c.name, path, ch, c.challenge)
				}
			}
		}

		// Writes are refused before the body is even looked at.
		req := httptest.NewRequest(http.MethodPost, "/api/v1/interventions/L1-01/progress", strings.NewReader(`{}`))
		req.Header.Set("Content-Type", jsonType)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		wantError(t, rec, http.StatusUnauthorized, "unauthorized")
	})
}

// route is an endpoint the API serves; example is a path that exists in the
// demo programme.
type route struct{ method, path, example string }

var routes = []route{
	{"GET", "/api/openapi.json", "/api/openapi.json"},
	{"GET", "/api/v1/programme", "/api/v1/programme"},
	{"PUT", "/api/v1/programme", "/api/v1/programme"},
	{"GET", "/api/v1/programme/export", "/api/v1/programme/export"},
	{"GET", "/api/v1/goals", "/api/v1/goals"},
	{"GET", "/api/v1/goals/{code}", "/api/v1/goals/O1"},
	{"GET", "/api/v1/goals/{code}/comments", "/api/v1/goals/O1/comments"},
	{"POST", "/api/v1/goals/{code}/comments", "/api/v1/goals/O1/comments"},
	{"GET", "/api/v1/tree", "/api/v1/tree"},
	{"GET", "/api/v1/lines", "/api/v1/lines"},
	{"GET", "/api/v1/interventions", "/api/v1/interventions"},
	{"GET", "/api/v1/interventions/{code}", "/api/v1/interventions/L1-01"},
	{"PUT", "/api/v1/interventions/{code}", "/api/v1/interventions/L1-01"},
	{"PUT", "/api/v1/interventions/{code}/canvas", "/api/v1/interventions/L1-01/canvas"},
	{"PUT", "/api/v1/interventions/{code}/leaders", "/api/v1/interventions/L1-01/leaders"},
	{"GET", "/api/v1/interventions/{code}/results", "/api/v1/interventions/L1-01/results"},
	{"GET", "/api/v1/interventions/{code}/progress", "/api/v1/interventions/L1-01/progress"},
	{"POST", "/api/v1/interventions/{code}/progress", "/api/v1/interventions/L1-01/progress"},
	{"GET", "/api/v1/interventions/{code}/comments", "/api/v1/interventions/L1-01/comments"},
	{"POST", "/api/v1/interventions/{code}/comments", "/api/v1/interventions/L1-01/comments"},
	{"GET", "/api/v1/rollup", "/api/v1/rollup"},
	{"GET", "/api/v1/budget", "/api/v1/budget"},
}

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		SecuritySchemes map[string]struct {
			Type   string `json:"type"`
			Scheme string `json:"scheme"`
		} `json:"securitySchemes"`
	} `json:"components"`
}

// docPath is the path of a served route in the document, relative to its
// server URL /api/v1; servedPath is the reverse.
func docPath(p string) string {
	if p == "/api/openapi.json" {
		return "/openapi.json"
	}
	return strings.TrimPrefix(p, "/api/v1")
}

func servedPath(p string) string {
	if p == "/openapi.json" {
		return "/api/openapi.json"
	}
	return "/api/v1" + p
}

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

func TestOpenAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		rec := e.get("/api/openapi.json", noToken)
		wantStatus(t, rec, http.StatusOK)
		raw := rec.Body.Bytes()
		doc := decode[openAPIDoc](t, rec)
		if !strings.HasPrefix(doc.OpenAPI, "3.") {
			t.Fatalf("openapi version %q, want 3.x", doc.OpenAPI)
		}
		if s := doc.Components.SecuritySchemes["bearerAuth"]; s.Type != "http" || s.Scheme != "bearer" {
			t.Errorf("bearerAuth scheme = %+v, want http bearer", s)
		}

		// Every route served is documented.
		served := map[string]bool{}
		for _, r := range routes {
			served[strings.ToLower(r.method)+" "+r.path] = true
			op, ok := doc.Paths[docPath(r.path)][strings.ToLower(r.method)]
			if !ok {
				t.Errorf("%s %s is served but not in openapi.json", r.method, r.path)
				continue
			}
			var o struct {
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil {
				t.Fatalf("%s %s: %v", r.method, r.path, err)
			}
			if strings.HasPrefix(r.path, "/api/v1/") {
				if _, ok := o.Responses["401"]; !ok {
					t.Errorf("%s %s does not document 401", r.method, r.path)
				}
			}
		}
		// And every documented operation is served: with the admin token and
		// no body, the answer may be anything but "no such path or method".
		examples := map[string]string{}
		for _, r := range routes {
			examples[r.path] = r.example
		}
		for docP, item := range doc.Paths {
			path := servedPath(docP)
			for m := range item {
				if !slices.Contains(httpMethods, m) {
					continue
				}
				if !served[m+" "+path] {
					t.Errorf("%s %s is documented but missing from the test's route list", strings.ToUpper(m), path)
					continue
				}
				rec := e.request(strings.ToUpper(m), examples[path], admin, "", nil)
				if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
					t.Errorf("%s %s is documented but answers %d: %s", strings.ToUpper(m), examples[path], rec.Code, rec.Body.String())
				}
			}
		}

		// Every $ref points at something that exists.
		var whole map[string]any
		if err := json.Unmarshal(raw, &whole); err != nil {
			t.Fatal(err)
		}
		for _, ref := range regexp.MustCompile(`"\$ref":\s*"#/([^"]+)"`).FindAllStringSubmatch(string(raw), -1) {
			var node any = whole
			for _, part := range strings.Split(ref[1], "/") {
				m, _ := node.(map[string]any)
				node = m[part]
			}
			if node == nil {
				t.Errorf("dangling $ref #/%s", ref[1])
			}
		}
	})
}

func TestMethodNotAllowedAndNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		rec := e.request(http.MethodDelete, "/api/v1/goals", admin, "", nil)
		wantError(t, rec, http.StatusMethodNotAllowed, "invalid")
		if allow := rec.Header().Get("Allow"); allow != "GET" {
			t.Errorf("Allow %q, want GET", allow)
		}
		rec = e.request(http.MethodPost, "/api/openapi.json", noToken, "", nil)
		wantStatus(t, rec, http.StatusMethodNotAllowed)
		wantError(t, e.get("/api/v1/nothing", admin), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/nothing", noToken), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/interventions/L9-99", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/goals/NOPE", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/interventions?lijn=L9", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/tree?lijn=L9", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/interventions/L9-99/progress", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/goals/NOPE/comments", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/rollup?periode=2025-T4", reader), http.StatusBadRequest, "invalid")
		wantError(t, e.get("/api/v1/goals?niveau=hoog", reader), http.StatusBadRequest, "invalid")
	})
}

// TestInternalError closes the database under the handler: the client gets
// a generic message with a request id, and the log gets the cause.
func TestInternalError(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		// Resolve the token first by a good request, then break the store.
		wantStatus(t, e.get("/api/v1/lines", reader), http.StatusOK)
		db.Close()
		rec := e.get("/api/v1/lines", reader)
		// The token lookup already fails, so the error comes from there;
		// either way it must be a generic 500.
		body := wantError(t, rec, http.StatusInternalServerError, "internal")
		if strings.Contains(strings.ToLower(body.Error.Message), "sql") || !strings.Contains(body.Error.Message, body.Error.RequestID) {
			t.Errorf("message %q should be generic and name the request id", body.Error.Message)
		}
		if len(body.Error.Details) != 0 {
			t.Errorf("internal error shows details: %v", body.Error.Details)
		}
		if log := e.logged(); !strings.Contains(log, body.Error.RequestID) || !strings.Contains(log, "api request failed") {
			t.Errorf("log lacks the request id %s: %s", body.Error.RequestID, log)
		}
	})
}
