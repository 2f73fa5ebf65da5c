package trend_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/trend"
)

// BenchmarkSecondary times secondary suppression alone on the table of a
// panel named by TREND_SDC_PANEL (for instance the national panel of
// 'perspectief panel genereren --area nl'), after computing it once:
//
//	TREND_SDC_PANEL=/tmp/nat/panel.parquet go test ./internal/trend/ -run XXX -bench Secondary -benchtime 3x
//
// It reports the time Compute took in the same process next to it.
func BenchmarkSecondary(b *testing.B) {
	panel := os.Getenv("TREND_SDC_PANEL")
	if panel == "" {
		b.Skip("set TREND_SDC_PANEL to a panel file")
	}
	n, err := trend.ReadNorms("default", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	res, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, Norms: &n, KeepCounts: true})
	if err != nil {
		b.Fatal(err)
	}
	compute := time.Since(start)
	b.ResetTimer()
	var st trend.SecondaryStats
	for b.Loop() {
		sec, err := res.WithSecondary()
		if err != nil {
			b.Fatal(err)
		}
		st = sec.SecondaryStats
	}
	b.ReportMetric(compute.Seconds(), "compute-s")
	b.ReportMetric(float64(len(res.Rows)), "rows")
	b.ReportMetric(float64(st.Cells), "hidden")
}
