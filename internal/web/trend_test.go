package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestTrendmonitor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(reader)

		// No runs stored yet.
		r := c.get("/trendmonitor")
		wantStatus(t, r, http.StatusOK, "GET /trendmonitor without runs")
		mustContain(t, r, "nog geen resultaten van de trendmonitor opgeslagen", "perspectief trend compute --panel")
		mustNotContain(t, r, "onderdrukt")

		const ind = "huishoudens_110"
		tv := func(year int, level, area, group string, num, den int64) trend.Row {
			return trend.MustRow(ind, year, level, area, group, num, den, false)
		}
		values := []trend.Row{
			tv(2022, "gemeente", "GM0014", "totaal", 1000, 10000),          // 10,0%
			tv(2023, "gemeente", "GM0014", "totaal", 1050, 10000),          // 10,5%
			tv(2024, "gemeente", "GM0014", "totaal", 1234, 10000),          // 12,34% -> 12,3%
			tv(2024, "gemeente", "GM0014", "type:alleenstaand", 300, 2000), // 15,0%
			trend.MustRow(ind, 2024, "gemeente", "GM0014", "type:eenouder", 0, 0, true),
			tv(2024, "gemeente", "GM0014", "bron:uitkering", 400, 800), // 50,0%
			func() trend.Row { // hidden by secondary suppression
				r := trend.MustRow(ind, 2024, "gemeente", "GM0014", "bron:werk", 0, 0, true)
				r.Secondary = true
				return r
			}(),
			tv(2022, "wijk", "WK001401", "totaal", 40, 1000),
			tv(2023, "wijk", "WK001401", "totaal", 45, 1000),
			tv(2024, "wijk", "WK001401", "totaal", 50, 1000), // 5,0%
			tv(2022, "wijk", "WK001402", "totaal", 120, 1000),
			trend.MustRow(ind, 2023, "wijk", "WK001402", "totaal", 0, 0, true),
			tv(2024, "wijk", "WK001402", "totaal", 150, 1000), // 15,0%
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "handgemaakt.csv", SourceSHA256: "0123456789abcdef0123456789abcdef",
			Norms: "ingebouwde normen", MinCell: 10, Actor: "test", CreatedAt: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
		if err := db.Trends().SaveTrendRun(context.Background(), run, values); err != nil {
			t.Fatalf("save trend run: %v", err)
		}

		r = c.get("/trendmonitor")
		wantStatus(t, r, http.StatusOK, "GET /trendmonitor")
		mustContain(t, r,
			"handgemaakt.csv", "0123456789ab", "ingebouwde normen",
			"Huishoudens tot 110% van het sociaal minimum",
			"2022 1.000 10.000 10,0%", "2023 1.050 10.000 10,5%", "2024 1.234 10.000 12,3%",
			"Gemeente Groningen (2019) (ter vergelijking) 12,3% 1.234 10.000",
			"Alleenstaand 15,0% 300 2.000", "Eenoudergezin onderdrukt", "Uitkering 50,0% 400 800", "Werk in loondienst onderdrukt",
			"onderdrukt", "minder dan 10 huishoudens", "Soms is ook een groter cijfer onderdrukt: verborgen zodat de kleine cel niet terug te rekenen is")
		mustNotContain(t, r, "Voorbeeldgegevens: gegenereerd huishoudpanel")
		page := text(r.Body)
		// Wijken by name, the code in small print after it.
		hi, lo := strings.Index(page, "Oud-West WK001402 15,0%"), strings.Index(page, "Oud-Zuid WK001401 5,0%")
		if hi < 0 || lo < 0 || hi > lo {
			t.Errorf("wijk Oud-West (15,0%%) should be listed before Oud-Zuid (5,0%%): positions %d, %d\npage: %s", hi, lo, page)
		}
		if !strings.Contains(r.Body, "Oud-Zuid <small>WK001401</small>") {
			t.Error("the wijk code is not in small print after the name")
		}
		mustContain(t, r, "Verloop in gemeente Groningen (2019)")
		mustNotContain(t, r, "in GM0014")
		if !strings.Contains(r.Body, "<svg") || !strings.Contains(r.Body, `role="img"`) || !strings.Contains(r.Body, "<polyline") {
			t.Errorf("no line chart on the page:\n%s", r.Body)
		}
		if !strings.Contains(r.Body, `href="/trendmonitor" aria-current="page"`) {
			t.Error("Trendmonitor is not the current item of the main navigation")
		}

		// Another indicator has no values; an unknown one falls back.
		r = c.get("/trendmonitor?indicator=personen_120&gemeente=GM0014")
		wantStatus(t, r, http.StatusOK, "GET other indicator")
		mustContain(t, r, "geen resultaten opgeslagen")
		r = c.get("/trendmonitor?indicator=%3Cscript%3E")
		wantStatus(t, r, http.StatusOK, "GET unknown indicator")
		mustContain(t, r, "Deze indicator kennen we niet.", "2024 1.234 10.000 12,3%")

		// A synthetic run says so.
		syn := &indicator.TrendRun{Kind: "berekend", Source: "groningen-synthetisch.parquet (demo, synthetische data)", MinCell: 10, Actor: "test", CreatedAt: time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)}
		if err := db.Trends().SaveTrendRun(context.Background(), syn, []trend.Row{tv(2025, "gemeente", "GM0014", "totaal", 5, 100)}); err != nil {
			t.Fatalf("save synthetic run: %v", err)
		}
		r = c.get("/trendmonitor")
		mustContain(t, r, "Voorbeeldgegevens: gegenereerd huishoudpanel; de wijken zijn echt, de buurten zijn gegenereerd.", "2025 5 100 5,0%")
	})
}
