package report_test

import (
	"bytes"
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/trend"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestTrendChapterNamesGroupsAndUsage stores a trendmonitor run and reads
// the trend chapter as a council member would: per breakdown the group
// where a low income is most common in the latest year (never a suppressed
// one, ties named together, nothing from a wijk or from after the report's
// year), and for each usage indicator its first and latest year.
func TestTrendChapterNamesGroupsAndUsage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg, _ := indicator.DefaultRegister()
		if err := db.Indicators().SaveRegister(ctx, reg, "test"); err != nil {
			t.Fatal(err)
		}
		m, err := programme.ReadFile("groningen.yaml", bytes.NewReader(programme.GroningenFile()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Programmes().ApplyModel(ctx, m, "test", programme.Change{Base: programme.NoBase, Kind: programme.VersionImport, Reason: "test"}); err != nil {
			t.Fatal(err)
		}
		g := func(ind string, year int, area, group string, num, den int64) trend.Row {
			level := "gemeente"
			if strings.HasPrefix(area, "WK") {
				level = "wijk"
			}
			return trend.MustRow(ind, year, level, area, group, num, den, false)
		}
		sup := func(ind string, year int, group string) trend.Row {
			return trend.MustRow(ind, year, "gemeente", "GM0014", group, 0, 0, true)
		}
		const hh = "huishoudens_110"
		rows := []trend.Row{
			g(hh, 2023, "GM0014", "totaal", 150, 1000),
			g(hh, 2024, "GM0014", "totaal", 161, 1000),
			g(hh, 2025, "GM0014", "totaal", 170, 1000),
			// 2023 had another leader: only the latest year counts.
			g(hh, 2023, "GM0014", "type:alleenstaand", 300, 500),
			g(hh, 2024, "GM0014", "type:alleenstaand", 90, 400),
			g(hh, 2024, "GM0014", "type:eenouder", 40, 100),
			g(hh, 2024, "GM0014", "type:paar_met_kinderen", 20, 300),
			sup(hh, 2024, "type:paar_zonder_kinderen"),
			// After the report's year and in a wijk: never named.
			g(hh, 2025, "GM0014", "type:overig", 99, 100),
			g(hh, 2024, "WK001401", "type:overig", 90, 100),
			g(hh, 2024, "GM0014", "bron:uitkering", 80, 150),
			g(hh, 2024, "GM0014", "bron:werk", 50, 700),
			sup(hh, 2024, "bron:pensioen"),
			sup(hh, 2024, "bron:zelfstandig"),
			// The suppressed group could be the highest; it is not named.
			sup(hh, 2024, "leeftijd:tot_25"),
			g(hh, 2024, "GM0014", "leeftijd:25_44", 60, 300),
			g(hh, 2024, "GM0014", "leeftijd:65_plus", 40, 200),
			g(hh, 2024, "GM0014", "leeftijd:45_64", 30, 300),
			sup(hh, 2024, "opleiding:laag"),
			sup(hh, 2024, "opleiding:middelbaar"),
			g("gebruik_participatiewet_110", 2021, "GM0014", "totaal", 40, 100),
			sup("gebruik_participatiewet_110", 2022, "totaal"),
			g("gebruik_participatiewet_110", 2024, "GM0014", "totaal", 45, 100),
			g("gebruik_participatiewet_110", 2025, "GM0014", "totaal", 90, 100),
			g("gebruik_jeugdwet_110", 2024, "GM0014", "totaal", 12, 100),
			g("gebruik_wmo_110", 2021, "GM0014", "totaal", 30, 100),
			g("gebruik_wmo_110", 2024, "GM0014", "totaal", 25, 100),
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "panel.csv", Actor: "test", CreatedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		if err := db.Trends().SaveTrendRun(ctx, run, rows); err != nil {
			t.Fatal(err)
		}
		svc := report.NewService(report.Sources{
			Programme:  db.Programmes(),
			Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()),
			TrendRuns:  db.Trends(),
		}, db.Reports())
		r, err := svc.Build(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		wantGroups := []string{
			"Bij welke huishoudens komt een laag inkomen (tot 110% van het sociaal minimum) het vaakst voor? Dit zijn de cijfers van 2024 voor Gemeente Groningen (2019).",
			"Huishoudtype: het vaakst bij de groep ‘Eenoudergezin’. Van deze huishoudens heeft 40% een laag inkomen. In de hele gemeente is dat 16,1%. Het cijfer van 1 groep is onderdrukt, omdat het over te weinig huishoudens gaat; die groep telt hier niet mee.",
			"Belangrijkste bron van inkomen: het vaakst bij de groep ‘Uitkering’. Van deze huishoudens heeft 53,3% een laag inkomen. In de hele gemeente is dat 16,1%. De cijfers van 2 groepen zijn onderdrukt, omdat ze over te weinig huishoudens gaan; die groepen tellen hier niet mee.",
			"Leeftijd van de hoofdkostwinner: het vaakst bij de groepen ‘25 tot 45 jaar’ en ‘65 jaar en ouder’. Van elk van deze groepen heeft 20% een laag inkomen. In de hele gemeente is dat 16,1%. Het cijfer van 1 groep is onderdrukt, omdat het over te weinig huishoudens gaat; die groep telt hier niet mee.",
			"Opleidingsniveau van de hoofdkostwinner: alle cijfers zijn onderdrukt, omdat ze over te weinig huishoudens gaan.",
		}
		wantUsage := []string{
			"Participatiewet (uitkering of voorziening): 40% in 2021 en 45% in 2024. Dat is 5 procentpunt meer. Onderdrukt omdat het over te weinig huishoudens gaat: 2022.",
			"Jeugdwet (jeugdhulp): 12% in 2024. Er is geen eerdere meting om mee te vergelijken.",
			"Wmo (voorziening): 30% in 2021 en 25% in 2024. Dat is 5 procentpunt minder.",
		}
		if got := strings.Join(r.Trends.Groups, "\n"); got != strings.Join(wantGroups, "\n") {
			t.Errorf("groups:\n%s\nwant:\n%s", got, strings.Join(wantGroups, "\n"))
		}
		if got := strings.Join(r.Trends.Usage, "\n"); got != strings.Join(wantUsage, "\n") {
			t.Errorf("usage:\n%s\nwant:\n%s", got, strings.Join(wantUsage, "\n"))
		}
		doc, err := report.Render(r)
		if err != nil {
			t.Fatal(err)
		}
		text := html.UnescapeString(string(doc))
		for _, s := range append(append([]string{"Voor wie een laag inkomen het vaakst voorkomt", "Gebruik van Participatiewet, Jeugdwet en Wmo"}, wantGroups...), wantUsage...) {
			if !strings.Contains(text, s) {
				t.Errorf("the HTML report lacks %q", s)
			}
		}
		if headless.Available() {
			pdf, err := headless.PDF(ctx, doc)
			if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Errorf("PDF of the report: %.20q, %v", pdf, err)
			}
		}
	})
}
