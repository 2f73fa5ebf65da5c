package learning

import (
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/programme"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Énergietoeslag":           "energietoeslag",
		"  Twee  woorden!  ":       "twee woorden",
		"L2-05: pauzeknop":         "l2 05 pauzeknop",
		"100% of _niets_":          "100 of niets",
		"Ervaringsdeskundige's ëi": "ervaringsdeskundige s ei",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if w := QueryWords("%_ Brief"); !slices.Equal(w, []string{"brief"}) {
		t.Errorf("query words %q: a LIKE wildcard must not survive", w)
	}
}

func model() *programme.Model {
	return &programme.Model{
		Name: "P", StartYear: 2024, EndYear: 2026,
		Goals: []programme.Goal{
			{Code: "T1", Level: programme.LevelTactical, Title: "Tactisch"},
			{Code: "O1", Level: programme.LevelOperational, Title: "Operationeel", Parents: []string{"T1"}},
		},
		Lines: []programme.Line{{Code: "L1", Name: "Lijn"}},
		Interventions: []programme.Intervention{
			{Code: "I1", Line: "L1", Title: "Een", OperationalGoals: []string{"O1"}},
		},
	}
}

func TestApply(t *testing.T) {
	m := model()
	got, errs := Apply(m, []Change{
		{Action: Modify, Target: TargetIntervention, Code: "I1", Intervention: &programme.Intervention{Line: "L1", Title: "Een, vernieuwd", OperationalGoals: []string{"O1"}}},
		{Action: Add, Target: TargetIntervention, Code: "I2", Intervention: &programme.Intervention{Line: "L1", Title: "Twee"}},
	})
	if len(errs) > 0 {
		t.Fatalf("Apply: %v", errs)
	}
	if got.Interventions[0].Title != "Een, vernieuwd" || len(got.Interventions) != 2 || m.Interventions[0].Title != "Een" || len(m.Interventions) != 1 {
		t.Errorf("after Apply: %+v; original %+v (must be unchanged)", got.Interventions, m.Interventions)
	}
	// Stopping a goal takes it out of the tree and of the interventions.
	got, errs = Apply(m, []Change{{Action: Stop, Target: TargetGoal, Code: "O1"}})
	if len(errs) > 0 || len(got.Goals) != 1 || len(got.Interventions[0].OperationalGoals) != 0 {
		t.Errorf("stop O1: %+v %v", got, errs)
	}
	for _, c := range []struct {
		name string
		cs   []Change
		want string
	}{
		{"add existing", []Change{{Action: Add, Target: TargetIntervention, Code: "I1", Intervention: &programme.Intervention{Line: "L1", Title: "x"}}}, "herijking[0].code: interventie \"I1\" bestaat al"},
		{"stop unknown", []Change{{Action: Stop, Target: TargetGoal, Code: "X9"}}, "herijking[0].code: doel \"X9\" bestaat niet"},
		{"unknown line", []Change{{Action: Add, Target: TargetIntervention, Code: "I3", Intervention: &programme.Intervention{Line: "L7", Title: "x"}}}, "interventie I3.lijn: programmalijn \"L7\" bestaat niet"},
		{"goal under wrong level", []Change{{Action: Add, Target: TargetGoal, Code: "O2", Goal: &programme.Goal{Level: programme.LevelOperational, Title: "x", Parents: []string{"O1"}}}}, "doel O2.onder[0]"},
		{"bad action", []Change{{Action: "weg", Target: TargetGoal, Code: "O1"}}, "herijking[0].actie"},
	} {
		_, errs := Apply(m, c.cs)
		var all []string
		for _, e := range errs {
			all = append(all, e.Error())
		}
		if !strings.Contains(strings.Join(all, "\n"), c.want) {
			t.Errorf("%s: errors %q, want %q", c.name, all, c.want)
		}
	}
}
