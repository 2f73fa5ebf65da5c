package programme_test

import (
	"context"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestAddInterventions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := programme.NewService(db.Programmes())
		u := users()
		if _, err := svc.Import(ctx, u[account.RoleTeam], readGood(t), programme.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		m, _ := svc.Model(ctx)
		if got := programme.NextInterventionCode(m, "L1", nil); got != "L1-01" {
			t.Errorf("next code in a line without numbered codes: %s, want L1-01", got)
		}
		iv := programme.Intervention{Code: programme.NextInterventionCode(m, "L1", nil), Line: "L1", Title: "Nieuw", Canvas: programme.Canvas{Objective: "d", Approach: "a"}}
		for _, r := range []account.Role{account.RoleProjectLeader, account.RoleExpert, account.RoleReader} {
			if err := svc.AddInterventions(ctx, u[r], []programme.Intervention{iv}); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
				t.Errorf("%s adds an intervention: %v", r, err)
			}
		}
		bad := iv
		bad.Line = "L9"
		err := svc.AddInterventions(ctx, u[account.RoleTeam], []programme.Intervention{iv, bad})
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(strings.Join(perspectief.ErrorDetails(err), "\n"), `programmalijn "L9" bestaat niet`) {
			t.Fatalf("an unknown line: %v %v", err, perspectief.ErrorDetails(err))
		}
		if m2, _ := svc.Model(ctx); len(m2.Interventions) != len(m.Interventions) {
			t.Fatal("a refused batch added something")
		}
		if err := svc.AddInterventions(ctx, u[account.RoleAdmin], []programme.Intervention{iv}); err != nil {
			t.Fatal(err)
		}
		m2, _ := svc.Model(ctx)
		if last := m2.Interventions[len(m2.Interventions)-1]; last.Code != "L1-01" || last.Title != "Nieuw" {
			t.Errorf("last intervention %+v", last)
		}
		if got := programme.NextInterventionCode(m2, "L1", nil); got != "L1-02" {
			t.Errorf("next code after L1-01: %s", got)
		}
		if got := programme.NextInterventionCode(m2, "L1", map[string]bool{"L1-02": true}); got != "L1-03" {
			t.Errorf("next code when L1-02 is taken: %s", got)
		}
		err = svc.AddInterventions(ctx, u[account.RoleAdmin], []programme.Intervention{iv})
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(strings.Join(perspectief.ErrorDetails(err), " "), `interventie "L1-01" bestaat al`) {
			t.Errorf("a code that exists: %v", err)
		}
		vs, err := svc.Versions(ctx)
		if err != nil || len(vs) == 0 {
			t.Fatalf("versions: %v", err)
		}
		if last := vs[len(vs)-1]; last.Kind != programme.VersionGrant || !strings.Contains(last.Reason, "L1-01") {
			t.Errorf("the last programme version is %q %q, want a grant naming L1-01", last.Kind, last.Reason)
		}
		log, _ := db.Accounts().AuditLog(ctx, 1, 0)
		if log[0].Entity != "interventie" || log[0].Key != "L1-01" || log[0].Actor != u[account.RoleAdmin].Email {
			t.Errorf("audit %+v", log[0])
		}
	})
}
