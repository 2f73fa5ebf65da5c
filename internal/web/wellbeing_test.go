package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/trend"
)

// TestTrendmonitorWellbeing: the trendmonitor shows the five wellbeing
// indicators beside the income figures. Before any value is stored it says
// how they get filled; after a wave of the shipped wellbeing questionnaire
// is pushed to the register, it shows the wave's shares.
func TestTrendmonitorWellbeing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newLearningSite(t, db)
		run := &indicator.TrendRun{Kind: "berekend", Source: "panel.csv", MinCell: 10, Actor: "test", CreatedAt: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
		if err := db.Trends().SaveTrendRun(context.Background(), run, []trend.Row{
			trend.MustRow("huishoudens_110", 2024, "gemeente", "GM0014", "totaal", 1234, 10000, false),
		}); err != nil {
			t.Fatal(err)
		}
		names := []string{"Volwassenen die tevreden zijn met hun leven", "Volwassenen die zich gelukkig voelen",
			"Volwassenen die hun gezondheid als goed ervaren", "Volwassenen die vinden dat zij meedoen in de samenleving", "Volwassenen die zich eenzaam voelen"}
		const howFilled = "Hier zijn nog geen cijfers voor. Ze komen er door een meting met de vragenlijst ‘Hoe gaat het met u?’ (welbevinden)"

		r := s.login(reader).get("/trendmonitor")
		wantStatus(t, r, http.StatusOK, "GET /trendmonitor")
		mustContain(t, r, "2024 1.234 10.000 12,3%", "Welbevinden naast inkomen", howFilled, "als tabel inlezen")
		mustContain(t, r, names...)
		page := text(r.Body)
		if strings.Index(page, "12,3%") > strings.Index(page, "Welbevinden naast inkomen") {
			t.Error("the wellbeing figures come before the income figures")
		}
		if n := strings.Count(page, "nog geen waarde"); n != 5 {
			t.Errorf("%d indicators say they have no value yet, want 5", n)
		}
		mustNotContain(t, r, "Begin een meting")
		mustContain(t, s.login(team).get("/trendmonitor"), "Begin een meting")

		// A wave of the wellbeing questionnaire: 12 answers, 9 give their
		// life an 8 (satisfied: 7 or more) and 3 a 5; 3 are often lonely.
		tm := s.login(team)
		wantStatus(t, tm.post("/enquetes/nieuw", url.Values{"code": {"welzijn"}, "titel": {"Welbevinden 2025"}, "vragenlijst": {"welbevinden@1"},
			"periode": {"2025"}, "toegang": {"open"}, "minimum_n": {"10"}}), http.StatusSeeOther, "create wave")
		wantStatus(t, tm.post("/enquetes/welzijn/publiceren", nil), http.StatusSeeOther, "publish")
		csv := "tevreden_leven,eenzaam,wijk\n" + strings.Repeat("8,1,Centrum\n", 9) + strings.Repeat("5,5,Centrum\n", 3)
		wantStatus(t, tm.uploadTo("/enquetes/welzijn/import", "antwoorden.csv", []byte(csv)), http.StatusSeeOther, "import answers")
		wantStatus(t, tm.post("/enquetes/welzijn/indicatoren", nil), http.StatusSeeOther, "push to the register")

		r = s.login(reader).get("/trendmonitor")
		wantStatus(t, r, http.StatusOK, "GET /trendmonitor after the wave")
		mustContain(t, r, "Volwassenen die tevreden zijn met hun leven 75,0% 2025", "Volwassenen die zich eenzaam voelen 25,0% 2025",
			"Volwassenen die zich gelukkig voelen onderdrukt", "meting welzijn")
		mustNotContain(t, r, howFilled, "nog geen waarde")
	})
}
