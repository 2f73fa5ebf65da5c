package e2e

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/perspectief/perspectief/internal/web"
	"github.com/perspectief/perspectief/internal/web/oidctest"
)

const idpPassword = "wachtwoord-bij-de-idp"

// TestOIDCLoginInBrowser logs in through the gemeente's OpenID provider as
// a user would: the button on Perspectief's login page, the provider's own
// login page (zitadel's example provider, started by the test), and back on
// the start page with the role from the groups claim; a user whose groups
// map to no role gets the Dutch refusal. Perspectief's pages on the way are
// checked by axe and the HTML checker; the provider's page is not ours.
func TestOIDCLoginInBrowser(t *testing.T) {
	s := newSession(t)
	op := oidctest.Start(t,
		oidctest.User{ID: "u1", Username: "anna", Password: idpPassword, Email: "anna.devries@gemeente.test", EmailVerified: true, Name: "Anna de Vries", Groups: []string{"perspectief-team"}},
		oidctest.User{ID: "u2", Username: "kees", Password: idpPassword, Email: "kees@gemeente.test", EmailVerified: true, Name: "Kees Kantine", Groups: []string{"kantine"}},
	)
	base := startOIDCServer(t, op)
	s.base = base

	s.open("/inloggen", 200, "inloggen-met-idp")
	providerLogin(s, op, "anna")
	resp := s.follow(200, "na-inloggen-via-idp", chromedp.Click(`//button[@type="submit"]`))
	if p := s.path(resp); p != "/" {
		s.fatal("after logging in through the provider the browser is at %q, want the overview /", p)
	}
	if who := eval[string](s, `document.querySelector('.user-name').innerText`); !strings.Contains(who, "Anna de Vries") || !strings.Contains(who, "Programmateam") {
		t.Errorf("the header names %q, want Anna de Vries (Programmateam)", who)
	}

	s = newSession(t, phone)
	s.base = base
	s.open("/inloggen", 200, "inloggen-met-idp-telefoon")
	providerLogin(s, op, "kees")
	s.follow(403, "idp-zonder-rol-telefoon", chromedp.Click(`//button[@type="submit"]`))
	if body := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(body, "uw groepen geven geen rol in Perspectief") {
		t.Errorf("the refusal does not say why: %s", oneLine(body, 300))
	}
	if w := eval[int](s, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Errorf("the refused login page is %dpx wider than the screen", w)
	}
}

// providerLogin presses "Inloggen met ..." and fills in the provider's
// login page; the caller submits it.
func providerLogin(s *session, op *oidctest.Provider, user string) {
	s.t.Helper()
	ctx, cancel := s.stepCtx()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(`//a[normalize-space()="Inloggen met gemeente Testdam"]`))
	if err != nil {
		s.fatal("press the provider's button: %v", err)
	}
	if !strings.HasPrefix(resp.URL, op.Issuer) || resp.Status != 200 {
		s.fatal("the button led to %s (%d), want the provider's login page", resp.URL, resp.Status)
	}
	s.do(
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), idpPassword),
	)
}

// startOIDCServer runs the binary the demo was built from as `server` with
// the provider's login, on a fresh database, until the test ends.
func startOIDCServer(t *testing.T, op *oidctest.Provider) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	op.AddClient("perspectief", "geheim", base+web.OIDCCallbackPath)
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("geheim\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(demo.dir, "perspectief"), "server", "--addr", addr, "--db", filepath.Join(dir, "p.db"),
		"--public-url", base, "--oidc-issuer", op.Issuer, "--oidc-client-id", "perspectief", "--oidc-client-secret-file", secret,
		"--oidc-name", "gemeente Testdam", "--oidc-role-claim", "groups", "--oidc-role-map", "perspectief-team=programmateam")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	up := make(chan bool, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if strings.HasPrefix(sc.Text(), "Perspectief luistert op ") {
				up <- true
			}
		}
		_ = cmd.Wait()
		close(done)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	select {
	case <-up:
		return base
	case <-done:
		t.Fatalf("the server with OpenID login stopped:\n%s", log.String())
	case <-ctx.Done():
		t.Fatal("the server with OpenID login did not start within 30 s")
	}
	return ""
}
