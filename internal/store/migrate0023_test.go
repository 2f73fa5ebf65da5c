package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// oldNormsSource is the English norms description that runs stored before
// issue 15 carry (norms.Source() before the Dutch change).
const oldNormsSource = "Participatiewet norms incl. holiday allowance (art. 21-22, half-years averaged), " +
	"plus kinderbijslag (6-11 band) and kindgebonden budget maxima incl. ALO-kop, 2015-2026; " +
	"derived in internal/norms, see docs/norms.md"

// TestMigrationDutchNormsSource: trend runs stored before the norms source
// was Dutch show English and a repository path on the trendmonitor pages
// and in the report. Migration 0023 gives them today's Dutch text, keeps a
// norms file's checksum after it, and leaves a run computed with a norms
// file of its own as it was.
func TestMigrationDutchNormsSource(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dsn := filepath.Join(t.TempDir(), "oud.db")
			if kind == "postgres" {
				dsn = pgtest.DSN(t)
			}
			old, err := store.OpenUpTo(ctx, dsn, "0020_trend_groups.sql")
			if err != nil {
				t.Fatal(err)
			}
			const own = "normen-2024.csv (sha256 ab12)"
			for _, n := range []string{oldNormsSource, oldNormsSource + " (sha256 0f0f)", own} {
				if err := old.RawExec(ctx, `INSERT INTO trend_runs (kind, source, source_sha256, norms, min_cell, years, gemeenten, row_count, actor, created_at)
					VALUES ('berekend', 'panel.csv', 'aa', ?, 10, '2024', 'GM0014', 0, 'cli', '2025-01-02T03:04:05Z')`, n); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			runs, err := db.Trends().TrendRuns(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 3 {
				t.Fatalf("%d runs after the migration, want 3", len(runs))
			}
			// Newest first: the own norms file, the checksummed run, the plain one.
			want := []string{own, norms.Source() + " (sha256 0f0f)", norms.Source()}
			for i, r := range runs {
				if r.Norms != want[i] {
					t.Errorf("run %d norms after the migration:\n %q\nwant\n %q", r.ID, r.Norms, want[i])
				}
				if strings.Contains(r.Norms, "internal/norms") || strings.Contains(r.Norms, "holiday") {
					t.Errorf("run %d still says %q", r.ID, r.Norms)
				}
			}
		})
	}
}
