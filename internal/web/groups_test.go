package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/tabular"
	"github.com/xuri/excelize/v2"
)

// groupRun is a hand-made trendmonitor table; the comments give the
// figures the page must show.
func groupRun(t *testing.T, db *store.DB) {
	t.Helper()
	tv := func(ind string, year int, level, area, group string, num, den int64) trend.Row {
		return trend.MustRow(ind, year, level, area, group, num, den, false)
	}
	sup := func(ind string, year int, area, group string) trend.Row {
		return trend.MustRow(ind, year, "gemeente", area, group, 0, 0, true)
	}
	const low, low120, long = "huishoudens_110", "huishoudens_120", "huishoudens_110_4jaar"
	values := []trend.Row{
		tv(low, 2022, "gemeente", "GM0014", "totaal", 1400, 10000),
		tv(low, 2023, "gemeente", "GM0014", "totaal", 1450, 10000),
		tv(low, 2024, "gemeente", "GM0014", "totaal", 1500, 10000),           // 15,0%
		tv(low, 2024, "gemeente", "GM0014", "type:eenouder", 400, 1000),      // 40,0%
		tv(low, 2024, "gemeente", "GM0014", "type:alleenstaand", 600, 4000),  // 15,0%
		sup(low, 2024, "GM0014", "type:paar_zonder_kinderen"),                // onderdrukt
		tv(low, 2024, "gemeente", "GM0014", "bron:uitkering", 500, 1000),     // 50,0%
		tv(low, 2024, "gemeente", "GM0014", "bron:werk", 300, 6000),          // 5,0%
		tv(low120, 2024, "gemeente", "GM0014", "totaal", 1800, 10000),        // 18,0%
		tv(low120, 2024, "gemeente", "GM0014", "type:eenouder", 450, 1000),   // 45,0%
		tv(long, 2023, "gemeente", "GM0014", "totaal", 500, 10000),           // 5,0%
		tv(long, 2023, "gemeente", "GM0014", "type:eenouder", 220, 1000),     // 22,0%
		tv(long, 2023, "gemeente", "GM0014", "type:alleenstaand", 140, 4000), // 3,5%
		sup(long, 2023, "GM0014", "bron:uitkering"),                          // onderdrukt
		tv(long, 2024, "gemeente", "GM0014", "totaal", 600, 10000),           // 6,0%; of the 1500: 40,0%
		tv(long, 2024, "gemeente", "GM0014", "type:eenouder", 250, 1000),     // 25,0%; of the 400: 62,5%
		tv(long, 2024, "gemeente", "GM0014", "type:alleenstaand", 160, 4000), // 4,0%; of the 600: 26,7%
		tv(long, 2024, "gemeente", "GM0014", "bron:uitkering", 350, 1000),    // 35,0%; of the 500: 70,0%
		tv(long, 2024, "gemeente", "GM0014", "bron:werk", 60, 6000),          // 1,0%; of the 300: 20,0%
		tv(low, 2024, "wijk", "WK001401", "totaal", 50, 1000),                // 5,0%
		tv(low, 2024, "wijk", "WK001401", "type:eenouder", 20, 100),          // 20,0%
		tv(long, 2024, "wijk", "WK001401", "type:eenouder", 10, 100),         // 10,0%; of the 20: 50,0%
	}
	run := &indicator.TrendRun{Kind: "berekend", Source: "handgemaakt.csv", MinCell: 10, Actor: "test", CreatedAt: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	if err := db.Trends().SaveTrendRun(context.Background(), run, values); err != nil {
		t.Fatal(err)
	}
}

func TestGroupsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := indicatorSite(t, db)
		c := s.login(reader)
		r := c.get("/trendmonitor/groepen")
		wantStatus(t, r, http.StatusOK, "GET /trendmonitor/groepen without runs")
		mustContain(t, r, "Er zijn nog geen resultaten van de trendmonitor opgeslagen.")

		if err := demo.SeedIndicators(context.Background(), db.Indicators()); err != nil {
			t.Fatal(err)
		}
		groupRun(t, db)
		r = c.get("/trendmonitor/groepen")
		wantStatus(t, r, http.StatusOK, "GET /trendmonitor/groepen")
		mustContain(t, r, "Groepen vergelijken: voor wie blijft armoede?",
			"Per huishoudtype, Gemeente Groningen (2019), 2024",
			"Groep Aantal huishoudens Tot 110% Tot 120% 4 jaar of langer tot 110% Aandeel langdurig",
			"Totaal 10.000 15,0% 18,0% 6,0% 40,0%",
			"Alleenstaand 4.000 15,0% geen cijfer 4,0% 26,7%",
			"Eenoudergezin 1.000 40,0% 45,0% 25,0% 62,5%",
			"Paar zonder kinderen onderdrukt onderdrukt geen cijfer geen cijfer onderdrukt",
			"Dat deel is het grootst in de groep Eenoudergezin (62,5%) en het kleinst in de groep Alleenstaand (26,7%).",
			"Uitkering 1.000 50,0% geen cijfer 35,0% 70,0%", "Werk in loondienst 6.000 5,0% geen cijfer 1,0% 20,0%",
			"grootst in de groep Uitkering (70,0%) en het kleinst in de groep Werk in loondienst (20,0%)",
			// Over the years, only groups with four-year figures.
			"Jaar Totaal Alleenstaand Eenoudergezin 2023 5,0% 3,5% 22,0% 2024 6,0% 4,0% 25,0%",
			"Jaar Totaal Werk in loondienst Uitkering 2023 5,0% geen cijfer onderdrukt 2024 6,0% 1,0% 35,0%",
			"Onderdrukt betekent", "minder dan 10 huishoudens")
		mustNotContain(t, r, "Paar met kinderen") // no such households in the area
		for _, want := range []string{`<svg class="grouped-bar-chart"`, `<svg class="line-chart"`, "<desc>"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		// Every table and chart has its downloads, with the page's choices.
		for _, name := range []string{"huishoudtype", "inkomensbron", "verloop-huishoudtype", "verloop-inkomensbron"} {
			for _, f := range []string{"csv", "xlsx"} {
				if l := "/trendmonitor/groepen?eenheid=huishoudens&amp;formaat=" + f + "&amp;gebied=GM0014&amp;jaar=2024&amp;tabel=" + name; !strings.Contains(r.Body, l) {
					t.Errorf("no %s link for table %s", f, name)
				}
			}
			for _, f := range []string{"svg", "png"} {
				if l := "formaat=" + f + "&amp;gebied=GM0014&amp;grafiek=" + name; !strings.Contains(r.Body, l) {
					t.Errorf("no %s link for chart %s", f, name)
				}
			}
		}

		// The table downloads: numbers as numbers, CSV and XLSX alike.
		r = c.get("/trendmonitor/groepen?formaat=csv&tabel=huishoudtype&jaar=2024&gebied=GM0014")
		wantStatus(t, r, http.StatusOK, "GET csv")
		if r.Header.Get("Content-Disposition") != `attachment; filename="groepen-huishoudens-GM0014-2024-huishoudtype.csv"` {
			t.Errorf("disposition %q", r.Header.Get("Content-Disposition"))
		}
		want := "jaar,gebied,groep,omschrijving,huishoudens,tot 110% (%),tot 120% (%),4 jaar of langer tot 110% (%),aandeel langdurig onder wie tot 110% (%)\n" +
			"2024,GM0014,totaal,Totaal,10000,15,18,6,40\n" +
			"2024,GM0014,type:alleenstaand,Alleenstaand,4000,15,,4,26.666666666666668\n" +
			"2024,GM0014,type:eenouder,Eenoudergezin,1000,40,45,25,62.5\n" +
			"2024,GM0014,type:paar_zonder_kinderen,Paar zonder kinderen,onderdrukt,onderdrukt,,,onderdrukt\n"
		if r.Body != want {
			t.Errorf("csv:\n%s\nwant:\n%s", r.Body, want)
		}
		sameAsXLSX(t, c, "/trendmonitor/groepen?formaat=%s&tabel=verloop-inkomensbron")
		r = c.get("/trendmonitor/groepen?formaat=csv&tabel=verloop-inkomensbron")
		if !strings.Contains(r.Body, "jaar,Totaal (%),Werk in loondienst (%),Uitkering (%)\n2023,5,,onderdrukt\n2024,6,1,35\n") {
			t.Errorf("trend csv:\n%s", r.Body)
		}
		r = c.get("/trendmonitor/groepen?formaat=svg&grafiek=huishoudtype")
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml; charset=utf-8" || !strings.Contains(r.Body, `<svg class="grouped-bar-chart"`) {
			t.Errorf("svg: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		wantStatus(t, c.get("/trendmonitor/groepen?formaat=csv&tabel=nergens"), http.StatusBadRequest, "unknown table")
		wantStatus(t, c.get("/trendmonitor/groepen?formaat=pdf"), http.StatusBadRequest, "unknown format")

		// Another area and year.
		r = c.get("/trendmonitor/groepen?gebied=WK001401&jaar=2024")
		mustContain(t, r, "Per huishoudtype, Oud-Zuid, 2024", "Eenoudergezin 100 20,0% geen cijfer 10,0% 50,0%")
		if !strings.Contains(r.Body, `<option value="WK001401" selected>Oud-Zuid (WK001401)</option>`) {
			t.Error("the area select does not show the chosen wijk by name")
		}
		r = c.get("/trendmonitor/groepen?jaar=2022")
		mustContain(t, r, "Voor 2022 zijn er nog geen cijfers over 4 jaar of langer")
		r = c.get("/trendmonitor/groepen?jaar=1999&gebied=Mars")
		mustContain(t, r, "Voor dit jaar zijn geen cijfers. Voor dit gebied zijn in dit jaar geen cijfers. U ziet nu huishoudens in Gemeente Groningen (2019), 2024.")
		r = c.get("/trendmonitor/groepen?eenheid=personen")
		mustContain(t, r, "Voor de personen zijn geen resultaten opgeslagen.")

		// Found from the trendmonitor and the indicator overview.
		for _, from := range []string{"/trendmonitor", "/indicatoren", "/indicatoren/huishoudens_110_4jaar"} {
			if r := c.get(from); !strings.Contains(r.Body, `href="/trendmonitor/groepen`) {
				t.Errorf("%s does not link to the group page", from)
			}
		}
	})
}

