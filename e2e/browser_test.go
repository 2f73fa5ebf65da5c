package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const (
	// stepTimeout bounds one browser action, so that a missing element fails
	// the test quickly instead of waiting for the whole test's deadline.
	stepTimeout = 30 * time.Second
	// testTimeout bounds one test's browser, whatever it does.
	testTimeout = 3 * time.Minute

	axePath = "node_modules/axe-core/axe.min.js"

	demoPassword = "demo-wachtwoord"
)

// browserPaths are tried in order; the first that exists is used.
var browserPaths = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

var requirements struct {
	once    sync.Once
	browser string // path of the browser binary, "" when missing
	axe     string // the axe-core script, "" when missing
	missing []string
}

// needBrowser returns the browser path and the axe-core script. When either
// is missing the test is skipped, or fails when PERSPECTIEF_REQUIRE_BROWSER=1
// (as in CI, where a silently skipped browser test would hide regressions).
func needBrowser(t *testing.T) (browser, axe string) {
	t.Helper()
	r := &requirements
	r.once.Do(func() {
		for _, p := range browserPaths {
			if full, err := exec.LookPath(p); err == nil {
				r.browser = full
				break
			}
		}
		if r.browser == "" {
			r.missing = append(r.missing, "no Chromium or Chrome found (tried "+strings.Join(browserPaths, ", ")+"); install it with `apt-get install chromium`")
		}
		if b, err := os.ReadFile(axePath); err == nil && len(b) > 0 {
			r.axe = string(b)
		} else {
			r.missing = append(r.missing, "axe-core not found at e2e/"+axePath+"; run `npm ci` in e2e/")
		}
		if _, err := os.Stat(vnuPath); err != nil {
			r.missing = append(r.missing, "the Nu HTML Checker not found at e2e/"+vnuPath+"; run `npm ci` in e2e/")
		}
		if _, err := exec.LookPath("java"); err != nil {
			r.missing = append(r.missing, "java not found (the Nu HTML Checker needs it); install default-jre-headless")
		}
	})
	if len(r.missing) > 0 {
		msg := "browser test needs: " + strings.Join(r.missing, "; ")
		if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + " (PERSPECTIEF_REQUIRE_BROWSER=1)")
		}
		t.Skip(msg)
	}
	return r.browser, r.axe
}

// session is one browser, with its own profile and cookies, walking the demo.
type session struct {
	t    *testing.T
	ctx  context.Context // the tab; cancelled when the test ends
	base string          // the demo's URL
	axe  string          // axe-core source, injected into every page checked
	js   bool            // whether the page may run scripts (axe needs them)
	step int             // page counter, for screenshot names

	docMu    sync.Mutex
	lastDoc  network.RequestID // the last HTML document loaded from the demo
	lastMIME string
}

type sessionOption func(*sessionConfig)

type sessionConfig struct {
	width, height int64
	mobile        bool
	noScript      bool
}

// screens are the two sizes a walk is tried at: 1280 pixels wide and a
// 360-pixel phone.
var screens = []struct {
	label string
	opts  []sessionOption
}{{"breed", nil}, {"telefoon", []sessionOption{phone}}}

// phone sets a phone-sized viewport, emulated as a mobile device: the page's
// meta viewport applies and scrollbars overlay the page as on a phone, so
// window.innerWidth is the width the page has to fit in.
func phone(c *sessionConfig) { c.width, c.height, c.mobile = 360, 740, true }

// withoutJavaScript turns off script execution in the page.
func withoutJavaScript(c *sessionConfig) { c.noScript = true }

