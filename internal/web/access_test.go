package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s not found in\n%s", pattern, s)
	}
	return m[1]
}

// TestRoleAccess walks every role through the same pages and actions. L1-01
// is owned by the demo projectleider; L3-01 has no owner.
func TestRoleAccess(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)

		var programmeFile bytes.Buffer
		if err := programme.WriteFile(&programmeFile, s.login(admin).export()); err != nil {
			t.Fatal(err)
		}

		progress := url.Values{"periode": {"2025-T2"}, "status": {"op_koers"}, "toelichting": {"Loopt goed."}}
		canvas := url.Values{
			"doelstelling": {"Meer inwoners gebruiken de regelingen."}, "aanpak": {"Eenvoudiger aanvragen."},
			"resultaat_code": {"R1"}, "resultaat_omschrijving": {"Meer aanvragen"}, "resultaat_eenheid": {"aanvragen"}, "resultaat_streefwaarde": {"500"},
		}
		comment := url.Values{"tekst": {"Vraag ervaringsdeskundigen mee te lezen."}}

		type check struct {
			method, path string
			form         url.Values
			upload       bool
			// want per role, in the order of account.Roles: beheerder,
			// programmateam, projectleider, ervaringsdeskundige, lezer, regiegroep.
			want [6]int
		}
		const ok, see, no = http.StatusOK, http.StatusSeeOther, http.StatusForbidden
		checks := []check{
			{"GET", "/", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/lijnen/L2", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/doelenboom", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/doelenboom?lijn=L1", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/doelen/O1", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/interventies", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/interventies?lijn=L3", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/interventies/L1-01", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/begroting", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/programma/export", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/tokens", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},

			{"GET", "/interventies/L1-01/canvas", nil, false, [6]int{ok, ok, ok, no, no, no}},
			{"GET", "/interventies/L3-01/canvas", nil, false, [6]int{ok, ok, no, no, no, no}},
			{"POST", "/interventies/L1-01/canvas", canvas, false, [6]int{see, see, see, no, no, no}},
			{"POST", "/interventies/L3-01/canvas", canvas, false, [6]int{see, see, no, no, no, no}},
			{"GET", "/interventies/L1-01/voortgang", nil, false, [6]int{ok, ok, ok, no, no, no}},
			{"GET", "/interventies/L3-01/voortgang", nil, false, [6]int{ok, ok, no, no, no, no}},
			{"POST", "/interventies/L1-01/voortgang", progress, false, [6]int{see, see, see, no, no, no}},
			{"POST", "/interventies/L3-01/voortgang", progress, false, [6]int{see, see, no, no, no, no}},

			{"GET", "/herinneringen", nil, false, [6]int{ok, ok, no, no, no, no}},
			{"GET", "/escalaties", nil, false, [6]int{ok, ok, no, no, no, ok}},
			{"GET", "/mijn-interventies", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/interventies/L2-01/projectleiders", nil, false, [6]int{ok, ok, no, no, no, no}},
			{"POST", "/interventies/L2-01/projectleiders", url.Values{"eigenaar": {"WIJ en gemeente"}}, false, [6]int{see, see, no, no, no, no}},

			{"POST", "/doelen/O1/opmerkingen", comment, false, [6]int{see, see, see, see, no, no}},
			{"POST", "/interventies/L3-01/opmerkingen", comment, false, [6]int{see, see, see, see, no, no}},

			{"GET", "/programma/import", nil, false, [6]int{ok, ok, no, no, no, no}},
			{"POST", "/programma/import", nil, true, [6]int{ok, ok, no, no, no, no}}, // the preview
			{"GET", "/programma/versies/1/terugzetten", nil, false, [6]int{ok, no, no, no, no, no}},

			{"GET", "/regelingen", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/regelingen/stadjerspas/2025.2", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/regelingen/stadjerspas/2025.2/bestand", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"POST", "/regelingen", nil, true, [6]int{see, no, no, no, no, no}},
			{"GET", "/rapportage", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/rapportage/2024", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/rapportage/2024/rapport.html", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/rapportage/2024/open-data.zip", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"POST", "/rapportage/2024/dossiers", url.Values{"notitie": {"Aan de raad"}}, false, [6]int{see, see, no, no, no, no}},
			{"GET", "/rapportage/2024/dossiers/1", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/rapportage/2024/dossiers/1/gegevens.json", nil, false, [6]int{ok, ok, ok, ok, ok, ok}},

			{"GET", "/beheer/gebruikers", nil, false, [6]int{ok, no, no, no, no, no}},
			{"GET", "/beheer/audit", nil, false, [6]int{ok, no, no, no, no, no}},
			{"POST", "/beheer/gebruikers", nil, false, [6]int{see, no, no, no, no, no}},
		}

		for i, role := range account.Roles {
			t.Run(string(role), func(t *testing.T) {
				c := s.login(byRole[role])
				for _, ch := range checks {
					var r response
					switch {
					case ch.upload && ch.path == "/regelingen":
						r = c.uploadTo(ch.path, "stadjerspas.yaml", stadjerspasVersion(t, "2026."+string(role)))
					case ch.upload:
						r = c.upload("programma.yaml", programmeFile.Bytes())
					case ch.method == "POST" && ch.path == "/beheer/gebruikers":
						r = c.post(ch.path, url.Values{"email": {"nieuw-" + string(role) + "@example.org"}, "naam": {"Nieuw"}, "rol": {"lezer"}, "wachtwoord": {"een-lang-wachtwoord"}})
					case ch.method == "POST":
						r = c.post(ch.path, ch.form)
					default:
						r = c.get(ch.path)
					}
					if r.Status != ch.want[i] {
						t.Errorf("%s %s as %s: status %d, want %d\n%s", ch.method, ch.path, role, r.Status, ch.want[i], text(r.Body))
					}
					if r.Status == no {
						mustContain(t, r, "Geen toegang")
					}
				}
			})
		}
	})
}

