package web_test

import (
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/survey"
	website "github.com/perspectief/perspectief/internal/web/site"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/web"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// now is fixed so that the current period is 2025-T2 in every test.
var now = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

const password = demo.Password

// Demo accounts by role.
var (
	admin   = "beheerder@demo.perspectief.nl"
	team    = "programmateam@demo.perspectief.nl"
	leader  = "projectleider@demo.perspectief.nl"
	expert  = "ervaringsdeskundige@demo.perspectief.nl"
	reader  = "lezer@demo.perspectief.nl"
	steer   = "regiegroep@demo.perspectief.nl"
	byRole  = map[account.Role]string{account.RoleAdmin: admin, account.RoleTeam: team, account.RoleProjectLeader: leader, account.RoleExpert: expert, account.RoleReader: reader, account.RoleSteering: steer}
	csrfRef = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

type site struct {
	t   *testing.T
	db  *store.DB
	srv *httptest.Server
	web *website.Server
}

// newSite seeds the demo programme into db and serves the site as cmd
// would, every service wired and on the test's clock: the pages wrapped in
// the security headers. opts may change the wiring before the site starts.
func newSite(t *testing.T, db *store.DB, opts ...func(*website.Server)) *site {
	t.Helper()
	ctx := context.Background()
	if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
		t.Fatalf("seed: %v", err)
	}
	clock := func() time.Time { return now }
	ps := programme.NewService(db.Programmes())
	ps.Now = clock
	as := account.NewService(db.Accounts())
	as.Now = clock
	rules := eligibility.NewService(db.Rules(), eligibility.MustDefault())
	if _, err := rules.Sync(ctx); err != nil {
		t.Fatalf("sync rules: %v", err)
	}
	ws := wegingskader.NewService(db.Wegingskader(), ps)
	ws.Now = clock
	inds := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
	rs := report.NewService(report.Sources{Programme: db.Programmes(), Indicators: inds, TrendRuns: db.Trends()}, db.Reports())
	rs.Now = clock
	ss := survey.NewService(db.Surveys(), db.Programmes(), db.Indicators())
	ss.Now = clock
	ls := learning.NewService(db.Learning(), db.Programmes())
	ls.Now = clock
	ls.Rounds = ws.RoundExists
	pm := procesmonitor.NewService(db.Procesmonitor(), ps)
	pm.Now = clock
	w := &website.Server{Programme: ps, Accounts: as, Ping: db.Ping, Demo: true, Rules: rules, Now: clock,
		Wegingskader: ws, Reports: rs, Indicators: inds, Shapes: db.Shapes(), Surveys: ss, Learning: ls, Procesmonitor: pm}
	w.Tertials = report.NewTertialService(report.TertialSources{Programme: db.Programmes(), Indicators: inds, Procesmonitor: pm, Users: db.Accounts().Users}, db.Reports())
	w.Tertials.Now = clock
	w.Reminders = &reminder.Service{Programme: ps, Users: db.Accounts().Users, Store: db.Reminders(), Settings: reminder.DefaultSettings(), Now: clock,
		Tertials: db.Reports().FrozenTertials}
	for _, o := range opts {
		o(w)
	}
	srv := httptest.NewServer(web.SecurityHeaders(w.Handler(), false))
	t.Cleanup(srv.Close)
	return &site{t: t, db: db, srv: srv, web: w}
}

type client struct {
	t    *testing.T
	site *site
	http *http.Client
	csrf string
}

type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
	Cookies  []*http.Cookie
}

// client returns a browser without a login. It does not follow redirects,
// so tests see the 303 a form answers with.
func (s *site) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: s.t, site: s, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// login returns a browser logged in as email.
func (s *site) login(email string) *client {
	s.t.Helper()
	c := s.client()
	r := c.loginAs(email, password)
	if r.Status != http.StatusSeeOther {
		s.t.Fatalf("login %s: status %d, want 303\n%s", email, r.Status, r.Body)
	}
	home := c.get("/")
	if home.Status != http.StatusOK {
		s.t.Fatalf("after login %s: GET / status %d", email, home.Status)
	}
	return c
}

// loginAs fills in the login form as a user would.
func (c *client) loginAs(email, pw string) response {
	c.t.Helper()
	form := c.get("/inloggen")
	if form.Status != http.StatusOK {
		c.t.Fatalf("GET /inloggen: status %d", form.Status)
	}
	return c.postRaw("/inloggen", url.Values{"csrf": {formCSRF(c.t, form.Body)}, "email": {email}, "wachtwoord": {pw}})
}

func formCSRF(t *testing.T, body string) string {
	t.Helper()
	m := csrfRef.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field on page:\n%s", body)
	}
	return html.UnescapeString(m[1])
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := response{Status: res.StatusCode, Body: string(b), Header: res.Header, Location: res.Header.Get("Location"), Cookies: res.Cookies()}
	if m := csrfRef.FindStringSubmatch(r.Body); m != nil && !strings.HasPrefix(req.URL.Path, "/inloggen") {
		c.csrf = html.UnescapeString(m[1])
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		checkNames(c.t, req.Method+" "+req.URL.Path, r.Body)
	}
	return r
}

