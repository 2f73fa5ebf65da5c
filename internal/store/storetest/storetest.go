// Package storetest runs tests against every database Perspectief supports:
// a fresh SQLite file and a fresh PostgreSQL database, so that the whole
// suite holds on both.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// Main is for TestMain in packages that use Each: it stops the throw-away
// PostgreSQL server when the tests are done.
func Main(m *testing.M) { pgtest.Main(m) }

// Each runs fn as a subtest on a new SQLite database and on a new PostgreSQL
// database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a migrated database in a temporary file.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "perspectief.db"))
}

// Postgres opens a migrated database on the test PostgreSQL server.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, pgtest.DSN(t))
}

func open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Demo gives the demo seeds the repositories of db.
func Demo(db *store.DB) demo.Stores {
	return demo.Stores{
		Programme: db.Programmes(), Accounts: db.Accounts(), Indicators: db.Indicators(), Surveys: db.Surveys(),
		Learning: db.Learning(), Procesmonitor: db.Procesmonitor(), Wegingskader: db.Wegingskader(),
	}
}
