package store_test

import (
	"context"
	"github.com/perspectief/perspectief/internal/trend"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestAreaShapes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if sets, err := db.Shapes().ShapeSets(ctx); err != nil || len(sets) != 0 {
			t.Fatalf("a new database has shape sets %v, %v", sets, err)
		}
		ring := [][2]float64{{6.5, 53.2}, {6.6, 53.2}, {6.6, 53.25}, {6.5, 53.2}}
		shapes := []geo.Shape{
			{Code: "WK001401", Name: "Oud-Zuid", Rings: [][][2]float64{ring}},
			{Code: "WK001400", Name: "Centrum", Rings: [][][2]float64{ring, ring}},
			{Code: "WK036300", Name: "Burgwallen", Rings: [][][2]float64{ring}},
			{Code: "BU00140100", Name: "Binnenstad", Rings: [][][2]float64{ring}},
		}
		if err := db.Shapes().SaveShapes(ctx, shapes, "wijken.geojson", "bea@example.nl"); err != nil {
			t.Fatal(err)
		}
		got, err := db.Shapes().Shapes(ctx, geo.Wijk, "GM0014")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Code != "WK001400" || got[0].Name != "Centrum" || len(got[0].Rings) != 2 || got[0].Rings[1][2] != ring[2] {
			t.Errorf("wijken of GM0014 = %+v", got)
		}
		if b, _ := db.Shapes().Shapes(ctx, geo.Buurt, "GM0014"); len(b) != 1 || b[0].Code != "BU00140100" {
			t.Errorf("buurten = %+v", b)
		}
		// A second file replaces shapes with the same code and keeps the rest.
		if err := db.Shapes().SaveShapes(ctx, []geo.Shape{{Code: "WK001401", Name: "Oud-Zuid (nieuw)", Rings: [][][2]float64{ring}}}, "nieuw.geojson", "bea@example.nl"); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Shapes().Shapes(ctx, geo.Wijk, "GM0014")
		if len(got) != 2 || got[1].Name != "Oud-Zuid (nieuw)" {
			t.Errorf("after the second file: %+v", got)
		}
		sets, err := db.Shapes().ShapeSets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(sets) != 2 || sets[0].Level != geo.Wijk || sets[0].Count != 3 || sets[0].Gemeenten != 2 || sets[0].Source != "nieuw.geojson" ||
			sets[1].Level != geo.Buurt || sets[1].Count != 1 || sets[1].Source != "wijken.geojson" || sets[0].ImportedAt.IsZero() {
			t.Errorf("sets = %+v", sets)
		}
		log, _ := db.Accounts().AuditLog(ctx, 10, 0)
		if len(log) < 2 || log[0].Entity != "kaartbestand" || log[0].Key != "nieuw.geojson" || log[0].Actor != "bea@example.nl" || !strings.Contains(log[0].After, `"wijken":1`) {
			t.Errorf("audit = %+v", log)
		}
	})
}

// TestSaveValue: a typed-in value replaces the stored one and the audit
// event holds both.
func TestSaveValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg, _ := indicator.DefaultRegister()
		if err := db.Indicators().SaveRegister(ctx, reg, "test"); err != nil {
			t.Fatal(err)
		}
		num := 120.0
		v := indicator.Value{Indicator: "o3_vroegsignalen", Period: indicator.Period{Kind: indicator.Quarter, Year: 2024, N: 3}, Area: "GM0014", Group: "totaal",
			Value: 118, Num: &num, Source: "Eigen registratie", Note: "eerste telling"}
		if err := db.Indicators().SaveValue(ctx, v, "pim@example.nl"); err != nil {
			t.Fatal(err)
		}
		log, _ := db.Accounts().AuditLog(ctx, 1, 0)
		if len(log) != 1 || log[0].Action != "ingevoerd" || log[0].Entity != "indicatorwaarde" || log[0].Key != "o3_vroegsignalen 2024-Q3 GM0014 totaal" ||
			log[0].Before != "" || !strings.Contains(log[0].After, `"waarde":118`) || !strings.Contains(log[0].After, `"teller":120`) {
			t.Errorf("first audit = %+v", log)
		}
		v.Value, v.Num, v.Note = 121, nil, "gecorrigeerd"
		if err := db.Indicators().SaveValue(ctx, v, "pim@example.nl"); err != nil {
			t.Fatal(err)
		}
		got, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "o3_vroegsignalen"})
		if len(got) != 1 || got[0].Value != 121 || got[0].Num != nil || got[0].Note != "gecorrigeerd" {
			t.Errorf("stored = %+v", got)
		}
		log, _ = db.Accounts().AuditLog(ctx, 1, 0)
		if len(log) != 1 || !strings.Contains(log[0].Before, `"waarde":118`) || !strings.Contains(log[0].Before, `"toelichting":"eerste telling"`) ||
			!strings.Contains(log[0].After, `"waarde":121`) || strings.Contains(log[0].After, "teller") {
			t.Errorf("second audit = %+v", log)
		}
	})
}

