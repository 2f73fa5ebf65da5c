package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/pdfpost"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// reportSite is the demo site with the indicator register, a small
// trendmonitor run (2023 suppressed) and the report wired to them.
func reportSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	s := newSite(t, db)
	ctx := context.Background()
	if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
		t.Fatal(err)
	}
	tv := func(year int, num, den int64) trend.Row {
		return trend.MustRow("huishoudens_110", year, "gemeente", "GM0014", "totaal", num, den, false)
	}
	run := &indicator.TrendRun{Kind: "berekend", Source: "panel.parquet", Norms: "ingebouwd", MinCell: 10, Actor: "test", CreatedAt: now}
	values := []trend.Row{tv(2021, 1100, 10000), tv(2022, 1000, 10000),
		trend.MustRow("huishoudens_110", 2023, "gemeente", "GM0014", "totaal", 0, 0, true), tv(2024, 950, 10000)}
	if err := db.Trends().SaveTrendRun(ctx, run, values); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReportPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := reportSite(t, db)
		c := s.login(reader)

		r := c.get("/rapportage")
		wantStatus(t, r, http.StatusOK, "report index")
		mustContain(t, r, "Voortgangsrapportage 2025 (lopend jaar)", "Voortgangsrapportage 2024", "Er is nog geen raadsdossier vastgelegd.")
		if !strings.Contains(r.Body, `<a href="/rapportage" aria-current="page">Rapportage</a>`) {
			t.Error("the main navigation does not mark Rapportage as the current page")
		}

		r = c.get("/rapportage/2024")
		wantStatus(t, r, http.StatusOK, "report page")
		mustContain(t, r, "2 Armoede in Groningen: de trends", "2 van de 16 trendindicatoren hebben cijfers tot en met 2024.",
			"6 Besluiten volgens het wegingskader", "Nog geen gegevens: het wegingskader is nog niet op dit rapport aangesloten.",
			"Alleen de beheerder en het programmateam schrijven de toelichting.", "Rapport downloaden als HTML-bestand", "Open data downloaden")
		mustNotContain(t, r, "Leg vast als raadsdossier", "opslaan")

		r = c.get("/rapportage/2024/rapport.html")
		wantStatus(t, r, http.StatusOK, "report document")
		if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		csp := r.Header.Get("Content-Security-Policy")
		if want := "style-src " + report.StyleSource([]byte(r.Body)) + ";"; !strings.Contains(csp, want) || !strings.HasPrefix(csp, "default-src 'none'") {
			t.Errorf("CSP %q does not allow exactly the document's style (%s)", csp, want)
		}
		mustContain(t, r, "Voortgangsrapportage 2024", "Huishoudens tot 110% van het sociaal minimum",
			"In 2024 was het aandeel 9,5%. Dat is 0,5 procentpunt lager dan in 2022 (10%).", "Onderdrukt omdat het over te weinig huishoudens gaat: 2023.",
			"Trendmonitor: berekend op 16 juni 2025 uit panel.parquet", "L1 Fatsoenlijk inkomen", "Totaal beschikbaar")
		if n := strings.Count(r.Body, "<h1"); n != 1 {
			t.Errorf("%d h1 elements", n)
		}
		if !strings.Contains(r.Body, `<html lang="nl">`) {
			t.Error("no lang=nl")
		}
		if cd := c.get("/rapportage/2024/rapport.html?download=1").Header.Get("Content-Disposition"); cd != `attachment; filename="voortgangsrapportage-2024.html"` {
			t.Errorf("download: Content-Disposition %q", cd)
		}

		r = c.get("/rapportage/2024/open-data.zip")
		wantStatus(t, r, http.StatusOK, "open data")
		zr, err := zip.NewReader(strings.NewReader(r.Body), int64(len(r.Body)))
		if err != nil || len(zr.File) < 2 || zr.File[0].Name != "datapackage.json" {
			t.Fatalf("open data zip: %v", err)
		}
		for _, f := range zr.File {
			if f.Name == "trendindicatoren.csv" {
				rc, _ := f.Open()
				var b bytes.Buffer
				_, _ = b.ReadFrom(rc)
				if strings.Contains(b.String(), ",2023,") || !strings.Contains(b.String(), ",2024,") {
					t.Errorf("trend CSV holds the suppressed 2023 cell or lacks 2024:\n%s", b.String())
				}
			}
		}

		// Years that can have no report, and files that do not exist.
		wantStatus(t, c.get("/rapportage/2026"), http.StatusBadRequest, "future year")
		mustContain(t, c.get("/rapportage/2026"), "ligt in de toekomst")
		wantStatus(t, c.get("/rapportage/twintig"), http.StatusNotFound, "no year")
		wantStatus(t, c.get("/rapportage/2024/dossiers/1"), http.StatusNotFound, "no dossier yet")
		wantStatus(t, c.get("/rapportage/2024/dossiers/x/rapport.html"), http.StatusNotFound, "bad version")
	})
}

