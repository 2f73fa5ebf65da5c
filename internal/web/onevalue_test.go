package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestImportedValueWinsOnEveryPage: a value entered over a trendmonitor
// cell is the one number of that cell on the indicator page, the
// trendmonitor page and the group comparison; the trendmonitor's number no
// longer shows anywhere.
func TestImportedValueWinsOnEveryPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := indicatorSite(t, db)
		tv := func(level, area, group string, num, den int64) trend.Row {
			return trend.MustRow("huishoudens_110", 2024, level, area, group, num, den, false)
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "handgemaakt.csv", MinCell: 10, Actor: "test", CreatedAt: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
		if err := db.Trends().SaveTrendRun(context.Background(), run, []trend.Row{
			tv("gemeente", "GM0014", "totaal", 1234, 10000), // 12,3%
			tv("gemeente", "GM0014", "type:alleenstaand", 300, 2000),
			tv("wijk", "WK001401", "totaal", 50, 1000),
		}); err != nil {
			t.Fatal(err)
		}
		pages := []string{"/indicatoren/huishoudens_110", "/trendmonitor", "/trendmonitor/groepen"}
		c := s.login(team)
		for _, p := range pages {
			r := c.get(p)
			wantStatus(t, r, http.StatusOK, "GET "+p+" before")
			mustContain(t, r, "12,3%")
		}

		form := c.get("/indicatoren/huishoudens_110/waarde")
		wantStatus(t, form, http.StatusOK, "GET the value form")
		r := c.post("/indicatoren/huishoudens_110/waarde", url.Values{"periode": {"2024"}, "gebied": {"GM0014"}, "groep": {"totaal"},
			"waarde": {"11,1"}, "teller": {"1110"}, "noemer": {"10000"}, "marge": {""}, "bron": {"Eigen correctie"}, "toelichting": {""}})
		if r.Status != http.StatusSeeOther && r.Status != http.StatusOK {
			t.Fatalf("POST the value: status %d\n%s", r.Status, r.Body)
		}
		for _, p := range pages {
			r := c.get(p)
			wantStatus(t, r, http.StatusOK, "GET "+p+" after")
			mustContain(t, r, "11,1%")
			mustNotContain(t, r, "12,3%")
		}
		mustContain(t, c.get("/trendmonitor"), "2024 1.110 10.000 11,1%")
		mustContain(t, c.get("/trendmonitor/groepen"), "Totaal 10.000 11,1%")
	})
}
