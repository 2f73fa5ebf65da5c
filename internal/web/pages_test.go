package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// statusCount reads "N Achter" from the status counts of a line page.
func statusCount(t *testing.T, r response, label string) int {
	t.Helper()
	m := regexp.MustCompile(`(\d+) ` + regexp.QuoteMeta(label) + ` `).FindStringSubmatch(text(r.Body))
	if m == nil {
		t.Fatalf("no count for %q on the page\n%s", label, text(r.Body))
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestProgressUpdate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(leader)

		// The demo leaves L1-02 without an update in the current period.
		before := c.get("/lijnen/L1?periode=2025-T2")
		wantStatus(t, before, http.StatusOK, "line page")
		behind, noUpdate := statusCount(t, before, "Achter"), statusCount(t, before, "Geen update")
		if noUpdate == 0 {
			t.Fatal("the demo should leave an L1 intervention without an update in 2025-T2")
		}

		form := c.get("/interventies/L1-02/voortgang")
		wantStatus(t, form, http.StatusOK, "progress form")
		mustContain(t, form, "Voortgang rapporteren", "2025 T2 (mei–augustus)", "Op koers", "Aandacht nodig", "Achter", "Afgerond", "Niet gestart", "Toelichting", "Successen", "Zorgen", "R1 Meer personen en huishoudens")

		r := c.post("/interventies/L1-02/voortgang", url.Values{
			"periode":     {"2025-T2"},
			"status":      {"achter"},
			"toelichting": {"De campagne startte later dan gepland."},
			"successen":   {"Twee nieuwe wijklocaties."},
			"zorgen":      {"Te weinig aanvragen via de wijzer."},
			"waarde-R1":   {"118"},
		})
		wantStatus(t, r, http.StatusSeeOther, "report progress")
		if !strings.HasPrefix(r.Location, "/interventies/L1-02?") {
			t.Fatalf("redirect to %q, want the intervention page", r.Location)
		}
		page := c.get(r.Location)
		mustContain(t, page, "De voortgang is opgeslagen.", "De campagne startte later dan gepland.", "Twee nieuwe wijklocaties.",
			"Te weinig aanvragen via de wijzer.", "118", "Door Lotte Leider", "2025 T2 (mei–augustus) Achter")
		// The new update comes first; older ones stay in the history.
		hist := text(page.Body)
		hist = hist[strings.Index(hist, "Voortgang Alle updates"):]
		if i, j := strings.Index(hist, "De campagne startte later"), strings.Index(hist, "2025 T1"); i < 0 || j < 0 || i > j {
			t.Errorf("the new update is not above the older ones:\n%s", hist)
		}

		after := c.get("/lijnen/L1?periode=2025-T2")
		if got := statusCount(t, after, "Achter"); got != behind+1 {
			t.Errorf("Achter: %d after the update, want %d", got, behind+1)
		}
		if got := statusCount(t, after, "Geen update"); got != noUpdate-1 {
			t.Errorf("Geen update: %d after the update, want %d", got, noUpdate-1)
		}
		mustContain(t, after, "Te weinig aanvragen via de wijzer.")
		mustContain(t, c.get("/"), "Te weinig aanvragen via de wijzer.")

		t.Run("a correction supersedes but keeps the first", func(t *testing.T) {
			r := c.post("/interventies/L1-02/voortgang", url.Values{"periode": {"2025-T2"}, "status": {"op_koers"}, "toelichting": {"Correctie: toch op koers."}})
			wantStatus(t, r, http.StatusSeeOther, "correction")
			page := c.get("/interventies/L1-02")
			mustContain(t, page, "Correctie: toch op koers.", "De campagne startte later dan gepland.")
			if got := statusCount(t, c.get("/lijnen/L1?periode=2025-T2"), "Achter"); got != behind {
				t.Errorf("Achter after the correction: %d, want %d", got, behind)
			}
		})

		t.Run("a refused update keeps the input", func(t *testing.T) {
			r := c.post("/interventies/L1-02/voortgang", url.Values{"periode": {"2025-T2"}, "zorgen": {"Mijn zorg blijft staan."}, "waarde-R1": {"77"}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "update without status and text")
			mustContain(t, r, "De voortgang is niet opgeslagen.", "Verbeter het volgende", "Kies een status", "Schrijf een korte toelichting", "Mijn zorg blijft staan.")
			if !strings.Contains(r.Body, `href="#toelichting"`) || !strings.Contains(r.Body, `value="77"`) {
				t.Error("error summary does not link to the field, or the value typed is lost")
			}
			r = c.post("/interventies/L1-02/voortgang", url.Values{"periode": {"2025-T3"}, "status": {"op_koers"}, "toelichting": {"Vooruit."}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "update for a future period")
			mustContain(t, r, "ligt in de toekomst")
		})
	})
}

func TestCanvasEdit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(leader)

		form := c.get("/interventies/L1-01/canvas")
		wantStatus(t, form, http.StatusOK, "canvas form")
		mustContain(t, form, "Canvas wijzigen", "Doelstelling", "Aanpak", "Doelgroep", "Partners", "Beoogd resultaat 1", "Beoogd resultaat 5")
		if !strings.Contains(form.Body, `value="Inwoners vinden de regelingen toegankelijk."`) {
			t.Error("the form does not show the current intended results")
		}

		r := c.post("/interventies/L1-01/canvas", url.Values{
			"doelstelling":           {"Iedereen met recht op een regeling gebruikt die."},
			"aanpak":                 {"Minder bewijsstukken vragen."},
			"doelgroep":              {"Inwoners met een laag inkomen."},
			"partners":               {"Stadjerspas"},
			"resultaat_code":         {"R1", "", "R9"},
			"resultaat_omschrijving": {"Inwoners vinden de regelingen toegankelijk.", "", "Minder papierwerk per aanvraag"},
			"resultaat_eenheid":      {"", "", "formulieren"},
			"resultaat_streefwaarde": {"", "", "2"},
		})
		wantStatus(t, r, http.StatusSeeOther, "save canvas")
		page := c.get(r.Location)
		mustContain(t, page, "Het canvas is opgeslagen.", "Iedereen met recht op een regeling gebruikt die.", "Minder bewijsstukken vragen.",
			"Stadjerspas", "R9 Minder papierwerk per aanvraag formulieren 2")
		mustNotContain(t, page, "Meer inwoners kennen de regelingen.")
		mustContain(t, s.login(reader).get("/interventies/L1-01"), "Minder papierwerk per aanvraag")

		t.Run("a refused canvas keeps the input", func(t *testing.T) {
			r := c.post("/interventies/L1-01/canvas", url.Values{
				"doelstelling":           {"Nieuwe doelstelling die niet verloren mag gaan."},
				"resultaat_code":         {"", "R2"},
				"resultaat_omschrijving": {"", ""},
				"resultaat_eenheid":      {"", "stuks"},
				"resultaat_streefwaarde": {"", ""},
			})
			wantStatus(t, r, http.StatusUnprocessableEntity, "canvas with a result without description")
			mustContain(t, r, "Het canvas is niet opgeslagen.", "Beoogd resultaat 1: De omschrijving ontbreekt")
			if !strings.Contains(r.Body, `href="#resultaat-1-omschrijving"`) {
				t.Error("the error summary does not link to the field of the row, which moved up as the blank row above it was dropped")
			}
			if !strings.Contains(r.Body, "Nieuwe doelstelling die niet verloren mag gaan.") || !strings.Contains(r.Body, `value="stuks"`) {
				t.Error("the input is not kept")
			}
			mustContain(t, c.get("/interventies/L1-01"), "Iedereen met recht op een regeling gebruikt die.")
		})
	})
}

