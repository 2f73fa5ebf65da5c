package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestLearningLogPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newLearningSite(t, db)

		// Every role reads the log; the buttons follow the role.
		for role, email := range byRole {
			c := s.login(email)
			r := c.get("/leerlogboek")
			wantStatus(t, r, http.StatusOK, string(role)+" GET /leerlogboek")
			mustContain(t, r, "11 items", "Pauzeknop gaat op in een vaste contactpersoon voor jongeren")
			// Month sections are named by their heading through a valid id.
			if m := regexp.MustCompile(`id="[^"]*\s[^"]*"`).FindString(r.Body); m != "" {
				t.Errorf("%s: an id with a space breaks aria-labelledby: %s", role, m)
			}
			if !regexp.MustCompile(`aria-labelledby="(maand-\d{4}-\d{2})"[^>]*>\s*<h2 id="maand-\d{4}-\d{2}"`).MatchString(r.Body) {
				t.Errorf("%s: no month section labelled by its heading", role)
			}
			for kind, want := range map[string]bool{
				"signaal": role == account.RoleAdmin || role == account.RoleTeam || role == account.RoleExpert,
				"besluit": role == account.RoleAdmin || role == account.RoleTeam,
			} {
				if got := strings.Contains(r.Body, "/leerlogboek/nieuw?soort="+kind); got != want {
					t.Errorf("%s offered a %s button: %v, want %v", role, kind, got, want)
				}
			}
		}

		rd := s.login(reader)
		for _, c := range []struct {
			query string
			want  []string
			not   []string
		}{
			{"zoek=BRIEVEN", []string{"Brieven over regelingen zijn te moeilijk", "Laat brieven eerst lezen"}, []string{"Wachttijd bij schuldhulp"}},
			{"soort=besluit", []string{"2 items gevonden"}, []string{"Wachttijd bij schuldhulp"}},
			{"lijn=L2", []string{"Wachttijd bij schuldhulp", "Pauzeknop gaat op"}, []string{"Brieven over regelingen"}},
			{"interventie=L1-02", []string{"1 item gevonden", "voorzieningenwijzer"}, nil},
			{"doel=T3", []string{"Drempels zijn in Noordwest het hoogst"}, []string{"Wachttijd"}},
			{"ronde=2025-1", []string{"Aanvraag buurtfonds mist nazorg"}, nil},
			{"van=2025-04-01&tot=2025-04-30", []string{"1 item gevonden", "Pauzeknop gaat op"}, []string{"Brieven over regelingen"}},
			{"van=morgen", []string{"Vul een datum in als 2025-03-31"}, nil},
			{"zoek=niets+hiervan", []string{"Niets gevonden"}, nil},
		} {
			r := rd.get("/leerlogboek?" + c.query)
			if c.query == "van=morgen" {
				// A date the filter cannot read is refused like a field.
				wantStatus(t, r, http.StatusBadRequest, c.query)
			} else {
				wantStatus(t, r, http.StatusOK, c.query)
			}
			mustContain(t, r, c.want...)
			mustNotContain(t, r, c.not...)
		}

		// The ervaringsdeskundige records a signal, but no lesson.
		ex := s.login(expert)
		wantStatus(t, ex.get("/leerlogboek/nieuw?soort=signaal"), http.StatusOK, "expert signal form")
		r := ex.post("/leerlogboek/nieuw", url.Values{"soort": {"les"}, "datum": {"2025-06-10"}, "titel": {"x"}, "tekst": {"y"}, "bron": {"inwoners"}})
		wantStatus(t, r, http.StatusForbidden, "expert posts a lesson")
		r = ex.post("/leerlogboek/nieuw", url.Values{"soort": {"signaal"}, "datum": {"2025-06-10"}, "titel": {""}, "tekst": {"Wachtkamer is te vol."}, "bron": {""}, "interventies": {"L1-05"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "signal without title")
		mustContain(t, r, "Fout:", "Vul een titel in", "Kies een bron")
		if !strings.Contains(r.Body, "Wachtkamer is te vol.") || !strings.Contains(r.Body, `value="L1-05" checked`) {
			t.Error("the form lost what was typed")
		}
		r = ex.post("/leerlogboek/nieuw", url.Values{"soort": {"signaal"}, "datum": {"2025-06-10"}, "titel": {"Wachtkamer vol"}, "tekst": {"Wachtkamer is te vol."}, "bron": {"inwoners"}, "interventies": {"L1-05"}})
		wantStatus(t, r, http.StatusSeeOther, "expert posts a signal")
		page := ex.get(r.Location)
		mustContain(t, page, "Wachtkamer vol", "Erik Ervaring", "Interventie L1-05", "Programmalijn L1")
		wantStatus(t, s.login(leader).get("/leerlogboek/nieuw"), http.StatusForbidden, "projectleider form")

		// The team decides to add a goal: a new programme version whose
		// earlier state stays visible in the doelenboom.
		tm := s.login(team)
		r = tm.post("/leerlogboek/nieuw", url.Values{"soort": {"besluit"}, "datum": {"2025-06-12"}, "titel": {"Nieuw doel nazorg"}, "tekst": {"We voegen een operationeel doel toe."},
			"bron": {"programmateam"}, "herijking_actie": {"toevoegen"}, "herijking_onderdeel": {"doel"}, "herijking_code": {"O8"}, "herijking_titel": {"Nazorg is geregeld"},
			"herijking_niveau": {"operationeel"}})
		wantStatus(t, r, http.StatusSeeOther, "decision with a new goal")
		mustContain(t, tm.get(r.Location), "Herijking van het programma", "versie 3")
		mustContain(t, tm.get("/doelenboom"), "O8 Nazorg is geregeld")
		old := tm.get("/doelenboom?versie=1")
		wantStatus(t, old, http.StatusOK, "doelenboom version 1")
		mustContain(t, old, "U ziet een eerdere versie", "Toegevoegd: doel O8 Nazorg is geregeld", "Toegevoegd: interventie L2-06", "Verwijderd: interventie L2-05", "L2-05 Introductie van de pauzeknop")
		mustNotContain(t, old, "O8 Nazorg is geregeld (")
		wantStatus(t, tm.get("/doelenboom?versie=99"), http.StatusNotFound, "unknown version")
		v := tm.get("/programma/versies")
		mustContain(t, v, "Versie 3", "Besluit (herijking)", "Nieuw doel nazorg", "Versie 2", "Een pauze bij schulden helpt alleen met een vaste contactpersoon", "De eerste bewaarde versie")

		// A recalibration that breaks the programme is refused whole.
		before := len(regexp.MustCompile(`<li class="entry`).FindAllString(tm.get("/leerlogboek").Body, -1))
		r = tm.post("/leerlogboek/nieuw", url.Values{"soort": {"besluit"}, "datum": {"2025-06-12"}, "titel": {"Fout"}, "tekst": {"x"}, "bron": {"programmateam"},
			"herijking_actie": {"toevoegen"}, "herijking_onderdeel": {"interventie"}, "herijking_code": {"L9-01"}, "herijking_titel": {"Iets"}, "herijking_lijn": {""}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "broken recalibration")
		mustContain(t, r, "Herijking (interventie L9-01.lijn)")
		if after := len(regexp.MustCompile(`<li class="entry`).FindAllString(tm.get("/leerlogboek").Body, -1)); after != before {
			t.Errorf("a refused decision changed the log: %d items, was %d", after, before)
		}
	})
}
