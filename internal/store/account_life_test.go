package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// clock is a settable time for the account service.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }
func unauthorized(err error) bool        { return perspectief.ErrorCode(err) == perspectief.CodeUnauthorized }
func lifeService(db *store.DB, c *clock) *account.Service {
	svc := account.NewService(db.Accounts())
	svc.Now = c.now
	return svc
}

const pwA, pwB = "een lang wachtwoord", "nog een lang wachtwoord"

func lifeAccounts(t *testing.T, svc *account.Service) (admin, user *account.User) {
	t.Helper()
	ctx := context.Background()
	admin, err := svc.AddUser(ctx, "bea@example.nl", "Bea Beheer", account.RoleAdmin, pwA, "cli")
	if err != nil {
		t.Fatal(err)
	}
	user, err = svc.AddUser(ctx, "piet@example.nl", "Piet Project", account.RoleProjectLeader, pwA, "cli")
	if err != nil {
		t.Fatal(err)
	}
	return admin, user
}

func auditActions(t *testing.T, db *store.DB, key string) []string {
	t.Helper()
	evs, err := db.Accounts().AuditLog(context.Background(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		if ev.Key == key {
			out = append(out, ev.Actor+":"+ev.Action)
		}
	}
	return out
}

func TestDisableEndsSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock()
		svc := lifeService(db, c)
		admin, user := lifeAccounts(t, svc)
		sess, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := svc.CreateToken(ctx, user.Email, "script", "cli")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.TokenUser(ctx, tok); err != nil {
			t.Fatalf("token before disabling: %v", err)
		}
		if err := svc.Disable(ctx, *admin, user.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, sess); !unauthorized(err) {
			t.Errorf("session after disabling: %v, want unauthorized", err)
		}
		if _, err := svc.TokenUser(ctx, tok); !unauthorized(err) {
			t.Errorf("token after disabling: %v, want unauthorized", err)
		}
		if ss, _ := db.Accounts().UserSessions(ctx, user.ID); len(ss) != 0 {
			t.Errorf("%d sessions stored after disabling, want none", len(ss))
		}
		if _, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.1"); !unauthorized(err) {
			t.Errorf("login of a disabled account: %v, want unauthorized", err)
		}
		if _, _, err := svc.CreateToken(ctx, user.Email, "nieuw", "cli"); err == nil {
			t.Error("a disabled account got a new token")
		}
		got, _ := db.Accounts().UserByID(ctx, user.ID)
		if !got.Disabled() {
			t.Error("account not marked disabled")
		}

		if err := svc.Enable(ctx, *admin, user.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.2"); err != nil {
			t.Errorf("login after enabling: %v", err)
		}
		if _, err := svc.TokenUser(ctx, tok); !unauthorized(err) {
			t.Errorf("old token after enabling: %v, want it to stay revoked", err)
		}
		acts := strings.Join(auditActions(t, db, user.Email), " ")
		for _, want := range []string{"bea@example.nl:uitgeschakeld", "bea@example.nl:ingeschakeld"} {
			if !strings.Contains(acts, want) {
				t.Errorf("audit of %s = %s; missing %s", user.Email, acts, want)
			}
		}

		// Nobody disables themselves or the last beheerder, nor demotes the
		// last beheerder.
		if err := svc.Disable(ctx, *admin, admin.ID); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("disabling oneself: %v, want invalid", err)
		}
		if err := svc.SetRole(ctx, *admin, admin.ID, account.RoleReader); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("demoting the last beheerder: %v, want invalid", err)
		}
		if err := svc.Disable(ctx, *user, admin.ID); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("a projectleider disabling: %v, want forbidden", err)
		}
	})
}

func TestRoleChangeAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := lifeService(db, newClock())
		admin, user := lifeAccounts(t, svc)
		if err := svc.SetRole(ctx, *admin, user.ID, account.RoleTeam); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetRole(ctx, *admin, user.ID, "koning"); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("unknown role: %v, want invalid", err)
		}
		got, _ := db.Accounts().UserByID(ctx, user.ID)
		if got.Role != account.RoleTeam {
			t.Errorf("role = %s, want programmateam", got.Role)
		}
		evs, _ := db.Accounts().AuditLog(ctx, 1, 0)
		if len(evs) != 1 || evs[0].Action != "rol_gewijzigd" || !strings.Contains(evs[0].Before, "projectleider") || !strings.Contains(evs[0].After, "programmateam") {
			t.Errorf("last audit event = %+v", evs)
		}
	})
}

func TestOneTimePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock()
		svc := lifeService(db, c)
		admin, user := lifeAccounts(t, svc)
		old, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SetOneTimePassword(ctx, *admin, user.ID, "kort"); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("a short one-time password: %v, want invalid", err)
		}
		if err := svc.SetOneTimePassword(ctx, *admin, user.ID, pwB); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, old); !unauthorized(err) {
			t.Errorf("session from before the reset: %v, want unauthorized", err)
		}
		if _, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.1"); !unauthorized(err) {
			t.Errorf("login with the old password: %v, want unauthorized", err)
		}
		sess, _, err := svc.Login(ctx, user.Email, pwB, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		se, who, err := svc.SessionUser(ctx, sess)
		if err != nil || !who.MustChangePassword {
			t.Fatalf("after a one-time password: %+v, %v; want the change required", who, err)
		}
		if err := svc.ChangePassword(ctx, *who, se.TokenHash, pwB, pwB); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("keeping the one-time password: %v, want invalid", err)
		}
		if err := svc.ChangePassword(ctx, *who, se.TokenHash, "fout wachtwoord!", pwA+" 2"); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("a wrong current password: %v, want invalid", err)
		}
		if err := svc.ChangePassword(ctx, *who, se.TokenHash, pwB, pwA+" 2"); err != nil {
			t.Fatal(err)
		}
		_, who, err = svc.SessionUser(ctx, sess)
		if err != nil || who.MustChangePassword {
			t.Errorf("after the change: %+v, %v; want the session kept and no change required", who, err)
		}
		acts := strings.Join(auditActions(t, db, user.Email), " ")
		for _, want := range []string{"bea@example.nl:eenmalig_wachtwoord_gezet", "piet@example.nl:wachtwoord_gewijzigd"} {
			if !strings.Contains(acts, want) {
				t.Errorf("audit = %s; missing %s", acts, want)
			}
		}
	})
}

func TestOwnPasswordChangeEndsOtherSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := lifeService(db, newClock())
		_, user := lifeAccounts(t, svc)
		here, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		there, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.2")
		if err != nil {
			t.Fatal(err)
		}
		se, who, err := svc.SessionUser(ctx, here)
		if err != nil {
			t.Fatal(err)
		}
		if ss, _ := svc.Sessions(ctx, *who); len(ss) != 2 {
			t.Errorf("%d own sessions listed, want 2", len(ss))
		}
		if err := svc.ChangePassword(ctx, *who, se.TokenHash, pwA, pwB); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, here); err != nil {
			t.Errorf("the session that changed the password: %v, want it kept", err)
		}
		if _, _, err := svc.SessionUser(ctx, there); !unauthorized(err) {
			t.Errorf("the other session: %v, want unauthorized", err)
		}
		if ss, _ := svc.Sessions(ctx, *who); len(ss) != 1 || ss[0].TokenHash != se.TokenHash {
			t.Errorf("own sessions after the change = %+v, want only this one", ss)
		}
	})
}

func TestSessionIdleAndAbsoluteExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock()
		svc := lifeService(db, c)
		svc.Life = account.Lifetimes{Idle: 30 * time.Minute, MaxSession: 2 * time.Hour, Token: 365 * 24 * time.Hour}
		_, user := lifeAccounts(t, svc)

		// Idle: each request within 30 minutes of the last keeps the
		// session; 30 minutes without one ends it.
		idle, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			c.advance(29 * time.Minute)
			if _, _, err := svc.SessionUser(ctx, idle); err != nil {
				t.Fatalf("request %d, 29 minutes after the last: %v", i+1, err)
			}
		}
		c.advance(30 * time.Minute)
		if _, _, err := svc.SessionUser(ctx, idle); !unauthorized(err) {
			t.Errorf("after 30 idle minutes: %v, want unauthorized", err)
		}
		if _, err := db.Accounts().Session(ctx, account.HashSecret(idle)); !account.NotFound(err) {
			t.Errorf("an idle session is still stored: %v", err)
		}

		// Absolute: a session in constant use ends after the maximum.
		busy, _, err := svc.Login(ctx, user.Email, pwA, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		for elapsed := 10 * time.Minute; elapsed < 2*time.Hour; elapsed += 10 * time.Minute {
			c.advance(10 * time.Minute)
			if _, _, err := svc.SessionUser(ctx, busy); err != nil {
				t.Fatalf("busy session after %s: %v", elapsed, err)
			}
		}
		c.advance(10 * time.Minute)
		if _, _, err := svc.SessionUser(ctx, busy); !unauthorized(err) {
			t.Errorf("busy session after 2 hours: %v, want unauthorized", err)
		}
	})
}

func TestTokenExpiryAndLastUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock()
		svc := lifeService(db, c)
		admin, user := lifeAccounts(t, svc)
		start := c.t
		_, rec, err := svc.CreateToken(ctx, user.Email, "jaar", "cli")
		if err != nil {
			t.Fatal(err)
		}
		if want := start.Add(365 * 24 * time.Hour); !rec.ExpiresAt.Equal(want) {
			t.Errorf("default expiry %s, want %s", rec.ExpiresAt, want)
		}
		if _, _, err := svc.CreateTokenUntil(ctx, user.Email, "te lang", "cli", start.Add(3*365*24*time.Hour)); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("a token for three years: %v, want invalid", err)
		}
		tok, short, err := svc.CreateTokenUntil(ctx, user.Email, "uur", "cli", start.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		c.advance(59 * time.Minute)
		if _, err := svc.TokenUser(ctx, tok); err != nil {
			t.Fatalf("token before its expiry: %v", err)
		}
		c.advance(time.Minute)
		if _, err := svc.TokenUser(ctx, tok); !unauthorized(err) {
			t.Errorf("token at its expiry: %v, want unauthorized", err)
		}
		all, err := svc.AllTokens(ctx, *admin)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, x := range all {
			if x.ID == short.ID {
				found = true
				if x.LastUsedAt == nil || !x.LastUsedAt.Equal(start.Add(59*time.Minute)) {
					t.Errorf("last use = %v, want %s", x.LastUsedAt, start.Add(59*time.Minute))
				}
				if x.OwnerEmail != user.Email || x.OwnerName != "Piet Project" {
					t.Errorf("owner = %q %q", x.OwnerEmail, x.OwnerName)
				}
			}
		}
		if !found || len(all) != 2 {
			t.Errorf("all tokens = %+v, want both", all)
		}
		if _, err := svc.AllTokens(ctx, *user); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("a projectleider listing every token: %v, want forbidden", err)
		}
		if err := svc.RevokeAnyToken(ctx, *admin, rec.ID); err != nil {
			t.Fatal(err)
		}
		if ts, _ := db.Accounts().Tokens(ctx, user.ID); ts[len(ts)-1].RevokedAt == nil {
			t.Error("the beheerder's revocation did not stick")
		}
	})
}
