package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/mail/smtptest"
)

// server is a `perspectief server` subprocess whose stderr lines are
// collected as they come.
type server struct {
	cmd   *exec.Cmd
	lines chan string
	said  []string
}

func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	args = append([]string{"server", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "p.db")}, args...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asMain+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return s
}

// waitFor reads stderr lines until match returns a non-empty string.
func (s *server) waitFor(t *testing.T, what string, match func(line string) string) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				t.Fatalf("serve ended before saying %s: %q", what, s.said)
			}
			s.said = append(s.said, line)
			if v := match(line); v != "" {
				return v
			}
		case <-timeout:
			t.Fatalf("serve did not say %s: %q", what, s.said)
		}
	}
}

// rest waits for the process to end and returns its exit code and the
// stderr lines it wrote.
func (s *server) rest(t *testing.T) (int, []string) {
	t.Helper()
	for line := range s.lines {
		s.said = append(s.said, line)
	}
	err := s.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), s.said
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, s.said
}

// noRedirect answers a redirect with the redirect itself, so that each get
// is one request to count.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := noRedirect.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestServeMetricsAndJSONLogs: with --log-format json every line on stderr
// is a JSON record; /metrics on the --metrics-addr listener counts a page by
// its route pattern and status, with its latency histogram, and is not
// served on the public address.
func TestServeMetricsAndJSONLogs(t *testing.T) {
	s := startServe(t, "--log-format", "json", "--metrics-addr", "127.0.0.1:0",
		"--smtp", smtptest.Start(t, &smtptest.Server{}), "--smtp-from", "noreply@gemeente.test")
	jsonURL := func(msg string) func(string) string {
		return func(line string) string {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != msg {
				return ""
			}
			u, _ := rec["url"].(string)
			return u
		}
	}
	metricsURL := s.waitFor(t, "where the metrics are", jsonURL("Metrics op"))
	site := s.waitFor(t, "where it listens", jsonURL("Perspectief luistert op"))

	if code, _ := get(t, site+"/inloggen"); code != 200 {
		t.Fatalf("/inloggen = %d", code)
	}
	get(t, site+"/interventies/GEHEIM-PAD")
	if code, _ := get(t, site+"/metrics"); code != 404 {
		t.Errorf("/metrics on the public address = %d, want 404", code)
	}
	code, body := get(t, metricsURL)
	if code != 200 {
		t.Fatalf("metrics = %d", code)
	}
	for _, want := range []string{
		`perspectief_http_requests_total{route="GET /inloggen",code="200"} 1`,
		`perspectief_http_request_duration_seconds_bucket{route="GET /inloggen",le="+Inf"} 1`,
		`perspectief_http_request_duration_seconds_count{route="GET /inloggen"} 1`,
		`perspectief_http_requests_total{route="GET /interventies/{code}",code="303"} 1`,
		"# TYPE perspectief_http_request_duration_seconds histogram",
		"perspectief_db_open_connections ",
		"perspectief_db_wait_count_total ",
		"perspectief_pdf_waiting 0",
		"perspectief_pdf_queue_limit 4",
		"perspectief_pdf_refused_total 0",
		"# TYPE perspectief_pdf_rendered_total counter",
	} {
		if !strings.Contains(body, want+"\n") && !strings.Contains(body, "\n"+want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// The reminder loop runs once at the start; its run shows up.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(body, "\nperspectief_reminder_runs_total 1\n") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		_, body = get(t, metricsURL)
	}
	for _, want := range []string{"perspectief_reminder_runs_total 1", "perspectief_reminder_failures_total 0", "perspectief_reminders_sent_total 0"} {
		if !strings.Contains(body, "\n"+want+"\n") {
			t.Errorf("metrics lack %q after the first reminder run", want)
		}
	}
	if strings.Contains(body, "\nperspectief_reminder_last_run_timestamp_seconds 0\n") {
		t.Error("the last reminder run's time was not recorded")
	}
	if strings.Contains(body, "GEHEIM-PAD") {
		t.Error("a raw path reached the metrics; only route patterns may")
	}
	// The profiler is on the metrics address, never on the site's.
	if code, body := get(t, strings.TrimSuffix(metricsURL, "/metrics")+"/debug/pprof/"); code != 200 || !strings.Contains(body, "goroutine") {
		t.Errorf("/debug/pprof/ on the metrics address = %d", code)
	}
	if code, _ := get(t, site+"/debug/pprof/"); code == 200 {
		t.Error("the profiler answers on the public address")
	}

	s.cmd.Process.Signal(syscall.SIGTERM)
	code, said := s.rest(t)
	if code != 0 {
		t.Errorf("exit %d after SIGTERM: %q", code, said)
	}
	for _, line := range said {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["msg"] == nil || rec["level"] == nil {
			t.Errorf("not a JSON log record: %q", line)
		}
	}
}

func TestServeRejectsBadOpsFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for _, c := range []struct{ args []string }{
		{[]string{"--log-format", "xml"}},
		{[]string{"--shutdown-timeout", "0s"}},
	} {
		_, stderr, code := cli(t, "", append([]string{"server", "--addr", "127.0.0.1:0", "--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.args[0]) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
}

// slowPost starts a login whose form arrives in two parts, and waits until
// the server counts it as running; finish sends the rest and reads the answer.
func slowPost(t *testing.T, site, metricsURL string) (finish func() (string, error)) {
	t.Helper()
	host := strings.TrimPrefix(site, "http://")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	body := "email=iemand%40gemeente.nl&wachtwoord=een+wachtwoord+dat+niet+klopt&csrf=x"
	fmt.Fprintf(conn, "POST /inloggen HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", host, len(body), body[:10])
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, m := get(t, metricsURL); strings.Contains(m, "\nperspectief_http_requests_in_flight 1\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow request never started")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return func() (string, error) {
		if _, err := io.WriteString(conn, body[10:]); err != nil {
			return "", err
		}
		resp, err := io.ReadAll(conn)
		return string(resp), err
	}
}

// waitClosed waits until the public address refuses connections, which
// shows the server has begun to shut down.
func waitClosed(t *testing.T, site string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.Dial("tcp", strings.TrimPrefix(site, "http://"))
		if err != nil {
			return
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections after SIGTERM")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func textURL(prefix string) func(string) string {
	return func(line string) string {
		u, _ := strings.CutPrefix(line, prefix+" ")
		if u == line {
			return ""
		}
		return u
	}
}

// TestServeGracefulShutdown: a request that is still arriving when SIGTERM
// comes gets its full answer, and the process then ends with exit 0; with a
// short --shutdown-timeout a request that never completes is cut off and
// the process says so.
func TestServeGracefulShutdown(t *testing.T) {
	t.Run("finishes", func(t *testing.T) {
		s := startServe(t, "--metrics-addr", "127.0.0.1:0")
		metricsURL := s.waitFor(t, "where the metrics are", textURL("Metrics op"))
		site := s.waitFor(t, "where it listens", textURL("Perspectief luistert op"))
		finish := slowPost(t, site, metricsURL)
		s.cmd.Process.Signal(syscall.SIGTERM)
		waitClosed(t, site)
		resp, err := finish()
		if err != nil || !strings.HasPrefix(resp, "HTTP/1.1 ") || !strings.Contains(resp, "</html>") {
			t.Errorf("the running request got %q, %v; want its whole answer", resp, err)
		}
		code, said := s.rest(t)
		if code != 0 || !strings.Contains(strings.Join(said, "\n"), "every running request finished") {
			t.Errorf("exit %d: %q", code, said)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		s := startServe(t, "--metrics-addr", "127.0.0.1:0", "--shutdown-timeout", "1s")
		metricsURL := s.waitFor(t, "where the metrics are", textURL("Metrics op"))
		site := s.waitFor(t, "where it listens", textURL("Perspectief luistert op"))
		slowPost(t, site, metricsURL) // never finished
		s.cmd.Process.Signal(syscall.SIGTERM)
		code, said := s.rest(t)
		if code != 1 || !strings.Contains(strings.Join(said, "\n"), "--shutdown-timeout 1s were cut off") {
			t.Errorf("exit %d: %q", code, said)
		}
	})
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := parseProxies(" 127.0.0.1, 10.1.2.3/8,::1 ,")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"127.0.0.1/32", "10.0.0.0/8", "::1/128"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("proxy %d: %s, want %s", i, got[i], want[i])
		}
	}
	if _, err := parseProxies("10.0.0.0/8,proxy.gemeente.nl"); err == nil || !strings.Contains(err.Error(), "proxy.gemeente.nl") {
		t.Errorf("a host name was accepted or not named: %v", err)
	}
}

func TestServeRejectsBadMailFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--smtp", "smtp://127.0.0.1:2525"}, "--smtp-from"},
		{[]string{"--smtp-from", "a@b.nl"}, "need --smtp"},
		{[]string{"--smtp", "http://mail:25", "--smtp-from", "a@b.nl"}, "smtp://HOST:PORT"},
		{[]string{"--smtp", "smtp://mail:25", "--smtp-from", "a@b.nl", "--smtp-user", "u"}, "needs a password"},
		{[]string{"--herinnering-dagen-voor", "-3"}, "tussen 0 en 120"},
	} {
		_, stderr, code := cli(t, "", append([]string{"server", "--addr", "127.0.0.1:0", "--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.says) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
}
