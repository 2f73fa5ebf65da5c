package store_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/eligibility/ruletest"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func stadjerspasOn(t *testing.T, set *eligibility.Set, d time.Time) string {
	t.Helper()
	for _, sc := range set.InForce(d) {
		if sc.Code == "stadjerspas" {
			return sc.Version
		}
	}
	t.Fatalf("stadjerspas not in force on %s", d.Format("2006-01-02"))
	return ""
}

func TestRuleVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		base := eligibility.MustDefault()
		svc := eligibility.NewService(db.Rules(), base)
		if _, err := svc.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		stored, err := db.Rules().RuleVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != len(base.Schemes) || stored[0].Origin != eligibility.OriginShipped {
			t.Fatalf("after sync: %d versions stored, %d shipped", len(stored), len(base.Schemes))
		}
		if _, err := svc.Sync(ctx); err != nil { // a second start stores nothing new
			t.Fatal(err)
		}
		if again, _ := db.Rules().RuleVersions(ctx); len(again) != len(stored) {
			t.Fatalf("second sync stored %d more", len(again)-len(stored))
		}

		admin := account.User{Email: "beheer@example.nl", Role: account.RoleAdmin}
		sc, err := svc.Load(ctx, admin, "stadjerspas-2026.yaml", ruletest.Stadjerspas(t, "2026.1", "2026-01-01", 130))
		if err != nil {
			t.Fatal(err)
		}
		if sc.Version != "2026.1" || sc.LoadedBy != admin.Email || sc.Seq == 0 {
			t.Errorf("loaded %+v", sc)
		}

		// Another service, as another process (the CLI) would have, sees
		// the new version; the old one still decides the days before 2026.
		set, err := eligibility.NewService(db.Rules(), base).Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := stadjerspasOn(t, set, day(2025, 12, 31)); got != "2025.2" {
			t.Errorf("2025-12-31 decided by %s, want 2025.2", got)
		}
		if got := stadjerspasOn(t, set, day(2026, 3, 1)); got != "2026.1" {
			t.Errorf("2026-03-01 decided by %s, want 2026.1", got)
		}
		// The new limit decides: 125% of the minimum is ja under 2026.1.
		h := set.NewHousehold()
		norm, _ := eligibility.DefaultNorm(2026, "alleenstaand", false, 0)
		for name, v := range map[string]eligibility.Value{"type": eligibility.Str("alleenstaand"), "aow": eligibility.Bool(false),
			"minderjarigen": eligibility.Num(0), "studiefinanciering": eligibility.Bool(false), "inkomen": eligibility.Num(1.25 * norm)} {
			if err := set.SetFact(h, name, v); err != nil {
				t.Fatal(err)
			}
		}
		sp, _ := set.SchemeOn("stadjerspas", day(2026, 3, 1))
		if r := set.Decide(sp, day(2026, 3, 1), h); r.Outcome != eligibility.Ja || r.Version != "2026.1" {
			t.Errorf("125%% in 2026: %s by %s", r.Outcome, r.Version)
		}
		old, err := svc.Version(ctx, "stadjerspas", "2025.2")
		if err != nil || !strings.Contains(string(old.Content), "waarde: 120") {
			t.Errorf("old version: %v", err)
		}
		if vs := set.Versions("stadjerspas"); len(vs) != 2 || vs[0].Version != "2026.1" {
			t.Errorf("versions newest first: %d", len(vs))
		}

		events, err := db.Accounts().AuditLog(ctx, 5, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ev := events[0]; ev.Actor != admin.Email || ev.Entity != "regelversie" || ev.Key != "stadjerspas 2026.1" || !strings.Contains(ev.After, sc.SHA256) {
			t.Errorf("audit event %+v", ev)
		}

		// Refused: the same version again, a broken file, and every role
		// but beheerder. Nothing is stored.
		stamp, _ := db.Rules().RuleVersionStamp(ctx)
		_, err = svc.Load(ctx, admin, "again.yaml", ruletest.Stadjerspas(t, "2026.1", "2026-01-01", 130))
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(strings.Join(perspectief.ErrorDetails(err), "\n"), `again.yaml:4: versie: versie "2026.1" van stadjerspas bestaat al`) {
			t.Errorf("same version: %v %q", err, perspectief.ErrorDetails(err))
		}
		broken := strings.Replace(string(ruletest.Stadjerspas(t, "2026.2", "2026-01-01", 130)), "als: not studiefinanciering", "als: not studiefinancering", 1)
		_, err = svc.Load(ctx, admin, "typo.yaml", []byte(broken))
		details := strings.Join(perspectief.ErrorDetails(err), "\n")
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(details, "typo.yaml:") || !strings.Contains(details, ": voorwaarden[0].als: ") {
			t.Errorf("typo: %v %q", err, details)
		}
		for _, role := range []account.Role{account.RoleTeam, account.RoleProjectLeader, account.RoleExpert, account.RoleReader} {
			_, err := svc.Load(ctx, account.User{Email: string(role) + "@example.nl", Role: role}, "x.yaml", ruletest.Stadjerspas(t, "2026.3", "2026-01-01", 130))
			if perspectief.ErrorCode(err) != perspectief.CodeForbidden {
				t.Errorf("%s: %v, want forbidden", role, err)
			}
		}
		if after, _ := db.Rules().RuleVersionStamp(ctx); after != stamp {
			t.Errorf("a refused load stored something: stamp %d -> %d", stamp, after)
		}
	})
}

// TestShippedVersionAfterOld: a platform that stored the shipped 2025.1
// (without how to apply) and starts a release with 2025.2 lists both
// versions, and 2025.2, with the link, its source and what to have at
// hand, decides; the wijzer and the batch run name 2025.2.
func TestShippedVersionAfterOld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		base := eligibility.MustDefault()
		oldFile, err := os.ReadFile("testdata/stadjerspas-2025.1.yaml")
		if err != nil {
			t.Fatal(err)
		}
		old, err := base.ParseVersion("stadjerspas.yaml", oldFile)
		if err != nil {
			t.Fatal(err)
		}
		// As the earlier release's start stored it.
		v := old.Stored("systeem", day(2025, 9, 1))
		v.Origin = eligibility.OriginShipped
		if err := db.Rules().AddRuleVersion(ctx, &v); err != nil {
			t.Fatal(err)
		}
		svc := eligibility.NewService(db.Rules(), base)
		if notes, err := svc.Sync(ctx); err != nil || len(notes) > 0 {
			t.Fatalf("sync: %v %q", err, notes)
		}
		set, err := svc.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		vs := set.Versions("stadjerspas")
		if len(vs) != 2 || vs[0].Version != "2025.2" || vs[1].Version != "2025.1" {
			t.Fatalf("versions of stadjerspas: %d, want 2025.2 and 2025.1", len(vs))
		}
		if vs[1].Link != "" || len(vs[1].BringAlong) > 0 {
			t.Errorf("the stored 2025.1 changed: link %q, %d things at hand", vs[1].Link, len(vs[1].BringAlong))
		}
		sc, ok := set.SchemeOn("stadjerspas", day(2026, 12, 1))
		if !ok || sc.Version != "2025.2" || sc.Link != "https://stadjerspas.gemeente.groningen.nl" || sc.ContactSource == "" ||
			len(sc.BringAlong) == 0 || !strings.Contains(sc.Changes, "2025.1") {
			t.Errorf("deciding today: %+v", sc)
		}
	})
}
