package store_test

import (
	"context"
	"testing"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
)

// TestMigrationKeepsIndicatorValues: migration 0025 moves every stored
// value into the table keyed by indicator, group, period and area. After it
// a reader sees the same values, a re-import replaces a value instead of
// adding a second one, and a value typed in for another period is added.
func TestMigrationKeepsIndicatorValues(t *testing.T) {
	eachOld(t, "0024_indicator_values_area.sql", func(t *testing.T, old *store.DB, must func(string, ...any), reopen func() *store.DB) {
		ctx := context.Background()
		reg, err := indicator.DefaultRegister()
		if err != nil {
			t.Fatal(err)
		}
		if err := old.Indicators().SaveRegister(ctx, reg, "test"); err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			period    string
			key       int
			area, grp string
			value     float64
		}{
			{"2020", indicator.YearPeriod(2020).Key(), "GM0014", "totaal", 12.5},
			{"2021", indicator.YearPeriod(2021).Key(), "GM0014", "totaal", 13},
			{"2021", indicator.YearPeriod(2021).Key(), "WK001401", "type:eenouder", 31},
		} {
			must(`INSERT INTO indicator_values (indicator, period, period_key, area, grp, value, suppressed, num, den, margin, source, note, imported_at, actor)
				VALUES ('moeite_met_rondkomen', ?, ?, ?, ?, ?, 0, NULL, NULL, NULL, 'Wijkenquête', '', '2025-01-02T03:04:05Z', 'cli')`, v.period, v.key, v.area, v.grp, v.value)
		}
		db := reopen()
		read := func() []indicator.Value {
			t.Helper()
			vs, err := db.Indicators().StoredValues(ctx, indicator.ValueFilter{Indicator: "moeite_met_rondkomen"})
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
		vs := read()
		if len(vs) != 3 || vs[0].Value != 12.5 || vs[0].Period != indicator.YearPeriod(2020) || vs[2].Group != "type:eenouder" || vs[2].Value != 31 {
			t.Fatalf("after the migration: %+v", vs)
		}
		again := indicator.Value{Indicator: "moeite_met_rondkomen", Period: indicator.YearPeriod(2021), Area: "GM0014", Group: "totaal", Value: 14, Source: "Wijkenquête"}
		more := again
		more.Period = indicator.Period{Kind: indicator.Quarter, Year: 2021, N: 2}
		if err := db.Indicators().ImportValues(ctx, []indicator.Value{again, more}, "w.csv", "test"); err != nil {
			t.Fatal(err)
		}
		vs = read()
		if len(vs) != 4 {
			t.Fatalf("after re-importing one value and adding a quarter: %d values, want 4: %+v", len(vs), vs)
		}
		for _, v := range vs {
			if v.Period == indicator.YearPeriod(2021) && v.Area == "GM0014" && v.Value != 14 {
				t.Errorf("the re-imported value is %v, want 14", v.Value)
			}
		}
	})
}
