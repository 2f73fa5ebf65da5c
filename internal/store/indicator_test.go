package store_test

import (
	"bytes"
	"context"
	"github.com/perspectief/perspectief/internal/trend"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestIndicatorRegisterAndValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg := saveDefaultRegister(t, db)
		// Saving again updates in place.
		reg.Indicators[0].Name = "Gewijzigde naam"
		if err := db.Indicators().SaveRegister(ctx, reg, "test"); err != nil {
			t.Fatal(err)
		}
		got, err := db.Indicators().Register(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Indicators) != len(reg.Indicators) || len(got.Areas) != len(reg.Areas) {
			t.Fatalf("register has %d indicators, %d areas; want %d, %d", len(got.Indicators), len(got.Areas), len(reg.Indicators), len(reg.Areas))
		}
		if got.Indicators[0].Name != "Gewijzigde naam" || got.Indicators[0].Code != reg.Indicators[0].Code {
			t.Errorf("first indicator = %+v", got.Indicators[0])
		}
		bb, _ := got.Indicator("bijzondere_bijstand_toegekend")
		if bb == nil || len(bb.Targets) != 5 || bb.Targets[1].Goal != "stabiel" || bb.Targets[4].Year != 2026 || len(bb.Goals) != 1 {
			t.Errorf("targets and goals did not survive: %+v", bb)
		}
		old, _ := got.Area("groningen_oud")
		if old == nil || old.ValidTo != 2018 || old.Kind != "eigen" {
			t.Errorf("groningen_oud = %+v", old)
		}

		vals, err := indicator.ReadValues("m.csv", bytes.NewReader(indicator.MoeiteMetRondkomenCSV()), reg)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Indicators().ImportValues(ctx, vals, "m.csv", "test"); err != nil {
			t.Fatal(err)
		}
		series, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "moeite_met_rondkomen", Area: "ois_selwerd"})
		if err != nil {
			t.Fatal(err)
		}
		if len(series) != 3 || series[0].Period.Year != 2014 || series[0].Value != 17 || series[2].Value != 14 || series[0].Source != "OIS Groningen Wijkenquête" {
			t.Errorf("Selwerd = %+v", series)
		}
		// Re-importing one cell replaces it; the rest stays.
		margin := 1.5
		fix := []indicator.Value{{Indicator: "moeite_met_rondkomen", Period: indicator.YearPeriod(2018), Area: "ois_selwerd", Group: "totaal", Value: 13.5, Margin: &margin, Source: "correctie", Note: "herzien"},
			{Indicator: "o1_gebruik_regelingen", Period: indicator.Period{Kind: indicator.Tertial, Year: 2024, N: 2}, Area: "GM0014", Group: "totaal", Suppressed: true, Source: "x"}}
		if err := db.Indicators().ImportValues(ctx, fix, "fix.csv", "test"); err != nil {
			t.Fatal(err)
		}
		y2018, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "moeite_met_rondkomen", Period: indicator.YearPeriod(2018)})
		if len(y2018) != 6 {
			t.Fatalf("2018 = %d values, want 6", len(y2018))
		}
		for _, v := range y2018 {
			if v.Area == "ois_selwerd" && (v.Value != 13.5 || v.Margin == nil || *v.Margin != 1.5 || v.Note != "herzien" || v.Num != nil) {
				t.Errorf("replaced value = %+v", v)
			}
		}
		// Gemeente-level only: GM codes and own areas of level gemeente.
		gm, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "moeite_met_rondkomen", Gemeente: true})
		var gmAreas []string
		for _, v := range gm {
			gmAreas = append(gmAreas, v.Period.String()+" "+v.Area)
		}
		if strings.Join(gmAreas, ",") != "2014 groningen_oud,2016 groningen_oud,2018 GM0014,2018 groningen_oud" {
			t.Errorf("gemeente values = %v", gmAreas)
		}
		o1, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "o1_gebruik_regelingen"})
		if len(o1) != 1 || !o1[0].Suppressed || o1[0].Period.String() != "2024-T2" {
			t.Errorf("o1 = %+v", o1)
		}
		if g, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Groups(ctx, "moeite_met_rondkomen"); err != nil || strings.Join(g, ",") != "totaal" {
			t.Errorf("groups = %v, %v", g, err)
		}
	})
}

