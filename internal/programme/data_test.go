package programme_test

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// readGroningen reads the embedded Groningen programme the way an import
// does, so that a problem in the data file shows as FILE:LINE messages.
func readGroningen(t *testing.T) *programme.Model {
	t.Helper()
	data, err := os.ReadFile("data/groningen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := programme.ReadFile("data/groningen.yaml", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("groningen.yaml is refused: %v\n%s", err, strings.Join(perspectief.ErrorDetails(err), "\n"))
	}
	return m
}

func TestGroningenProgramme(t *testing.T) {
	m := readGroningen(t)

	if m.Name != "Naar een zeker bestaan met perspectief" {
		t.Errorf("naam = %q", m.Name)
	}
	if m.StartYear != 2024 || m.EndYear != 2026 {
		t.Errorf("looptijd = %d-%d, want 2024-2026", m.StartYear, m.EndYear)
	}

	levels := map[programme.Level]int{}
	goals := map[string]programme.Goal{}
	for _, g := range m.Goals {
		levels[g.Level]++
		goals[g.Code] = g
	}
	for lvl, want := range map[programme.Level]int{
		programme.LevelAmbition:    2,
		programme.LevelStrategic:   2,
		programme.LevelTactical:    6,
		programme.LevelOperational: 7,
	} {
		if levels[lvl] != want {
			t.Errorf("%s: %d goals, want %d", lvl, levels[lvl], want)
		}
	}

	// The tree above the operational goals, as the programme draws it.
	parents := map[string][]string{
		"S1": {"A1"}, "S2": {"A2"},
		"T1": {"S1"}, "T2": {"S1"}, "T3": {"S1"}, "T4": {"S1"},
		"T5": {"S2"}, "T6": {"S2"},
	}
	for code, want := range parents {
		if got := goals[code].Parents; !reflect.DeepEqual(got, want) {
			t.Errorf("%s onder %v, want %v", code, got, want)
		}
	}
	// The programme ties operational goals to the tactical goals as a whole.
	for _, g := range m.Goals {
		if g.Level == programme.LevelOperational {
			if len(g.Parents) != 0 {
				t.Errorf("%s has onder %v; operational goals must have none", g.Code, g.Parents)
			}
			if g.Expected == "" {
				t.Errorf("%s has no wat_zien_we", g.Code)
			}
		}
	}

	if len(m.Lines) != 3 {
		t.Errorf("%d lines, want 3", len(m.Lines))
	}
	lineNames := map[string]string{"L1": "Fatsoenlijk inkomen", "L2": "Schulden voorkomen en bestrijden", "L3": "Langdurige armoede doorbreken"}
	for _, l := range m.Lines {
		if lineNames[l.Code] != l.Name {
			t.Errorf("line %s = %q, want %q", l.Code, l.Name, lineNames[l.Code])
		}
	}

	// Operational goals per intervention, from the annex of the programme.
	want := map[string][]string{
		"L1-01": {"O1", "O2"},             // Kappen Regelingenwoud
		"L1-02": {"O1"},                   // De Voorzieningenwijzer
		"L1-03": {"O4"},                   // Kindpas
		"L1-04": {"O2"},                   // communicatie specifieke behoeften
		"L1-05": {"O2", "O4", "O5"},       // (in)formele netwerken
		"L1-06": {"O2", "O4", "O5", "O6"}, // ingrijpende levensgebeurtenissen
		"L1-07": {"O2", "O4", "O5", "O7"}, // specifieke doelgroepen
		"L2-01": {"O2", "O4", "O5"},       // samenwerking gemeente en WIJ
		"L2-02": nil,                      // financiële educatie: none named
		"L2-03": {"O3", "O5"},             // Eerste Hulp bij Geldzaken en WIJ
		"L2-04": {"O3", "O4", "O6"},       // schuldhulp jongeren
		"L2-05": {"O3", "O6"},             // pauzeknop
		"L3-01": {"O4", "O7"},             // menselijke maat
		"L3-02": {"O4", "O5"},             // gezinsaanpak Noord
		"L3-03": {"O6", "O7"},             // Bouwdepot
		"L3-04": {"O4", "O5", "O6", "O7"}, // Kansrijk Groningen
		"L3-05": {"O5", "O7"},             // buddy's
		"L3-06": {"O4", "O5", "O6", "O7"}, // Doorbraakmethodiek
		"L3-07": {"O4", "O5", "O7"},       // Doorbraak/Perspectieffonds (seed 002, annex)
	}
	if len(m.Interventions) != 19 {
		t.Errorf("%d interventions, want 19", len(m.Interventions))
	}
	perLine := map[string]int{}
	for _, iv := range m.Interventions {
		perLine[iv.Line]++
		exp, ok := want[iv.Code]
		if !ok {
			t.Errorf("unexpected intervention %s", iv.Code)
			continue
		}
		if !slices.Equal(iv.OperationalGoals, exp) {
			t.Errorf("%s operationele_doelen = %v, want %v", iv.Code, iv.OperationalGoals, exp)
		}
		if !strings.HasPrefix(iv.Code, iv.Line+"-") {
			t.Errorf("%s is in line %s", iv.Code, iv.Line)
		}
		if iv.Canvas.Objective == "" || iv.Canvas.Approach == "" {
			t.Errorf("%s: canvas lacks doelstelling or aanpak", iv.Code)
		}
		owner := iv.Code == "L1-01" || iv.Code == "L1-02" || iv.Code == "L1-03"
		if owner != (len(iv.Leaders) == 1 && iv.Leaders[0] == "projectleider@demo.perspectief.nl") {
			t.Errorf("%s projectleiders = %q", iv.Code, iv.Leaders)
		}
		if iv.Code != "L2-02" && len(iv.Canvas.Results) == 0 {
			t.Errorf("%s has no beoogde resultaten", iv.Code)
		}
		delete(want, iv.Code)
	}
	for code := range want {
		t.Errorf("intervention %s is missing", code)
	}
	if perLine["L1"] != 7 || perLine["L2"] != 5 || perLine["L3"] != 7 {
		t.Errorf("interventions per line = %v, want L1:7 L2:5 L3:7", perLine)
	}

	sum := func(rows []programme.BudgetRow) map[int]float64 {
		s := map[int]float64{}
		for _, r := range rows {
			for y, a := range r.Amounts {
				s[y] += a
			}
		}
		return s
	}
	if got, exp := sum(m.Budget.Available), map[int]float64{2024: 2380, 2025: 2380, 2026: 1927, 2027: 800}; !reflect.DeepEqual(got, exp) {
		t.Errorf("beschikbaar per jaar = %v, want %v", got, exp)
	}
	if got, exp := sum(m.Budget.Allocated), map[int]float64{2024: 2380, 2025: 2380, 2026: 1927}; !reflect.DeepEqual(got, exp) {
		t.Errorf("inzet per jaar = %v, want %v", got, exp)
	}
	perLineBudget := map[string]float64{}
	for _, r := range m.Budget.Allocated {
		perLineBudget[r.Line] += r.Amounts[2024]
	}
	if exp := map[string]float64{"L1": 650, "L2": 760, "L3": 870, "": 100}; !reflect.DeepEqual(perLineBudget, exp) {
		t.Errorf("inzet 2024 per lijn = %v, want %v", perLineBudget, exp)
	}
}

// TestGroningenRoundTrip checks that what WriteFile writes reads back the same.
func TestGroningenRoundTrip(t *testing.T) {
	m := readGroningen(t)
	var buf bytes.Buffer
	if err := programme.WriteFile(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := programme.ReadFile("export.yaml", &buf)
	if err != nil {
		t.Fatalf("export refused: %v\n%s", err, strings.Join(perspectief.ErrorDetails(err), "\n"))
	}
	if !reflect.DeepEqual(m, back) {
		t.Error("the exported programme does not read back the same")
	}
}
