package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// TestMigrationKeepsMilestonesInPastTertials: a milestone stored before
// milestones had a history gets one entry without a time (migration 0021),
// so a past tertial's report still shows it with the status it has, as it
// did before; changes after the migration are kept with their moment.
func TestMigrationKeepsMilestonesInPastTertials(t *testing.T) {
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
			if err := old.RawExec(ctx, `INSERT INTO milestones (intervention_code, title, due_on, owner, status, note, updated_at, actor)
				VALUES ('L1-01', 'Convenant', '2025-03-01', 'Lotte', 'bezig', '', '2025-09-20T10:00:00Z', 'lotte@gemeente.test')`); err != nil {
				t.Fatal(err)
			}
			old.Close()

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			hs, err := db.Procesmonitor().MilestoneHistory(ctx, "L1-01")
			if err != nil {
				t.Fatal(err)
			}
			if len(hs) != 1 || !hs[0].At.IsZero() || hs[0].Status != procesmonitor.StatusBusy || hs[0].Actor != "lotte@gemeente.test" {
				t.Fatalf("history after the migration: %+v, want one entry without a time", hs)
			}
			s := procesmonitor.NewService(db.Procesmonitor(), db.Programmes())
			at, err := s.MilestonesAt(ctx, time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if len(at) != 1 || at[0].Status != procesmonitor.StatusBusy || !at[0].Late(time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("the old milestone at the end of 2025 T1: %+v, want it busy and late", at)
			}
		})
	}
}
