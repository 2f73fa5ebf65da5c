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

// A file of before the list names one projectleider; it reads as a list.
func TestLegacyProjectLeader(t *testing.T) {
	src := strings.Replace(goodFile, "      titel: Interventie\n", "      titel: Interventie\n      projectleider: jan@example.nl\n      projectleiders: [piet@example.nl]\n", 1)
	m, err := programme.ReadFile("p.yaml", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	iv := m.Interventions[0]
	if !slices.Equal(iv.Leaders, []string{"jan@example.nl", "piet@example.nl"}) || iv.LegacyLeader != "" {
		t.Errorf("leaders %q, legacy %q", iv.Leaders, iv.LegacyLeader)
	}
	if !iv.LedBy("JAN@example.nl") || iv.LedBy("kees@example.nl") {
		t.Error("LedBy")
	}
	if got := m.Led("piet@example.nl"); len(got) != 1 || got[0].Code != iv.Code {
		t.Errorf("Led = %v", got)
	}
}

func TestAssignLeaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := programme.NewService(db.Programmes())
		svc.Now = func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }
		u := users()
		if _, err := svc.Import(ctx, u[account.RoleTeam], readGood(t), programme.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		off := time.Now()
		eligible := []account.User{
			{Email: "Piet@example.nl", Role: account.RoleProjectLeader},
			{Email: "jan@example.nl", Role: account.RoleProjectLeader},
			{Email: "weg@example.nl", Role: account.RoleProjectLeader, DisabledAt: &off},
			{Email: "lees@example.nl", Role: account.RoleReader},
		}
		for _, role := range []account.Role{account.RoleProjectLeader, account.RoleExpert, account.RoleReader} {
			if err := svc.AssignLeaders(ctx, u[role], "I2", []string{"jan@example.nl"}, "", eligible); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
				t.Errorf("%s assigns: %v, want forbidden", role, err)
			}
		}
		for _, bad := range []string{"weg@example.nl", "lees@example.nl", "onbekend@example.nl"} {
			err := svc.AssignLeaders(ctx, u[account.RoleTeam], "I2", []string{"jan@example.nl", bad}, "", eligible)
			if fe := perspectief.ErrorFields(err); len(fe) != 1 || fe[0].Path != "projectleiders" || !strings.Contains(fe[0].Message, bad) {
				t.Errorf("%s: %v", bad, err)
			}
		}
		if err := svc.AssignLeaders(ctx, u[account.RoleTeam], "I2", nil, strings.Repeat("x", 201), eligible); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("long owner: %v", err)
		}
		if _, iv, _ := svc.Intervention(ctx, "I2"); len(iv.Leaders) != 0 || iv.Owner != "" {
			t.Fatalf("a refused assignment changed I2: %+v", iv)
		}
		before, _ := svc.Versions(ctx)
		if err := svc.AssignLeaders(ctx, u[account.RoleAdmin], "I2", []string{"piet@EXAMPLE.nl", "jan@example.nl", "piet@example.nl", ""}, " WIJ en gemeente ", eligible); err != nil {
			t.Fatal(err)
		}
		_, iv, _ := svc.Intervention(ctx, "I2")
		if !slices.Equal(iv.Leaders, []string{"Piet@example.nl", "jan@example.nl"}) || iv.Owner != "WIJ en gemeente" {
			t.Errorf("I2 = %q %q", iv.Leaders, iv.Owner)
		}
		after, _ := svc.Versions(ctx)
		if len(after) != len(before)+1 || after[len(after)-1].Kind != programme.VersionLeaders {
			t.Errorf("versions %d → %d, last %+v", len(before), len(after), after[len(after)-1])
		}
		// The assigned projectleider may now report; the other may not.
		up := programme.Update{Intervention: "I2", Period: perspectief.Period{Year: 2025, Tertial: 2}, Status: programme.StatusOnTrack, Narrative: "n"}
		if _, err := svc.ReportProgress(ctx, account.User{Email: "jan@example.nl", Role: account.RoleProjectLeader}, up); err != nil {
			t.Errorf("assigned projectleider: %v", err)
		}
		if _, err := svc.ReportProgress(ctx, account.User{Email: "kees@example.nl", Role: account.RoleProjectLeader}, up); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("other projectleider: %v", err)
		}
	})
}

func TestEscalation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := programme.NewService(db.Programmes())
		svc.Now = func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }
		u := users()
		team := u[account.RoleTeam]
		if _, err := svc.Import(ctx, team, readGood(t), programme.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		up := programme.Update{Intervention: "I2", Period: perspectief.Period{Year: 2025, Tertial: 2}, Status: programme.StatusBehind, Narrative: "n", Escalated: true, EscalationReason: "  "}
		_, err := svc.ReportProgress(ctx, team, up)
		if fe := perspectief.ErrorFields(err); len(fe) != 1 || fe[0].Path != "escalatie_reden" {
			t.Fatalf("escalation without a reason: %v", err)
		}
		up.EscalationReason = strings.Repeat("é", programme.MaxEscalationReason+1)
		if _, err := svc.ReportProgress(ctx, team, up); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Fatalf("long reason: %v", err)
		}
		if ups, _ := db.Programmes().Updates(ctx); len(ups) != 0 {
			t.Fatalf("a refused escalation was stored: %+v", ups)
		}
		up.EscalationReason = " Geen locatie meer. "
		if _, err := svc.ReportProgress(ctx, team, up); err != nil {
			t.Fatal(err)
		}
		// A reason without the flag is not an escalation.
		if _, err := svc.ReportProgress(ctx, team, programme.Update{Intervention: "I2", Period: up.Period, Status: programme.StatusOnTrack, Narrative: "n", EscalationReason: "los"}); err != nil {
			t.Fatal(err)
		}
		for _, role := range []account.Role{account.RoleProjectLeader, account.RoleExpert, account.RoleReader} {
			if _, err := svc.Escalations(ctx, u[role]); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
				t.Errorf("%s reads escalations: %v", role, err)
			}
		}
		es, err := svc.Escalations(ctx, u[account.RoleSteering])
		if err != nil || len(es) != 1 || es[0].EscalationReason != "Geen locatie meer." || !es[0].Escalated {
			t.Errorf("escalations = %+v, %v", es, err)
		}
		all, _ := svc.History(ctx, "I2")
		if len(all) != 2 || all[0].Escalated || all[0].EscalationReason != "" {
			t.Errorf("history = %+v", all)
		}
	})
}
