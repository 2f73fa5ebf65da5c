package programme_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func withBudget(m *programme.Model) *programme.Model {
	s := 40.0
	m.Budget.Available = []programme.BudgetRow{{Label: "Rijk", Amounts: programme.Amounts{2024: 100, 2025: 100}}}
	m.Budget.Allocated = []programme.BudgetRow{
		{Code: "L1.1", Label: "Schuldhulp", Line: "L1", Amounts: programme.Amounts{2024: 60}},
		{Code: "L1.2", Label: "Vroegsignalering", Line: "L1", Amounts: programme.Amounts{2024: 40}, Structural: &s},
	}
	return m
}

func describe(ds []programme.Difference) []string {
	var out []string
	for _, d := range ds {
		s := d.Change + " " + d.Kind + " " + d.Code
		if len(d.Fields) > 0 {
			s += " " + strings.Join(d.Fields, ",")
		}
		out = append(out, s)
	}
	return out
}

func TestDiffBudgetRowsAndLinks(t *testing.T) {
	old := withBudget(readGood(t))
	new := old.Clone()
	new.Budget.Allocated = new.Budget.Allocated[:1]        // L1.2 removed
	new.Budget.Allocated[0].Amounts[2024] = 65             // L1.1 changed
	new.Budget.Available[0].Label = "Rijksbijdrage"        // a row without code is found by post: a new row
	new.Goals[2].Parents = nil                             // T1 no longer under S1
	new.Interventions[1].OperationalGoals = []string{"O2"} // I2 now serves O2
	got := describe(programme.Diff(old, new))
	want := []string{
		"toegevoegd koppeling I2 → O2",
		"verwijderd koppeling T1 → S1",
		"toegevoegd begrotingsregel beschikbaar:Rijksbijdrage|",
		"verwijderd begrotingsregel beschikbaar:Rijk|",
		"gewijzigd begrotingsregel inzet:L1.1 bedragen",
		"verwijderd begrotingsregel inzet:L1.2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := programme.Diff(old, old.Clone()); len(d) != 0 {
		t.Errorf("a model differs from its clone: %v", describe(d))
	}
}

func TestImportGuardsAndRestore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := programme.NewService(db.Programmes())
		svc.Now = func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }
		u := users()
		team, admin := u[account.RoleTeam], u[account.RoleAdmin]
		full := withBudget(readGood(t))
		v1, err := svc.Import(ctx, team, full, programme.ImportOptions{})
		if err != nil || v1 != 1 {
			t.Fatalf("first import: version %d, %v", v1, err)
		}
		if _, err := svc.ReportProgress(ctx, team, programme.Update{Intervention: "I2", Period: perspectief.Period{Year: 2025, Tertial: 1}, Status: programme.StatusOnTrack, Narrative: "loopt"}); err != nil {
			t.Fatal(err)
		}
		stored := func() *programme.Model {
			m, err := svc.Model(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		// A file that lost I2 and the budget.
		short := full.Clone()
		short.Interventions = short.Interventions[:1]
		short.Budget = programme.Budget{}

		// Stale base: 409, nothing changed.
		if _, err := svc.Import(ctx, team, short, programme.ImportOptions{Base: 0, AllowRemovals: true}); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Fatalf("stale import: %v, want conflict", err)
		}
		// Removals without consent: refused with every removal named.
		_, err = svc.Import(ctx, team, short, programme.ImportOptions{Base: 1})
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Fatalf("import with removals: %v, want invalid", err)
		}
		if d := perspectief.ErrorDetails(err); len(d) != 4 || !slices.Contains(d, "verwijderd: interventie I2 Tweede") {
			t.Errorf("removal details: %q", d)
		}
		if len(programme.Diff(full, stored())) != 0 {
			t.Fatal("a refused import changed the programme")
		}
		// The plan says the same without storing anything.
		p, err := svc.PlanImport(ctx, team, short)
		if err != nil || p.Base != 1 || len(p.Removals()) != 4 {
			t.Fatalf("plan: %+v, %v", p, err)
		}
		// With consent: version 2, and I2's progress is kept.
		v2, err := svc.Import(ctx, team, short, programme.ImportOptions{Base: 1, AllowRemovals: true})
		if err != nil || v2 != 2 {
			t.Fatalf("consented import: %d, %v", v2, err)
		}
		if h, _ := svc.History(ctx, "I2"); len(h) != 1 {
			t.Errorf("history of the removed intervention: %d updates, want 1", len(h))
		}

		// Only a beheerder restores; on a stale base nothing happens.
		if _, err := svc.Restore(ctx, team, 1, 2); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("team restores: %v, want forbidden", err)
		}
		if _, err := svc.Restore(ctx, admin, 1, 1); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("stale restore: %v, want conflict", err)
		}
		if _, err := svc.Restore(ctx, admin, 9, 2); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("restore of a version that does not exist: %v", err)
		}
		v3, err := svc.Restore(ctx, admin, 1, 2)
		if err != nil || v3 != 3 {
			t.Fatalf("restore: %d, %v", v3, err)
		}
		if d := programme.Diff(full, stored()); len(d) != 0 {
			t.Errorf("after restoring version 1 the programme differs from it: %v", describe(d))
		}
		vs, err := svc.Versions(ctx)
		if err != nil || len(vs) != 3 {
			t.Fatalf("versions: %d, %v", len(vs), err)
		}
		last := vs[2]
		if last.Kind != programme.VersionRestore || last.Actor != admin.Email || !strings.Contains(last.Reason, "Versie 1") || len(last.Changes) == 0 {
			t.Errorf("restore version: %+v", last)
		}
		events, err := db.Accounts().AuditLog(ctx, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			found = found || e.Action == "teruggezet" && e.Actor == admin.Email
		}
		if !found {
			t.Error("the restore left no audit event")
		}
	})
}