// newSession starts a headless browser for this test, with a fresh profile.
func newSession(t *testing.T, opts ...sessionOption) *session {
	t.Helper()
	browser, axe := needBrowser(t)
	base := demoURL(t)

	cfg := sessionConfig{width: 1280, height: 900}
	for _, o := range opts {
		o(&cfg)
	}

	profile := t.TempDir()
	var browserOut outputBuffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(browser),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(&browserOut),
	)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	// The first Run binds the browser's life to this context: the whole
	// test gets testTimeout, each step stepTimeout.
	ctx, cancelTimeout := context.WithTimeout(tabCtx, testTimeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start browser %s: %v\nbrowser output:\n%s", browser, err, browserOut.String())
	}
	s := &session{t: t, ctx: ctx, base: base, axe: axe, js: !cfg.noScript}
	s.watchDocuments()
	if cfg.mobile {
		s.do(chromedp.EmulateViewport(cfg.width, cfg.height, chromedp.EmulateMobile))
	} else {
		s.do(chromedp.EmulateViewport(cfg.width, cfg.height))
	}
	if cfg.noScript {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("disable JavaScript: %v", err)
		}
		// Prove it on a page without a Content-Security-Policy (the demo's
		// CSP would block an inline script anyway): its script must not run.
		s.do(chromedp.Navigate(`data:text/html,<title>zonder</title><script>document.title = 'met'</script>`))
		if title := run(s, chromedp.Title()); title != "zonder" {
			t.Fatalf("JavaScript still runs after Emulation.setScriptExecutionDisabled: title %q", title)
		}
	}
	return s
}

// outputBuffer is a goroutine-safe buffer for the browser's output.
type outputBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *outputBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *outputBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// stepCtx is the context for one browser action.
func (s *session) stepCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.ctx, stepTimeout)
}

// fatal stops the test with the demo's log, which often says why a page
// failed.
func (s *session) fatal(format string, args ...any) {
	s.t.Helper()
	msg := fmt.Sprintf(format, args...)
	if errors.Is(s.ctx.Err(), context.DeadlineExceeded) {
		msg += fmt.Sprintf(" (the test's browser deadline of %v passed)", testTimeout)
	}
	s.t.Fatalf("%s\n--- demo server log (tail) ---\n%s", msg, tail(serverLog(), 30))
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// do runs actions that return nothing and fails the test on error.
func (s *session) do(what ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	ctx, cancel := s.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, what...); err != nil {
		s.fatal("browser action failed: %v", err)
	}
}

// run runs one action and returns its value, failing the test on error.
func run[T any](s *session, a chromedp.Action[T]) T {
	s.t.Helper()
	ctx, cancel := s.stepCtx()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		s.fatal("browser action failed: %v", err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](s *session, expr string) T {
	s.t.Helper()
	return run(s, chromedp.Evaluate[T](expr))
}

// open loads path like typing the address, then checks the page. It fails
// the test unless the status is want.
func (s *session) open(path string, want int, label string) *network.Response {
	s.t.Helper()
	resp := run(s, chromedp.NavigateResponse(s.base+path))
	if resp.Status != int64(want) {
		s.fatal("GET %s: status %d, want %d", path, resp.Status, want)
	}
	s.checkPage(label)
	return resp
}

// follow runs actions that navigate (a click on a link or a submit button),
// waits for the new page and checks it. It fails the test unless the final
// response (after redirects) has status want.
func (s *session) follow(want int, label string, what ...chromedp.Action[chromedp.Void]) *network.Response {
	s.t.Helper()
	ctx, cancel := s.stepCtx()
	defer cancel()
	start := time.Now()
	resp, err := chromedp.RunResponse(ctx, what...)
	if err != nil {
		s.fatal("%s: navigation failed: %v", label, err)
	}
	if os.Getenv("PERSPECTIEF_E2E_TIMING") != "" {
		s.t.Logf("%s: navigation %v", label, time.Since(start))
	}
	if resp.Status != int64(want) {
		s.fatal("%s: %s answered %d, want %d", label, resp.URL, resp.Status, want)
	}
	s.checkPage(label)
	return resp
}

// path returns the path (and query) of a response's URL on the demo.
func (s *session) path(resp *network.Response) string {
	return strings.TrimPrefix(resp.URL, s.base)
}

// clickLink clicks the first link whose visible text is exactly text,
// inside the element matched by the XPath scope ("" for the whole page).
func (s *session) clickLink(scope, text, label string) *network.Response {
	s.t.Helper()
	if strings.Contains(scope, "Hoofdmenu") {
		s.openMenu()
	}
	return s.follow(200, label, chromedp.Click(xpathLink(scope, text)))
}

// openMenu presses the menu button when the main navigation is folded
// away behind it (a narrow screen), as a phone user does first.
func (s *session) openMenu() {
	s.t.Helper()
	folded := eval[bool](s, `(() => { const t = document.getElementById('menu-open');
		return !!t && getComputedStyle(t).display !== 'none' && !t.checked; })()`)
	if folded {
		run(s, chromedp.Click(`//label[@for="menu-open"]`))
	}
}

func xpathLink(scope, text string) string {
	return fmt.Sprintf(`(%s//a[normalize-space()=%s])[1]`, scope, xpathString(text))
}

// xpathString quotes s as an XPath string literal.
func xpathString(s string) string {
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	if !strings.Contains(s, `'`) {
		return `'` + s + `'`
	}
	parts := strings.Split(s, `"`)
	return `concat("` + strings.Join(parts, `", '"', "`) + `")`
}

// login signs in through the login form and expects to land on the
// overview.
func (s *session) login(email string) {
	s.t.Helper()
	s.open("/inloggen", 200, "inloggen")
	s.submitLogin(email)
}

// submitLogin fills in and sends the login form on the current page.
func (s *session) submitLogin(email string) {
	s.t.Helper()
	s.do(
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("wachtwoord"), demoPassword),
	)
	resp := s.follow(200, "na-inloggen", chromedp.Click(`//form[@action="/inloggen"]//button[@type="submit"]`))
	if p, want := s.path(resp), landing(email); p != want {
		s.fatal("after logging in as %s the browser is at %q, want %s", email, p, want)
	}
}

