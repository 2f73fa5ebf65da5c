package store_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// TestInstancesMigrateOnce starts several instances at once on one new
// PostgreSQL database, as a deployment with replicas does: every one opens
// without error and each migration ran exactly once.
func TestInstancesMigrateOnce(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	const instances = 4
	var wg sync.WaitGroup
	errs := make([]error, instances)
	created := make([]bool, instances)
	for i := range instances {
		wg.Go(func() {
			db, err := store.Open(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			created[i] = db.Created
			db.Close()
		})
	}
	wg.Wait()
	firsts := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		if created[i] {
			firsts++
		}
	}
	if firsts != 1 {
		t.Errorf("%d instances found an empty database and migrated it, want exactly 1", firsts)
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var total, distinct int
	if err := raw.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT name) FROM schema_migrations`).Scan(&total, &distinct); err != nil {
		t.Fatal(err)
	}
	if total == 0 || total != distinct {
		t.Errorf("schema_migrations has %d rows for %d migrations", total, distinct)
	}
}
