package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestEditInterventionStageArea: the programmateam edits an intervention's
// stage and area in the browser; bad input is refused whole with Dutch
// messages at the fields; a good edit is a new version with its reason and
// shows in the stage history and in the filter by area.
func TestEditInterventionStageArea(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		wantStatus(t, s.login(leader).get("/interventies/L3-04/bewerken"), http.StatusForbidden, "projectleider edits the intervention")
		tm := s.login(team)
		form := tm.get("/interventies/L3-04/bewerken")
		wantStatus(t, form, http.StatusOK, "edit form")
		mustContain(t, form, "Fase", "Opschalen", "Noordwest", "Oosterparkwijk", "O4 ", "Reden van de wijziging")
		base := regexp.MustCompile(`name="basisversie" value="(\d+)"`).FindStringSubmatch(form.Body)[1]
		before := tm.export()

		good := url.Values{"basisversie": {base}, "titel": {"Kansrijk Groningen uitbreiden en structureel inzetten"}, "lijn": {"L3"},
			"fase": {"borgen"}, "gebied": {"wijken"}, "wijken": {"WK001410", "WK001411"}, "operationele_doelen": {"O4", "O5", "O6", "O7"}, "reden": {"Kansrijk is vast aanbod (voorbeeld)"}}
		bad := url.Values{}
		for k, v := range good {
			bad[k] = v
		}
		bad["reden"], bad["wijken"], bad["fase"] = []string{""}, nil, []string{"proef"}
		r := tm.post("/interventies/L3-04/bewerken", bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad edit")
		mustContain(t, r, "De interventie is niet opgeslagen; er is niets veranderd.", "Geef de reden van de wijziging", `Fase "proef" bestaat niet`, "Kies ten minste één wijk")
		if after := tm.export(); !slices.EqualFunc(before.Interventions, after.Interventions, func(a, b programme.Intervention) bool { return a.Stage == b.Stage && a.Area == b.Area }) {
			t.Error("a refused edit changed the programme")
		}

		r = tm.post("/interventies/L3-04/bewerken", good)
		wantStatus(t, r, http.StatusSeeOther, "good edit")
		page := tm.get("/interventies/L3-04")
		mustContain(t, page, "Fase Borgen sinds", "Gebied Noordwest, Noordoost", "Fasegeschiedenis", "Opschalen", "Kansrijk is vast aanbod (voorbeeld)")
		mustContain(t, tm.get("/programma/versies"), "Bewerkt in de app", "Kansrijk is vast aanbod (voorbeeld)")

		// A stale form (an older base version) is refused.
		r = tm.post("/interventies/L3-04/bewerken", good)
		wantStatus(t, r, http.StatusUnprocessableEntity, "stale edit")
		mustContain(t, r, "Het programma is intussen gewijzigd")

		// The filter by area.
		noord := tm.get("/interventies?gebied=noord")
		mustContain(t, noord, "L3-04", "L3-02") // chosen wijken in Noord; L3-02 is Groningen Noord in the seed
		mustNotContain(t, noord, "L1-01 ")
		mustNotContain(t, tm.get("/interventies?gebied=WK001407"), "L3-04")
		mustContain(t, tm.get("/interventies?gebied=WK001411"), "L3-04")
		wantStatus(t, tm.get("/interventies?gebied=WK999999"), http.StatusNotFound, "unknown area")
		mustContain(t, tm.get("/lijnen/L3?gebied=noord"), "Alleen interventies in Groningen Noord")
		mustContain(t, tm.get("/?gebied=gemeente"), "Alleen interventies in gemeentebreed")

		// A new intervention from the form.
		r = tm.post("/interventies/nieuw", url.Values{"basisversie": {strings.TrimSpace(fmtVersion(tm))}, "code": {"L3-08"}, "titel": {"Wijkteam armoede (voorbeeld)"}, "lijn": {"L3"},
			"fase": {"onderzoek"}, "gebied": {"noord"}, "operationele_doelen": {"O4"}, "reden": {"Nieuw (voorbeeld)"}})
		wantStatus(t, r, http.StatusSeeOther, "new intervention")
		mustContain(t, tm.get("/interventies/L3-08"), "Wijkteam armoede (voorbeeld)", "Onderzoek", "Groningen Noord")
	})
}

