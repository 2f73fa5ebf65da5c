package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/eligibility/ruletest"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// stadjerspasVersion is a new Stadjerspas version from 2026 at 130%.
func stadjerspasVersion(t *testing.T, version string) []byte {
	return ruletest.Stadjerspas(t, version, "2026-01-01", 130)
}

// TestRuleVersionPages loads a new version as beheerder and checks what
// staff see: the list, the new and the old version, the file, and a
// refused file with its lines.
func TestRuleVersionPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ad := s.login(admin)
		r := ad.get("/regelingen")
		wantStatus(t, r, http.StatusOK, "regelingen")
		mustContain(t, r, "Regelingen", "Stadjerspas (stadjerspas)", "2025.2", "Nieuwe versie inlezen", "Regels inlezen")

		r = ad.uploadTo("/regelingen", "stadjerspas-2026.yaml", stadjerspasVersion(t, "2026.1"))
		wantStatus(t, r, http.StatusSeeOther, "load a version")
		if r.Location != "/regelingen/stadjerspas/2026.1?melding=regelversie" {
			t.Errorf("redirect to %s", r.Location)
		}
		r = ad.get(r.Location)
		// The tests' today is 16 June 2025: the new version does not decide yet.
		mustContain(t, r, "Stadjerspas, versie 2026.1", "De nieuwe versie van de regels is ingelezen", "Deze versie beslist vandaag niet",
			"vanaf 1 januari 2026", "ingelezen, opgeslagen op", admin, "130 (vanaf 1 januari 2026)",
			"Studenten met studiefinanciering kunnen geen Stadjerspas krijgen.", "2025.2 (beslist vandaag)",
			"niet hoger zijn dan 130% van het sociaal minimum", "die van 1 januari 2026")
		mustContain(t, ad.get("/regelingen"), "(nieuwste: 2026.1 , vanaf 1 januari 2026)")
		old := ad.get("/regelingen/stadjerspas/2025.2")
		mustContain(t, old, "Deze versie beslist vandaag", "meegeleverd met Perspectief", "120 (vanaf 1 januari 2019)")
		file := ad.get("/regelingen/stadjerspas/2025.2/bestand")
		if file.Status != http.StatusOK || !strings.Contains(file.Body, `versie: "2025.2"`) || !strings.Contains(file.Header.Get("Content-Disposition"), "stadjerspas-2025.2.yaml") {
			t.Errorf("old file: %d %q", file.Status, file.Header.Get("Content-Disposition"))
		}

		broken := strings.Replace(string(stadjerspasVersion(t, "2026.2")), "inkomen <= inkomensgrens_pct", "inkomn <= inkomensgrens_pct", 1)
		r = ad.uploadTo("/regelingen", "kapot.yaml", []byte(broken))
		wantStatus(t, r, http.StatusUnprocessableEntity, "broken file")
		mustContain(t, r, "De regels zijn geweigerd; er is niets veranderd.", `kapot.yaml:34: voorwaarden[1].als: teken 1:`, `onbekende naam "inkomn"`)
		if strings.Contains(ad.get("/regelingen").Body, "2026.2") {
			t.Error("a refused version is listed")
		}
		r = ad.uploadTo("/regelingen", "weer.yaml", stadjerspasVersion(t, "2026.1"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "same version again")
		mustContain(t, r, `versie "2026.1" van stadjerspas bestaat al`)

		// Other roles see the versions but no form.
		rd := s.login(reader)
		r = rd.get("/regelingen")
		mustContain(t, r, "Alleen een beheerder kan een nieuwe versie van de regels inlezen.")
		mustNotContain(t, r, "Regels inlezen")
		mustContain(t, rd.get("/regelingen/stadjerspas/2026.1"), "Stadjerspas, versie 2026.1")
		wantStatus(t, rd.get("/regelingen/stadjerspas/9.9"), http.StatusNotFound, "unknown version")

		// The audit log has the load.
		mustContain(t, ad.get("/beheer/audit"), "regelversie", "stadjerspas 2026.1")
	})
}

// TestRuleVersionInDutch: a version page tells who the scheme is for, on
// which conditions, what it gives and its sources as Dutch sentences, with
// the file as a download rather than raw YAML on the page.
func TestRuleVersionInDutch(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	r := s.login(reader).get("/regelingen/kwijtschelding/2025.2")
	wantStatus(t, r, http.StatusOK, "rule version")
	mustContain(t, r,
		"Voor wie?", "Onder welke voorwaarden?", "Wat krijgt u?", "Bronnen",
		"Heeft u een koophuis dat meer waard is dan de hypotheek, dan krijgt u geen kwijtschelding.",
		"Uw spaargeld mag niet hoger zijn dan € 3.200 (alleen), € 3.800 (alleen met kinderen) of € 4.200 (met partner).",
		"Kwijtschelding van de aanslag, helemaal of voor een deel.",
		"Overzicht kwijtscheldingsnormen 1 juli 2024",
		"Spaargrens alleenstaand spaargrens_alleenstaand euro 3.200 (vanaf 1 januari 2023)",
		"Inkomensgrens (procent) inkomensgrens_pct",
		`(type == "alleenstaand" en vermogen <= spaargrens_alleenstaand) of`,
		"kwijtschelding.yaml downloaden")
	// Not the file itself: its comments and keys are English and code.
	mustNotContain(t, r, "formaat: 1", "voorwaarden:", "Simplified:", "payment capacity", " and ")
	if !strings.Contains(r.Body, `href="/regelingen/kwijtschelding/2025.2/bestand" download`) {
		t.Error("no download link to the file")
	}
	// Who the scheme is for comes under "Voor wie?", before the conditions.
	r = s.login(reader).get("/regelingen/jeugdfonds/2025.2")
	page := text(r.Body)
	who, cond := strings.Index(page, "Voor wie?"), strings.Index(page, "Onder welke voorwaarden?")
	if w := strings.Index(page, "Het fonds is voor kinderen van 4 tot en met 17"); !(who < w && w < cond) {
		t.Errorf("the target group of the Jeugdfonds is not under 'Voor wie?':\n%s", page)
	}
}
