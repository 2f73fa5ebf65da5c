package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// BenchmarkImportValues stores 280,000 indicator values in one import, the
// size issue 17 names, on SQLite: the time is how long the import holds
// the database's one write lock, which a web write may have to wait for.
//
//	go test -run X -bench ImportValues -benchtime 3x ./internal/store/
func BenchmarkImportValues(b *testing.B) {
	ctx := context.Background()
	reg, err := indicator.DefaultRegister()
	if err != nil {
		b.Fatal(err)
	}
	var codes []string
	for _, ind := range reg.Indicators {
		if ind.IsPercent() {
			codes = append(codes, ind.Code)
		}
	}
	const rows = 280000
	values := make([]indicator.Value, 0, rows)
	for i := 0; len(values) < rows; i++ {
		for _, code := range codes {
			for y := 2015; y < 2025 && len(values) < rows; y++ {
				num, den := float64(i%97), float64(100+i%900)
				values = append(values, indicator.Value{Indicator: code, Period: indicator.YearPeriod(y), Area: fmt.Sprintf("BU0014%04d", i),
					Group: indicator.TotalGroup, Value: 100 * num / den, Num: &num, Den: &den, Source: "benchmark"})
			}
		}
	}
	values = values[:rows]
	for b.Loop() {
		b.StopTimer()
		db := storetest.SQLite(b)
		if err := db.Indicators().SaveRegister(ctx, reg, "bench"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.Indicators().ImportValues(ctx, values, "bench.csv", "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