// fmtVersion is the current version as the edit form carries it.
func fmtVersion(c *client) string {
	form := c.get("/interventies/nieuw")
	return regexp.MustCompile(`name="basisversie" value="(\d+)"`).FindStringSubmatch(form.Body)[1]
}

// TestResultVerdicts: a numeric intended result is judged against the
// values a projectleider reports; a value that is no number is refused.
func TestResultVerdicts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		tm := s.login(team)
		page := tm.get("/interventies/L3-04")
		mustContain(t, page, "Resultaten: gehaald of niet", "R1 Niet gehaald", "Nog niet gehaald: 84 huishoudens per jaar gemeld in", "doel 150 huishoudens per jaar in 2026", "R2 Kwalitatief")
		mustContain(t, tm.get("/interventies/L1-03"), "R2 Nog geen meting", "(voorbeeld: het aantal is fictief)")

		form := url.Values{"periode": {"2025-T2"}, "status": {"op_koers"}, "toelichting": {"Groei (voorbeeld)"}, "waarde-R1": {"veel"}}
		r := tm.post("/interventies/L3-04/voortgang", form)
		wantStatus(t, r, http.StatusUnprocessableEntity, "a word for a number")
		mustContain(t, r, `"veel" is geen aantal`)
		form.Set("waarde-R1", "155")
		wantStatus(t, tm.post("/interventies/L3-04/voortgang", form), http.StatusSeeOther, "a number")
		mustContain(t, tm.get("/interventies/L3-04"), "R1 Gehaald", "Gehaald: 155 huishoudens per jaar gemeld in")
		mustContain(t, tm.get("/lijnen/L3"), "Resultaten met een aantal: 1 gehaald")
		mustContain(t, tm.get("/"), "gehaald")
		mustContain(t, tm.get("/interventies"), "1 gehaald, 0 niet, 0 geen meting")
	})
}

// TestArchivedIntervention reproduces the 404s of issue 14: the learning
// log and an earlier version of the doelenboom link to an intervention
// that was taken out of the programme. Its page is now an archive with its
// history, last state and the change that ended it; every link of the old
// doelenboom answers.
func TestArchivedIntervention(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		tm := s.login(team)
		wantStatus(t, tm.get("/interventies/L9-99"), http.StatusNotFound, "never in the programme")
		base := fmtVersion(tm)
		r := tm.post("/interventies/L2-05/beeindigen", url.Values{"basisversie": {base}, "reden_stop": {""}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "stopping without a reason")
		r = tm.post("/interventies/L2-05/beeindigen", url.Values{"basisversie": {base}, "reden_stop": {"Opgegaan in L2-04 (voorbeeld)"}})
		wantStatus(t, r, http.StatusSeeOther, "stop")
		mustNotContain(t, tm.get("/interventies"), "L2-05")

		page := tm.get("/interventies/L2-05")
		wantStatus(t, page, http.StatusOK, "archived intervention")
		mustContain(t, page, "(archief)", "Deze interventie staat niet meer in het programma", "Opgegaan in L2-04 (voorbeeld)", "Laatste stand", "Introductie van de pauzeknop onderzoeken", "Fase Onderzoek", "Voortgang")

		old := tm.get("/doelenboom?versie=" + base)
		wantStatus(t, old, http.StatusOK, "earlier doelenboom")
		links := regexp.MustCompile(`href="(/(?:interventies|doelen)/[^"?#]+)"`).FindAllStringSubmatch(old.Body, -1)
		if len(links) == 0 {
			t.Fatal("the earlier doelenboom links nothing")
		}
		for _, l := range links {
			wantStatus(t, tm.get(l[1]), http.StatusOK, "link "+l[1]+" of the earlier doelenboom")
		}
	})
}

