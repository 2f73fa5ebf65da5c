package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestTertialVersions: frozen tertial reports of the demo are numbered per
// tertial, read back byte for byte, audited, and a version number taken
// twice is a conflict, on both databases.
func TestTertialVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC)
		if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedProcesmonitor(ctx, storetest.Demo(db), now); err != nil {
			t.Fatal(err)
		}
		pm := procesmonitor.NewService(db.Procesmonitor(), db.Programmes())
		pm.Now = func() time.Time { return now }
		ts := report.NewTertialService(report.TertialSources{Programme: db.Programmes(), Procesmonitor: pm,
			Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()), Users: db.Accounts().Users}, db.Reports())
		ts.Now = func() time.Time { return now }
		if err := demo.SeedTertial(ctx, ts, now); err != nil {
			t.Fatal(err)
		}
		team := account.User{Email: "programmateam@demo.perspectief.nl", Name: "Team", Role: account.RoleTeam}
		audits := auditCount(t, db)
		v2, err := ts.FreezeTertial(ctx, team, "2025-T2", "tweede")
		if err != nil || v2.Version != 2 {
			t.Fatalf("second version: %+v %v", v2, err)
		}
		if _, err := ts.FreezeTertial(ctx, team, "2025-T1", ""); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, db); n != audits+2 {
			t.Fatalf("%d audit rows, want 2", n-audits)
		}
		list, err := ts.Versions(ctx, team, "2025-T2")
		if err != nil || len(list) != 2 || list[0].Version != 2 || list[1].Version != 1 || list[1].Note == "" || list[0].HTML != nil {
			t.Fatalf("versions of T2: %+v %v", list, err)
		}
		if all, _ := ts.Versions(ctx, team, ""); len(all) != 3 {
			t.Fatalf("all versions: %d", len(all))
		}
		got, err := ts.Version(ctx, team, "2025-T2", 2)
		if err != nil || !bytes.Equal(got.HTML, v2.HTML) || !bytes.Equal(got.Snapshot, v2.Snapshot) || got.HTMLSHA256 != v2.HTMLSHA256 || got.HasPDF() {
			t.Fatalf("read back: %v", err)
		}
		if !bytes.Contains(got.HTML, []byte("Tertiaalrapportage 2025 T2, versie 2")) {
			t.Error("the stored HTML lacks its label")
		}
		if _, err := ts.Version(ctx, team, "2025-T2", 9); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Fatalf("missing version: %v", err)
		}
		dup := *v2
		if err := db.Reports().SaveTertial(ctx, &dup); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Fatalf("the same number twice: %v", err)
		}
	})
}
