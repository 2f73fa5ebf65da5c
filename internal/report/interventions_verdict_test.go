package report

import (
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// TestInterventionVerdictsInReport: the report's intervention chapter and
// its open-data table carry the stage, the area and the verdict on each
// numeric result at the end of the year; a value reported after the year
// does not count.
func TestInterventionVerdictsInReport(t *testing.T) {
	n := 150.0
	m := &programme.Model{Lines: []programme.Line{{Code: "L3", Name: "Lijn"}}, Interventions: []programme.Intervention{{
		Code: "L3-04", Line: "L3", Title: "Kansrijk", Stage: programme.StageScaleUp, Area: programme.AreaWijken, Wijken: []string{"WK001404"},
		Canvas: programme.Canvas{Results: []programme.Result{
			{Code: "R1", Description: "Huishoudens", Unit: "huishoudens per jaar", Amount: &n, Year: 2025},
			{Code: "R2", Description: "Vast aanbod"},
		}},
	}}}
	ups := []programme.Update{
		{ID: 1, Intervention: "L3-04", Period: perspectief.Period{Year: 2025, Tertial: 3}, Status: programme.StatusOnTrack, Values: []programme.ResultValue{{Result: "R1", Value: "120"}}},
		{ID: 2, Intervention: "L3-04", Period: perspectief.Period{Year: 2026, Tertial: 1}, Status: programme.StatusOnTrack, Values: []programme.ResultValue{{Result: "R1", Value: "160"}}},
	}
	c := buildInterventions(m, ups, 2025)
	ir := c.Lines[0].Interventions[0]
	if ir.Stage != "Opschalen" || ir.Area != "Oosterparkwijk" || len(ir.Results) != 1 {
		t.Fatalf("intervention report = %+v", ir)
	}
	if r := ir.Results[0]; r.Verdict != "niet_gehaald" || !strings.HasPrefix(r.Sentence, "Niet gehaald: 120 huishoudens per jaar gemeld in") {
		t.Errorf("verdict = %+v", r)
	}
	tab := statusTable(&Report{Interventions: c})
	row := tab.rows[0]
	if got := strings.Join(row[6:11], ","); got != "Opschalen,Oosterparkwijk,0,1,0" {
		t.Errorf("open-data row = %q", got)
	}
	if len(row) != len(tab.fields) {
		t.Errorf("row has %d cells for %d fields", len(row), len(tab.fields))
	}
}