func TestReportPDF(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := reportSite(t, db)
		c := s.login(reader)
		// Without Chromium the page says so, and the link explains.
		r := c.get("/rapportage/2024/rapport.pdf")
		wantStatus(t, r, http.StatusBadRequest, "PDF without Chromium")
		mustContain(t, r, "Een PDF maken kan hier niet, omdat Chromium niet op deze computer staat.")
		mustContain(t, c.get("/rapportage/2024"), "Een PDF kan deze server niet maken, omdat Chromium er niet op staat.")

		if !headless.Available() {
			if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") == "1" {
				t.Fatal("no Chromium, but PERSPECTIEF_REQUIRE_BROWSER=1")
			}
			t.Skip("no Chromium: the PDF itself is not tested")
		}
		var prints atomic.Int32
		s.web.Reports.PDF = func(ctx context.Context, html []byte) ([]byte, error) {
			prints.Add(1)
			return headless.PDF(ctx, html)
		}
		r = c.get("/rapportage/2024/rapport.pdf")
		wantStatus(t, r, http.StatusOK, "PDF")
		if !strings.HasPrefix(r.Body, "%PDF-") || r.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("not a PDF: %q, %q", r.Header.Get("Content-Type"), r.Body[:min(len(r.Body), 10)])
		}
		mustContain(t, c.get("/rapportage/2024"), "Rapport downloaden als PDF")
		checkReportPDF(t, []byte(r.Body))
		// The first PDF of a report takes two prints (the second with the
		// contents' page numbers); the same report again takes one, and its
		// numbers are still those of its own pages (checkReportPDF).
		if n := prints.Load(); n != 2 {
			t.Errorf("first PDF: %d prints, want 2", n)
		}
		again := c.get("/rapportage/2024/rapport.pdf")
		wantStatus(t, again, http.StatusOK, "PDF again")
		if n := prints.Load(); n != 3 {
			t.Errorf("the same report again: %d prints in all, want 3", n)
		}
		checkReportPDF(t, []byte(again.Body))
	})
}

