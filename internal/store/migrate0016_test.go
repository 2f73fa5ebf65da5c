package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// TestMigrationMovesSingleLeaders: a database of before the yearly cycle
// held one projectleider's address in the owner column. Migration 0016
// moves such an address into the list of projectleiders and leaves owners
// in words ("WIJ en gemeente") where they were.
func TestMigrationMovesSingleLeaders(t *testing.T) {
	eachOld(t, "0015_uploads.sql", func(t *testing.T, old *store.DB, must func(string, ...any), reopen func() *store.DB) {
		ctx := context.Background()
		must(`INSERT INTO programme (id, name, description, start_year, end_year) VALUES (1, 'Programma', '', 2024, 2027)`)
		must(`INSERT INTO lines (code, position, name, description) VALUES ('L1', 1, 'Lijn 1', '')`)
		for i, iv := range [][2]string{
			{"L1-01", "lotte@gemeente.test"},
			{"L1-02", "WIJ en gemeente"},
			{"L1-03", ""},
		} {
			must(`INSERT INTO interventions (code, position, line_code, title, owner, objective, approach, audience, partners) VALUES (?, ?, 'L1', ?, ?, '', '', '', '')`,
				iv[0], i+1, "Interventie "+iv[0], iv[1])
		}
		db := reopen()
		m, err := db.Programmes().Model(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]struct {
			leaders []string
			owner   string
		}{
			"L1-01": {[]string{"lotte@gemeente.test"}, ""},
			"L1-02": {nil, "WIJ en gemeente"},
			"L1-03": {nil, ""},
		}
		if len(m.Interventions) != len(want) {
			t.Fatalf("%d interventions after the migration, want %d", len(m.Interventions), len(want))
		}
		for _, iv := range m.Interventions {
			w := want[iv.Code]
			if !slices.Equal(iv.Leaders, w.leaders) || iv.Owner != w.owner {
				t.Errorf("%s after the migration: projectleiders %q, eigenaar %q; want %q and %q", iv.Code, iv.Leaders, iv.Owner, w.leaders, w.owner)
			}
		}
	})
}

// eachOld runs test on a SQLite and a PostgreSQL database migrated up to
// and including last, as an older version left it: must runs a statement
// there, reopen closes it and opens it again with every migration since.
func eachOld(t *testing.T, last string, test func(t *testing.T, old *store.DB, must func(string, ...any), reopen func() *store.DB)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dsn := filepath.Join(t.TempDir(), "oud.db")
			if kind == "postgres" {
				dsn = pgtest.DSN(t)
			}
			old, err := store.OpenUpTo(ctx, dsn, last)
			if err != nil {
				t.Fatal(err)
			}
			must := func(q string, args ...any) {
				t.Helper()
				if err := old.RawExec(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			reopen := func() *store.DB {
				t.Helper()
				old.Close()
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			test(t, old, must, reopen)
		})
	}
}
