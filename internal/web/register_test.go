package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// newIndicatorForm is the register form filled in for a new indicator
// with a 2026 target; the targets table has the rows 2024, 2025, 2026 and
// one for another year.
func newIndicatorForm(code string) url.Values {
	return url.Values{"code": {code}, "naam": {"Huishoudens in Kansrijk Groningen"}, "definitie": {"Aantal huishoudens dat meedoet."},
		"soort": {"beleidsindicator"}, "type": {"output"}, "niveau": {"interventie"}, "doelen": {"O4", "O7"}, "eenheid": {"aantal"},
		"goede_richting": {"omhoog"}, "bron": {"Eigen registratie"}, "frequentie": {"jaarlijks"}, "eigenaar": {"Programmateam"},
		"nulmeting_jaar": {"2023"}, "nulmeting_waarde": {"65"},
		"streef_jaar":   {"2024", "2025", "2026", ""},
		"streef_doel":   {"", "stijging", "getal", ""},
		"streef_waarde": {"", "", "150", ""},
		"streef_marge":  {"", "", "10", ""},
		"streef_reden":  {"", "", "(voorbeeld) uitbreiding naar 150 huishoudens", ""},
		"reden":         {"Nieuwe indicator voor Kansrijk"}}
}

// TestRegisterKeptInTheBrowser: the programme team adds an indicator with
// a 2026 target, sees it with its typology and target reason, changes and
// retires it, and reads the versions; bad input is refused field by field
// and stores nothing; other roles get no form.
func TestRegisterKeptInTheBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		for _, role := range account.Roles {
			if role == account.RoleAdmin || role == account.RoleTeam {
				continue
			}
			c := s.login(byRole[role])
			wantStatus(t, c.get("/indicatoren/nieuw"), http.StatusForbidden, string(role)+" GET the new indicator form")
			wantStatus(t, c.post("/indicatoren/nieuw", newIndicatorForm("verboden")), http.StatusForbidden, string(role)+" POST an indicator")
			if r := c.get("/indicatoren"); strings.Contains(r.Body, `href="/indicatoren/nieuw"`) {
				t.Errorf("%s sees the link to add an indicator", role)
			}
		}
		c := s.login(byRole[account.RoleTeam])
		form := c.get("/indicatoren/nieuw")
		wantStatus(t, form, http.StatusOK, "GET the new indicator form")
		// Pickers, not code fields: goals by name with the code after it.
		mustContain(t, form, "Beleidsindicator: binnen de directe invloed van de gemeente", "Proces (throughput", "Streefwaarde 2026",
			"De dienstverleningsstructuur is zo ingericht dat ondersteuning tijdig, nabij en dekkend georganiseerd is (O4)")
		mustHTML(t, form, `<select id="soort" name="soort"`, `<input type="checkbox" id="doel-O4" name="doelen" value="O4">`)

		versions := func() int {
			vs, err := db.Indicators().RegisterVersions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(vs)
		}
		bad := newIndicatorForm("Kansrijk!")
		bad.Set("naam", " ")
		bad["streef_waarde"] = []string{"", "", "veel", ""}
		bad["streef_doel"] = []string{"", "", "getal", "daling"} // a later row with a goal but no year
		r := c.post("/indicatoren/nieuw", bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "POST a bad indicator")
		mustContain(t, r, "Code: \"Kansrijk!\" is geen geldige code", "Naam: Ontbreekt", `Streefwaarde 2026, waarde: "veel" is geen getal`,
			"Streefwaarde voor een ander jaar, jaar: Vul het jaar in")
		mustHTML(t, r, `href="#naam"`, `href="#streef-2-waarde"`, `href="#streef-3-jaar"`, `value="Kansrijk!"`)
		if n := versions(); n != 0 {
			t.Fatalf("a refused form left %d register versions", n)
		}

		r = c.post("/indicatoren/nieuw", newIndicatorForm("kansrijk_huishoudens"))
		if r.Status != http.StatusSeeOther || r.Location != "/indicatoren/kansrijk_huishoudens?melding=indicator-toegevoegd" {
			t.Fatalf("add: %d %s\n%s", r.Status, r.Location, r.Body)
		}
		page := c.get(r.Location)
		wantStatus(t, page, http.StatusOK, "GET the new indicator")
		mustContain(t, page, "De indicator is toegevoegd", "Huishoudens in Kansrijk Groningen", "Beleidsindicator", "Output",
			"nulmeting 2023: 65", "(voorbeeld) uitbreiding naar 150 huishoudens", "150 (marge 10)")
		mustHTML(t, page, `href="/indicatoren/kansrijk_huishoudens/wijzigen"`)
		r = c.post("/indicatoren/nieuw", newIndicatorForm("kansrijk_huishoudens"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "POST an existing code")
		mustContain(t, r, `Code: "kansrijk_huishoudens" is al in gebruik`)

		// Pickers: the learning log offers the new indicator by name, the
		// value form the areas by name with the code after them.
		lf := c.get("/leerlogboek/nieuw?soort=besluit")
		mustContain(t, lf, "Huishoudens in Kansrijk Groningen (kansrijk_huishoudens)")
		// The recalibration picks goals by name too.
		mustHTML(t, lf, `<input type="checkbox" id="herijking-doel-O4" name="herijking_doelen" value="O4">`,
			`<input type="checkbox" id="herijking-onder-T3" name="herijking_onder" value="T3">`)
		vf := c.get("/indicatoren/o3_vroegsignalen/waarde")
		mustContain(t, vf, "Oosterparkwijk (WK001404)", "Totaal (totaal)")
		mustHTML(t, vf, `<select id="gebied" name="gebied"`, `<option value="GM0014" selected>`)

		// The edit form shows what is stored; retiring needs a reason.
		edit := c.get("/indicatoren/kansrijk_huishoudens/wijzigen")
		mustHTML(t, edit, `value="150"`, `value="(voorbeeld) uitbreiding naar 150 huishoudens"`, `value="O7" checked`)
		if i, j := strings.Index(edit.Body, "Streefwaarde 2024"), strings.Index(edit.Body, "Streefwaarde 2025"); i < 0 || j < i {
			t.Error("the edit form does not list the targets in year order")
		}
		ch := newIndicatorForm("")
		ch.Del("code")
		ch.Set("vervallen", "ja")
		ch.Set("reden", "")
		r = c.post("/indicatoren/kansrijk_huishoudens/wijzigen", ch)
		wantStatus(t, r, http.StatusUnprocessableEntity, "retire without a reason")
		mustContain(t, r, "Reden: Vul in waarom de indicator vervalt")
		ch.Set("reden", "Opgegaan in de resultaten van de interventie")
		r = c.post("/indicatoren/kansrijk_huishoudens/wijzigen", ch)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("retire: %d\n%s", r.Status, r.Body)
		}
		page = c.get("/indicatoren/kansrijk_huishoudens")
		mustContain(t, page, "Huishoudens in Kansrijk Groningen vervallen", "Deze indicator is vervallen")
		if strings.Contains(page.Body, `/indicatoren/kansrijk_huishoudens/waarde"`) {
			t.Error("a retired indicator still offers the value form")
		}
		// Still in the list and its download, marked; gone from the pickers.
		list := c.get("/indicatoren?soort=beleidsindicator&type=output")
		mustContain(t, list, "Huishoudens in Kansrijk Groningen vervallen Beleidsindicator, Output")
		if strings.Contains(list.Body, "Minderjarigen in huishoudens") {
			t.Error("the filter on beleidsindicator/output shows an impact indicator")
		}
		csv := c.get("/indicatoren?soort=beleidsindicator&type=output&tabel=niveau-interventie&formaat=csv")
		if !strings.Contains(csv.Body, "kansrijk_huishoudens,Huishoudens in Kansrijk Groningen,Beleidsindicator,Output,vervallen") {
			t.Errorf("download lacks the retired indicator:\n%s", csv.Body)
		}
		mustNotContain(t, c.get("/leerlogboek/nieuw"), "(kansrijk_huishoudens)")
		mustContain(t, c.get("/leerlogboek"), "Huishoudens in Kansrijk Groningen (kansrijk_huishoudens), vervallen")

		vs := c.get("/indicatoren/versies")
		wantStatus(t, vs, http.StatusOK, "GET the register versions")
		mustContain(t, vs, "Versie 3", "Indicator vervallen", "Opgegaan in de resultaten van de interventie", "Indicator toegevoegd", "Nieuwe indicator voor Kansrijk", "Register ingelezen")
		old := c.get("/indicatoren/versies?versie=2")
		wantStatus(t, old, http.StatusOK, "GET register version 2")
		mustContain(t, old, "Huishoudens in Kansrijk Groningen", "2026: 150 (marge 10)")
		if strings.Contains(text(old.Body), "(kansrijk_huishoudens) vervallen") {
			t.Error("version 2 shows the indicator retired")
		}
		wantStatus(t, c.get("/indicatoren/versies?versie=99"), http.StatusNotFound, "GET a missing version")
	})
}

// mustHTML checks the page's markup, where mustContain checks its text.
func mustHTML(t *testing.T, r response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.Body, w) {
			t.Errorf("markup lacks %q", w)
		}
	}
}