func TestImport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(team)
		before := c.get("/interventies")

		bad := "perspectief_programma: 1\n" + // 1
			"programma:\n" + // 2
			"  naam: \"Kapot\"\n" + // 3
			"  startjaar: 2024\n" + // 4
			"  eindjaar: 2026\n" + // 5
			"  lijnen:\n" + // 6
			"    - code: L1\n" + // 7
			"      naam: \"\"\n" + // 8
			"  interventies:\n" + // 9
			"    - code: X-1\n" + // 10
			"      lijn: L9\n" + // 11
			"      titel: \"Nieuw\"\n" // 12
		r := c.upload("kapot.yaml", []byte(bad))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad import")
		mustContain(t, r, "Het programmabestand kapot.yaml is geweigerd; er is niets ingelezen.",
			"kapot.yaml:8: programma.lijnen[0].naam: de naam ontbreekt",
			`kapot.yaml:11: programma.interventies[0].lijn: programmalijn "L9" bestaat niet`)

		after := c.get("/interventies")
		if text(after.Body) != text(before.Body) {
			t.Error("a refused import changed the interventions")
		}
		mustNotContain(t, after, "Kapot", "X-1")

		r = c.upload("leeg.yaml", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "empty file")
		mustContain(t, r, "leeg.yaml:1: het bestand is leeg")

		t.Run("a good import replaces the programme", func(t *testing.T) {
			m := c.export()
			m.Interventions[0].Title = "Regelingen eenvoudiger maken (herzien)"
			c.importModel(m)
			mustContain(t, c.get("/interventies/"+m.Interventions[0].Code), "Regelingen eenvoudiger maken (herzien)")
			// Progress reported before the import is still there.
			mustContain(t, c.get("/interventies/"+m.Interventions[0].Code), "2025 T1")
		})
	})
}

