package store_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// Parallel hits on one key must each see their own count: a throttle whose
// check and record are separate steps lets a burst through.
func TestThrottleIsAtomic(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		const n = 40
		counts := make([]int, n)
		gates := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, _, err := db.Throttles().ThrottleHit(ctx, "k", 1, now, time.Minute)
				if err != nil {
					t.Errorf("hit: %v", err)
				}
				counts[i] = c
				ok, _, err := db.Throttles().ThrottleGate(ctx, "g", now, 5*time.Second)
				if err != nil {
					t.Errorf("gate: %v", err)
				}
				gates[i] = ok
			}()
		}
		wg.Wait()
		sort.Ints(counts)
		for i, c := range counts {
			if c != i+1 {
				t.Fatalf("counts of %d parallel hits: %v, want 1..%d each once", n, counts, n)
			}
		}
		open := 0
		for _, ok := range gates {
			if ok {
				open++
			}
		}
		if open != 1 {
			t.Errorf("%d of %d parallel callers passed the gate, want 1", open, n)
		}

		if c, _ := db.Throttles().ThrottleCount(ctx, "k", now); c != n {
			t.Errorf("count %d, want %d", c, n)
		}
		// The window ends: the count starts again.
		later := now.Add(time.Minute)
		if c, _ := db.Throttles().ThrottleCount(ctx, "k", later); c != 0 {
			t.Errorf("count after the window %d, want 0", c)
		}
		if c, until, _ := db.Throttles().ThrottleHit(ctx, "k", 1, later, time.Minute); c != 1 || !until.Equal(later.Add(time.Minute)) {
			t.Errorf("first hit of a new window: %d until %v, want 1 until %v", c, until, later.Add(time.Minute))
		}
		// Giving back never goes below zero.
		if c, _, _ := db.Throttles().ThrottleHit(ctx, "k", -3, later, time.Minute); c != 0 {
			t.Errorf("count after giving back more than taken: %d, want 0", c)
		}
		// The gate opens again after its interval, and says when.
		if ok, opens, _ := db.Throttles().ThrottleGate(ctx, "g", now.Add(4*time.Second), 5*time.Second); ok || !opens.Equal(now.Add(5*time.Second)) {
			t.Errorf("gate after 4 s: %v (opens %v), want shut until %v", ok, opens, now.Add(5*time.Second))
		}
		if ok, _, _ := db.Throttles().ThrottleGate(ctx, "g", now.Add(5*time.Second), 5*time.Second); !ok {
			t.Error("gate after 5 s: shut, want open")
		}
		if err := db.Throttles().ThrottlePrune(ctx, later.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := db.Throttles().ThrottleHit(ctx, "g", 0, later.Add(time.Hour), time.Minute); c != 0 {
			t.Errorf("pruned key still counts %d", c)
		}
	})
}
