package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// tableLink finds the links to a table's CSV for scripts; each has its
// CSV for Excel and XLSX beside it.
var tableLink = regexp.MustCompile(`href="([^"]*formaat=csv&amp;[^"]*tabel=[^"]*)"`)

// TestIndicatorTableDownloads: every table on the indicator pages has a
// CSV and an XLSX link; each download holds that table's rows.
func TestIndicatorTableDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := indicatorSite(t, db)
		if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
			t.Fatal(err)
		}
		reg, _ := db.Indicators().Register(ctx)
		vals, err := indicator.ReadValues("b.csv", strings.NewReader(strings.Join(indicator.CSVHeader, ",")+"\n"+
			"individuele_inkomenstoeslag,2019,GM0014,totaal,2500,,,,Eigen registratie,\n"+
			"individuele_inkomenstoeslag,2020,GM0014,totaal,2600,,,,Eigen registratie,=1+1\n"+
			"individuele_inkomenstoeslag,2020,WK001401,totaal,300,,,,Eigen registratie,\n"), reg)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Indicators().ImportValues(ctx, vals, "b.csv", "test"); err != nil {
			t.Fatal(err)
		}
		c := s.login(reader)

		// The indicator page: a link per table, each CSV equal to its XLSX.
		const page = "/indicatoren/individuele_inkomenstoeslag"
		r := c.get(page)
		var links []string
		pageBody := r.Body
		for _, m := range tableLink.FindAllStringSubmatch(r.Body, -1) {
			links = append(links, html.UnescapeString(m[1]))
		}
		if len(links) != 4 {
			t.Fatalf("%d table links on the page, want 4 (streefwaarden, verloop, gebieden, kaart): %q", len(links), links)
		}
		want := map[string]string{
			"streefwaarden": "jaar,streefwaarde,oordeel,uitleg,reden,nulmeting,beoordeeld op\n" +
				"2019,stijging ten opzichte van de vorige meting,onbekend,stijging gevraagd: er is geen eerdere meting om 2019 mee te vergelijken,\"Begroting 2020, programma 1.2.2 Armoede- en minimabeleid\",,Gemeente Groningen (2019)\n" +
				"2020,stijging ten opzichte van de vorige meting,gehaald,\"stijging gevraagd: 2020 ligt 4,0% boven 2019\",\"Begroting 2020, programma 1.2.2 Armoede- en minimabeleid\",,Gemeente Groningen (2019)\n" +
				"2024,stijging ten opzichte van de vorige meting,onbekend,stijging gevraagd: voor 2024 is nog geen waarde bekend,(voorbeeld) Fictieve streefwaarde voor de demo; het programma 2024-2026 noemt voor deze indicator geen getal.,,Gemeente Groningen (2019)\n" +
				"2025,stijging ten opzichte van de vorige meting,onbekend,stijging gevraagd: voor 2025 is nog geen waarde bekend,(voorbeeld) Fictieve streefwaarde voor de demo; het programma 2024-2026 noemt voor deze indicator geen getal.,,Gemeente Groningen (2019)\n" +
				"2026,stijging ten opzichte van de vorige meting,onbekend,stijging gevraagd: voor 2026 is nog geen waarde bekend,(voorbeeld) Fictieve streefwaarde voor de demo; het programma 2024-2026 noemt voor deze indicator geen getal.,,Gemeente Groningen (2019)\n",
			"verloop": "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n" +
				"individuele_inkomenstoeslag,2019,GM0014,totaal,2500,,,,Eigen registratie,\n" +
				"individuele_inkomenstoeslag,2020,GM0014,totaal,2600,,,,Eigen registratie,'=1+1\n",
			"gebieden": "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n" +
				"individuele_inkomenstoeslag,2020,GM0014,totaal,2600,,,,Eigen registratie,'=1+1\n" +
				"individuele_inkomenstoeslag,2020,WK001401,totaal,300,,,,Eigen registratie,\n",
		}
		for _, l := range links {
			name := l[strings.LastIndex(l, "tabel=")+len("tabel="):]
			r := c.get(l)
			wantStatus(t, r, http.StatusOK, "GET "+l)
			if w, ok := want[name]; ok && r.Body != w {
				t.Errorf("table %s:\n%s\nwant:\n%s", name, r.Body, w)
			}
			if name == "kaart" && (!strings.HasPrefix(r.Body, "gebied,naam,waarde,toelichting\nWK001400,Centrum,geen cijfer,\nWK001401,Oud-Zuid,300,\n") || strings.Count(r.Body, "\n") != 21) {
				t.Errorf("table kaart:\n%s", r.Body)
			}
			sameAsXLSX(t, c, strings.Replace(l, "formaat=csv", "formaat=%s", 1))
			// Beside it, the CSV for Excel: the same table for a spreadsheet
			// with Dutch settings.
			people := strings.Replace(l, "formaat=csv", "formaat=csv-excel", 1)
			if !strings.Contains(pageBody, html.EscapeString(people)) {
				t.Errorf("no link %s beside %s", people, l)
			}
			if w, ok := want[name]; ok {
				w = "\uFEFF" + strings.ReplaceAll(strings.ReplaceAll(w, ",", ";"), "\n", "\r\n")
				// The reasons hold a comma and a semicolon: quoted where the
				// separator is theirs.
				w = strings.NewReplacer(`"Begroting 2020; programma`, "Begroting 2020, programma", `minimabeleid"`, "minimabeleid",
					`"stijging gevraagd: 2020 ligt 4;0% boven 2019"`, "stijging gevraagd: 2020 ligt 4,0% boven 2019",
					"(voorbeeld)", `"(voorbeeld)`, "geen getal.;", `geen getal.";`).Replace(w)
				if got := c.get(people).Body; got != w {
					t.Errorf("table %s for Excel:\n%q\nwant:\n%q", name, got, w)
				}
			}
		}
		wantStatus(t, c.get(page+"?formaat=csv&tabel=nergens"), http.StatusBadRequest, "unknown table")

		// The overview: a table per goal level, each downloadable.
		r = c.get("/indicatoren")
		links = links[:0]
		for _, m := range tableLink.FindAllStringSubmatch(r.Body, -1) {
			links = append(links, html.UnescapeString(m[1]))
		}
		if n := strings.Count(r.Body, `<section aria-labelledby="niveau-`); len(links) != n || n < 4 {
			t.Fatalf("%d table links on the overview, want one per goal level (%d): %q", len(links), n, links)
		}
		for _, l := range links {
			sameAsXLSX(t, c, strings.Replace(l, "formaat=csv", "formaat=%s", 1))
		}
		r = c.get("/indicatoren?formaat=csv&tabel=niveau-operationeel")
		if !strings.HasPrefix(r.Body, "code,indicator,soort,type,vervallen,doelen,laatste waarde,eenheid,periode,gebied,beweging,streefwaarde jaar,oordeel,uitleg,reden,nulmeting\n") ||
			!strings.Contains(r.Body, "individuele_inkomenstoeslag,Aantal verstrekte individuele inkomenstoeslagen,Beleidsindicator,Output,,") ||
			!strings.Contains(r.Body, ",2600,aantal,2020,Gemeente Groningen (2019),gestegen sinds 2019 (gunstig),2020,gehaald,\"stijging gevraagd: 2020 ligt 4,0% boven 2019\",\"Begroting 2020, programma 1.2.2 Armoede- en minimabeleid\",\n") {
			t.Errorf("overview csv:\n%s", r.Body)
		}
		r = c.get("/indicatoren?doel=O4&formaat=csv&tabel=niveau-operationeel")
		if r.Status != http.StatusOK || strings.Contains(r.Body, "individuele_inkomenstoeslag") {
			t.Errorf("the table of goal O4 holds other indicators: %d\n%s", r.Status, r.Body)
		}
	})
}

