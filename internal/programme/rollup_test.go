package programme_test

import (
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

func readGood(t *testing.T) *programme.Model {
	t.Helper()
	src := strings.Replace(goodFile, "  begroting:", `    - code: I2
      lijn: L1
      titel: Tweede
      canvas:
        doelstelling: d
        aanpak: a
        beoogde_resultaten:
          - {code: R1, omschrijving: Bereik}
  begroting:`, 1)
	src = strings.Replace(src, "- {code: O1, niveau: operationeel, titel: Operationeel}", "- {code: O1, niveau: operationeel, titel: Operationeel}\n    - {code: O2, niveau: operationeel, titel: Niemand}", 1)
	m, err := programme.ReadFile("p.yaml", strings.NewReader(src))
	if err != nil {
		t.Fatal(err, perspectief.ErrorDetails(err))
	}
	return m
}

func TestRollup(t *testing.T) {
	m := readGood(t)
	p := perspectief.Period{Year: 2025, Tertial: 2}
	t0 := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	updates := []programme.Update{
		{ID: 1, Intervention: "I1", Period: p, Status: programme.StatusBehind, Concerns: "te weinig mensen", CreatedAt: t0},
		// A later update in the same period supersedes the first.
		{ID: 2, Intervention: "I1", Period: p, Status: programme.StatusOnTrack, CreatedAt: t0.Add(time.Hour)},
		// An update of another period does not count.
		{ID: 3, Intervention: "I2", Period: p.Prev(), Status: programme.StatusAttention, Concerns: "oud", CreatedAt: t0.Add(-time.Hour * 2000)},
	}
	r := programme.ComputeRollup(m, updates, p)
	if r.Total.Interventions != 2 || r.Total.StatusCount(programme.StatusOnTrack) != 1 || r.Total.StatusCount(programme.StatusBehind) != 0 {
		t.Errorf("total = %+v; want 2 interventions, 1 op koers, 0 achter", r.Total)
	}
	if len(r.Total.Concerns) != 0 {
		t.Errorf("concerns = %+v; the superseded and the old concern must not show", r.Total.Concerns)
	}
	if len(r.Total.NoUpdate) != 1 || r.Total.NoUpdate[0].Code != "I2" {
		t.Errorf("no update = %+v, want I2", r.Total.NoUpdate)
	}
	if len(r.Total.NoResults) != 1 || r.Total.NoResults[0].Code != "I1" {
		t.Errorf("no results = %+v, want I1", r.Total.NoResults)
	}
	if len(r.UnservedGoals) != 1 || r.UnservedGoals[0].Code != "O2" {
		t.Errorf("unserved goals = %+v, want O2", r.UnservedGoals)
	}
	if len(r.Lines) != 1 || r.Lines[0].Interventions != 2 {
		t.Errorf("line roll-up = %+v", r.Lines)
	}

	prev := programme.ComputeRollup(m, updates, p.Prev())
	if prev.Total.StatusCount(programme.StatusAttention) != 1 || len(prev.Total.Concerns) != 1 || prev.Total.Concerns[0].Text != "oud" {
		t.Errorf("previous period = %+v", prev.Total)
	}
}

func TestTree(t *testing.T) {
	m := readGood(t)
	tree := programme.BuildTree(m, "")
	if len(tree.Roots) != 1 || tree.Roots[0].Goal.Code != "A1" {
		t.Fatalf("roots = %+v", tree.Roots)
	}
	s1 := tree.Roots[0].Children[0]
	if s1.Goal.Code != "S1" || s1.Children[0].Goal.Code != "T1" {
		t.Errorf("A1 -> S1 -> T1 missing: %+v", s1)
	}
	// O1 and O2 have no parent link: they hang loose, not under T1.
	if len(s1.Children[0].Children) != 0 || len(tree.Loose) != 2 {
		t.Errorf("operational goals drawn under T1 or missing: T1 children %d, loose %d", len(s1.Children[0].Children), len(tree.Loose))
	}
	if tree.Loose[0].Goal.Code != "O1" || len(tree.Loose[0].Interventions) != 1 || tree.Loose[0].Interventions[0].Code != "I1" {
		t.Errorf("O1 interventions = %+v", tree.Loose[0])
	}
	if un := programme.Unlinked(m, ""); len(un) != 1 || un[0].Code != "I2" {
		t.Errorf("unlinked = %+v, want I2", un)
	}
	// Per line, operational goals that the line does not serve drop out.
	if l := programme.BuildTree(m, "L1"); len(l.Loose) != 1 {
		t.Errorf("tree for L1 shows %d operational goals, want 1", len(l.Loose))
	}
}

func TestPeriod(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "2025-T1"},
		{time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC), "2025-T1"},
		{time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), "2025-T2"},
		{time.Date(2025, 8, 31, 0, 0, 0, 0, time.UTC), "2025-T2"},
		{time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), "2025-T3"},
		{time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), "2025-T3"},
	} {
		if got := perspectief.PeriodOf(c.in).String(); got != c.want {
			t.Errorf("PeriodOf(%s) = %s, want %s", c.in.Format("2006-01-02"), got, c.want)
		}
	}
	for _, bad := range []string{"2025-T4", "2025-T0", "2025T1", "25-T1", "2025-Q1", ""} {
		if _, err := perspectief.ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
	if p, _ := perspectief.ParsePeriod("2026-T1"); p.Prev().String() != "2025-T3" {
		t.Errorf("Prev of 2026-T1 = %s", p.Prev())
	}
}
