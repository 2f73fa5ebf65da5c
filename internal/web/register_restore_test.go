package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestRegisterRestoreInTheBrowser: the programme team restores an earlier
// version of the indicator register from its page, after a confirmation
// that lists what changes. The restore is a new version; the versions
// between stay; an indicator added since stays, retired. A reader gets no
// button and is refused; an unknown or current version changes nothing.
func TestRegisterRestoreInTheBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		c := s.login(team)
		if r := c.post("/indicatoren/nieuw", newIndicatorForm("kansrijk_huishoudens")); r.Status != http.StatusSeeOther {
			t.Fatalf("add: %d\n%s", r.Status, text(r.Body))
		}
		inds := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
		reg, err := inds.Register(ctx)
		if err != nil {
			t.Fatal(err)
		}
		const code = "moeite_met_rondkomen"
		old, _ := reg.Indicator(code)
		oldName := old.Name
		changed := *old
		changed.Name = "Moeite met rondkomen (nieuwe naam)"
		if _, err := inds.UpdateIndicator(ctx, account.User{Email: team, Role: account.RoleTeam}, code, changed, "Kortere naam"); err != nil {
			t.Fatal(err)
		}
		versions := func() []indicator.RegisterVersion {
			vs, err := db.Indicators().RegisterVersions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
		if n := len(versions()); n != 3 {
			t.Fatalf("%d versions before the restore, want 3", n)
		}

		// A reader sees the old version but cannot restore it.
		rd := s.login(reader)
		v1 := rd.get("/indicatoren/versies?versie=1")
		wantStatus(t, v1, http.StatusOK, "reader: version 1")
		mustNotContain(t, v1, "terugzetten")
		wantStatus(t, rd.get("/indicatoren/versies?versie=1&terugzetten=ja"), http.StatusForbidden, "reader: confirmation")
		wantStatus(t, rd.post("/indicatoren/versies", url.Values{"versie": {"1"}}), http.StatusForbidden, "reader: restore")

		// The team: a button on an old version, none on the current one.
		mustHTML(t, c.get("/indicatoren/versies?versie=1"), `<button type="submit" class="button secondary" name="terugzetten" value="ja">Versie 1 terugzetten…</button>`)
		mustNotContain(t, c.get("/indicatoren/versies?versie=3"), "terugzetten…")
		confirm := c.get("/indicatoren/versies?versie=1&terugzetten=ja")
		wantStatus(t, confirm, http.StatusOK, "confirmation")
		mustContain(t, confirm, "Versie 1 terugzetten", "Gewijzigd: "+oldName+" ("+code+"): naam",
			"1 indicator vervalt", "Huishoudens in Kansrijk Groningen (kansrijk_huishoudens)")
		mustHTML(t, confirm, `<input type="hidden" name="versie" value="1">`, `<label for="reden">`)
		if n := len(versions()); n != 3 {
			t.Fatalf("the confirmation page made a version")
		}

		r := c.post("/indicatoren/versies", url.Values{"versie": {"1"}, "reden": {"Oude naam terug"}})
		if r.Status != http.StatusSeeOther || r.Location != "/indicatoren/versies?melding=register-teruggezet#versie-4" {
			t.Fatalf("restore: %d %s\n%s", r.Status, r.Location, text(r.Body))
		}
		vs := versions()
		if len(vs) != 4 || vs[3].Kind != indicator.VersionRestore || vs[3].Reason != "Oude naam terug" || vs[2].Reason != "Kortere naam" {
			t.Fatalf("versions after the restore: %+v", vs)
		}
		list := c.get("/indicatoren/versies?melding=register-teruggezet")
		mustContain(t, list, "De eerdere versie is teruggezet", "Eerdere versie teruggezet", "Oude naam terug", "Kortere naam")
		reg, err = inds.Register(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ind, _ := reg.Indicator(code); ind.Name != oldName {
			t.Errorf("after the restore %s is named %q", code, ind.Name)
		}
		if ind, ok := reg.Indicator("kansrijk_huishoudens"); !ok || !ind.Retired {
			t.Errorf("the indicator added since is not kept retired: %+v", ind)
		}

		// The current version and unknown ones change nothing.
		r = c.post("/indicatoren/versies", url.Values{"versie": {"4"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "restore the current version")
		mustContain(t, r, "Versie 4 is gelijk aan het huidige register")
		wantStatus(t, c.post("/indicatoren/versies", url.Values{"versie": {"99"}}), http.StatusNotFound, "restore an unknown version")
		wantStatus(t, c.post("/indicatoren/versies", url.Values{"versie": {"nul"}}), http.StatusNotFound, "restore a bad number")
		if n := len(versions()); n != 4 || strings.Contains(text(list.Body), "Versie 5") {
			t.Errorf("%d versions after refused restores, want 4", n)
		}
	})
}