// sameAsXLSX downloads a table as CSV and as XLSX (pathFormat has %s for
// the format) and fails unless the workbook's first sheet holds the CSV's
// rows.
func sameAsXLSX(t *testing.T, c *client, pathFormat string) {
	t.Helper()
	r := c.get(strings.Replace(pathFormat, "%s", "csv", 1))
	wantStatus(t, r, http.StatusOK, "GET csv")
	want, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	r = c.get(strings.Replace(pathFormat, "%s", "xlsx", 1))
	wantStatus(t, r, http.StatusOK, "GET xlsx")
	if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("xlsx content type %q", ct)
	}
	wb, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	defer wb.Close()
	rows, err := tabular.SheetRecords(wb, wb.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		for len(rows[i]) < len(want[0]) {
			rows[i] = append(rows[i], "")
		}
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("%s: xlsx rows %q\nwant the csv's %q", pathFormat, rows, want)
	}
}

// TestTrendmonitorDownloads: the trendmonitor page's tables download as
// CSV and XLSX, its chart as SVG.
func TestTrendmonitorDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := indicatorSite(t, db)
		groupRun(t, db)
		c := s.login(reader)
		r := c.get("/trendmonitor")
		for _, name := range []string{"verloop", "wijken", "groepen"} {
			for _, f := range []string{"csv", "xlsx"} {
				if l := "/trendmonitor?formaat=" + f + "&amp;gemeente=GM0014&amp;indicator=huishoudens_110&amp;tabel=" + name; !strings.Contains(r.Body, l) {
					t.Errorf("no %s link for table %s", f, name)
				}
			}
			sameAsXLSX(t, c, "/trendmonitor?formaat=%s&tabel="+name)
		}
		want := map[string]string{
			"verloop": "jaar,gebied,teller,noemer,waarde (%)\n2022,GM0014,1400,10000,14\n2023,GM0014,1450,10000,14.5\n2024,GM0014,1500,10000,15\n",
			"wijken":  "jaar,gebied,teller,noemer,waarde (%)\n2024,WK001401,50,1000,5\n",
			"groepen": "jaar,gebied,groep,omschrijving,teller,noemer,waarde (%)\n2024,GM0014,totaal,Totaal,1500,10000,15\n" +
				"2024,GM0014,type:alleenstaand,Alleenstaand,600,4000,15\n2024,GM0014,type:eenouder,Eenoudergezin,400,1000,40\n" +
				"2024,GM0014,type:paar_zonder_kinderen,Paar zonder kinderen,onderdrukt,onderdrukt,onderdrukt\n" +
				"2024,GM0014,bron:werk,Werk in loondienst,300,6000,5\n2024,GM0014,bron:uitkering,Uitkering,500,1000,50\n",
		}
		for name, w := range want {
			if got := c.get("/trendmonitor?formaat=csv&tabel=" + name).Body; got != w {
				t.Errorf("%s:\n%s\nwant:\n%s", name, got, w)
			}
		}
		r = c.get("/trendmonitor?formaat=svg&grafiek=verloop")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `<svg class="trend-chart"`) {
			t.Errorf("svg: %d\n%.300s", r.Status, r.Body)
		}
		wantStatus(t, c.get("/trendmonitor?formaat=csv&tabel=nergens"), http.StatusBadRequest, "unknown table")
	})
}

