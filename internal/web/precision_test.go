package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestIndicatorTablesOnePrecision: a percentage indicator with 13% and
// 16,6% shows both with one decimal in the table of its course and in the
// list of indicators ("13,0%" beside "16,6%"). (A table of whole
// percentages keeps them whole: TestIndicatorPages' "15% 150 1.000".)
func TestIndicatorTablesOnePrecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := indicatorSite(t, db)
		seedDemoValues(t, db,
			"moeite_met_rondkomen,2024,GM0014,totaal,13,,,,OIS,",
			"moeite_met_rondkomen,2025,GM0014,totaal,16.6,,,,OIS,")
		c := s.login(reader)
		r := c.get("/indicatoren/moeite_met_rondkomen")
		mustContain(t, r, "2024 Gemeente Groningen (2019) 13,0%", "2025 Gemeente Groningen (2019) 16,6%")
		mustNotContain(t, r, "Gemeente Groningen (2019) 13%")
		checkOnePrecision(t, "indicator page", r.Body, false)
		list := c.get("/indicatoren")
		checkOnePrecision(t, "indicator list", list.Body, false)
		mustContain(t, list, "16,6% (2025, Gemeente Groningen (2019))")
	})
}

// seedDemoValues stores the demo's indicator register and values, and then
// rows in the import format.
func seedDemoValues(t *testing.T, db *store.DB, rows ...string) {
	t.Helper()
	ctx := context.Background()
	if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
		t.Fatal(err)
	}
	reg, _ := db.Indicators().Register(ctx)
	vals, err := indicator.ReadValues("test.csv", strings.NewReader(strings.Join(append([]string{strings.Join(indicator.CSVHeader, ",")}, rows...), "\n")+"\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Indicators().ImportValues(ctx, vals, "test.csv", "test"); err != nil {
		t.Fatal(err)
	}
}
