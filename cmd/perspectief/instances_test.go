package main

import (
	"bufio"
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/mail/smtptest"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// startInstance runs `perspectief server` on dsn in its own process and
// returns its address once it listens.
func startInstance(t *testing.T, dsn string, flags ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], append([]string{"server", "--addr", addr, "--db", dsn}, flags...)...)
	cmd.Env = append(os.Environ(), asMain+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "Perspectief luistert op ") {
			go io.Copy(io.Discard, stderr)
			return addr
		}
	}
	t.Fatalf("instance on %s did not start", addr)
	return ""
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestTwoInstancesBehindOneProxy runs two servers on one PostgreSQL
// database behind a proxy that sends each request to the other one in
// turn, as a load balancer without sticky sessions does: a login on one
// instance holds on the other, a form's CSRF token made by one is accepted
// by the other, the login throttle counts across both, and the reminders
// both instances schedule at start reach each person once.
func TestTwoInstancesBehindOneProxy(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, demoStores(db), time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Both instances send reminders over one mail server. With 120 days
	// before and after a tertial's end, every day lies in a window, so the
	// demo's missing updates are due whatever the date; both instances look
	// at once, when they start.
	box := &smtptest.Server{}
	mailFlags := []string{"--smtp", smtptest.Start(t, box), "--smtp-from", "noreply@gemeente.test",
		"--herinnering-dagen-voor", "120", "--herinnering-dagen-na", "120"}
	var backends []*httputil.ReverseProxy
	starts := make(chan string, 2)
	for range 2 {
		go func() { starts <- startInstance(t, dsn, mailFlags...) }()
	}
	for range 2 {
		u, _ := url.Parse("http://" + <-starts)
		backends = append(backends, httputil.NewSingleHostReverseProxy(u))
	}
	var turn atomic.Int64
	served := [2]atomic.Int64{}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := turn.Add(1) % 2
		served[i].Add(1)
		backends[i].ServeHTTP(w, r)
	}))
	defer proxy.Close()

	browser := func() *http.Client {
		jar, _ := cookiejar.New(nil)
		return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	get := func(c *http.Client, path string) (int, string) {
		t.Helper()
		res, err := c.Get(proxy.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	post := func(c *http.Client, path string, form url.Values) int {
		t.Helper()
		res, err := c.PostForm(proxy.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	token := func(body string) string {
		t.Helper()
		m := csrfField.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no CSRF field on the page")
		}
		return html.UnescapeString(m[1])
	}
	login := func(c *http.Client, email, pw string) int {
		_, body := get(c, "/inloggen")
		return post(c, "/inloggen", url.Values{"csrf": {token(body)}, "email": {email}, "wachtwoord": {pw}})
	}

	team := browser()
	if code := login(team, "programmateam@demo.perspectief.nl", demo.Password); code != http.StatusSeeOther {
		t.Fatalf("login through the proxy: %d, want 303", code)
	}
	code, page := get(team, "/doelen/S2")
	if code != http.StatusOK {
		t.Fatalf("the other instance did not know the session: GET /doelen/S2 %d", code)
	}
	const remark = "Opmerking via twee instanties"
	if code := post(team, "/doelen/S2/opmerkingen", url.Values{"csrf": {token(page)}, "tekst": {remark}}); code != http.StatusSeeOther {
		t.Fatalf("a form whose token one instance made was refused by the other: %d", code)
	}
	if _, page := get(team, "/doelen/S2"); !strings.Contains(page, remark) {
		t.Error("the remark saved through one instance does not show through the other")
	}

	guesser := browser()
	for i := range 5 {
		if code := login(guesser, "lezer@demo.perspectief.nl", "geraden-wachtwoord"); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i+1, code)
		}
	}
	if code := login(guesser, "lezer@demo.perspectief.nl", "geraden-wachtwoord"); code != http.StatusTooManyRequests {
		t.Errorf("the sixth guess, spread over both instances: %d, want 429", code)
	}
	if served[0].Load() == 0 || served[1].Load() == 0 {
		t.Fatalf("the proxy did not use both instances: %d and %d requests", served[0].Load(), served[1].Load())
	}

	msgs := settled(box)
	seen := map[string]int{}
	reminders, digests := 0, 0
	for _, m := range msgs {
		seen[m.To+" | "+m.Subject]++
		switch {
		case strings.HasPrefix(m.To, "programmateam"):
			digests++
		default:
			reminders++
		}
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("%q delivered %d times by the two instances, want once", k, n)
		}
	}
	t.Logf("the two instances delivered %d reminders and %d digests", reminders, digests)
	if reminders == 0 || digests == 0 {
		t.Errorf("delivered %d reminders and %d digests, want both kinds: %+v", reminders, digests, msgs)
	}
}

// settled waits until the mail server has received something and nothing
// more came for three seconds, and returns what it received.
func settled(box *smtptest.Server) []smtptest.Message {
	var last []smtptest.Message
	stable := time.Now()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		got := box.Received()
		if len(got) != len(last) {
			last, stable = got, time.Now()
		}
		if len(last) > 0 && time.Since(stable) > 3*time.Second {
			break
		}
	}
	return last
}
