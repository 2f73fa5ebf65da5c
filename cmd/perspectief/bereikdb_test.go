package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
)

func TestRegelingenBereikStoresIndicators(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsnFor(t)
			dir := t.TempDir()
			// Stadjerspas (up to 120%): 90, 105 (user), 115, 101 entitled.
			panel, gebruik := outreachInputs(t, dir, []float64{90, 105, 115, 125, 128, 101}, "pseudo01")
			out := filepath.Join(dir, "bereik.csv")
			run := func(extra ...string) string {
				t.Helper()
				args := append([]string{"regelingen", "bereik-berekenen", "--panel", panel, "--gebruik", gebruik, "--out", out, "--db", dsn}, extra...)
				stdout, stderr, code := cli(t, "", args...)
				if code != 0 {
					t.Fatalf("bereik: exit %d\n%s%s", code, stdout, stderr)
				}
				return stdout
			}
			run("--min-cell", "1")

			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			reg, err := db.Indicators().Register(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := reg.Indicator("niet_gebruik_stadjerspas"); !ok {
				t.Error("niet_gebruik_stadjerspas not in the register")
			}
			if _, ok := reg.Indicator("huishoudens_110"); !ok {
				t.Error("the built-in register was not stored into the empty database")
			}
			get := func() indicator.Value {
				t.Helper()
				vs, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "niet_gebruik_stadjerspas", Area: "GM0014", Group: "totaal"})
				if err != nil || len(vs) != 1 {
					t.Fatalf("values %+v, %v", vs, err)
				}
				return vs[0]
			}
			v := get()
			if v.Period != indicator.YearPeriod(2025) || v.Suppressed || v.Value != 75 || v.Num == nil || *v.Num != 3 || v.Den == nil || *v.Den != 4 {
				t.Errorf("gemeente value %+v", v)
			}
			// Under the default k = 10 the same cell is suppressed, and the
			// stored value is replaced, not duplicated.
			run()
			if v := get(); !v.Suppressed || v.Num != nil || v.Den != nil {
				t.Errorf("suppressed value %+v", v)
			}

			// Once the team has retired the indicator, a run stores nothing
			// for it and says so; its stored value stays as it was.
			ind, _ := reg.Indicator("niet_gebruik_stadjerspas")
			retired := *ind
			retired.Retired = true
			if _, err := db.Indicators().SaveIndicator(ctx, retired, false, indicator.RegisterChange{Kind: indicator.VersionRetire, Code: retired.Code, Reason: "test", Actor: "test"}); err != nil {
				t.Fatal(err)
			}
			stdout := run("--min-cell", "1")
			if !strings.Contains(stdout, "niet opgeslagen: ") || !strings.Contains(stdout, "(niet_gebruik_stadjerspas) is vervallen en neemt geen nieuwe waarden aan") {
				t.Errorf("the run does not say it left the retired indicator out:\n%s", stdout)
			}
			if v := get(); !v.Suppressed {
				t.Errorf("the retired indicator's value was replaced: %+v", v)
			}
		})
	}
}