// TestEditGoalsAndBudgetRows: goals, their links and budget rows are edited
// in the browser with the validation and versioning of the import; bad
// input changes nothing.
func TestEditGoalsAndBudgetRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		wantStatus(t, s.login(reader).get("/doelen/O1/bewerken"), http.StatusForbidden, "lezer edits a goal")
		tm := s.login(team)
		base := fmtVersion(tm)

		// An operational goal under a strategic goal skips a level.
		r := tm.post("/doelen/nieuw", url.Values{"basisversie": {base}, "code": {"O8"}, "niveau": {"operationeel"}, "titel": {"Nazorg is geregeld (voorbeeld)"}, "onder": {"S1"}, "reden": {"Nieuw doel"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "goal under the wrong level")
		mustContain(t, r, "Het doel is niet opgeslagen; er is niets veranderd.", "alleen onder een doel één niveau hoger")
		r = tm.post("/doelen/nieuw", url.Values{"basisversie": {base}, "code": {"O8"}, "niveau": {"operationeel"}, "titel": {"Nazorg is geregeld (voorbeeld)"}, "onder": {"T2"}, "reden": {"Nieuw doel (voorbeeld)"}})
		wantStatus(t, r, http.StatusSeeOther, "new goal")
		mustContain(t, tm.get("/doelen/O8"), "Nazorg is geregeld (voorbeeld)", "T2")
		// A goal taken out keeps an archive page.
		r = tm.post("/doelen/O8/bewerken", url.Values{"basisversie": {fmtVersion(tm)}, "code": {"O8"}, "niveau": {"operationeel"}, "titel": {"x"}, "reden": {"Toch niet (voorbeeld)"}, "verwijderen": {"ja"}})
		wantStatus(t, r, http.StatusSeeOther, "removing an unused goal")
		gone := tm.get("/doelen/O8")
		wantStatus(t, gone, http.StatusOK, "archived goal")
		mustContain(t, gone, "(archief)", "Dit doel staat niet meer in het programma", "Toch niet (voorbeeld)", "Hing onder T2")
		wantStatus(t, tm.get("/doelen/O99"), http.StatusNotFound, "a goal that never was")

		// A goal that an intervention still serves cannot go.
		r = tm.post("/doelen/O4/bewerken", url.Values{"basisversie": {fmtVersion(tm)}, "code": {"O4"}, "niveau": {"operationeel"}, "titel": {"x"}, "reden": {"Weg ermee"}, "verwijderen": {"ja"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "removing a goal in use")
		mustContain(t, r, `Interventie L1-03 draagt bij aan dit doel: Doel "O4" bestaat niet`)
		wantStatus(t, tm.get("/doelen/O4"), http.StatusOK, "goal in use stays")

		// Budget rows.
		list := tm.get("/begroting/bewerken")
		mustContain(t, list, "Beschikbare middelen", "Inzet", "Intensiveringsmiddelen aanpak armoede en schulden")
		r = tm.post("/begroting/inzet/nieuw", url.Values{"basisversie": {fmtVersion(tm)}, "post": {"Wijkteam armoede (voorbeeld)"}, "lijn": {"L3"}, "bedrag-2025": {"veel"}, "reden": {"Nieuw"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "amount that is no number")
		mustContain(t, r, `Het bedrag voor 2025 ("veel") is geen getal`)
		r = tm.post("/begroting/inzet/nieuw", url.Values{"basisversie": {fmtVersion(tm)}, "post": {""}, "lijn": {"L3"}, "bedrag-2025": {"120"}, "reden": {"Nieuw"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "row without a post")
		mustContain(t, r, "De post ontbreekt")
		r = tm.post("/begroting/inzet/nieuw", url.Values{"basisversie": {fmtVersion(tm)}, "post": {"Wijkteam armoede (voorbeeld)"}, "lijn": {"L3"}, "bedrag-2025": {"120"}, "bedrag-2026": {"1.250,5"}, "reden": {"Extra inzet (voorbeeld)"}})
		wantStatus(t, r, http.StatusSeeOther, "new budget row")
		m := tm.export()
		last := m.Budget.Allocated[len(m.Budget.Allocated)-1]
		if last.Label != "Wijkteam armoede (voorbeeld)" || last.Amounts[2025] != 120 || last.Amounts[2026] != 1250.5 {
			t.Errorf("stored row = %+v", last)
		}
		mustContain(t, tm.get("/begroting"), "Wijkteam armoede (voorbeeld)")
		mustContain(t, tm.get("/programma/versies"), "Extra inzet (voorbeeld)", "begrotingsregel")
		wantStatus(t, tm.get("/begroting/inzet/999"), http.StatusNotFound, "unknown row")
	})
}
