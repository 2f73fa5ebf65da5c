package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/api"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
)

// TestUserLifeCommands runs the operator's account commands as a user would
// and checks the fixed point of issue 12: after account uitschakelen, the account's
// API tokens answer 401 and its sessions are gone.
func TestUserLifeCommands(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dsn := dsnFor(t)
			mustCLI := func(stdin string, args ...string) string {
				t.Helper()
				out, stderr, code := cli(t, stdin, args...)
				if code != 0 {
					t.Fatalf("%s: exit %d: %s", strings.Join(args[:2], " "), code, stderr)
				}
				return out + stderr
			}
			mustCLI("een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", "beheerder", "--email", "bea@gemeente.nl", "--name", "Bea Beheer")
			mustCLI("een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", "lezer", "--email", "lotte@gemeente.nl", "--name", "Lotte Lezer")
			tok := strings.TrimSpace(strings.SplitN(mustCLI("", "token", "maken", "--db", dsn, "--email", "lotte@gemeente.nl", "--days", "30"), "\n", 2)[0])

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			svc := account.NewService(db.Accounts())
			if _, _, err := svc.Login(ctx, "lotte@gemeente.nl", "een goed wachtwoord", "127.0.0.1"); err != nil {
				t.Fatal(err)
			}
			apiH := (&api.Handler{Programme: programme.NewService(db.Programmes()), Accounts: svc}).Routes()
			status := func() int {
				req := httptest.NewRequest(http.MethodGet, "/api/v1/programme", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				rec := httptest.NewRecorder()
				apiH.ServeHTTP(rec, req)
				return rec.Code
			}
			if got := status(); got == http.StatusUnauthorized {
				t.Fatalf("the new token answers %d before disabling", got)
			}

			list := mustCLI("", "account", "tonen", "--db", dsn)
			for _, want := range []string{"bea@gemeente.nl", "Bea Beheer", "lotte@gemeente.nl  Lotte Lezer", "lezer", "active", "never"} {
				if !strings.Contains(list, want) {
					t.Errorf("account tonen lacks %q:\n%s", want, list)
				}
			}

			mustCLI("", "account", "rol-wijzigen", "--db", dsn, "--email", "lotte@gemeente.nl", "--role", "ervaringsdeskundige")
			if _, stderr, code := cli(t, "", "account", "rol-wijzigen", "--db", dsn, "--email", "lotte@gemeente.nl", "--role", "koning"); code == 0 || !strings.Contains(stderr, `unknown role "koning"`) {
				t.Errorf("unknown role: exit %d, %q", code, stderr)
			}
			if _, stderr, code := cli(t, "", "account", "uitschakelen", "--db", dsn, "--email", "niemand@gemeente.nl"); code == 0 || !strings.Contains(stderr, "geen account") {
				t.Errorf("unknown account: exit %d, %q", code, stderr)
			}

			mustCLI("", "account", "uitschakelen", "--db", dsn, "--email", "lotte@gemeente.nl")
			if got := status(); got != http.StatusUnauthorized {
				t.Errorf("the token answers %d after account uitschakelen, want 401", got)
			}
			lotte, err := db.Accounts().UserByEmail(ctx, "lotte@gemeente.nl")
			if err != nil {
				t.Fatal(err)
			}
			if ss, _ := db.Accounts().UserSessions(ctx, lotte.ID); len(ss) != 0 {
				t.Errorf("%d sessions left after account uitschakelen", len(ss))
			}
			if lotte.Role != account.RoleExpert {
				t.Errorf("role after account rol-wijzigen = %s", lotte.Role)
			}
			list = mustCLI("", "account", "tonen", "--db", dsn)
			if !strings.Contains(list, "disabled") {
				t.Errorf("account tonen does not show the disabled account:\n%s", list)
			}

			mustCLI("", "account", "inschakelen", "--db", dsn, "--email", "lotte@gemeente.nl")
			if got := status(); got != http.StatusUnauthorized {
				t.Errorf("the old token answers %d after account inschakelen, want it to stay revoked", got)
			}
			mustCLI("een eenmalig wachtwoord\n", "account", "wachtwoord-instellen", "--db", dsn, "--email", "lotte@gemeente.nl")
			if _, _, err := svc.Login(ctx, "lotte@gemeente.nl", "een eenmalig wachtwoord", "127.0.0.1"); err != nil {
				t.Errorf("login with the one-time password: %v", err)
			}
			lotte, _ = db.Accounts().UserByEmail(ctx, "lotte@gemeente.nl")
			if !lotte.MustChangePassword || lotte.LastLoginAt == nil {
				t.Errorf("after account wachtwoord-instellen and a login: %+v; want a required change and a last login", lotte)
			}

			evs, _ := db.Accounts().AuditLog(ctx, 50, 0)
			var acts []string
			for _, ev := range evs {
				if ev.Key == "lotte@gemeente.nl" && ev.Actor == "cli" {
					acts = append(acts, ev.Action)
				}
			}
			if got := strings.Join(acts, " "); got != "eenmalig_wachtwoord_gezet ingeschakeld uitgeschakeld rol_gewijzigd aangemaakt" {
				t.Errorf("audit by cli of lotte = %q", got)
			}
		})
	}
}
