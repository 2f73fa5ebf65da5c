package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The Nu HTML Checker (vnu, the W3C's validator) runs once per test run as a
// local HTTP service; every page a browser test checks is sent to it as the
// server sent it (the response body, not the browser's DOM, so markup the
// HTML parser silently repairs is still reported).

const vnuPath = "node_modules/vnu-jar/build/dist/vnu.jar"

var vnu struct {
	once sync.Once
	err  error
	url  string
	cmd  *exec.Cmd
	done chan struct{}
	log  outputBuffer
}

// vnuURL starts the checker on first use and returns its address.
func vnuURL(t *testing.T) string {
	t.Helper()
	vnu.once.Do(func() { vnu.err = startVNU() })
	if vnu.err != nil {
		t.Fatalf("Nu HTML Checker: %v", vnu.err)
	}
	return vnu.url
}

func startVNU() error {
	java, err := exec.LookPath("java")
	if err != nil {
		return fmt.Errorf("java not found on PATH; install a Java runtime (apt-get install default-jre-headless)")
	}
	if _, err := os.Stat(vnuPath); err != nil {
		return fmt.Errorf("vnu.jar not found at e2e/%s; run `npm ci` in e2e/", vnuPath)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(java, "-Xss16m", "-Dnu.validator.servlet.bind-address=127.0.0.1",
		"-cp", vnuPath, "nu.validator.servlet.Main", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = &vnu.log, &vnu.log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start vnu: %w", err)
	}
	vnu.cmd = cmd
	vnu.done = make(chan struct{})
	go func() { _ = cmd.Wait(); close(vnu.done) }()
	vnu.url = fmt.Sprintf("http://127.0.0.1:%d/", port)
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-vnu.done:
			return fmt.Errorf("vnu exited before it listened:\n%s", tail(vnu.log.String(), 20))
		default:
		}
		if resp, err := http.Get(vnu.url); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("vnu did not answer within 90s:\n%s", tail(vnu.log.String(), 20))
}

func stopVNU() {
	if vnu.cmd != nil && vnu.cmd.Process != nil {
		_ = vnu.cmd.Process.Kill()
		<-vnu.done
	}
}

// vnuMessage is one finding of the checker (its JSON output format).
type vnuMessage struct {
	Type     string `json:"type"`    // "error", "info" or "non-document-error"
	SubType  string `json:"subType"` // "warning" for some "info"
	Message  string `json:"message"`
	Extract  string `json:"extract"`
	LastLine int    `json:"lastLine"`
}

// validateHTML sends one document to the checker and returns its errors.
func validateHTML(t *testing.T, doc []byte) ([]vnuMessage, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, vnuURL(t)+"?out=json", bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/html; charset=utf-8")
	client := &http.Client{Timeout: 60 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("vnu answered %s: %v: %.200s", resp.Status, err, body)
	}
	var errs []vnuMessage
	for _, m := range out.Messages {
		if m.Type == "error" || m.Type == "non-document-error" {
			errs = append(errs, m)
		}
	}
	return errs, nil
}

// watchDocuments remembers the request of the last HTML document the tab
// loaded from the demo, so that checkHTML can fetch the body as served.
func (s *session) watchDocuments() {
	err := chromedp.Listen(s.ctx, func(ev any) {
		e, ok := ev.(*network.EventResponseReceived)
		if !ok || e.Type != network.ResourceTypeDocument || !strings.HasPrefix(e.Response.URL, s.base) {
			return
		}
		s.docMu.Lock()
		s.lastDoc, s.lastMIME = e.RequestID, e.Response.MimeType
		s.docMu.Unlock()
	})
	if err != nil {
		s.t.Fatalf("listen for documents: %v", err)
	}
}

// checkHTML validates the current page's HTML as the server sent it and
// fails the test on any error the Nu HTML Checker reports.
func (s *session) checkHTML(label string) {
	s.t.Helper()
	s.docMu.Lock()
	id, mime := s.lastDoc, s.lastMIME
	s.docMu.Unlock()
	if id == "" || mime != "text/html" {
		return
	}
	ctx, cancel := s.stepCtx()
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
	if err != nil {
		s.fatal("body of %s for the HTML checker: %v", label, err)
	}
	errs, err := validateHTML(s.t, res.Body)
	if err != nil {
		s.fatal("Nu HTML Checker on %s: %v", label, err)
	}
	if len(errs) == 0 {
		return
	}
	url := eval[string](s, `location.pathname + location.search`)
	var b strings.Builder
	fmt.Fprintf(&b, "Nu HTML Checker: %d error(s) on page %q (%s)", len(errs), label, url)
	for i, m := range errs {
		if i == 8 {
			fmt.Fprintf(&b, "\n    ... and %d more", len(errs)-i)
			break
		}
		fmt.Fprintf(&b, "\n    - line %d: %s\n      %s", m.LastLine, m.Message, oneLine(m.Extract, 160))
	}
	appendReport("html-report.txt", b.String())
	s.t.Error(b.String())
}

var reportMu sync.Mutex

// appendReport keeps findings in a text file next to the screenshots, so
// the team can read them without the test log.
func appendReport(name, report string) {
	dir := os.Getenv("PERSPECTIEF_SCREENSHOTS")
	if dir == "" {
		return
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintln(f, report)
}

// TestHTMLChecker proves the check itself: a page the browser opens is
// captured as served, and the checker finds the errors of a broken document.
func TestHTMLChecker(t *testing.T) {
	s := newSession(t)
	s.open("/inloggen", 200, "inloggen")
	s.docMu.Lock()
	id, mime := s.lastDoc, s.lastMIME
	s.docMu.Unlock()
	if id == "" || mime != "text/html" {
		t.Fatalf("the login page was not captured for the HTML checker (request %q, type %q)", id, mime)
	}
	broken := `<!DOCTYPE html><html lang="nl"><head><title>kapot</title></head>
<body><p id="x">een</p><p id="x">twee</p><span><div>blok in regel</div></span></body></html>`
	errs, err := validateHTML(t, []byte(broken))
	if err != nil {
		t.Fatal(err)
	}
	var dupID bool
	for _, m := range errs {
		if strings.Contains(m.Message, "Duplicate ID") {
			dupID = true
		}
	}
	if len(errs) < 2 || !dupID {
		t.Fatalf("the checker missed the errors of a broken document: %+v", errs)
	}
}