func TestReportNarratives(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := reportSite(t, db)
		basis := regexp.MustCompile(`action="/rapportage/2024/teksten/trends"[^>]*>\s*<input type="hidden" name="csrf" value="[^"]*">\s*<input type="hidden" name="basis" value="([^"]*)">`)

		// Who may write: for each role, a text on the version the page shows.
		for _, email := range []string{admin, team, leader, expert, reader} {
			c := s.login(email)
			page := c.get("/rapportage/2024")
			m := basis.FindStringSubmatch(page.Body)
			may := email == admin || email == team
			if may != (m != nil) {
				t.Fatalf("%s: form offered %v", email, m != nil)
			}
			form := url.Values{"tekst": {"Tekst van " + email}}
			if m != nil {
				form.Set("basis", m[1])
			}
			r := c.post("/rapportage/2024/teksten/trends", form)
			want := http.StatusForbidden
			if may {
				want = http.StatusSeeOther
			}
			wantStatus(t, r, want, "text by "+email)
			if may && r.Location != "/rapportage/2024?opgeslagen=trends#hoofdstuk-trends" {
				t.Errorf("saved text redirects to %q", r.Location)
			}
		}
		tc := s.login(team)
		r := tc.get("/rapportage/2024?opgeslagen=trends")
		mustContain(t, r, "2 Armoede in Groningen: de trends De tekst is opgeslagen.", "Laatst gewijzigd door Pim Programma")
		doc := tc.get("/rapportage/2024/rapport.html")
		mustContain(t, doc, "Toelichting van het programmateam", "Tekst van "+team)

		// Two writers on the same version: the second is told and keeps
		// what they typed, with the first one's text beside it.
		a, b := s.login(admin), s.login(team)
		pa, pb := a.get("/rapportage/2024"), b.get("/rapportage/2024")
		ba, bb := basis.FindStringSubmatch(pa.Body)[1], basis.FindStringSubmatch(pb.Body)[1]
		wantStatus(t, a.post("/rapportage/2024/teksten/trends", url.Values{"tekst": {"Versie van de beheerder"}, "basis": {ba}}), http.StatusSeeOther, "first writer")
		r = b.post("/rapportage/2024/teksten/trends", url.Values{"tekst": {"Versie van het team"}, "basis": {bb}})
		wantStatus(t, r, http.StatusConflict, "second writer")
		mustContain(t, r, "Iemand anders heeft deze tekst gewijzigd", "De tekst zoals die nu is opgeslagen", "Versie van de beheerder", "Versie van het team")
		if !strings.Contains(r.Body, "<title>Fout:") || !strings.Contains(r.Body, `href="#tekst-trends"`) {
			t.Error("the conflict has no error summary linking to the field")
		}
		// Saving again from that page replaces it deliberately.
		now := basis.FindStringSubmatch(r.Body)[1]
		wantStatus(t, b.post("/rapportage/2024/teksten/trends", url.Values{"tekst": {"Versie van het team"}, "basis": {now}}), http.StatusSeeOther, "second writer, after reading")
		mustContain(t, b.get("/rapportage/2024/rapport.html"), "Versie van het team")

		// Too long: refused, the text kept.
		long := strings.Repeat("a", report.MaxNarrative+1)
		r = b.post("/rapportage/2024/teksten/doelen", url.Values{"tekst": {long}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "too long")
		mustContain(t, r, "hij is 20.001 tekens lang, en mag hoogstens 20.000 tekens zijn")
		if !strings.Contains(r.Body, long) {
			t.Error("the refused text is not kept in the form")
		}
		wantStatus(t, b.post("/rapportage/2024/teksten/onbekend", url.Values{"tekst": {"x"}}), http.StatusNotFound, "unknown chapter")

		log, err := db.Accounts().AuditLog(context.Background(), 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range log {
			if ev.Entity == "rapporttekst" {
				n++
			}
		}
		if n != 4 { // beheerder, programmateam, beheerder again, programmateam again
			t.Errorf("%d audit events for 4 saved texts", n)
		}
	})
}