func TestGoalTree(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(team)

		r := c.get("/doelenboom")
		mustContain(t, r, "Doelenboom", "Ambitie A1 Bestaanszekerheid bieden voor alle inwoners", "Strategisch doel S1", "Tactisch doel T1",
			"Operationele doelen — dragen samen bij aan de tactische doelen als geheel", "Operationeel doel O1", "L1-01",
			"Interventies zonder operationeel doel")
		if !strings.Contains(r.Body, `href="/doelen/O1"`) || !strings.Contains(r.Body, `href="/interventies/L1-01"`) {
			t.Error("the tree does not link goals and interventions")
		}
		if !strings.Contains(r.Body, "<details") {
			t.Error("the tree cannot be folded")
		}

		m := c.export()
		for i := range m.Goals {
			if m.Goals[i].Code == "T3" {
				m.Goals[i].Parents = []string{"S1", "S2"}
			}
		}
		m.Interventions[len(m.Interventions)-1].OperationalGoals = nil
		last := m.Interventions[len(m.Interventions)-1]
		c.importModel(m)

		r = c.get("/doelenboom")
		page := text(r.Body)
		if strings.Count(page, "T3 Regelingen en dienstverlening") < 2 {
			t.Error("a goal with two parents is not shown under both")
		}
		mustContain(t, r, "(ook onder S2)", "(ook onder S1)")
		gaps := page[strings.Index(page, "Interventies zonder operationeel doel"):]
		if !strings.Contains(gaps, last.Code+" "+last.Title) {
			t.Errorf("%s without operational goals is not listed as a gap", last.Code)
		}

		l1 := c.get("/doelenboom?lijn=L1")
		mustContain(t, l1, "Doelenboom L1 Fatsoenlijk inkomen", "L1-01")
		mustNotContain(t, l1, "L3-01")
		wantStatus(t, c.get("/doelenboom?lijn=L9"), http.StatusNotFound, "tree of an unknown line")

		goal := c.get("/doelen/T3")
		mustContain(t, goal, "Tactisch doel T3", "Hangt onder", "S1", "S2", "Advies en opmerkingen")
		op := c.get("/doelen/O1")
		mustContain(t, op, "Interventies die aan dit doel werken", "L1-01")
	})
}

func TestOverview(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(reader)
		r := c.get("/")
		mustContain(t, r, "Demo-omgeving met voorbeeldgegevens", "Overzicht 2025 T2 (mei–augustus)", "Hele programma",
			"L1 Fatsoenlijk inkomen", "L2 Schulden voorkomen en bestrijden", "L3 Langdurige armoede doorbreken",
			"Op koers", "Geen update", "Open zorgen", "zonder update in deze periode", "Operationele doelen zonder interventie")
		if !strings.Contains(r.Body, `<html lang="nl">`) || !strings.Contains(r.Body, `href="#inhoud"`) || strings.Count(r.Body, "<h1") != 1 {
			t.Error("page lacks lang, skip link, or has not exactly one h1")
		}

		old := c.get("/?periode=2024-T1")
		mustContain(t, old, "Overzicht 2024 T1 (januari–april)", "Niet gestart")
		bad := c.get("/?periode=gisteren")
		wantStatus(t, bad, http.StatusOK, "bad period")
		mustContain(t, bad, "is ongeldig", "Overzicht 2025 T2")
	})
}