var (
	idAttr      = regexp.MustCompile(`\sid="([^"]*)"`)
	regionLabel = regexp.MustCompile(`role="region"[^>]*\saria-label="([^"]*)"`)
)

// checkNames fails the test when a page repeats an id, holds an id that is
// not a valid HTML id (empty or with a space), or names two scrolling table
// regions alike: a screen reader's list of regions must tell them apart.
func checkNames(t *testing.T, page, body string) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(body, -1) {
		id := m[1]
		switch {
		case id == "" || strings.ContainsAny(id, " \t\n"):
			t.Errorf("%s: invalid id %q", page, id)
		case seen[id]:
			t.Errorf("%s: id %q used twice", page, id)
		}
		seen[id] = true
	}
	labels := map[string]bool{}
	for _, m := range regionLabel.FindAllStringSubmatch(body, -1) {
		if labels[m[1]] {
			t.Errorf("%s: two regions named %q", page, m[1])
		}
		labels[m[1]] = true
	}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.site.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// post submits a form with the session's CSRF token, as the pages do.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	if c.csrf == "" {
		c.get("/")
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf", c.csrf)
	return c.postRaw(path, f)
}

// postRaw submits a form exactly as given.
func (c *client) postRaw(path string, form url.Values) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.site.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// upload submits the import form with a file.
func (c *client) upload(name string, data []byte) response {
	c.t.Helper()
	return c.uploadTo("/programma/import", name, data)
}

// uploadTo submits a file in the form field "bestand" to path.
func (c *client) uploadTo(path, name string, data []byte) response {
	c.t.Helper()
	if c.csrf == "" {
		c.get("/")
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.csrf)
	if name != "" { // no name: the form is sent without a file
		fw, err := mw.CreateFormFile("bestand", name)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.site.srv.URL+path, &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// export downloads the programme file, parsed.
func (c *client) export() *programme.Model {
	c.t.Helper()
	r := c.get("/programma/export")
	if r.Status != http.StatusOK {
		c.t.Fatalf("export: status %d", r.Status)
	}
	m, err := programme.ReadFile("export.yaml", strings.NewReader(r.Body))
	if err != nil {
		c.t.Fatalf("exported file does not read back: %v", err)
	}
	return m
}

// importModel uploads m as a programme file, confirms the preview (with
// any removals) and expects it to be accepted.
func (c *client) importModel(m *programme.Model) {
	c.t.Helper()
	var buf bytes.Buffer
	if err := programme.WriteFile(&buf, m); err != nil {
		c.t.Fatal(err)
	}
	r := c.upload("programma.yaml", buf.Bytes())
	if r.Status != http.StatusOK {
		c.t.Fatalf("import: status %d, want 200 (the preview)\n%s", r.Status, r.Body)
	}
	if r = c.confirmImport(r, true); r.Status != http.StatusSeeOther {
		c.t.Fatalf("confirmed import: status %d, want 303\n%s", r.Status, text(r.Body))
	}
}

var baseField = regexp.MustCompile(`name="basisversie" value="(\d+)"`)

// confirmImport sends the confirmation form of an import preview, as the
// browser would, ticking the removals box when remove.
func (c *client) confirmImport(preview response, remove bool) response {
	c.t.Helper()
	m := baseField.FindStringSubmatch(preview.Body)
	content := regexp.MustCompile(`name="inhoud" value="([^"]*)"`).FindStringSubmatch(preview.Body)
	if m == nil || content == nil {
		c.t.Fatalf("no confirmation form in\n%s", preview.Body)
	}
	form := url.Values{"bevestigen": {"ja"}, "naam": {"programma.yaml"}, "basisversie": {m[1]}, "inhoud": {html.UnescapeString(content[1])}}
	if remove {
		form.Set("verwijderen", "ja")
	}
	return c.post("/programma/import", form)
}

// text is the page without tags and with entities decoded, roughly what a
// user reads, so assertions do not depend on markup.
func text(body string) string {
	body = regexp.MustCompile(`(?s)<head>.*?</head>`).ReplaceAllString(body, " ")
	body = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " ")
	// Soft hyphens only say where a long word may break.
	body = strings.ReplaceAll(html.UnescapeString(body), "\u00ad", "")
	return strings.Join(strings.Fields(body), " ")
}

func mustContain(t *testing.T, r response, want ...string) {
	t.Helper()
	page := text(r.Body)
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("page does not show %q\npage: %s", w, page)
		}
	}
}

func mustNotContain(t *testing.T, r response, unwanted ...string) {
	t.Helper()
	page := text(r.Body)
	for _, w := range unwanted {
		if strings.Contains(page, w) {
			t.Errorf("page shows %q but should not\npage: %s", w, page)
		}
	}
}

func wantStatus(t *testing.T, r response, want int, what string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.Status, want, text(r.Body))
	}
}

var errPing = errors.New("database down")