// TestFrozenDossierDoesNotChange freezes a report, then changes the data it
// was made from, and downloads the dossier again: every file is the same,
// while the live report shows the change.
func TestFrozenDossierDoesNotChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := reportSite(t, db)
		ctx := context.Background()
		c := s.login(team)
		wantStatus(t, c.post("/rapportage/2024/teksten/interventies", url.Values{"tekst": {"Oude toelichting."}}), http.StatusSeeOther, "text")

		r := c.post("/rapportage/2024/dossiers", url.Values{"notitie": {"Aan de raad op 12 mei"}})
		wantStatus(t, r, http.StatusSeeOther, "freeze")
		if r.Location != "/rapportage/2024/dossiers/1?melding=raadsdossier" {
			t.Fatalf("freeze redirects to %q", r.Location)
		}
		page := c.get(r.Location)
		mustContain(t, page, "Raadsdossier 2024, versie 1", "Het raadsdossier is vastgelegd.", "Aan de raad op 12 mei", "Pim Programma",
			"Geen PDF: toen het dossier werd vastgelegd, stond Chromium niet op de server.")
		files := []string{"rapport.html", "gegevens.json", "open-data.zip"}
		before := map[string]string{}
		for _, f := range files {
			r := c.get("/rapportage/2024/dossiers/1/" + f)
			wantStatus(t, r, http.StatusOK, f)
			before[f] = r.Body
			if sum := report.StyleSource([]byte(r.Body)); f == "rapport.html" && !strings.Contains(r.Header.Get("Content-Security-Policy"), sum) {
				t.Error("the dossier's own style is not allowed by its CSP")
			}
		}
		mustContain(t, response{Body: before["rapport.html"]}, "Raadsdossier 2024, versie 1", "Oude toelichting.")
		wantStatus(t, c.get("/rapportage/2024/dossiers/1/rapport.pdf"), http.StatusNotFound, "PDF of a dossier without one")

		// Change everything the report was made from.
		m, _ := s.web.Programme.Model(ctx)
		m.Budget.Available[0].Amounts[2024] = 9999
		if err := db.Programmes().ReplaceModel(ctx, m, "test"); err != nil {
			t.Fatal(err)
		}
		if err := db.Programmes().AddUpdate(ctx, &programme.Update{Intervention: "L1-01", Period: perspectief.Period{Year: 2024, Tertial: 3}, Status: programme.StatusBehind,
			Narrative: "Correctie", Concerns: "Nieuwe zorg na vastleggen", Author: team, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		tv := []trend.Row{trend.MustRow("huishoudens_110", 2024, "gemeente", "GM0014", "totaal", 2000, 10000, false)}
		if err := db.Trends().SaveTrendRun(ctx, &indicator.TrendRun{Kind: "berekend", Source: "nieuw.parquet", CreatedAt: now.Add(time.Hour)}, tv); err != nil {
			t.Fatal(err)
		}
		m2 := regexp.MustCompile(`name="basis" value="([^"]*)">\s*(?:<div[^>]*>[\s\S]*?</div>\s*)?<div class="field[^"]*">\s*<label for="tekst-interventies"`).FindStringSubmatch(c.get("/rapportage/2024").Body)
		if m2 == nil {
			t.Fatal("no form for the interventions' text")
		}
		wantStatus(t, c.post("/rapportage/2024/teksten/interventies", url.Values{"tekst": {"Nieuwe toelichting."}, "basis": {m2[1]}}), http.StatusSeeOther, "new text")

		live := c.get("/rapportage/2024/rapport.html")
		mustContain(t, live, "Nieuwe toelichting.", "Nieuwe zorg na vastleggen", "9.999", "In 2024 was het aandeel 20%")
		for _, f := range files {
			if after := c.get("/rapportage/2024/dossiers/1/" + f).Body; after != before[f] {
				t.Errorf("dossier file %s changed after the data changed", f)
			}
		}
		for _, old := range []string{"Oude toelichting.", "In 2024 was het aandeel 9,5%"} {
			if !strings.Contains(before["rapport.html"], old) {
				t.Errorf("the frozen report lacks %q", old)
			}
		}

		// The next dossier gets the next number; the first stays listed.
		wantStatus(t, c.post("/rapportage/2024/dossiers", url.Values{}), http.StatusSeeOther, "second freeze")
		mustContain(t, c.get("/rapportage/2024"), "Raadsdossier 2024, versie 1", "Raadsdossier 2024, versie 2")
		mustContain(t, c.get("/rapportage"), "Raadsdossier 2024, versie 2", "2 raadsdossiers")

		r = c.post("/rapportage/2024/dossiers", url.Values{"notitie": {strings.Repeat("x", 1001)}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "long note")
		mustContain(t, r, "de notitie is 1.001 tekens lang")
	})
}

