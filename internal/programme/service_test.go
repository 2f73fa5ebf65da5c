package programme_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func users() map[account.Role]account.User {
	out := map[account.Role]account.User{}
	for _, r := range account.Roles {
		out[r] = account.User{Email: string(r) + "@example.nl", Role: r}
	}
	return out
}

func TestServicePermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := programme.NewService(db.Programmes())
		svc.Now = func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }
		m := readGood(t)
		m.Interventions[0].Leaders = []string{"projectleider@example.nl"}
		u := users()
		if _, err := svc.Import(ctx, u[account.RoleReader], m, programme.ImportOptions{}); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("lezer import: %v, want forbidden", err)
		}
		if _, err := svc.Import(ctx, u[account.RoleTeam], m, programme.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		up := programme.Update{Intervention: "I1", Period: perspectief.Period{Year: 2025, Tertial: 2}, Status: programme.StatusOnTrack, Narrative: "loopt"}
		want := map[account.Role]perspectief.Code{
			account.RoleAdmin: "", account.RoleTeam: "", account.RoleProjectLeader: "",
			account.RoleExpert: perspectief.CodeForbidden, account.RoleReader: perspectief.CodeForbidden,
		}
		for role, code := range want {
			_, err := svc.ReportProgress(ctx, u[role], up)
			if perspectief.ErrorCode(err) != code {
				t.Errorf("%s reports progress on own-less I1: %v, want %q", role, err, code)
			}
			if got := perspectief.ErrorCode(svc.UpdateCanvas(ctx, u[role], "I1", programme.Canvas{Objective: "x", Approach: "y"})); got != code {
				t.Errorf("%s edits canvas of I1: %q, want %q", role, got, code)
			}
		}
		// I2 has no owner: the projectleider may not touch it.
		up.Intervention = "I2"
		if _, err := svc.ReportProgress(ctx, u[account.RoleProjectLeader], up); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("projectleider on someone else's intervention: %v, want forbidden", err)
		}
		for role, code := range map[account.Role]perspectief.Code{account.RoleExpert: "", account.RoleProjectLeader: "", account.RoleReader: perspectief.CodeForbidden} {
			if _, err := svc.Comment(ctx, u[role], "doel", "O1", "advies"); perspectief.ErrorCode(err) != code {
				t.Errorf("%s comments: %v, want %q", role, err, code)
			}
		}
	})
}

func TestReportProgressValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := programme.NewService(db.Programmes())
		svc.Now = func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }
		team := users()[account.RoleTeam]
		if _, err := svc.Import(ctx, team, readGood(t), programme.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.ReportProgress(ctx, team, programme.Update{Intervention: "I2", Period: perspectief.Period{Year: 2025, Tertial: 3}, Status: "prima",
			Values: []programme.ResultValue{{Result: "R7", Value: "1"}}})
		details := strings.Join(perspectief.ErrorDetails(err), "\n")
		for _, w := range []string{"periode: periode 2025-T3 ligt in de toekomst", `status: status "prima" bestaat niet`, "toelichting:", `"R7" hoort niet bij deze interventie`} {
			if !strings.Contains(details, w) {
				t.Errorf("details lack %q:\n%s", w, details)
			}
		}
		ups, _ := db.Programmes().Updates(ctx)
		if len(ups) != 0 {
			t.Errorf("a refused update was stored: %+v", ups)
		}
		// Two updates in one period: both kept, the newest counts.
		for _, st := range []programme.Status{programme.StatusBehind, programme.StatusOnTrack} {
			if _, err := svc.ReportProgress(ctx, team, programme.Update{Intervention: "I2", Period: perspectief.Period{Year: 2025, Tertial: 2}, Status: st, Narrative: string(st),
				Values: []programme.ResultValue{{Result: "R1", Value: " 40 "}}}); err != nil {
				t.Fatal(err)
			}
			svc.Now = func() time.Time { return time.Date(2025, 6, 16, 12, 0, 0, 0, time.UTC) }
		}
		hist, _ := svc.History(ctx, "I2")
		if len(hist) != 2 || hist[0].Status != programme.StatusOnTrack || hist[1].Status != programme.StatusBehind || hist[0].Author != team.Email || hist[0].Values[0].Value != "40" {
			t.Errorf("history = %+v", hist)
		}
		_, r, _ := svc.Rollup(ctx, perspectief.Period{Year: 2025, Tertial: 2})
		if r.Total.StatusCount(programme.StatusOnTrack) != 1 || r.Total.StatusCount(programme.StatusBehind) != 0 {
			t.Errorf("roll-up = %+v; want the newest update to count", r.Total.ByStatus)
		}
	})
}