// TestBuurtMap: buurt values show on a buurt map; without buurt outlines
// the buurten are generated inside the wijken and the page says so.
func TestBuurtMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := indicatorSite(t, db)
		if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
			t.Fatal(err)
		}
		tv := func(level, area string, num, den int64) trend.Row {
			return trend.MustRow("huishoudens_110", 2024, level, area, "totaal", num, den, false)
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "p.csv", Actor: "test", CreatedAt: time.Now()}
		if err := db.Trends().SaveTrendRun(ctx, run, []trend.Row{
			tv("gemeente", "GM0014", 150, 1000), tv("wijk", "WK001404", 50, 200),
			tv("buurt", "BU00140400", 5, 20), tv("buurt", "BU00140401", 45, 180),
			trend.MustRow("huishoudens_110", 2024, "buurt", "BU00140402", "totaal", 0, 0, true),
		}); err != nil {
			t.Fatal(err)
		}
		c := s.login(reader)
		r := c.get("/indicatoren/huishoudens_110")
		mustContain(t, r, "Kaart van de wijken, 2024", "Kaart van de wijken of buurten")
		mustNotContain(t, r, "Gegenereerde buurtgrenzen")
		if !strings.Contains(r.Body, `href="/indicatoren/huishoudens_110?gebied=GM0014&amp;groep=totaal&amp;kaart=buurt&amp;periode=2024#kaart-titel"`) {
			t.Errorf("no link to the buurt map")
		}
		r = c.get("/indicatoren/huishoudens_110?kaart=buurt")
		mustContain(t, r, "Kaart van de buurten, 2024", "Gegenereerde buurtgrenzen.",
			"Oosterparkwijk, buurt 0 BU00140400 25%", "Oosterparkwijk, buurt 1 BU00140401 25%", "Oosterparkwijk, buurt 2 BU00140402 onderdrukt",
			"1 buurt onderdrukt (gearceerd), 0 buurten zonder cijfer (gestippeld). De buurtgrenzen zijn gegenereerd binnen de echte wijkgrenzen")
		if strings.Count(r.Body, "<path ") != 3 {
			t.Errorf("%d areas on the buurt map, want the 3 buurten", strings.Count(r.Body, "<path "))
		}
		r = c.get("/indicatoren/huishoudens_110?kaart=buurt&formaat=csv&tabel=kaart")
		if r.Body != "gebied,naam,waarde,toelichting\nBU00140400,\"Oosterparkwijk, buurt 0\",25,gegenereerde buurtvorm\nBU00140401,\"Oosterparkwijk, buurt 1\",25,gegenereerde buurtvorm\nBU00140402,\"Oosterparkwijk, buurt 2\",onderdrukt,gegenereerde buurtvorm\n" {
			t.Errorf("buurt map table:\n%s", r.Body)
		}
		r = c.get("/indicatoren/huishoudens_110?kaart=buurt&formaat=svg&grafiek=kaart")
		if !strings.Contains(r.Body, "Kaart: Huishoudens tot 110% van het sociaal minimum per buurt, 2024") {
			t.Errorf("buurt map svg:\n%.400s", r.Body)
		}
		// No buurt values in a period: the wijk map, with a message.
		r = c.get("/indicatoren/moeite_met_rondkomen?kaart=buurt")
		mustContain(t, r, "Voor deze periode zijn geen cijfers per buurt.")
	})
}
