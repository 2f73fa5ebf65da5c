package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestSeedMilestoneHistory: the demo's milestones have a history, so the
// report of the last tertial shows the ones reached only after it ended as
// late, while today they are done.
func TestSeedMilestoneHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC) // in 2026 T3
		if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedProcesmonitor(ctx, storetest.Demo(db), now); err != nil {
			t.Fatal(err)
		}
		pm := procesmonitor.NewService(db.Procesmonitor(), db.Programmes())
		pm.Now = func() time.Time { return now }
		ts := report.NewTertialService(report.TertialSources{Programme: db.Programmes(), Procesmonitor: pm, Users: db.Accounts().Users}, db.Reports())
		ts.Now = pm.Now
		r, err := ts.Build(ctx, account.User{Email: "rg@example.org", Role: account.RoleSteering}, "2026-T2")
		if err != nil {
			t.Fatal(err)
		}
		var late []string
		for _, l := range r.Lines {
			for _, m := range l.Late {
				late = append(late, m.Title)
			}
		}
		if !strings.Contains(strings.Join(late, "|"), "Werkafspraken met partners vastgelegd") {
			t.Fatalf("the report of 2026 T2 lists as late: %q; want the milestones reached after it", late)
		}
		ms, err := pm.Milestones(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if strings.HasPrefix(m.Title, "Werkafspraken") && m.Status != procesmonitor.StatusDone {
				t.Errorf("%s %s is %s today, want gereed", m.Intervention, m.Title, m.Status)
			}
		}
	})
}
