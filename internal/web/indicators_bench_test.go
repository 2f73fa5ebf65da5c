package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	website "github.com/perspectief/perspectief/internal/web/site"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/web"
)

// BenchmarkIndicatorPage renders an indicator page on SQLite with a million
// stored values: every indicator of the register outside the trendmonitor,
// each with 100 areas (the gemeente, its 20 wijken, 79 buurten) x 10 groups
// x as many years as make a million values in all. It reports the 95th percentile of the
// Page's response time as p95-ms; the target is under 100 ms.
//
//	go test ./internal/web -run '^$' -bench IndicatorPage -benchtime 200x
func BenchmarkIndicatorPage(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite(b)
	if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
		b.Fatal(err)
	}
	if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
		b.Fatal(err)
	}
	reg, _ := db.Indicators().Register(ctx)
	var codes []string
	for _, ind := range reg.Indicators {
		if !indicator.IsTrend(ind.Code) {
			codes = append(codes, ind.Code)
		}
	}
	areas := []string{"GM0014"}
	for i := 0; i < 20; i++ {
		areas = append(areas, fmt.Sprintf("WK0014%02d", i))
	}
	for i := 0; i < 79; i++ {
		areas = append(areas, fmt.Sprintf("BU0014%02d%02d", i%20, i/20))
	}
	groups := []string{"totaal"}
	for i := 1; i < 10; i++ {
		groups = append(groups, fmt.Sprintf("groep:%d", i))
	}
	// As many years as it takes to pass a million values in all.
	years := (1_000_000 + len(codes)*len(areas)*len(groups) - 1) / (len(codes) * len(areas) * len(groups))
	start := time.Now()
	total := 0
	for _, code := range codes {
		vals := make([]indicator.Value, 0, years*len(areas)*len(groups))
		for y := 2025 - years; y < 2025; y++ {
			for ai, a := range areas {
				for gi, g := range groups {
					vals = append(vals, indicator.Value{Indicator: code, Period: indicator.YearPeriod(y), Area: a, Group: g,
						Value: float64((y*7+ai*13+gi*3)%400) / 10, Source: "bench"})
				}
			}
		}
		if err := db.Indicators().ImportValues(ctx, vals, "bench", "bench"); err != nil {
			b.Fatal(err)
		}
		total += len(vals)
	}
	b.Logf("stored %d values in %s", total, time.Since(start).Round(time.Millisecond))

	ps := programme.NewService(db.Programmes())
	as := account.NewService(db.Accounts())
	// Wired as serve does: imported outlines are looked up on every map.
	w := &website.Server{Programme: ps, Accounts: as, Ping: db.Ping, Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()), Shapes: db.Shapes()}
	srv := httptest.NewServer(web.SecurityHeaders(w.Handler(), false))
	defer srv.Close()
	hc := benchLogin(b, srv.URL, reader)

	get := func(path string) time.Duration {
		t0 := time.Now()
		res, err := hc.Get(srv.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || n < 1000 {
			b.Fatalf("GET %s: status %d, %d bytes", path, res.StatusCode, n)
		}
		return time.Since(t0)
	}
	get("/indicatoren/" + codes[0]) // warm up
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		code := codes[i%len(codes)]
		took = append(took, get(fmt.Sprintf("/indicatoren/%s?gebied=WK0014%02d&periode=%d", code, i%20, 2024-i%years)))
	}
	b.StopTimer()
	slices.Sort(took)
	p95 := took[(len(took)*95+99)/100-1]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	var overview []time.Duration
	for range 5 {
		overview = append(overview, get("/indicatoren"))
	}
	slices.Sort(overview)
	b.ReportMetric(float64(overview[2].Microseconds())/1000, "overview-p50-ms")
}
