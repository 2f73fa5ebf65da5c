package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// secondaryRow marks a suppressed row as hidden by secondary suppression.
func secondaryRow(r trend.Row) trend.Row {
	r.Secondary = true
	return r
}

func trendRows(gm string, year int, num int64) []trend.Row {
	wk := "WK" + gm[2:] + "01"
	return []trend.Row{
		trend.MustRow("huishoudens_110", year, "gemeente", gm, "totaal", num, 1000, false),
		trend.MustRow("huishoudens_110", year, "wijk", wk, "totaal", num/2, 400, false),
		trend.MustRow("huishoudens_110", year, "wijk", wk, "type:eenouder", 0, 0, true),
		secondaryRow(trend.MustRow("huishoudens_110", year, "wijk", wk, "type:alleenstaand", 0, 0, true)),
	}
}

func TestTrendRunReplacesOnlyItsScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var first []trend.Row
		first = append(first, trendRows("GM0014", 2022, 150)...)
		first = append(first, trendRows("GM0014", 2023, 160)...)
		first = append(first, trendRows("GM0363", 2023, 170)...)
		run1 := &indicator.TrendRun{Kind: "berekend", Source: "panel.csv", SourceSHA256: "abc", Norms: "ingebouwd", MinCell: 10, Actor: "cli", CreatedAt: time.Now()}
		if err := db.Trends().SaveTrendRun(ctx, run1, first); err != nil {
			t.Fatal(err)
		}
		if run1.Rows != 12 || len(run1.Years) != 2 || len(run1.Gemeenten) != 2 {
			t.Errorf("run scope = %d rows, years %v, gemeenten %v", run1.Rows, run1.Years, run1.Gemeenten)
		}
		// A second run for GM0014 in 2023 only.
		run2 := &indicator.TrendRun{Kind: "ingelezen", Source: "tabel.csv", Actor: "cli", CreatedAt: time.Now()}
		second := trendRows("GM0014", 2023, 90)[:1]
		if err := db.Trends().SaveTrendRun(ctx, run2, second); err != nil {
			t.Fatal(err)
		}
		all, err := db.Trends().TrendValues(ctx, indicator.TrendFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// 2022 GM0014 (4) + GM0363 2023 (4) + the new GM0014 2023 row (1).
		if len(all) != 9 {
			t.Fatalf("%d values stored, want 9: %+v", len(all), all)
		}
		got, _ := db.Trends().TrendValues(ctx, indicator.TrendFilter{Area: "GM0014", Year: 2023})
		if len(got) != 1 || *got[0].Num != 90 {
			t.Errorf("GM0014 2023 = %+v, want the second run's 90", got)
		}
		other, _ := db.Trends().TrendValues(ctx, indicator.TrendFilter{Area: "GM0363"})
		if len(other) != 1 || *other[0].Num != 170 {
			t.Errorf("GM0363 = %+v, want untouched 170", other)
		}
		sup, _ := db.Trends().TrendValues(ctx, indicator.TrendFilter{Group: "type:eenouder", Year: 2022})
		if len(sup) != 1 || !sup[0].Suppressed || sup[0].Secondary {
			t.Errorf("suppressed row = %+v", sup)
		}
		sec, _ := db.Trends().TrendValues(ctx, indicator.TrendFilter{Group: "type:alleenstaand", Year: 2022})
		if len(sec) != 1 || !sec[0].Suppressed || !sec[0].Secondary || sec[0].Num != nil || sec[0].Den != nil {
			t.Errorf("secondary suppressed row = %+v", sec)
		}
		if sup[0].Num != nil || sup[0].Den != nil {
			t.Error("a suppressed row has numbers")
		}
		runs, _ := db.Trends().TrendRuns(ctx)
		if len(runs) != 2 || runs[0].Source != "tabel.csv" || runs[1].SourceSHA256 != "abc" || runs[1].MinCell != 10 {
			t.Errorf("runs = %+v", runs)
		}
	})
}

func TestTrendRunDuplicateRowChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		good := trendRows("GM0014", 2022, 150)
		if err := db.Trends().SaveTrendRun(ctx, &indicator.TrendRun{Kind: "berekend", Source: "a"}, good); err != nil {
			t.Fatal(err)
		}
		bad := append(trendRows("GM0014", 2022, 1), trendRows("GM0014", 2022, 2)[0])
		if err := db.Trends().SaveTrendRun(ctx, &indicator.TrendRun{Kind: "berekend", Source: "b"}, bad); err == nil {
			t.Fatal("a table with a duplicate row was stored")
		}
		got, _ := db.Trends().TrendValues(ctx, indicator.TrendFilter{Level: "gemeente"})
		if len(got) != 1 || *got[0].Num != 150 {
			t.Errorf("after a refused run: %+v, want the first run's values", got)
		}
		if runs, _ := db.Trends().TrendRuns(ctx); len(runs) != 1 {
			t.Errorf("%d runs recorded, want 1", len(runs))
		}
	})
}

