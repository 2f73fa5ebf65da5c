package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// Of many runs claiming one reminder at once, exactly one wins; a released
// claim can be taken again, a sent one never.
func TestReminderClaim(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := db.Reminders()
		at := time.Date(2025, 8, 25, 9, 0, 0, 0, time.UTC)
		var won atomic.Int32
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				ok, err := r.Claim(ctx, "herinnering", "2025-T2", "jan@example.nl", at)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("%d claims won, want 1", won.Load())
		}
		if err := r.Release(ctx, "herinnering", "2025-T2", "jan@example.nl"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := r.Claim(ctx, "herinnering", "2025-T2", "jan@example.nl", at); !ok {
			t.Fatal("a released claim cannot be taken again")
		}
		if sent, _ := r.WasSent(ctx, "herinnering", "2025-T2", "jan@example.nl"); sent {
			t.Error("claimed counts as sent")
		}
		if err := r.Sent(ctx, "herinnering", "2025-T2", "jan@example.nl", at); err != nil {
			t.Fatal(err)
		}
		r.Release(ctx, "herinnering", "2025-T2", "jan@example.nl") // a sent message stays sent
		if sent, _ := r.WasSent(ctx, "herinnering", "2025-T2", "jan@example.nl"); !sent {
			t.Error("sent message not recorded")
		}
		if ok, _ := r.Claim(ctx, "herinnering", "2025-T2", "jan@example.nl", at); ok {
			t.Error("a sent message was claimed again")
		}
		if ok, _ := r.Claim(ctx, "herinnering", "2025-T3", "jan@example.nl", at); !ok {
			t.Error("the next tertial's reminder is blocked")
		}
	})
}

// A visit returns the one before it.
func TestPageVisit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := account.NewService(db.Accounts())
		u, err := svc.AddUser(ctx, "pl@example.nl", "P", account.RoleProjectLeader, "een lang wachtwoord", "test")
		if err != nil {
			t.Fatal(err)
		}
		first := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
		prev, err := db.Accounts().Visit(ctx, u.ID, "mijn-interventies", first)
		if err != nil || !prev.IsZero() {
			t.Fatalf("first visit: %v %v", prev, err)
		}
		prev, err = db.Accounts().Visit(ctx, u.ID, "mijn-interventies", first.Add(time.Hour))
		if err != nil || !prev.Equal(first) {
			t.Errorf("second visit: previous %v, want %v (%v)", prev, first, err)
		}
		if prev, _ := db.Accounts().Visit(ctx, u.ID, "elders", first); !prev.IsZero() {
			t.Errorf("another page shares the visit: %v", prev)
		}
	})
}