func TestTrendValuesReadThrough(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg, _ := indicator.DefaultRegister()
		if err := db.Indicators().SaveRegister(ctx, reg, "test"); err != nil {
			t.Fatal(err)
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "p.csv", Actor: "test", CreatedAt: time.Now()}
		tv := []trend.Row{
			trend.MustRow("huishoudens_110", 2023, "gemeente", "GM0014", "totaal", 150, 1000, false),
			trend.MustRow("huishoudens_110", 2022, "gemeente", "GM0014", "totaal", 140, 1000, false),
			trend.MustRow("huishoudens_110", 2023, "wijk", "WK001401", "totaal", 0, 0, true),
			trend.MustRow("huishoudens_110", 2023, "wijk", "WK001402", "totaal", 0, 0, false),
			trend.MustRow("huishoudens_110", 2023, "wijk", "WK001402", "type:eenouder", 0, 0, true),
		}
		if err := db.Trends().SaveTrendRun(ctx, run, tv); err != nil {
			t.Fatal(err)
		}
		all, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "huishoudens_110", Group: "totaal"})
		if err != nil {
			t.Fatal(err)
		}
		// The zero-denominator cell has no value and is left out.
		if len(all) != 3 || all[0].Period.Year != 2022 || all[0].Value != 14 || *all[0].Den != 1000 || !all[2].Suppressed || all[2].Area != "WK001401" {
			t.Fatalf("trend values = %+v", all)
		}
		// Nothing was copied: the imported table stays empty.
		none, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "moeite_met_rondkomen"})
		if len(none) != 0 {
			t.Errorf("moeite = %+v", none)
		}
		// An imported cell takes the place of the trendmonitor's.
		over := []indicator.Value{{Indicator: "huishoudens_110", Period: indicator.YearPeriod(2023), Area: "GM0014", Group: "totaal", Value: 15.5, Source: "herzien"}}
		if err := db.Indicators().ImportValues(ctx, over, "h.csv", "test"); err != nil {
			t.Fatal(err)
		}
		y, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "huishoudens_110", Area: "GM0014", Period: indicator.YearPeriod(2023)})
		if len(y) != 1 || y[0].Value != 15.5 || y[0].Source != "herzien" {
			t.Errorf("overlaid = %+v", y)
		}
		if g, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Groups(ctx, "huishoudens_110"); err != nil || strings.Join(g, ",") != "totaal,type:eenouder" {
			t.Errorf("groups = %v, %v", g, err)
		}
		gm, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "huishoudens_110", Gemeente: true})
		if len(gm) != 2 || gm[0].Area != "GM0014" || gm[1].Area != "GM0014" {
			t.Errorf("gemeente trend values = %+v", gm)
		}
		q, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "huishoudens_110", Period: indicator.Period{Kind: indicator.Quarter, Year: 2023, N: 1}})
		if len(q) != 0 {
			t.Errorf("a quarter of a yearly indicator = %+v", q)
		}
	})
}

// TestStoredValuesByLevelMatchFilteringAll: asking for the values of one
// level (the gemeente totals, the wijken of a map) gives exactly the values
// a reader would pick from all of them by hand: CBS codes of the level and
// the register's own areas of it (groningen_oud, ois_selwerd), in the order
// of indicator, period, area and group, on both databases.
func TestStoredValuesByLevelMatchFilteringAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		saveDefaultRegister(t, db)
		var vals []indicator.Value
		for _, code := range []string{"moeite_met_rondkomen", "huishoudens_110"} {
			for y := 2016; y <= 2020; y++ {
				for _, area := range []string{"GM0014", "groningen_oud", "WK001401", "ois_selwerd", "BU00140101", "GM0009"} {
					for _, grp := range []string{"totaal", "type:eenouder"} {
						vals = append(vals, indicator.Value{Indicator: code, Period: indicator.YearPeriod(y), Area: area, Group: grp, Value: float64(y - 2000), Source: "test"})
					}
				}
			}
		}
		if err := db.Indicators().ImportValues(ctx, vals, "t.csv", "test"); err != nil {
			t.Fatal(err)
		}
		all, err := db.Indicators().StoredValues(ctx, indicator.ValueFilter{})
		if err != nil || len(all) != len(vals) {
			t.Fatalf("all values: %d, %v; want %d", len(all), err, len(vals))
		}
		levelOf := map[string]string{"GM0014": "gemeente", "groningen_oud": "gemeente", "GM0009": "gemeente", "WK001401": "wijk", "ois_selwerd": "wijk", "BU00140101": "buurt"}
		for _, f := range []indicator.ValueFilter{
			{Gemeente: true}, {Gemeente: true, Group: "totaal"}, {Indicator: "huishoudens_110", Gemeente: true},
			{Level: "wijk"}, {Indicator: "moeite_met_rondkomen", Level: "wijk", Period: indicator.YearPeriod(2018)},
			{Level: "buurt", Group: "type:eenouder"}, {Indicator: "huishoudens_110", Area: "groningen_oud"},
		} {
			level := f.Level
			if f.Gemeente {
				level = "gemeente"
			}
			var want []indicator.Value
			for _, v := range all {
				if (level == "" || levelOf[v.Area] == level) && (f.Indicator == "" || v.Indicator == f.Indicator) &&
					(f.Area == "" || v.Area == f.Area) && (f.Group == "" || v.Group == f.Group) && (f.Period.Kind == 0 || v.Period == f.Period) {
					want = append(want, v)
				}
			}
			got, err := db.Indicators().StoredValues(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || len(want) == 0 {
				t.Errorf("%+v: %d values, want %d (and some)", f, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i].Indicator != want[i].Indicator || got[i].Period != want[i].Period || got[i].Area != want[i].Area || got[i].Group != want[i].Group {
					t.Errorf("%+v: value %d = %s %s %s %s, want %s %s %s %s", f, i, got[i].Indicator, got[i].Period, got[i].Area, got[i].Group, want[i].Indicator, want[i].Period, want[i].Area, want[i].Group)
					break
				}
			}
		}
	})
}

// saveDefaultRegister stores the shipped register, as a database that has
// been in use holds it.
func saveDefaultRegister(t *testing.T, db *store.DB) *indicator.Register {
	t.Helper()
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Indicators().SaveRegister(context.Background(), reg, "test"); err != nil {
		t.Fatal(err)
	}
	return reg
}
