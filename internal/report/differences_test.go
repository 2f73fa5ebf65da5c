package report_test

import (
	"bytes"
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/trend"
)

// TestLowIncomeDifferences reads the differences part of the trend chapter
// as a council member: the wijken by name, highest first, the household
// types and income sources, each in the first and the latest year with the
// difference, and a sentence that names the highest and the lowest and how
// the gap moved. Suppressed cells are shown as such and never named.
func TestLowIncomeDifferences(t *testing.T) {
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
		const hh = "huishoudens_110"
		g := func(year int, area, group string, num, den int64) trend.Row {
			level := "gemeente"
			if strings.HasPrefix(area, "WK") {
				level = "wijk"
			}
			return trend.MustRow(hh, year, level, area, group, num, den, false)
		}
		rows := []trend.Row{
			g(2020, "GM0014", "totaal", 150, 1000), g(2024, "GM0014", "totaal", 160, 1000),
			// Oud-Noord (WK001403) highest in 2024, Oud-Zuid (WK001401) lowest.
			g(2020, "WK001403", "totaal", 180, 1000), g(2024, "WK001403", "totaal", 216, 1000),
			g(2020, "WK001401", "totaal", 100, 1000), g(2024, "WK001401", "totaal", 80, 1000),
			g(2020, "WK001400", "totaal", 200, 1000), g(2024, "WK001400", "totaal", 161, 1000),
			trend.MustRow(hh, 2024, "wijk", "WK001416", "totaal", 0, 0, true),
			g(2020, "GM0014", "type:eenouder", 300, 1000), g(2024, "GM0014", "type:eenouder", 350, 1000),
			g(2020, "GM0014", "type:paar_met_kinderen", 100, 1000), g(2024, "GM0014", "type:paar_met_kinderen", 90, 1000),
			g(2020, "GM0014", "bron:uitkering", 500, 1000), g(2024, "GM0014", "bron:uitkering", 533, 1000),
			g(2020, "GM0014", "bron:werk", 70, 1000), g(2024, "GM0014", "bron:werk", 70, 1000),
			// After the report's year: not used.
			g(2025, "WK001401", "totaal", 999, 1000),
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "panel.csv", Actor: "test", CreatedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		if err := db.Trends().SaveTrendRun(ctx, run, rows); err != nil {
			t.Fatal(err)
		}
		svc := report.NewService(report.Sources{Programme: db.Programmes(), Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()), TrendRuns: db.Trends()}, db.Reports())
		r, err := svc.Build(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		d := r.Trends.Differences
		if d == nil || d.From != 2020 || d.To != 2024 || len(d.Tables) != 3 {
			t.Fatalf("differences: %+v", d)
		}
		wantSentences := []string{
			"In 2024 is een laag inkomen het vaakst bij de wijk ‘Oud-Noord’ (21,6%) en het minst vaak bij de wijk ‘Oud-Zuid’ (8,0%), een verschil van 13,6 procentpunt. In 2020 was dat de wijk ‘Centrum’ (20,0%) en ‘Oud-Zuid’ (10,0%), een verschil van 10,0 procentpunt: het verschil is groter geworden. Sinds 2020 steeg het aandeel het meest bij ‘Oud-Noord’ (+3,6 procentpunt) en daalde het het meest bij ‘Centrum’ (−3,9 procentpunt).",
			"In 2024 is een laag inkomen het vaakst bij de groep ‘Eenoudergezin’ (35,0%) en het minst vaak bij de groep ‘Paar met kinderen’ (9,0%), een verschil van 26,0 procentpunt. In 2020 was dat de groep ‘Eenoudergezin’ (30,0%) en ‘Paar met kinderen’ (10,0%), een verschil van 20,0 procentpunt: het verschil is groter geworden. Sinds 2020 steeg het aandeel het meest bij ‘Eenoudergezin’ (+5,0 procentpunt) en daalde het het meest bij ‘Paar met kinderen’ (−1,0 procentpunt).",
			"In 2024 is een laag inkomen het vaakst bij de groep ‘Uitkering’ (53,3%) en het minst vaak bij de groep ‘Werk in loondienst’ (7,0%), een verschil van 46,3 procentpunt. In 2020 was dat de groep ‘Uitkering’ (50,0%) en ‘Werk in loondienst’ (7,0%), een verschil van 43,0 procentpunt: het verschil is groter geworden.",
		}
		for i, w := range wantSentences {
			if d.Tables[i].Sentence != w {
				t.Errorf("sentence %d:\n%s\nwant:\n%s", i, d.Tables[i].Sentence, w)
			}
		}
		doc, err := report.Render(r)
		if err != nil {
			t.Fatal(err)
		}
		text := html.UnescapeString(string(doc))
		text = strings.Join(strings.Fields(regexpTags.ReplaceAllString(text, " ")), " ")
		for _, w := range []string{
			"Verschillen tussen wijken en groepen",
			"Wijk 2020 2024 Verschil Oud-Noord WK001403 18,0% 21,6% +3,6 Centrum WK001400 20,0% 16,1% −3,9 Oud-Zuid WK001401 10,0% 8,0% −2,0",
			"onderdrukt",
			"Per huishoudtype", "Eenoudergezin type:eenouder 30,0% 35,0% +5,0",
		} {
			if !strings.Contains(text, w) {
				t.Errorf("the report lacks %q", w)
			}
		}
		if !strings.Contains(string(doc), `class="bar-chart"`) || !strings.Contains(string(doc), ">8,0%</text>") {
			t.Error("no bar chart of the differences, or its labels lack the table's one decimal")
		}
	})
}

var regexpTags = regexp.MustCompile(`<[^>]*>`)
