package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestAccountAdminPermissions: only a beheerder sees or changes other
// accounts and every API token.
func TestAccountAdminPermissions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ctx := context.Background()
		target, err := db.Accounts().UserByEmail(ctx, reader)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(target.ID, 10)
		for _, role := range account.Roles {
			c := s.login(byRole[role])
			want := http.StatusForbidden
			if role == account.RoleAdmin {
				want = http.StatusOK
			}
			for _, p := range []string{"/beheer/gebruikers", "/beheer/gebruikers/" + id, "/beheer/tokens"} {
				wantStatus(t, c.get(p), want, string(role)+" GET "+p)
			}
			if role == account.RoleAdmin {
				continue
			}
			for _, p := range []string{"/rol", "/uitschakelen", "/wachtwoord"} {
				r := c.post("/beheer/gebruikers/"+id+p, url.Values{"rol": {"beheerder"}, "wachtwoord": {"een nieuw wachtwoord"}})
				wantStatus(t, r, http.StatusForbidden, string(role)+" POST "+p)
			}
			// Every user has their own account page.
			mustContain(t, c.get("/account"), "Mijn account", "Wachtwoord wijzigen", "Deze sessie")
		}
		after, _ := db.Accounts().UserByEmail(ctx, reader)
		if after.Role != account.RoleReader || after.Disabled() || after.MustChangePassword {
			t.Errorf("refused posts changed the account: %+v", after)
		}
	})
}

// TestAccountLifeInBrowser walks a beheerder through the account pages and
// the user through what follows: disabling ends the user's session and
// token, a one-time password leads to the password form and nowhere else,
// and the user's own change ends the user's other sessions.
func TestAccountLifeInBrowser(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ctx := context.Background()
		lotte, err := db.Accounts().UserByEmail(ctx, leader)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(lotte.ID, 10)
		tok, _, err := s.web.Accounts.CreateToken(ctx, leader, "script", leader)
		if err != nil {
			t.Fatal(err)
		}
		user := s.login(leader)
		mustContain(t, user.get("/tokens"), "Verloopt op", "Laatst gebruikt", "script", "1 jaar")

		adm := s.login(admin)
		list := adm.get("/beheer/gebruikers")
		mustContain(t, list, "Lotte Leider", leader, "Projectleider", "Laatst ingelogd", "Actief")
		mustContain(t, adm.get("/beheer/tokens"), "script", "Lotte Leider")

		// Disable: the session and the token stop at once.
		r := adm.post("/beheer/gebruikers/"+id+"/uitschakelen", nil)
		wantStatus(t, r, http.StatusSeeOther, "disable")
		mustContain(t, adm.get(r.Location), "Uitgeschakeld op", "Account inschakelen", "sessies zijn beëindigd")
		wantStatus(t, user.get("/"), http.StatusSeeOther, "the disabled user's next request")
		if _, err := s.web.Accounts.TokenUser(ctx, tok); err == nil {
			t.Error("the disabled user's token still works")
		}
		wantStatus(t, s.client().loginAs(leader, password), http.StatusUnauthorized, "login of a disabled account")
		mustContain(t, adm.get("/beheer/gebruikers"), "Uitgeschakeld")

		// A beheerder cannot disable their own account.
		self, _ := db.Accounts().UserByEmail(ctx, admin)
		r = adm.post("/beheer/gebruikers/"+strconv.FormatInt(self.ID, 10)+"/uitschakelen", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "disabling oneself")
		mustContain(t, r, "eigen account niet uitschakelen")

		wantStatus(t, adm.post("/beheer/gebruikers/"+id+"/inschakelen", nil), http.StatusSeeOther, "enable")
		wantStatus(t, adm.post("/beheer/gebruikers/"+id+"/rol", url.Values{"rol": {"programmateam"}}), http.StatusSeeOther, "role")
		r = adm.post("/beheer/gebruikers/"+id+"/wachtwoord", url.Values{"wachtwoord": {"kort"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "a short one-time password")
		const once, own = "een eenmalig wachtwoord", "mijn eigen lange wachtwoord"
		wantStatus(t, adm.post("/beheer/gebruikers/"+id+"/wachtwoord", url.Values{"wachtwoord": {once}}), http.StatusSeeOther, "one-time password")

		// The user logs in with the one-time password: every page leads
		// to the password form until the password is changed.
		user = s.client()
		wantStatus(t, user.loginAs(leader, once), http.StatusSeeOther, "login with the one-time password")
		r = user.get("/begroting")
		if r.Status != http.StatusSeeOther || r.Location != "/account?melding=eenmalig" {
			t.Fatalf("GET /begroting with a one-time password: %d to %q", r.Status, r.Location)
		}
		mustContain(t, user.get(r.Location), "eenmalig wachtwoord", "Huidig wachtwoord")
		r = user.post("/tokens", url.Values{"naam": {"stiekem"}, "geldig": {"365"}})
		if r.Status != http.StatusSeeOther || r.Location != "/account?melding=eenmalig" {
			t.Errorf("POST /tokens with a one-time password: %d to %q", r.Status, r.Location)
		}
		second := s.client()
		wantStatus(t, second.loginAs(leader, once), http.StatusSeeOther, "a second login")
		second.get("/account")

		r = user.post("/account/wachtwoord", url.Values{"huidig": {"fout wachtwoord!"}, "nieuw": {own}, "herhaal": {own}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "a wrong current password")
		mustContain(t, r, "huidige wachtwoord klopt niet")
		r = user.post("/account/wachtwoord", url.Values{"huidig": {once}, "nieuw": {own}, "herhaal": {own + "x"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "two different new passwords")
		r = user.post("/account/wachtwoord", url.Values{"huidig": {once}, "nieuw": {own}, "herhaal": {own}})
		wantStatus(t, r, http.StatusSeeOther, "the password change")
		mustContain(t, user.get(r.Location), "Uw wachtwoord is gewijzigd")
		wantStatus(t, user.get("/begroting"), http.StatusOK, "a page after the change")
		wantStatus(t, second.get("/"), http.StatusSeeOther, "the other session after the change")

		evs, err := db.Accounts().AuditLog(ctx, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		for _, ev := range evs {
			if ev.Key == leader {
				seen[ev.Action] = ev.Actor
			}
		}
		for action, actor := range map[string]string{"uitgeschakeld": admin, "ingeschakeld": admin, "rol_gewijzigd": admin, "eenmalig_wachtwoord_gezet": admin, "wachtwoord_gewijzigd": leader} {
			if seen[action] != actor {
				t.Errorf("audit %s by %q, want by %s (seen %v)", action, seen[action], actor, seen)
			}
		}
	})
}

// TestDisplayNames: pages name people by their display name, not by the
// e-mail address they log in with.
func TestDisplayNames(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(reader)
		page := text(c.get("/interventies/L1-01").Body)
		if !strings.Contains(page, "Projectleiders Lotte Leider") || strings.Contains(page, leader) {
			t.Errorf("the intervention page does not name its projectleider Lotte Leider:\n%.600s", page)
		}
		if list := text(c.get("/interventies").Body); !strings.Contains(list, "Lotte Leider") || strings.Contains(list, leader) {
			t.Errorf("the intervention list shows addresses:\n%.600s", list)
		}
		mustContain(t, c.get("/account"), "Lies Lezer", reader)
	})
}
