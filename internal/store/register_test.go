package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// The team keeps the register: adding, changing and retiring indicators
// leaves numbered versions with who and why, and is audited; refused input
// changes nothing.
func TestIndicatorRegisterKeptByTheTeam(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
		team := account.User{Email: "team@example.nl", Name: "Team", Role: account.RoleTeam}
		lezer := account.User{Email: "lezer@example.nl", Role: account.RoleReader}
		v := 150.0
		ind := indicator.Indicator{Code: "kansrijk_huishoudens", Name: "Huishoudens in Kansrijk Groningen", Unit: "aantal",
			Type: "output", Kind: "prestatie", Level: "interventie", Direction: indicator.Up, Source: "Eigen registratie",
			Baseline: &indicator.Baseline{Year: 2023, Value: 65},
			Targets:  []indicator.Target{{Year: 2026, Goal: indicator.Number, Value: &v, Margin: 10, Reason: "(voorbeeld) uitbreiding"}}}

		if _, err := svc.AddIndicator(ctx, lezer, ind, ""); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("a lezer added an indicator: %v", err)
		}
		bad := ind
		bad.Name, bad.Level = "", "wijk"
		_, err := svc.AddIndicator(ctx, team, bad, "")
		if fs := perspectief.ErrorFields(err); len(fs) != 2 || fs[0].Path != "naam" || fs[1].Path != "niveau" {
			t.Fatalf("bad input: %v %+v", err, fs)
		}
		if vs, _ := svc.RegisterVersions(ctx); len(vs) != 0 {
			t.Fatalf("refused input left %d versions", len(vs))
		}

		n, err := svc.AddIndicator(ctx, team, ind, "Nieuwe interventie-indicator")
		if err != nil {
			t.Fatal(err)
		}
		// The built-in register was stored first (version 1), then the addition.
		if n != 2 {
			t.Errorf("addition is version %d, want 2", n)
		}
		reg, _ := svc.Register(ctx)
		got, ok := reg.Indicator("kansrijk_huishoudens")
		if !ok || got.Kind != indicator.KindPolicy || got.Baseline == nil || got.Baseline.Value != 65 || got.Targets[0].Reason != "(voorbeeld) uitbreiding" ||
			reg.Indicators[len(reg.Indicators)-1].Code != "kansrijk_huishoudens" {
			t.Fatalf("stored %+v", got)
		}
		def, _ := indicator.DefaultRegister()
		if len(reg.Indicators) != len(def.Indicators)+1 {
			t.Errorf("%d indicators, want the built-in %d and the new one", len(reg.Indicators), len(def.Indicators))
		}
		if _, err := svc.AddIndicator(ctx, team, ind, ""); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("adding an existing code: %v", err)
		}

		upd := *got
		upd.Targets = append(upd.Targets, indicator.Target{Year: 2025, Goal: indicator.Increase})
		if _, err := svc.UpdateIndicator(ctx, team, "kansrijk_huishoudens", upd, "Streefwaarde 2025"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateIndicator(ctx, team, "kansrijk_huishoudens", upd, ""); err == nil || !strings.Contains(err.Error(), "niets veranderd") {
			t.Errorf("an update without change: %v", err)
		}
		if _, err := svc.UpdateIndicator(ctx, team, "bestaat_niet", upd, ""); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("updating an unknown code: %v", err)
		}
		if _, err := svc.RetireIndicator(ctx, team, "kansrijk_huishoudens", ""); err == nil || perspectief.ErrorFields(err)[0].Path != "reden" {
			t.Errorf("retiring without a reason: %v", err)
		}
		if _, err := svc.RetireIndicator(ctx, team, "kansrijk_huishoudens", "Vervangen door de resultaten op de interventie"); err != nil {
			t.Fatal(err)
		}
		reg, _ = svc.Register(ctx)
		got, _ = reg.Indicator("kansrijk_huishoudens")
		if !got.Retired || len(got.Targets) != 2 || got.Targets[0].Year != 2025 {
			t.Errorf("after retiring: %+v", got)
		}
		if slicesContain(reg.Active(), "kansrijk_huishoudens") {
			t.Error("a retired indicator is still active")
		}

		vs, err := svc.RegisterVersions(ctx)
		if err != nil || len(vs) != 4 {
			t.Fatalf("%d versions: %v", len(vs), err)
		}
		if vs[3].Kind != indicator.VersionRetire || vs[3].Actor != "team@example.nl" || vs[3].Reason != "Vervangen door de resultaten op de interventie" ||
			len(vs[3].Changes) != 1 || strings.Join(vs[3].Changes[0].Fields, ",") != "vervallen" {
			t.Errorf("version 4 = %+v", vs[3])
		}
		if vs[2].Kind != indicator.VersionEdit || strings.Join(vs[2].Changes[0].Fields, ",") != "streefwaarden" {
			t.Errorf("version 3 = %+v", vs[2])
		}
		old, err := svc.RegisterVersion(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		oldInd := findIndicator(old.Indicators, "kansrijk_huishoudens")
		if oldInd == nil || oldInd.Retired || len(oldInd.Targets) != 1 {
			t.Errorf("version 2 holds %+v", oldInd)
		}
		if _, err := svc.RegisterVersion(ctx, 99); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("version 99: %v", err)
		}
		// Storing the same register again changes nothing: no new version.
		if err := db.Indicators().SaveRegister(ctx, def, "cli"); err != nil {
			t.Fatal(err)
		}
		if vs, _ := svc.RegisterVersions(ctx); len(vs) != 4 {
			t.Errorf("an unchanged import made a version: %d", len(vs))
		}
		log, err := db.Accounts().AuditLog(ctx, 20, 0)
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]bool{}
		for _, ev := range log {
			if ev.Entity == "indicator" && ev.Key == "kansrijk_huishoudens" {
				actions[ev.Action] = true
			}
		}
		if !actions[indicator.VersionAdd] || !actions[indicator.VersionEdit] || !actions[indicator.VersionRetire] {
			t.Errorf("audit actions %v", actions)
		}
	})
}

func slicesContain(inds []indicator.Indicator, code string) bool {
	return findIndicator(inds, code) != nil
}

func findIndicator(inds []indicator.Indicator, code string) *indicator.Indicator {
	for i := range inds {
		if inds[i].Code == code {
			return &inds[i]
		}
	}
	return nil
}
