package indicator_test

import (
	"context"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
)

// Restoring an earlier version of the register makes a new version equal
// to it: indicators added since stay, retired, because values may refer to
// them; the versions between stay. Only the register's keepers may, and a
// version equal to the current register is refused.
func TestRestoreRegisterVersion(t *testing.T) {
	s, db := newService(t)
	ctx := context.Background()
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Indicators().SaveRegister(ctx, reg, team.Email); err != nil {
		t.Fatal(err)
	}
	added := indicator.Indicator{Code: "erbij_gekomen", Name: "Nieuw", Type: "output", Kind: indicator.KindPolicy, Level: "operationeel", Direction: indicator.Up}
	if _, err := s.AddIndicator(ctx, team, added, "Erbij"); err != nil {
		t.Fatal(err, perspectief.ErrorDetails(err))
	}
	if _, err := s.PlanRegisterRestore(ctx, reader, 1); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
		t.Fatalf("a reader plans a restore: %v", err)
	}
	if _, err := s.RestoreRegister(ctx, team, 9, ""); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
		t.Fatalf("an unknown version: %v", err)
	}
	p, err := s.PlanRegisterRestore(ctx, team, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Retired) != 1 || p.Retired[0].Code != "erbij_gekomen" || len(p.Changes) != 1 || p.Changes[0].Code != "erbij_gekomen" || p.Changes[0].Change != indicator.VersionEdit {
		t.Fatalf("plan: retired %+v, changes %+v", p.Retired, p.Changes)
	}
	n, err := s.RestoreRegister(ctx, team, 1, "")
	if err != nil || n != 3 {
		t.Fatalf("restore: version %d, %v", n, err)
	}
	v, err := s.RegisterVersion(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != indicator.VersionRestore || v.Reason != "Versie 1 teruggezet" || v.Actor != team.Email || len(v.Indicators) != len(reg.Indicators)+1 {
		t.Errorf("version 3: %s %q by %s, %d indicators", v.Kind, v.Reason, v.Actor, len(v.Indicators))
	}
	now, err := s.Register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ind, ok := now.Indicator("erbij_gekomen"); !ok || !ind.Retired {
		t.Errorf("the indicator added since: %+v", ind)
	}
	if v2, err := s.RegisterVersion(ctx, 2); err != nil || v2.Kind != indicator.VersionAdd {
		t.Errorf("version 2 was lost: %+v %v", v2, err)
	}
	if _, err := s.RestoreRegister(ctx, team, 3, ""); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		t.Errorf("restoring the current version: %v", err)
	}
}