func TestBudget(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(team)
		r := c.get("/begroting")
		wantStatus(t, r, http.StatusOK, "budget")
		mustContain(t, r, "Beschikbaar budget per bron en jaar", "Totaal beschikbaar 2.380", "Inzet per programmalijn",
			"L1 Fatsoenlijk inkomen", "Subtotaal L1 650", "Programmabreed", "Totaal inzet 2.380", "−900")
		mustNotContain(t, r, "Meer ingezet dan beschikbaar")

		m := c.export()
		m.Budget.Allocated[0].Amounts[2025] += 500
		c.importModel(m)
		r = c.get("/begroting")
		mustContain(t, r, "Meer ingezet dan beschikbaar", "In 2025 is € 2.880.000 ingezet, terwijl € 2.380.000 beschikbaar is.", "tekort")
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(expert)
		r := c.post("/tokens", url.Values{"naam": {"dashboard"}})
		wantStatus(t, r, http.StatusOK, "create token")
		mustContain(t, r, "Uw nieuwe token", "dashboard", "Actief")
		secret := regexpFind(t, r.Body, `id="nieuw-token" class="token" value="(psp_[^"]+)"`)
		if u, err := s.web.Accounts.TokenUser(t.Context(), secret); err != nil || u.Email != expert {
			t.Fatalf("the token shown does not work: %v", err)
		}
		list := c.get("/tokens")
		if strings.Contains(list.Body, secret) {
			t.Error("the secret is shown again")
		}
		id := regexpFind(t, list.Body, `action="/tokens/(\d+)/intrekken"`)
		r = c.post("/tokens/"+id+"/intrekken", nil)
		wantStatus(t, r, http.StatusSeeOther, "revoke")
		mustContain(t, c.get(r.Location), "Het API-token is ingetrokken.", "Ingetrokken op")
		if _, err := s.web.Accounts.TokenUser(t.Context(), secret); err == nil {
			t.Error("a revoked token still works")
		}
		wantStatus(t, c.post("/tokens", url.Values{"naam": {" "}}), http.StatusUnprocessableEntity, "token without a name")
	})
}

func TestAdministration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(admin)
		r := c.get("/beheer/gebruikers")
		mustContain(t, r, "Gebruikers", leader, "Projectleider", "Account toevoegen")

		r = c.post("/beheer/gebruikers", url.Values{"email": {"wij@example.org"}, "naam": {"Wendy WIJ"}, "rol": {"ervaringsdeskundige"}, "wachtwoord": {"kort"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "user with a short password")
		mustContain(t, r, "Het account is niet aangemaakt", "minstens 12 tekens")
		for _, common := range []string{"wachtwoord", "1234567890", "aaaaaaaaaaaa", "Welkom2025!!"} {
			r = c.post("/beheer/gebruikers", url.Values{"email": {"wij@example.org"}, "naam": {"Wendy WIJ"}, "rol": {"ervaringsdeskundige"}, "wachtwoord": {common}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "user with password "+common)
			mustContain(t, r, "Het account is niet aangemaakt", "Dit wachtwoord kan niet")
		}
		if !strings.Contains(r.Body, `value="wij@example.org"`) || strings.Contains(r.Body, `value="kort"`) {
			t.Error("the form should keep the e-mail address and drop the password")
		}

		r = c.post("/beheer/gebruikers", url.Values{"email": {"wij@example.org"}, "naam": {"Wendy WIJ"}, "rol": {"ervaringsdeskundige"}, "wachtwoord": {"lang-genoeg-wachtwoord"}})
		wantStatus(t, r, http.StatusSeeOther, "add user")
		mustContain(t, c.get(r.Location), "Het account is aangemaakt.", "wij@example.org", "Wendy WIJ")

		wij := s.client()
		wantStatus(t, wij.loginAs("wij@example.org", "lang-genoeg-wachtwoord"), http.StatusSeeOther, "login as the new user")

		// Make a change so the audit log has a before and after.
		c.post("/interventies/L1-01/canvas", url.Values{"doelstelling": {"Audit mij."}, "aanpak": {"Stap voor stap."}})
		audit := c.get("/beheer/audit")
		wantStatus(t, audit, http.StatusOK, "audit log")
		mustContain(t, audit, "Auditlog", "login", admin, "Toon wijziging", "Audit mij.")
		if !strings.Contains(audit.Body, "<pre>") {
			t.Error("before and after are not shown as readable JSON")
		}
		wantStatus(t, c.get("/beheer/audit?pagina=999"), http.StatusOK, "audit page past the end")
	})
}