// checkReportPDF: the PDF says it is PDF/UA-1 in XMP metadata with its
// title and language, and its contents give each chapter's page: the
// number in the contents is the page the chapter's heading is on.
func checkReportPDF(t *testing.T, pdf []byte) {
	t.Helper()
	d, err := pdfpost.Parse(pdf)
	if err != nil {
		t.Fatalf("the PDF does not parse: %v", err)
	}
	x, err := d.Metadata()
	if err != nil || x == nil {
		t.Fatalf("no XMP metadata: %v", err)
	}
	for _, w := range []string{"<pdfuaid:part>1</pdfuaid:part>", "Voortgangsrapportage 2024", "<rdf:li>nl-NL</rdf:li>"} {
		if !bytes.Contains(x, []byte(w)) {
			t.Errorf("the XMP metadata lacks %s", w)
		}
	}
	headings, err := d.Outline()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]int{}
	for _, h := range headings {
		pages[h.Title] = h.Page
	}
	if pages["2 Armoede in Groningen: de trends"] < 3 {
		t.Errorf("chapter 2 is not on a page after the cover and contents: %v", headings)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "rapport.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if info, err := exec.LookPath("pdfinfo"); err == nil {
		out, err := exec.Command(info, "-meta", f).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "pdfuaid:part") {
			t.Errorf("pdfinfo -meta shows no metadata stream: %v\n%s", err, out)
		}
	}
	totext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed: the contents' numbers are not read back")
		return
	}
	out, err := exec.Command(totext, "-layout", "-f", "1", "-l", "3", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	for _, title := range []string{"Armoede in Groningen: de trends", "Begroting en besteding"} {
		m := regexp.MustCompile(regexp.QuoteMeta(title) + `[ .]*(\d+)\s*\n`).FindSubmatch(out)
		if m == nil {
			t.Errorf("the contents give no page for %q:\n%s", title, out)
			continue
		}
		want := 0
		for h, p := range pages {
			if strings.HasSuffix(h, " "+title) {
				want = p
			}
		}
		if got, _ := strconv.Atoi(string(m[1])); got != want || want == 0 {
			t.Errorf("the contents put %q on page %s, the heading is on page %d", title, m[1], want)
		}
	}
}

// TestReportTacticalSurveys: the yearly report shows the survey indicators
// of the tactical goals, each wave with its share, 95% interval (Wilson)
// and number of answers; an indicator without a wave says so.
func TestReportTacticalSurveys(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s := newSite(t, db)
	wave := func(period string, agree, n float64) indicator.Value {
		p, err := indicator.ParsePeriod(period)
		if err != nil {
			t.Fatal(err)
		}
		return indicator.Value{Indicator: "tactisch_1_serieus_genomen", Period: p, Area: "GM0014", Group: indicator.TotalGroup,
			Value: 100 * agree / n, Num: &agree, Den: &n, Source: "Ervaringsonderzoek klanten"}
	}
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Indicators().SaveRegister(context.Background(), reg, "test"); err != nil {
		t.Fatal(err)
	}
	if err := db.Indicators().ImportValues(context.Background(), []indicator.Value{wave("2024", 54, 120), wave("2025", 66, 120)}, "test", "test"); err != nil {
		t.Fatal(err)
	}
	r := s.login(reader).get("/rapportage/2025/rapport.html")
	wantStatus(t, r, http.StatusOK, "report 2025")
	mustContain(t, r, "Tactische doelen: wat gebruikers van regelingen ervaren",
		"Gebruikers van regelingen die zich serieus genomen voelden",
		"Meting Aandeel 95%-interval Antwoorden 2024 45,0% 36,4% tot 53,9% 120 2025 55,0% 46,1% tot 63,6% 120",
		"Gebruikers van regelingen die zo andere voorzieningen leerden kennen", "Nog geen meting tot en met 2025.")
	mustNotContain(t, r, "..")
	// The 2024 report has the first wave only.
	r = s.login(reader).get("/rapportage/2024/rapport.html")
	mustContain(t, r, "2024 45,0% 36,4% tot 53,9% 120")
	mustNotContain(t, r, "2025 55,0%")
}
