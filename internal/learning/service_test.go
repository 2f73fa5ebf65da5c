package learning_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func programmeModel() *programme.Model {
	return &programme.Model{
		Name: "P", StartYear: 2024, EndYear: 2026,
		Goals: []programme.Goal{
			{Code: "T1", Level: programme.LevelTactical, Title: "Tactisch"},
			{Code: "O1", Level: programme.LevelOperational, Title: "Operationeel", Parents: []string{"T1"}},
		},
		Lines: []programme.Line{{Code: "L1", Name: "Lijn"}, {Code: "L2", Name: "Lijn twee"}},
		Interventions: []programme.Intervention{
			{Code: "I1", Line: "L1", Title: "Een", OperationalGoals: []string{"O1"}},
		},
	}
}

// TestAddChecksEveryField: an entry with a problem in every field is
// refused whole, with one message per problem naming its field, and
// nothing is stored; the same entry put right is stored with the links it
// implies.
func TestAddChecksEveryField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Programmes().ReplaceModel(ctx, programmeModel(), "team@example.nl"); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		ls := learning.NewService(db.Learning(), db.Programmes())
		ls.Now = func() time.Time { return now }
		ls.Indicators = func(_ context.Context, code string) bool { return code == "bekend" }
		team := account.User{Email: "team@example.nl", Name: "Team", Role: account.RoleTeam}

		bad := learning.Entry{Kind: learning.Lesson, Date: now.AddDate(0, 0, 3), Title: strings.Repeat("x", learning.MaxTitle+1), Text: "  ",
			Source: "roddel", Goals: []string{"X1"}, Lines: []string{"L9"}, Interventions: []string{"I9"}, Indicators: []string{"onbekend"},
			Rounds: []string{"ronde met spaties"}, Basis: []int64{42},
			Changes: []learning.Change{{Action: learning.Stop, Target: learning.TargetIntervention, Code: "I1"}}}
		_, err := ls.Add(ctx, team, bad)
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Fatalf("a bad entry: %v", err)
		}
		details := strings.Join(perspectief.ErrorDetails(err), "\n")
		for _, field := range []string{"datum", "titel", "tekst", "bron", "doelen", "lijnen", "interventies", "indicatoren", "rondes", "basis", "herijking"} {
			if !strings.Contains(details, field+": ") {
				t.Errorf("no message for %s in\n%s", field, details)
			}
		}
		if all, err := ls.Entries(ctx, learning.Filter{}); err != nil || len(all) != 0 {
			t.Fatalf("after a refusal: %d entries, %v", len(all), err)
		}

		good := learning.Entry{Kind: learning.Lesson, Date: now.Add(-time.Hour), Title: " Een les ", Text: "Wat we leerden.",
			Source: learning.Source("programmateam"), Interventions: []string{"I1"}, Indicators: []string{"bekend"}}
		e, err := ls.Add(ctx, team, good)
		if err != nil {
			t.Fatalf("a good entry: %v %q", err, perspectief.ErrorDetails(err))
		}
		if e.Title != "Een les" || !e.Date.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) || !slices.Equal(e.Lines, []string{"L1"}) || e.Author != team.Email {
			t.Errorf("stored %+v: title trimmed, day only, the intervention's line, the author", e)
		}

		// A decision that changes nothing is refused; one that does is
		// filed under what it changes.
		dec := learning.Entry{Kind: learning.Decision, Date: now, Title: "Besluit", Text: "We verplaatsen I1.", Source: learning.Source("programmateam"),
			Changes: []learning.Change{{Action: learning.Modify, Target: learning.TargetIntervention, Code: "I1",
				Intervention: &programme.Intervention{Line: "L1", Title: "Een", OperationalGoals: []string{"O1"}}}}}
		if _, err := ls.Add(ctx, team, dec); err == nil || !strings.Contains(strings.Join(perspectief.ErrorDetails(err), " "), "verandert niets") {
			t.Errorf("a decision without change: %v", err)
		}
		dec.Changes[0].Intervention.Line = "L2"
		d, err := ls.Add(ctx, team, dec)
		if err != nil {
			t.Fatalf("a decision: %v %q", err, perspectief.ErrorDetails(err))
		}
		if !slices.Equal(d.Interventions, []string{"I1"}) || !slices.Contains(d.Lines, "L1") || !slices.Contains(d.Lines, "L2") {
			t.Errorf("the decision is filed under %v %v, want I1 and lines L1, L2", d.Interventions, d.Lines)
		}
		m, err := db.Programmes().Model(ctx)
		if err != nil || m.Interventions[0].Line != "L2" {
			t.Errorf("after the decision I1 is in line %q (%v), want L2", m.Interventions[0].Line, err)
		}
	})
}
