package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/web"
	"github.com/perspectief/perspectief/internal/web/oidctest"
)

func TestServeRejectsBadOIDCFlags(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	secret := filepath.Join(dir, "secret")
	empty := filepath.Join(dir, "empty")
	os.WriteFile(secret, []byte("geheim\n"), 0o600)
	os.WriteFile(empty, []byte("\n"), 0o600)
	iss := []string{"--oidc-issuer", "https://login.gemeente.test/realms/medewerkers"}
	full := append(iss, "--oidc-client-id", "perspectief", "--oidc-client-secret-file", secret, "--public-url", "https://perspectief.gemeente.test")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--local-passwords=false"}, "--local-passwords=false needs --oidc-issuer"},
		{[]string{"--oidc-client-id", "x"}, "need --oidc-issuer"},
		{append(iss, "--oidc-client-id", "x", "--oidc-client-secret-file", secret), "needs --public-url"},
		{append(iss, "--public-url", "https://p.test"), "needs --oidc-client-id and --oidc-client-secret-file"},
		{[]string{"--oidc-issuer", "login.gemeente.test", "--public-url", "https://p.test"}, "give the provider's issuer URL"},
		{append(iss, "--oidc-client-id", "x", "--oidc-client-secret-file", empty, "--public-url", "https://p.test"), "is empty"},
		{append(iss, "--oidc-client-id", "x", "--oidc-client-secret-file", filepath.Join(dir, "nope"), "--public-url", "https://p.test"), "--oidc-client-secret-file"},
		{append(full, "--oidc-role-claim", "groups"), "go together"},
		{append(full, "--oidc-role-claim", "groups", "--oidc-role-map", "beheer=koning"), `--oidc-role-map: rollenkoppeling, item 1 ("beheer=koning"): rol "koning" bestaat niet`},
	} {
		_, stderr, code := cli(t, "", append([]string{"server", "--addr", "127.0.0.1:0", "--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
}

// TestServeWithOIDC runs the server as an operator would, with local
// passwords off, against a real OpenID provider, and logs in through it.
func TestServeWithOIDC(t *testing.T) {
	op := oidctest.Start(t, oidctest.User{ID: "u1", Username: "bea", Password: "pw-bij-de-idp", Email: "bea@gemeente.test",
		EmailVerified: true, Name: "Bea Beheer", Groups: []string{"/perspectief/beheer"}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	site := "http://" + addr
	op.AddClient("perspectief", "s3cret", site+web.OIDCCallbackPath)
	dir := t.TempDir()
	secret := filepath.Join(dir, "client-secret")
	os.WriteFile(secret, []byte("s3cret\n"), 0o600)

	cmd := exec.Command(os.Args[0], "server", "--addr", addr, "--db", filepath.Join(dir, "p.db"), "--public-url", site,
		"--oidc-issuer", op.Issuer, "--oidc-client-id", "perspectief", "--oidc-client-secret-file", secret,
		"--oidc-name", "gemeente Testdam", "--oidc-role-claim", "groups", "--oidc-role-map", "/perspectief/beheer=beheerder",
		"--local-passwords=false")
	cmd.Env = append(os.Environ(), asMain+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stderr)
	var said []string
	for sc.Scan() {
		said = append(said, sc.Text())
		if strings.HasPrefix(sc.Text(), "Perspectief luistert op ") {
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	if len(said) == 0 || !strings.HasPrefix(said[len(said)-1], "Perspectief luistert op ") {
		t.Fatalf("server did not start: %q", said)
	}

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(r *http.Response, err error) (*http.Response, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r, string(b)
	}
	_, form := page(c.Get(site + "/inloggen"))
	if !strings.Contains(form, "Inloggen met gemeente Testdam") || strings.Contains(form, `name="wachtwoord"`) {
		t.Fatalf("login page with local passwords off:\n%s", form)
	}
	if r, _ := page(c.PostForm(site+"/inloggen", url.Values{"email": {"bea@gemeente.test"}, "wachtwoord": {"pw-bij-de-idp"}})); r.StatusCode != http.StatusForbidden {
		t.Errorf("a password login with --local-passwords=false: status %d, want 403", r.StatusCode)
	}
	r, _ := page(c.Get(site + "/inloggen/oidc"))
	back := op.Login(t, c, r.Header.Get("Location"), "bea", "pw-bij-de-idp")
	r, _ = page(c.Get(back.String()))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("return from the provider: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	if _, home := page(c.Get(site + "/")); !strings.Contains(home, "Bea Beheer") || !strings.Contains(home, "(Beheerder)") {
		t.Errorf("the start page after the login does not name Bea Beheer, beheerder:\n%s", home)
	}
}
