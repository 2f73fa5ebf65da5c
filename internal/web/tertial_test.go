package web_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestTertialReportPages: the regiegroep finds the tertial report in its
// navigation and reads it; the programmateam freezes numbered versions,
// whose files come back as stored; other roles may not read it.
func TestTertialReportPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		rg := s.login(steer)
		home := rg.get("/")
		if !strings.Contains(home.Body, `<a href="/tertiaalrapportage"`) {
			t.Error("the regiegroep's navigation lacks the tertial report")
		}
		idx := rg.get("/tertiaalrapportage")
		wantStatus(t, idx, http.StatusOK, "index")
		mustContain(t, idx, "Tertiaalrapportage", "2025 T2 (mei–augustus)", "2024 T1 (januari–april)", "Nog geen vastgelegde versie.")
		mustNotContain(t, idx, "Tertiaalrapportage vastleggen")
		wantStatus(t, rg.post("/tertiaalrapportage", url.Values{"periode": {"2025-T1"}}), http.StatusForbidden, "the regiegroep freezes")

		for _, who := range []string{leader, expert, reader} {
			u := s.login(who)
			if strings.Contains(u.get("/").Body, `href="/tertiaalrapportage"`) {
				t.Errorf("%s sees the tertial report in the navigation", who)
			}
			wantStatus(t, u.get("/tertiaalrapportage"), http.StatusForbidden, who+" reads the index")
			wantStatus(t, u.get("/tertiaalrapportage/2025-T1/concept.html"), http.StatusForbidden, who+" reads the concept")
		}

		c := s.login(team)
		mustContain(t, c.get("/tertiaalrapportage"), "Tertiaalrapportage vastleggen")
		bad := c.post("/tertiaalrapportage", url.Values{"periode": {"2025-T1"}, "notitie": {strings.Repeat("x", 1001)}})
		wantStatus(t, bad, http.StatusUnprocessableEntity, "long note")
		mustContain(t, bad, "De tertiaalrapportage is niet vastgelegd", "1.001 tekens")
		wantStatus(t, c.post("/tertiaalrapportage", url.Values{"periode": {"2025-T3"}}), http.StatusUnprocessableEntity, "future tertial")
		r := c.post("/tertiaalrapportage", url.Values{"periode": {"2025-T1"}, "notitie": {"Regiegroep van mei"}})
		wantStatus(t, r, http.StatusSeeOther, "freeze")
		if r.Location != "/tertiaalrapportage/2025-T1/versies/1?melding=tertiaalrapportage" {
			t.Fatalf("redirect to %q", r.Location)
		}
		wantStatus(t, c.post("/tertiaalrapportage", url.Values{"periode": {"2025-T1"}}), http.StatusSeeOther, "second version")

		v := rg.get("/tertiaalrapportage/2025-T1/versies/1")
		wantStatus(t, v, http.StatusOK, "version page")
		mustContain(t, v, "Tertiaalrapportage 2025 T1, versie 1", "Regiegroep van mei", "Pim Programma", "Rapportage lezen")
		mustContain(t, rg.get("/tertiaalrapportage"), "Versie 2", "Versie 1")
		doc := rg.get("/tertiaalrapportage/2025-T1/versies/1/rapport.html")
		wantStatus(t, doc, http.StatusOK, "frozen HTML")
		if !strings.Contains(doc.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Error("the document is served without its strict policy")
		}
		mustContain(t, doc, "Tertiaalrapportage 2025 T1 (januari–april)", "vastgelegd op 16 juni 2025, 12:00 door Pim Programma",
			"Fatsoenlijk inkomen", "Samenwerking gemeente en WIJ", "Aandacht nodig", "Successen", "Zorgen", "Escalaties naar de regiegroep",
			"Mijlpalen te laat", "Signalen uit de begroting", "Indicatoren")
		mustNotContain(t, doc, "@demo.perspectief.nl")
		wantStatus(t, rg.get("/tertiaalrapportage/2025-T1/versies/1/rapport.pdf"), http.StatusNotFound, "no PDF without Chromium")
		json := rg.get("/tertiaalrapportage/2025-T1/versies/1/gegevens.json")
		if json.Status != http.StatusOK || !strings.Contains(json.Body, `"periode": "2025-T1"`) {
			t.Errorf("snapshot: %d %.200s", json.Status, json.Body)
		}
		wantStatus(t, rg.get("/tertiaalrapportage/2025-T1/versies/9"), http.StatusNotFound, "missing version")
		wantStatus(t, rg.get("/tertiaalrapportage/2025-T1/versies/1/iets.txt"), http.StatusNotFound, "unknown file")
		// Without SMTP the notice to the regiegroep shows in the app.
		mustContain(t, c.get("/herinneringen"), "Rik Regie", "Nieuw voor de regiegroep: Tertiaalrapportage 2025 T1, versie 2")
		concept := rg.get("/tertiaalrapportage/2025-T2/concept.html")
		wantStatus(t, concept, http.StatusOK, "concept")
		mustContain(t, concept, "Concept.", "het tertiaal loopt nog tot en met 31 augustus 2025")

		if !headless.Available() {
			if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") == "1" {
				t.Fatal("no Chromium, but PERSPECTIEF_REQUIRE_BROWSER=1")
			}
			t.Skip("no Chromium: the PDF itself is not tested")
		}
		s.web.Tertials.PDF = headless.PDF
		pdf := rg.get("/tertiaalrapportage/2025-T2/concept.pdf")
		wantStatus(t, pdf, http.StatusOK, "concept PDF")
		if !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Errorf("not a PDF: %q", pdf.Body[:min(len(pdf.Body), 10)])
		}
	})
}