// versionTwoRun is a hand-made trendmonitor table of a version-2 panel
// (spec section 6): age and education groups and the use of the Wmo; the
// comments give the figures the pages must show.
func versionTwoRun(t *testing.T, db *store.DB) {
	t.Helper()
	tv := func(ind string, year int, level, area, group string, num, den int64) trend.Row {
		return trend.MustRow(ind, year, level, area, group, num, den, false)
	}
	const low, long, wmo = "huishoudens_110", "huishoudens_110_4jaar", "gebruik_wmo_110"
	values := []trend.Row{
		tv(low, 2023, "gemeente", "GM0014", "totaal", 1400, 10000),
		tv(low, 2024, "gemeente", "GM0014", "totaal", 1500, 10000),          // 15,0%
		tv(low, 2024, "gemeente", "GM0014", "leeftijd:tot_25", 90, 300),     // 30,0%
		tv(low, 2024, "gemeente", "GM0014", "leeftijd:25_44", 600, 4000),    // 15,0%
		tv(low, 2024, "gemeente", "GM0014", "leeftijd:45_64", 500, 4200),    // 11,9%
		tv(low, 2024, "gemeente", "GM0014", "leeftijd:65_plus", 310, 1500),  // 20,7%
		tv(low, 2024, "gemeente", "GM0014", "opleiding:laag", 700, 3000),    // 23,3%
		tv(low, 2024, "gemeente", "GM0014", "opleiding:hoog", 200, 3500),    // 5,7%
		tv(low, 2024, "gemeente", "GM0014", "opleiding:onbekend", 100, 500), // 20,0%
		tv(long, 2023, "gemeente", "GM0014", "totaal", 550, 10000),
		tv(long, 2023, "gemeente", "GM0014", "leeftijd:25_44", 200, 4000),              // 5,0%
		tv(long, 2024, "gemeente", "GM0014", "totaal", 600, 10000),                     // 6,0%; of the 1500: 40,0%
		trend.MustRow(long, 2024, "gemeente", "GM0014", "leeftijd:tot_25", 0, 0, true), // onderdrukt
		tv(long, 2024, "gemeente", "GM0014", "leeftijd:25_44", 240, 4000),              // 6,0%; of the 600: 40,0%
		tv(long, 2024, "gemeente", "GM0014", "leeftijd:45_64", 210, 4200),              // 5,0%; of the 500: 42,0%
		tv(long, 2024, "gemeente", "GM0014", "leeftijd:65_plus", 93, 1500),             // 6,2%; of the 310: 30,0%
		tv(wmo, 2023, "gemeente", "GM0014", "totaal", 280, 1400),                       // 20,0%
		tv(wmo, 2024, "gemeente", "GM0014", "totaal", 330, 1500),                       // 22,0%
		tv(wmo, 2024, "gemeente", "GM0014", "leeftijd:65_plus", 124, 310),              // 40,0%
		tv(wmo, 2024, "wijk", "WK001401", "totaal", 12, 50),                            // 24,0%
		tv(low, 2024, "wijk", "WK001401", "totaal", 50, 1000),
	}
	run := &indicator.TrendRun{Kind: "berekend", Source: "handgemaakt-v2.csv", MinCell: 10, Actor: "test", CreatedAt: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	if err := db.Trends().SaveTrendRun(context.Background(), run, values); err != nil {
		t.Fatal(err)
	}
}

// TestGroupsPageVersionTwo: on a version-2 run the group page offers the
// age and education of the main earner by their Dutch names, only the
// breakdowns with figures, one at a time when asked; the usage indicators
// show on the trendmonitor and on their own pages.
func TestGroupsPageVersionTwo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := demo.SeedIndicators(context.Background(), db.Indicators()); err != nil {
			t.Fatal(err)
		}
		versionTwoRun(t, db)
		c := indicatorSite(t, db).login(reader)

		r := c.get("/trendmonitor/groepen")
		wantStatus(t, r, http.StatusOK, "GET /trendmonitor/groepen")
		mustContain(t, r, "Per leeftijd van de hoofdkostwinner, Gemeente Groningen (2019), 2024",
			"Per opleidingsniveau van de hoofdkostwinner, Gemeente Groningen (2019), 2024",
			"Opleidingsniveau onbekend 500 20,0% geen cijfer geen cijfer geen cijfer")
		// No household type or income source in this run: not offered.
		mustNotContain(t, r, "Middelbaar opgeleid", "leeftijd:tot_25")
		if strings.Contains(r.Body, `id="huishoudtype-titel"`) || strings.Contains(r.Body, `id="inkomensbron-titel"`) {
			t.Error("the page shows a breakdown without figures")
		}
		for _, opt := range []string{`<option value="" selected>Alle indelingen</option>`, `<option value="leeftijd">Leeftijd van de hoofdkostwinner</option>`,
			`<option value="opleiding">Opleidingsniveau van de hoofdkostwinner</option>`} {
			if !strings.Contains(r.Body, opt) {
				t.Errorf("the breakdown select lacks %s", opt)
			}
		}
		if strings.Contains(r.Body, `<option value="huishoudtype"`) {
			t.Error("the breakdown select offers household type without figures")
		}

		r = c.get("/trendmonitor/groepen?indeling=leeftijd&jaar=2024&gebied=GM0014")
		mustContain(t, r, "Per leeftijd van de hoofdkostwinner, Gemeente Groningen (2019), 2024",
			"Totaal 10.000 15,0% geen cijfer 6,0% 40,0%",
			"Jonger dan 25 jaar 300 30,0% geen cijfer onderdrukt onderdrukt",
			"25 tot 45 jaar 4.000 15,0% geen cijfer 6,0% 40,0%",
			"45 tot 65 jaar 4.200 11,9% geen cijfer 5,0% 42,0%",
			"65 jaar en ouder 1.500 20,7% geen cijfer 6,2% 30,0%",
			"komt het vaakst voor in de groep Jonger dan 25 jaar (30,0%) en het minst vaak in de groep 45 tot 65 jaar (11,9%).",
			"Dat deel is het grootst in de groep 45 tot 65 jaar (42,0%) en het kleinst in de groep 65 jaar en ouder (30,0%).",
			"Jaar Totaal Jonger dan 25 jaar 25 tot 45 jaar 45 tot 65 jaar 65 jaar en ouder 2023 5,5% geen cijfer 5,0% geen cijfer geen cijfer 2024 6,0% onderdrukt 6,0% 5,0% 6,2%")
		mustNotContain(t, r, "Per opleidingsniveau", "leeftijd:65_plus")
		if !strings.Contains(r.Body, `<option value="leeftijd" selected>`) {
			t.Error("the chosen breakdown is not selected")
		}
		for _, f := range []string{"csv", "xlsx"} {
			if l := "/trendmonitor/groepen?eenheid=huishoudens&amp;formaat=" + f + "&amp;gebied=GM0014&amp;indeling=leeftijd&amp;jaar=2024&amp;tabel=leeftijd"; !strings.Contains(r.Body, l) {
				t.Errorf("no %s link for the age table", f)
			}
		}
		r = c.get("/trendmonitor/groepen?indeling=leeftijd&formaat=csv&tabel=leeftijd")
		want := "jaar,gebied,groep,omschrijving,huishoudens,tot 110% (%),tot 120% (%),4 jaar of langer tot 110% (%),aandeel langdurig onder wie tot 110% (%)\n" +
			"2024,GM0014,totaal,Totaal,10000,15,,6,40\n" +
			"2024,GM0014,leeftijd:tot_25,Jonger dan 25 jaar,300,30,,onderdrukt,onderdrukt\n" +
			"2024,GM0014,leeftijd:25_44,25 tot 45 jaar,4000,15,,6,40\n" +
			"2024,GM0014,leeftijd:45_64,45 tot 65 jaar,4200,11.904761904761905,,5,42\n" +
			"2024,GM0014,leeftijd:65_plus,65 jaar en ouder,1500,20.666666666666668,,6.2,30\n"
		if r.Body != want {
			t.Errorf("age csv:\n%s\nwant:\n%s", r.Body, want)
		}
		sameAsXLSX(t, c, "/trendmonitor/groepen?indeling=leeftijd&formaat=%s&tabel=verloop-leeftijd")
		r = c.get("/trendmonitor/groepen?indeling=leeftijd&formaat=svg&grafiek=leeftijd")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "Jonger dan 25 jaar") {
			t.Errorf("age chart: %d\n%.300s", r.Status, r.Body)
		}
		// Only the chosen breakdown's tables are on the page.
		wantStatus(t, c.get("/trendmonitor/groepen?indeling=leeftijd&formaat=csv&tabel=opleiding"), http.StatusBadRequest, "a table not on the page")

		r = c.get("/trendmonitor/groepen?indeling=huishoudtype")
		mustContain(t, r, "Voor deze indeling zijn in dit gebied en jaar geen cijfers. U ziet nu huishoudens in Gemeente Groningen (2019), 2024.",
			"Per leeftijd van de hoofdkostwinner")
		r = c.get("/trendmonitor/groepen?indeling=sterrenbeeld")
		mustContain(t, r, "Deze indeling kennen we niet.")

		// The usage indicators: on the trendmonitor and on their own pages.
		r = c.get("/trendmonitor")
		mustContain(t, r, "Huishoudens tot 110% van het sociaal minimum met een Wmo-voorziening",
			"Huishoudens tot 110% van het sociaal minimum met jeugdhulp uit de Jeugdwet",
			"Huishoudens tot 110% van het sociaal minimum met een uitkering of voorziening uit de Participatiewet")
		r = c.get("/trendmonitor?indicator=gebruik_wmo_110&gemeente=GM0014")
		mustContain(t, r, "2023 280 1.400 20,0%", "2024 330 1.500 22,0%", "65 jaar en ouder 40,0% 124 310")
		mustNotContain(t, r, "Deze indicator kennen we niet")

		r = c.get("/indicatoren/gebruik_wmo_110")
		wantStatus(t, r, http.StatusOK, "GET /indicatoren/gebruik_wmo_110")
		mustContain(t, r, "Huishoudens tot 110% van het sociaal minimum met een Wmo-voorziening", "2024 Gemeente Groningen (2019) 22% 330 1.500", "Oud-Zuid WK001401 24% 12 50", "Kaart van de wijken, 2024", "Oud-Zuid: 24%")
		r = c.get("/indicatoren/gebruik_wmo_110?groep=leeftijd:65_plus")
		mustContain(t, r, "groep 65 jaar en ouder, per periode", "2024 Gemeente Groningen (2019) 40% 124 310")
		if !strings.Contains(r.Body, `<option value="leeftijd:65_plus" selected>65 jaar en ouder</option>`) {
			t.Error("the group select does not name the age group")
		}
		r = c.get("/indicatoren/gebruik_wmo_110?formaat=csv")
		wantStatus(t, r, http.StatusOK, "GET gebruik_wmo_110 csv")
		if !strings.Contains(r.Body, "22") {
			t.Errorf("the download lacks the value:\n%s", r.Body)
		}
		r = c.get("/indicatoren/gebruik_wmo_110?formaat=svg&grafiek=kaart")
		wantStatus(t, r, http.StatusOK, "GET gebruik_wmo_110 map")
	})
}
