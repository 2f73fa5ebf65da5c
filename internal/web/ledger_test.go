package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// confirmSpending presses the confirm button of a spending preview.
func (c *client) confirmSpending(preview response) response {
	c.t.Helper()
	wantStatus(c.t, preview, http.StatusOK, "spending preview")
	return c.confirmUpload("/procesmonitor/uitgaven", preview)
}

// TestLedgerMappingPages: the programmateam keeps the mapping of codes of
// the financial administration with pickers by name; every role reads it;
// a spending file in those codes lists the code it cannot map, which is
// mapped on the preview page, and then stores; spending per intervention
// shows on the procesmonitor and the intervention's spending.
func TestLedgerMappingPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		c := s.login(team)
		page := c.get("/procesmonitor/koppeling")
		wantStatus(t, page, http.StatusOK, "mapping")
		mustContain(t, page, "Koppeling van codes uit de financiële administratie", "KP4410/6349900", "(voorbeeld) Fictieve",
			"Code koppelen", "Lijn Fatsoenlijk inkomen", "Post Versterken financiële dienstverlening in de wijk › interventie Samenwerking gemeente en WIJ")
		// The picker carries names: no option label is a bare code.
		if regexp.MustCompile(`<option value="[^"]+">L\d[.\d-]*</option>`).MatchString(page.Body) {
			t.Error("an option of the picker shows a code instead of a name")
		}
		for _, who := range []string{reader, leader, steer} {
			u := s.login(who)
			r := u.get("/procesmonitor/koppeling")
			wantStatus(t, r, http.StatusOK, who+" reads the mapping")
			mustNotContain(t, r, "Code koppelen")
			wantStatus(t, u.post("/procesmonitor/koppeling", url.Values{"code": {"6399999"}, "bestemming": {"L2.1|"}}), http.StatusForbidden, who+" maps")
		}

		// Add, refuse, change, remove.
		r := c.post("/procesmonitor/koppeling", url.Values{"code": {"63 99"}, "bestemming": {"L2.1|L1-01"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad mapping")
		mustContain(t, r, "De koppeling is niet opgeslagen.", "Mag alleen letters, cijfers", "Hoort bij een andere programmalijn")
		if !strings.Contains(r.Body, `<title>Fout: `) {
			t.Error("the refused form's title does not start with Fout:")
		}
		r = c.post("/procesmonitor/koppeling", url.Values{"code": {"6399999"}, "bestemming": {"L2.1|L2-01"}, "toelichting": {"Fictief"}})
		wantStatus(t, r, http.StatusSeeOther, "add mapping")
		mustContain(t, c.get(r.Location), "De koppeling is opgeslagen.", "6399999")
		edit := c.get("/procesmonitor/koppeling/wijzigen?code=6399999")
		mustContain(t, edit, "Koppeling wijzigen", "code 6399999")
		if !strings.Contains(edit.Body, `value="L2.1|L2-01" selected`) {
			t.Error("the edit form does not preselect the stored destination")
		}
		wantStatus(t, c.post("/procesmonitor/koppeling", url.Values{"code": {"6399999"}, "wijzigen": {"1"}, "bestemming": {"L2|"}}), http.StatusSeeOther, "change")
		if cs, _ := db.Procesmonitor().LedgerCodes(context.Background()); !strings.Contains(strings.Join(codesOf(cs), " "), "6399999=L2/") {
			t.Errorf("changed mapping: %v", codesOf(cs))
		}
		wantStatus(t, c.post("/procesmonitor/koppeling/verwijderen", url.Values{"code": {"6399999"}}), http.StatusSeeOther, "remove")
		wantStatus(t, c.post("/procesmonitor/koppeling/verwijderen", url.Values{"code": {"6399999"}}), http.StatusNotFound, "remove twice")

		// A file in the administration's codes: one code unmapped.
		file := "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n" +
			"2025-06-02,6341100,1500,Training,GB-W-1\n" +
			"2025-06-03,7777777,250,Onbekend,GB-W-2\n" +
			"2025-06-04,7777777,250,Onbekend,GB-W-3\n"
		r = c.uploadTo("/procesmonitor/uitgaven", "grootboek.csv", []byte(file))
		wantStatus(t, r, http.StatusOK, "preview with an unmapped code")
		mustContain(t, r, "Codes zonder koppeling", "Code 7777777", "2 boekingen, samen € 500,00; regel 3, 4 van het bestand", "Koppelen en opnieuw controleren")
		mustNotContain(t, r, "Uitgaven opslaan")
		tok := tokenField.FindStringSubmatch(r.Body)[1]
		if bs, _ := db.Procesmonitor().BookingsByReference(context.Background(), []string{"GB-W-1"}); len(bs) != 0 {
			t.Fatal("the preview stored bookings")
		}
		r = c.post("/procesmonitor/uitgaven", url.Values{"token": {tok}, "koppelen": {"1"}, "code_0": {"7777777"}, "bestemming_0": {"L2.1|L2-01"}})
		wantStatus(t, r, http.StatusOK, "mapped and previewed again")
		mustContain(t, r, "3 zijn nieuw", "Uitgaven opslaan", "Samenwerking gemeente en WIJ")
		mustNotContain(t, r, "Codes zonder koppeling")
		r = c.confirmSpending(r)
		wantStatus(t, r, http.StatusSeeOther, "confirm")
		// Used tokens are gone.
		wantStatus(t, c.post("/procesmonitor/uitgaven", url.Values{"token": {tok}}), http.StatusConflict, "old token")

		pm := c.get("/procesmonitor")
		mustContain(t, pm, "Uitgaven 2025 per interventie", "Samenwerking gemeente en WIJ", "Niet aan een interventie toe te wijzen")
		mine := c.get("/procesmonitor/uitgaven?jaar=2025&interventie=L2-01")
		mustContain(t, mine, "interventie Samenwerking gemeente en WIJ", "GB-W-2", "(code 7777777)")
		mustNotContain(t, mine, "GB-W-1")
		if iv := c.get("/interventies/L2-01"); !strings.Contains(iv.Body, `href="/procesmonitor/uitgaven?interventie=L2-01"`) {
			t.Error("the intervention page does not link to its spending")
		}
	})
}

func codesOf(cs []procesmonitor.LedgerCode) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code+"="+c.Target+"/"+c.Intervention)
	}
	return out
}
