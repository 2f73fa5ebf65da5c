package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// indicatorSite is the site with the indicator register, values and forms.
func indicatorSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	return newSite(t, db)
}

// TestIndicatorValueForm: beheerder and programmateam enter a value with
// the form, with the import's rules; other roles get neither the form nor
// the link to it.
func TestIndicatorValueForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := indicatorSite(t, db)
		const page = "/indicatoren/o3_vroegsignalen"
		for _, role := range account.Roles {
			c := s.login(byRole[role])
			allowed := role == account.RoleAdmin || role == account.RoleTeam
			r := c.get(page)
			wantStatus(t, r, http.StatusOK, string(role)+" GET the indicator page")
			if has := strings.Contains(r.Body, `href="`+page+`/waarde"`); has != allowed {
				t.Errorf("%s: link to the value form shown = %v, want %v", role, has, allowed)
			}
			form := c.get(page + "/waarde")
			good := url.Values{"periode": {"2024-Q3"}, "gebied": {"GM0014"}, "groep": {"totaal"}, "waarde": {"118"}, "teller": {""},
				"noemer": {""}, "marge": {""}, "bron": {"Eigen registratie " + string(role)}, "toelichting": {"ingevoerd door " + string(role)}}
			if !allowed {
				wantStatus(t, form, http.StatusForbidden, string(role)+" GET the value form")
				r = c.post(page+"/waarde", good)
				wantStatus(t, r, http.StatusForbidden, string(role)+" POST a value")
				continue
			}
			wantStatus(t, form, http.StatusOK, string(role)+" GET the value form")
			mustContain(t, form, "Waarde invoeren", "Periode", "Gebied", "Groep", "Waarde (aantal)", "Teller", "Noemer", "Marge", "Bron", "Toelichting")
			for _, id := range []string{"periode", "gebied", "groep", "waarde", "teller", "noemer", "marge", "bron", "toelichting"} {
				if !strings.Contains(form.Body, `<label for="`+id+`"`) || !strings.Contains(form.Body, `id="`+id+`"`) {
					t.Errorf("the form has no labelled field %s", id)
				}
			}

			// Bad input: the import's messages next to the fields, the input kept.
			bad := url.Values{"periode": {"2024-T4"}, "gebied": {"Mars"}, "groep": {"totaal"}, "waarde": {"1.000.000"}, "teller": {"-5"},
				"noemer": {"abc"}, "marge": {""}, "bron": {" "}, "toelichting": {"mijn toelichting"}}
			before, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "o3_vroegsignalen"})
			r = c.post(page+"/waarde", bad)
			wantStatus(t, r, http.StatusUnprocessableEntity, string(role)+" POST bad input")
			if !strings.Contains(r.Body, "<title>Fout: Waarde invoeren") {
				t.Errorf("the title of a refused form does not start with Fout:")
			}
			mustContain(t, r, "De waarde is niet opgeslagen.",
				`Periode "2024-T4": gebruik JJJJ, JJJJ-T1 tot JJJJ-T3`,
				`"Mars" staat niet in het gebiedenregister`,
				`"1.000.000" is geen getal`, "Mag niet negatief zijn", `"abc" is geen getal`,
				"Ontbreekt; noem waar het cijfer vandaan komt")
			for _, kept := range []string{`value="2024-T4"`, `value="Mars"`, `value="1.000.000"`, `value="-5"`, `>mijn toelichting</textarea>`} {
				if !strings.Contains(r.Body, kept) {
					t.Errorf("the refused form lost %s", kept)
				}
			}
			for _, anchor := range []string{"#periode", "#gebied", "#waarde", "#teller", "#noemer", "#bron"} {
				if !strings.Contains(r.Body, `<a href="`+anchor+`">`) {
					t.Errorf("the error summary does not link to %s", anchor)
				}
			}
			if after, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "o3_vroegsignalen"}); !reflect.DeepEqual(after, before) {
				t.Fatalf("refused input changed the stored values: %+v", after)
			}

			// Good input: stored, audited, shown.
			r = c.post(page+"/waarde", good)
			if r.Status != http.StatusSeeOther || r.Location != page+"?gebied=GM0014&groep=totaal&melding=waarde&periode=2024-Q3" {
				t.Fatalf("%s: POST a good value: %d %q\n%s", role, r.Status, r.Location, text(r.Body))
			}
			r = c.get(r.Location)
			mustContain(t, r, "De waarde is opgeslagen.", "3e kwartaal 2024 Gemeente Groningen (2019) 118", "ingevoerd door "+string(role))
			if ev := lastAudit(t, db, "indicatorwaarde"); ev.Actor != byRole[role] || ev.Key != "o3_vroegsignalen 2024-Q3 GM0014 totaal" {
				t.Errorf("audit = %+v", ev)
			}
		}
		// The second save replaced the first; the audit kept the first.
		vals, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "o3_vroegsignalen"})
		if len(vals) != 1 || vals[0].Source != "Eigen registratie programmateam" {
			t.Errorf("stored = %+v", vals)
		}
		if ev := lastAudit(t, db, "indicatorwaarde"); !strings.Contains(ev.Before, "Eigen registratie beheerder") || !strings.Contains(ev.After, "Eigen registratie programmateam") {
			t.Errorf("the audit lost the replaced value: %+v", ev)
		}

		// A text that a spreadsheet would run comes out neutralised, and
		// the download imports again as it went in.
		c := s.login(team)
		r := c.post(page+"/waarde", url.Values{"periode": {"2024-Q4"}, "gebied": {"GM0014"}, "groep": {"@groep"}, "waarde": {"2,5"},
			"bron": {`=HYPERLINK("http://example.com","x")`}, "toelichting": {"+1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("POST a formula-like text: %d\n%s", r.Status, text(r.Body))
		}
		csvBody := c.get(page + "?formaat=csv").Body
		if !strings.Contains(csvBody, `o3_vroegsignalen,2024-Q4,GM0014,'@groep,2.5,,,,"'=HYPERLINK(""http://example.com"",""x"")",'+1`+"\n") {
			t.Errorf("csv:\n%s", csvBody)
		}
		reg, _ := db.Indicators().Register(ctx)
		back, err := indicator.ReadValues("export.csv", strings.NewReader(csvBody), reg)
		if err != nil {
			t.Fatalf("the export does not import: %v %v", err, perspectief.ErrorDetails(err))
		}
		stored, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "o3_vroegsignalen"})
		if !reflect.DeepEqual(back, stored) {
			t.Errorf("round trip:\n%+v\n%+v", back, stored)
		}
		if r := c.get("/indicatoren/bestaat_niet/waarde"); r.Status != http.StatusNotFound {
			t.Errorf("form of an unknown indicator: %d", r.Status)
		}
	})
}
