package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/store"
)

// TestMigrationKeepsMilestonesInPastTertials: a milestone stored before
// milestones had a history gets one entry without a time (migration 0021),
// so a past tertial's report still shows it with the status it has, as it
// did before; changes after the migration are kept with their moment.
func TestMigrationKeepsMilestonesInPastTertials(t *testing.T) {
	eachOld(t, "0020_trend_groups.sql", func(t *testing.T, _ *store.DB, must func(string, ...any), reopen func() *store.DB) {
		ctx := context.Background()
		must(`INSERT INTO milestones (intervention_code, title, due_on, owner, status, note, updated_at, actor)
				VALUES ('L1-01', 'Convenant', '2025-03-01', 'Lotte', 'bezig', '', '2025-09-20T10:00:00Z', 'lotte@gemeente.test')`)
		db := reopen()
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
