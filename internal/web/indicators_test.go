package web_test

import (
	"context"
	"encoding/csv"
	"image/png"
	"net/http"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/tabular"
	"github.com/xuri/excelize/v2"
)

func TestIndicatorPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		c := s.login(reader)

		// Without a stored register the built-in one is shown.
		r := c.get("/indicatoren")
		wantStatus(t, r, http.StatusOK, "GET /indicatoren without a stored register")
		mustContain(t, r, "Huishoudens tot 110% van het sociaal minimum", "nog geen waarde")

		if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
			t.Fatalf("seed indicators: %v %v", err, perspectief.ErrorDetails(err))
		}
		// Values for a budget indicator, and a trendmonitor run.
		reg, _ := db.Indicators().Register(ctx)
		vals, err := indicator.ReadValues("budget.csv", strings.NewReader(
			"indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n"+
				"individuele_inkomenstoeslag,2019,GM0014,totaal,2500,,,,Eigen registratie,\n"+
				"individuele_inkomenstoeslag,2020,GM0014,totaal,2600,,,,Eigen registratie,voorlopig\n"), reg)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Indicators().ImportValues(ctx, vals, "budget.csv", "test"); err != nil {
			t.Fatal(err)
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "p.csv", Actor: "test", CreatedAt: time.Now()}
		if err := db.Trends().SaveTrendRun(ctx, run, []trend.Row{
			trend.MustRow("huishoudens_110", 2023, "gemeente", "GM0014", "totaal", 150, 1000, false),
			trend.MustRow("huishoudens_110", 2024, "gemeente", "GM0014", "totaal", 160, 1000, false),
			trend.MustRow("huishoudens_110", 2024, "wijk", "WK001404", "totaal", 50, 200, false),
			trend.MustRow("huishoudens_110", 2024, "wijk", "WK001401", "totaal", 0, 0, true),
			trend.MustRow("huishoudens_110", 2024, "buurt", "BU00140400", "totaal", 5, 20, false),
		}); err != nil {
			t.Fatal(err)
		}

		r = c.get("/indicatoren")
		wantStatus(t, r, http.StatusOK, "GET /indicatoren")
		mustContain(t, r, "Missie", "Strategische doelen", "Tactische doelen", "Operationele doelen",
			"Volwassenen die moeite hebben met rondkomen", "7% (2018, Gemeente Groningen (2019))",
			"Huishoudens tot 110% van het sociaal minimum", "16% (2024, Gemeente Groningen (2019)) ↑ gestegen sinds 2023 (ongunstig)",
			"Aantal verstrekte individuele inkomenstoeslagen", "gehaald 2020: stijging gevraagd: 2020 ligt 4,0% boven 2019",
			"Aantal deelnemers collectieve zorgverzekering", "onbekend 2026: stabiel gevraagd: voor 2026 is nog geen waarde bekend",
			"Reden: (voorbeeld) Fictieve streefwaarde voor de demo", "Beleidsindicator, Output", "Omgevingsindicator, Impact")
		if !strings.Contains(r.Body, `href="/indicatoren" aria-current="page"`) {
			t.Error("Indicatoren is not the current item of the main navigation")
		}
		reg, _ = db.Indicators().Register(ctx)
		for _, ind := range reg.Indicators {
			if !strings.Contains(r.Body, `href="/indicatoren/`+ind.Code+`"`) {
				t.Errorf("the overview does not link to %s", ind.Code)
			}
		}

		// The indicators of one goal.
		r = c.get("/indicatoren?doel=O4")
		wantStatus(t, r, http.StatusOK, "GET /indicatoren?doel=O4")
		mustContain(t, r, "Indicatoren bij doel O4", "Financiële hulpvragen, doorverwijzing en afhandeling", "Aantal ondersteuningscontacten binnen de projecten van het armoedebeleid")
		mustNotContain(t, r, "Volwassenen die moeite hebben met rondkomen", "Missie")
		r = c.get("/indicatoren?doel=X9")
		mustContain(t, r, "Bij dit doel zijn geen indicatoren vastgelegd.", "Volwassenen die moeite hebben met rondkomen")

		// The first real data set: the gemeente leads, the OIS wijken beside it.
		r = c.get("/indicatoren/moeite_met_rondkomen")
		wantStatus(t, r, http.StatusOK, "GET moeite_met_rondkomen")
		mustContain(t, r, "OIS Groningen, Wijkenquête Leefbaarheid & Veiligheid", "lager is beter",
			"Nulmeting nulmeting 2018: 7%", "2026 daling ten opzichte van de vorige meting onbekend daling gevraagd: voor 2026 is nog geen waarde bekend (nulmeting 2018: 7%) (voorbeeld) Fictieve streefwaarde",
			// The gemeente before and after the merger side by side by default.
			"Verloop: Gemeente Groningen (oud) en Gemeente Groningen (2019)", "2018 Gemeente Groningen (2019) 7",
			"2014 Gemeente Groningen (oud) 11%", "Gemeente Groningen (oud): van 11% in 2014 naar 8% in 2018.",
			"Gebieden naast elkaar, 2018", "Selwerd ois_selwerd 14", "Vinkhuizen ois_vinkhuizen 14", "Tuinwijk ois_tuinwijk 6",
			"Gemeente Groningen (oud) (geldig tot en met 2018)")
		// The OIS wijken have no shapes: no map.
		mustNotContain(t, r, "Kaart van de wijken")
		if !strings.Contains(r.Body, `<svg class="line-chart"`) || !strings.Contains(r.Body, `<svg class="bar-chart"`) || !strings.Contains(r.Body, "<desc>") {
			t.Errorf("charts missing:\n%s", r.Body)
		}
		// Another area and period: two lines with a legend.
		r = c.get("/indicatoren/moeite_met_rondkomen?gebied=ois_selwerd&periode=2014")
		wantStatus(t, r, http.StatusOK, "GET with area and period")
		mustContain(t, r, "Verloop: Selwerd en Gemeente Groningen (2019)", "2014 Selwerd 17", "2016 Selwerd 13",
			"Gebieden naast elkaar, 2014", "Selwerd (gekozen) ois_selwerd 17", "Gemeente Groningen (oud) groningen_oud 11")
		if strings.Count(r.Body, "<polyline") < 1 || !strings.Contains(r.Body, `stroke-dasharray="6 4"`) {
			t.Errorf("no second, dashed series:\n%s", r.Body)
		}
		r = c.get("/indicatoren/moeite_met_rondkomen?gebied=Mars&periode=1999&groep=x")
		wantStatus(t, r, http.StatusOK, "GET with unknown choices")
		mustContain(t, r, "Voor deze groep zijn geen cijfers. Voor dit gebied zijn geen cijfers. Voor deze periode zijn geen cijfers.")

		// CSV download in the import format; it imports again.
		r = c.get("/indicatoren/moeite_met_rondkomen?formaat=csv")
		wantStatus(t, r, http.StatusOK, "GET csv")
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q", ct)
		}
		if !strings.HasPrefix(r.Body, "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n") ||
			!strings.Contains(r.Body, "moeite_met_rondkomen,2018,GM0014,totaal,7,,,,OIS Groningen Wijkenquête,Gemeente na de samenvoeging van 2019 (teruggerekend)\n") {
			t.Errorf("csv:\n%s", r.Body)
		}
		back, err := indicator.ReadValues("export.csv", strings.NewReader(r.Body), reg)
		if err != nil {
			t.Fatalf("the export does not import: %v %v", err, perspectief.ErrorDetails(err))
		}
		stored, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "moeite_met_rondkomen"})
		if len(back) != 16 || !reflect.DeepEqual(back, stored) {
			t.Errorf("export differs from the stored values:\n%+v\n%+v", back, stored)
		}

		// A trendmonitor indicator shows the stored run; buurten stay out.
		r = c.get("/indicatoren/huishoudens_110")
		wantStatus(t, r, http.StatusOK, "GET huishoudens_110")
		mustContain(t, r, "2023 Gemeente Groningen (2019) 15% 150 1.000", "2024 Gemeente Groningen (2019) 16% 160 1.000",
			"Oosterparkwijk WK001404 25% 50 200", "Oud-Zuid WK001401 onderdrukt", "Onderdrukt betekent")
		mustNotContain(t, r, "BU00140400")
		// The map: Oosterparkwijk coloured, Oud-Zuid hatched, the rest without a figure.
		mustContain(t, r, "Kaart van de wijken, 2024", "Oosterparkwijk WK001404 25%", "Oud-Zuid WK001401 onderdrukt", "Centrum WK001400 geen cijfer")
		if !strings.Contains(r.Body, `<svg class="map-chart"`) || !strings.Contains(r.Body, "<title>Oosterparkwijk: 25%</title>") ||
			!strings.Contains(r.Body, "1 wijk onderdrukt (gearceerd), 18 wijken zonder cijfer") {
			t.Errorf("no map of the wijken:\n%s", r.Body)
		}
		r = c.get("/indicatoren/huishoudens_110?formaat=csv")
		mustContain(t, r, "huishoudens_110,2024,WK001401,totaal,onderdrukt,,,,Trendmonitor")

		// Charts download as SVG files, with a stable link from the page.
		r = c.get("/indicatoren/huishoudens_110")
		if !strings.Contains(r.Body, `href="/indicatoren/huishoudens_110?formaat=svg&amp;gebied=GM0014&amp;grafiek=kaart&amp;groep=totaal&amp;periode=2024"`) {
			t.Errorf("no SVG link for the map:\n%s", r.Body)
		}
		for g, want := range map[string]string{"verloop": `<svg class="line-chart"`, "gebieden": `<svg class="bar-chart"`, "kaart": `<svg class="map-chart"`} {
			r = c.get("/indicatoren/huishoudens_110?formaat=svg&grafiek=" + g + "&periode=2024")
			wantStatus(t, r, http.StatusOK, "GET svg "+g)
			if r.Header.Get("Content-Type") != "image/svg+xml; charset=utf-8" || !strings.HasPrefix(r.Body, "<?xml") || !strings.Contains(r.Body, want) {
				t.Errorf("svg %s: %s\n%.300s", g, r.Header.Get("Content-Type"), r.Body)
			}
		}
		// PNG: rendered by headless Chromium where it is installed, or a message.
		r = c.get("/indicatoren/huishoudens_110?formaat=png&grafiek=verloop")
		if _, err := exec.LookPath("chromium"); err == nil {
			wantStatus(t, r, http.StatusOK, "GET png")
			if r.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(r.Body, "\x89PNG\r\n\x1a\n") {
				t.Errorf("png: %s, %d bytes", r.Header.Get("Content-Type"), len(r.Body))
			} else if cfg, err := png.DecodeConfig(strings.NewReader(r.Body)); err != nil || cfg.Width != 1280 {
				t.Errorf("png is %d wide (%v), want 1280: the 640-wide chart at scale 2", cfg.Width, err)
			}
		} else {
			mustContain(t, r, "Chromium")
		}
		r = c.get("/indicatoren/moeite_met_rondkomen?formaat=svg&grafiek=kaart")
		wantStatus(t, r, http.StatusBadRequest, "GET svg of a map that is not there")

		// The verdict with its explanation on the page.
		r = c.get("/indicatoren/individuele_inkomenstoeslag")
		mustContain(t, r, "2020 stijging ten opzichte van de vorige meting gehaald stijging gevraagd: 2020 ligt 4,0% boven 2019",
			"2019 stijging ten opzichte van de vorige meting onbekend stijging gevraagd: er is geen eerdere meting om 2019 mee te vergelijken",
			"2020 Gemeente Groningen (2019) 2.600", "voorlopig")

		// No values yet.
		r = c.get("/indicatoren/waardevol_leven")
		wantStatus(t, r, http.StatusOK, "GET an indicator without values")
		mustContain(t, r, "Voor deze indicator zijn nog geen cijfers opgeslagen.")

		r = c.get("/indicatoren/bestaat_niet")
		wantStatus(t, r, http.StatusNotFound, "GET unknown indicator")
		r = c.get("/indicatoren/moeite_met_rondkomen?formaat=pdf")
		wantStatus(t, r, http.StatusBadRequest, "GET unknown format")
		// XLSX: the same columns and values as the CSV, numbers as numbers.
		r = c.get("/indicatoren/huishoudens_110?formaat=xlsx")
		wantStatus(t, r, http.StatusOK, "GET xlsx")
		if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("xlsx content type %q", ct)
		}
		wb, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("xlsx does not open: %v", err)
		}
		defer wb.Close()
		rows, err := tabular.SheetRecords(wb, "waarden")
		if err != nil {
			t.Fatal(err)
		}
		csvRows, err := csv.NewReader(strings.NewReader(c.get("/indicatoren/huishoudens_110?formaat=csv").Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// GetRows drops empty trailing cells; pad to compare.
		for i := range rows {
			for len(rows[i]) < len(indicator.CSVHeader) {
				rows[i] = append(rows[i], "")
			}
		}
		if !reflect.DeepEqual(rows, csvRows) {
			t.Errorf("xlsx rows differ from csv:\n%q\n%q", rows, csvRows)
		}
		if typ, _ := wb.GetCellType("waarden", "E2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("waarde cell type = %v, want a number", typ)
		}

		// Without a login: to the login page.
		r = s.client().get("/indicatoren/moeite_met_rondkomen?formaat=csv")
		if r.Status != http.StatusSeeOther {
			t.Errorf("anonymous csv download: status %d", r.Status)
		}
	})
}
