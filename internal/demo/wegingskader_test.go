package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestSeedWegingskader checks that the demo round shows what the
// wegingskader is for: a closed round with two ervaringsdeskundigen who
// judge some things differently, overlapping requests, and a budget that
// forces a choice.
func TestSeedWegingskader(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedWegingskader(ctx, storetest.Demo(db), now); err != nil {
			t.Fatal(err)
		}
		svc := wk.NewService(db.Wegingskader(), programme.NewService(db.Programmes()))
		reader := account.User{Email: "lezer@demo.perspectief.nl", Role: account.RoleReader}
		rounds, err := svc.Rounds(ctx, reader)
		if err != nil || len(rounds) != 1 {
			t.Fatalf("the lezer sees %d rounds (%v), want the one closed demo round", len(rounds), err)
		}
		r := rounds[0]
		experts := 0
		for _, m := range r.Panel {
			if !m.Submitted() {
				t.Errorf("%s did not hand in", m.Email)
			}
			if m.Expert() {
				experts++
			}
		}
		if r.Status != wk.StatusClosed || len(r.Panel) != 4 || experts != 2 || len(r.Requests) != 8 {
			t.Fatalf("round %s, panel %d (%d ervaringsdeskundigen), %d requests", r.Status, len(r.Panel), experts, len(r.Requests))
		}
		cv, err := svc.Choice(ctx, reader, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		divergent := 0
		for _, rr := range cv.Results.Requests {
			divergent += len(rr.Divergent)
		}
		if divergent < 4 {
			t.Errorf("%d criteria where the ervaringsdeskundigen differ; the demo means to show several", divergent)
		}
		if len(cv.Overlaps) < 2 {
			t.Errorf("%d overlaps; the demo has 'meer van hetzelfde' in it", len(cv.Overlaps))
		}
		c := cv.Choice
		if n := len(c.Chosen()); n == 0 || n == len(r.Requests) {
			t.Errorf("%d of %d requests chosen; the budget should force a choice", n, len(r.Requests))
		}
		if len(c.Binding) == 0 {
			t.Error("no year binds")
		}
		if c.Total <= c.GreedyTotal {
			t.Errorf("optimum %.1f, greedy %.1f: the demo is meant to show a round where the list by score per euro falls short", c.Total, c.GreedyTotal)
		}
		for _, y := range c.Years {
			if c.Used[y] > r.Budget[y] {
				t.Errorf("%d: %d used of %d", y, c.Used[y], r.Budget[y])
			}
		}
		t.Logf("chosen %v total %.1f greedy %.1f binding %v used %v overlaps %d divergent %d", c.Chosen(), c.Total, c.GreedyTotal, c.Binding, c.Used, len(cv.Overlaps), divergent)
		for _, rr := range cv.Results.Requests {
			t.Logf("%-50s %.1f  ed %.1f others %.1f  %v", rr.Request.Title, rr.Score, rr.ExpertScore, rr.OthersScore, rr.Divergent)
		}
	})
}