// TestGroups lists the groups and periods of an indicator in order,
// imported and from the trendmonitor together, each once.
func TestGroups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg, _ := indicator.DefaultRegister()
		if err := db.Indicators().SaveRegister(ctx, reg, "test"); err != nil {
			t.Fatal(err)
		}
		var vals []indicator.Value
		for _, g := range []string{"type:eenouder", "totaal", "bron:werk"} {
			for _, a := range []string{"GM0014", "WK001401"} {
				for y := 2020; y < 2023; y++ {
					vals = append(vals, indicator.Value{Indicator: "o3_vroegsignalen", Period: indicator.YearPeriod(y), Area: a, Group: g, Value: 1, Source: "x"},
						indicator.Value{Indicator: "huishoudens_110", Period: indicator.YearPeriod(y), Area: a, Group: g, Value: 1, Source: "x"})
				}
			}
		}
		for _, p := range []string{"2021-T2", "2021-05", "2021-Q2"} {
			pp, _ := indicator.ParsePeriod(p)
			vals = append(vals, indicator.Value{Indicator: "o3_vroegsignalen", Period: pp, Area: "GM0014", Group: "totaal", Value: 1, Source: "x"})
		}
		if err := db.Indicators().ImportValues(ctx, vals, "g.csv", "test"); err != nil {
			t.Fatal(err)
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "p.csv", Actor: "test", CreatedAt: time.Now()}
		if err := db.Trends().SaveTrendRun(ctx, run, []trend.Row{
			trend.MustRow("huishoudens_110", 2024, "gemeente", "GM0014", "totaal", 1, 2, false),
			trend.MustRow("huishoudens_110", 2024, "gemeente", "GM0014", "type:eenouder", 1, 2, false),
			trend.MustRow("huishoudens_110", 2024, "gemeente", "GM0014", "type:alleenstaand", 1, 2, false),
		}); err != nil {
			t.Fatal(err)
		}
		for code, want := range map[string]string{
			"o3_vroegsignalen":     "bron:werk,totaal,type:eenouder",
			"huishoudens_110":      "bron:werk,totaal,type:alleenstaand,type:eenouder",
			"moeite_met_rondkomen": "",
		} {
			got, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Groups(ctx, code)
			if err != nil || strings.Join(got, ",") != want {
				t.Errorf("Groups(%s) = %q, %v; want %s", code, got, err, want)
			}
		}
		// Periods in time order, imported and from the trendmonitor.
		for _, c := range []struct{ code, group, want string }{
			{"o3_vroegsignalen", "totaal", "2020,2021,2021-Q2,2021-T2,2021-05,2022"},
			{"o3_vroegsignalen", "bron:werk", "2020,2021,2022"},
			{"huishoudens_110", "totaal", "2020,2021,2022,2024"},
			{"huishoudens_110", "type:alleenstaand", "2024"},
			{"huishoudens_110", "type:eenouder", "2020,2021,2022,2024"},
			{"moeite_met_rondkomen", "totaal", ""},
		} {
			ps, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Periods(ctx, c.code, c.group)
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if err != nil || strings.Join(got, ",") != c.want {
				t.Errorf("Periods(%s, %s) = %q, %v; want %s", c.code, c.group, got, err, c.want)
			}
		}
	})
}