// TestWhatEachRoleSees checks the buttons and forms a role is offered, so
// nobody is shown an action that would be refused.
func TestWhatEachRoleSees(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)

		pl := s.login(leader)
		mustContain(t, pl.get("/interventies/L1-01"), "Voortgang rapporteren", "Canvas wijzigen", "Opmerking plaatsen")
		mustNotContain(t, pl.get("/interventies/L3-01"), "Voortgang rapporteren", "Canvas wijzigen")
		mustNotContain(t, pl.get("/"), "Beheer")

		ex := s.login(expert)
		r := ex.get("/interventies/L1-01")
		mustContain(t, r, "Uw advies of opmerking", "Opmerking plaatsen")
		mustNotContain(t, r, "Voortgang rapporteren", "Canvas wijzigen")
		r = ex.post("/interventies/L1-01/opmerkingen", url.Values{"tekst": {"Maak de brief korter, in eenvoudige taal."}})
		wantStatus(t, r, http.StatusSeeOther, "comment by expert")
		r = ex.get(r.Location)
		mustContain(t, r, "Uw opmerking is toegevoegd.", "Maak de brief korter, in eenvoudige taal.", "Erik Ervaring", "Ervaringsdeskundige")

		rd := s.login(reader)
		r = rd.get("/interventies/L1-01")
		mustContain(t, r, "Maak de brief korter, in eenvoudige taal.")
		mustNotContain(t, r, "Opmerking plaatsen", "Voortgang rapporteren", "Canvas wijzigen")
		mustNotContain(t, rd.get("/doelen/O1"), "Opmerking plaatsen")
		mustContain(t, rd.get("/"), "Programma downloaden")
		mustNotContain(t, rd.get("/"), "Programma inlezen", "Beheer")

		ad := s.login(admin)
		mustContain(t, ad.get("/"), "Beheer", "Programma inlezen")
	})
}