// A filter on level without an indicator (the doelenboom's gemeente totals)
// is read by walking indicators and years; it must give exactly the cells,
// in the order, that filtering every cell gives.
func TestTrendValuesByLevelMatchFilteringAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var rows []trend.Row
		for _, y := range []int{2019, 2021, 2022} {
			rows = append(rows, trendRows("GM0014", y, int64(y-1900))...)
			rows = append(rows, trendRows("GM0363", y, int64(y-1800))...)
			if y != 2021 {
				rows = append(rows, trend.MustRow("huishoudens_120", y, "gemeente", "GM0014", "totaal", 50, 900, false),
					trend.MustRow("huishoudens_120", y, "wijk", "WK001401", "totaal", 20, 300, false))
			}
		}
		if err := db.Trends().SaveTrendRun(ctx, &indicator.TrendRun{Kind: "berekend", Source: "p"}, rows); err != nil {
			t.Fatal(err)
		}
		all, err := db.Trends().TrendValues(ctx, indicator.TrendFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []indicator.TrendFilter{
			{Level: "gemeente"}, {Level: "gemeente", Group: "totaal"}, {Level: "wijk", Group: "type:eenouder"},
			{Level: "wijk", Year: 2022}, {Level: "buurt"},
			// The series the trendmonitor and indicator pages ask for, and
			// areas without a level (the store reads the level from the code).
			{Indicator: "huishoudens_120", Level: "gemeente", Group: "totaal"},
			{Indicator: "huishoudens_120", Level: "wijk", Group: "totaal", Year: 2022},
			{Indicator: "huishoudens_120", Area: "GM0014"}, {Indicator: "huishoudens_120", Area: "WK001401", Year: 2019},
			{Area: "GM0363", Group: "totaal"}, {Indicator: "huishoudens_120", Group: "totaal", Year: 2022},
		} {
			got, err := db.Trends().TrendValues(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var want []indicator.Value
			for _, v := range all {
				if (f.Level == "" || v.Area[:2] == map[string]string{"gemeente": "GM", "wijk": "WK", "buurt": "BU"}[f.Level]) &&
					(f.Indicator == "" || v.Indicator == f.Indicator) && (f.Area == "" || v.Area == f.Area) &&
					(f.Group == "" || v.Group == f.Group) && (f.Year == 0 || v.Period.Year == f.Year) {
					want = append(want, v)
				}
			}
			if len(got) != len(want) || len(want) == 0 && f.Level != "buurt" {
				t.Errorf("%+v: %d cells, want %d (the data has no buurten, and cells for every other filter)", f, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i].Indicator != want[i].Indicator || got[i].Period != want[i].Period || got[i].Area != want[i].Area || got[i].Group != want[i].Group {
					t.Errorf("%+v: cell %d = %+v, want %+v", f, i, got[i], want[i])
				}
			}
		}
	})
}

// TestTrendGroupsAndYears: the groups and years an indicator has, as the
// indicator page asks for them, are exactly those of its stored cells, in
// order, on both databases; another indicator's groups do not leak in.
func TestTrendGroupsAndYears(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var rows []trend.Row
		for _, y := range []int{2019, 2021, 2024} {
			rows = append(rows,
				trend.MustRow("huishoudens_110", y, "gemeente", "GM0014", "totaal", 100, 1000, false),
				trend.MustRow("huishoudens_110", y, "wijk", "WK001401", "bron:werk", 10, 100, false),
				trend.MustRow("huishoudens_110", y, "wijk", "WK001402", "type:eenouder", 0, 0, true))
			if y != 2021 {
				rows = append(rows, trend.MustRow("huishoudens_110", y, "gemeente", "GM0014", "leeftijd:65_plus", 20, 200, false))
			}
		}
		rows = append(rows, trend.MustRow("huishoudens_120", 2018, "gemeente", "GM0014", "opleiding:hoog", 5, 100, false))
		if err := db.Trends().SaveTrendRun(ctx, &indicator.TrendRun{Kind: "berekend", Source: "test"}, rows); err != nil {
			t.Fatal(err)
		}
		groups, err := db.Trends().TrendGroups(ctx, "huishoudens_110")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"bron:werk", "leeftijd:65_plus", "totaal", "type:eenouder"}; !slices.Equal(groups, want) {
			t.Errorf("groups %q, want %q", groups, want)
		}
		for group, want := range map[string][]int{"totaal": {2019, 2021, 2024}, "leeftijd:65_plus": {2019, 2024}, "bron:werk": {2019, 2021, 2024}, "onbekend": nil} {
			years, err := db.Trends().TrendYears(ctx, "huishoudens_110", group)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(years, want) {
				t.Errorf("years of %s: %v, want %v", group, years, want)
			}
		}
		if g, err := db.Trends().TrendGroups(ctx, "minderjarigen_110"); err != nil || len(g) != 0 {
			t.Errorf("an indicator without cells has groups %q (%v)", g, err)
		}
	})
}