// landing is where a login without a page asked for lands: a
// projectleider's own "Mijn interventies", everyone else's overview.
func landing(email string) string {
	if strings.HasPrefix(email, "projectleider") {
		return "/mijn-interventies"
	}
	return "/"
}

// checkPage saves a screenshot of the page, checks it with axe-core and
// checks its HTML with the Nu HTML Checker.
func (s *session) checkPage(label string) {
	s.t.Helper()
	s.step++
	t0 := time.Now()
	s.screenshot(label)
	t1 := time.Now()
	if s.js {
		s.checkAxe(label)
	}
	s.checkHTML(label)
	if os.Getenv("PERSPECTIEF_E2E_TIMING") != "" {
		s.t.Logf("%s: screenshot %v, axe %v", label, t1.Sub(t0), time.Since(t1))
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// screenshot saves a full-page PNG into $PERSPECTIEF_SCREENSHOTS, if set.
func (s *session) screenshot(label string) {
	s.t.Helper()
	dir := os.Getenv("PERSPECTIEF_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.t.Fatalf("screenshot dir: %v", err)
	}
	png := run(s, chromedp.FullScreenshot(100))
	name := fmt.Sprintf("%s-%02d-%s.png", unsafeName.ReplaceAllString(s.t.Name(), "_"), s.step, unsafeName.ReplaceAllString(label, "_"))
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		s.t.Fatalf("save screenshot: %v", err)
	}
}

// axeViolation is one rule that failed, as returned by the script below.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// axeRun checks the WCAG 2.0 and 2.1 A and AA rules and returns only the
// violations, with the fields the report needs.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
	resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary || ''})),
})))`

// checkAxe injects axe-core into the page (through the DevTools protocol,
// which the page's Content-Security-Policy does not restrict) and fails the
// test on serious or critical violations. Lesser ones are logged.
func (s *session) checkAxe(label string) {
	s.t.Helper()
	loaded := eval[bool](s, `typeof window.axe === 'object' && typeof window.axe.run === 'function'`)
	if !loaded {
		s.do(chromedp.Evaluate[chromedp.Void](s.axe))
	}
	ctx, cancel := s.stepCtx()
	defer cancel()
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		s.fatal("axe on %s: %v", label, err)
	}
	url := eval[string](s, `location.pathname + location.search`)
	for _, v := range vs {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s on page %q (%s): %s [%s]\n    %s", v.Impact, label, url, v.ID, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n    ... and %d more", len(v.Nodes)-i)
				break
			}
			fmt.Fprintf(&b, "\n    - %s: %s", strings.Join(n.Target, " "), oneLine(n.HTML, 160))
			if n.Summary != "" {
				fmt.Fprintf(&b, "\n      %s", oneLine(n.Summary, 300))
			}
		}
		report := b.String()
		appendReport("axe-report.txt", report)
		if v.Impact == "serious" || v.Impact == "critical" {
			s.t.Error(report)
		} else {
			s.t.Log(report)
		}
	}
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// clickFirst clicks the first element the XPath expression matches.
func clickFirst(xpath string) chromedp.Action[chromedp.Void] {
	return chromedp.Click("(" + xpath + ")[1]")
}
