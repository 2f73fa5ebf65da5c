package programme

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestValidateListsEveryProblemInOrder pins the messages of Validate and
// their order (the header, the goals, their parents, the lines, the
// interventions with their canvas, the budget), for a model that breaks
// nearly every rule.
func TestValidateListsEveryProblemInOrder(t *testing.T) {
	m := &Model{Name: " ", StartYear: 1980, EndYear: 1979,
		Goals: []Goal{
			{Code: "A1", Level: LevelAmbition, Title: "Ambitie"},
			{Code: "S1", Level: LevelStrategic, Title: "Strategisch", Parents: []string{"A1", "A1", "X9"}},
			{Code: "T1", Level: LevelTactical, Title: " ", Parents: []string{"A1"}},
			{Code: "S1", Level: "tactiek", Title: "Dubbel"},
			{Code: "-x", Level: LevelOperational, Title: "Ongeldig", Parents: []string{"T1"}},
			{Code: "O1", Level: LevelOperational, Title: "Operationeel", Parents: []string{"T1"}},
		},
		Lines: []Line{{Code: "L1", Name: "Een"}, {Code: "L1", Name: ""}, {Code: "?", Name: "Raar"}},
		Interventions: []Intervention{
			{Code: "I1", Line: "L9", Title: "", Leaders: []string{"jan", "piet@example.nl", "Piet@example.nl"}, OperationalGoals: []string{"X9", "T1", "O1", "O1"},
				Canvas: Canvas{Results: []Result{{Code: "R1", Description: ""}, {Code: "R1", Description: "x"}, {Code: "!", Description: "y"}}}},
			{Code: "I1", Line: "L1", Title: "Twee", Leaders: []string{"piet@example.nl"}, Owner: "WIJ en gemeente"},
			{Code: "", Line: "L1", Title: "Drie"},
		},
		Budget: Budget{
			Available: []BudgetRow{{Label: "", Line: "L7", Amounts: Amounts{2030: math.NaN(), 1900: 1}}},
			Allocated: []BudgetRow{{Label: "Post", Line: "L1", Amounts: Amounts{2025: 2e7}}},
		},
	}
	var got []string
	for _, e := range m.Validate() {
		got = append(got, e.Error())
	}
	want := []string{
		"naam: de naam van het programma ontbreekt",
		"startjaar: startjaar 1980 ligt niet tussen 1990 en 2100",
		"eindjaar: eindjaar 1979 ligt voor het startjaar of na 2100",
		"doelen[2].titel: de titel ontbreekt",
		"doelen[3].code: code \"S1\" komt al eerder voor",
		"doelen[3].niveau: niveau \"tactiek\" is onbekend: kies ambitie, strategisch, tactisch of operationeel",
		"doelen[4].code: code \"-x\" is ongeldig: gebruik letters, cijfers, punt, streep of liggend streepje (hoogstens 40 tekens)",
		"doelen[1].onder[1]: doel \"A1\" staat er twee keer",
		"doelen[1].onder[2]: doel \"X9\" bestaat niet",
		"doelen[2].onder[0]: een tactisch doel kan niet onder ambitie \"A1\" hangen: alleen onder een doel één niveau hoger",
		"lijnen[1].code: code \"L1\" komt al eerder voor",
		"lijnen[1].naam: de naam ontbreekt",
		"lijnen[2].code: code \"?\" is ongeldig",
		"interventies[0].lijn: programmalijn \"L9\" bestaat niet",
		"interventies[0].titel: de titel ontbreekt",
		"interventies[0].projectleiders[0]: \"jan\" is geen e-mailadres",
		"interventies[0].projectleiders[2]: Piet@example.nl staat er al eerder in",
		"interventies[0].operationele_doelen[0]: doel \"X9\" bestaat niet",
		"interventies[0].operationele_doelen[1]: doel \"T1\" is geen operationeel doel maar een tactisch doel",
		"interventies[0].operationele_doelen[3]: doel \"O1\" staat er twee keer",
		"interventies[0].canvas.beoogde_resultaten[0].omschrijving: de omschrijving ontbreekt",
		"interventies[0].canvas.beoogde_resultaten[1].code: code \"R1\" komt al eerder voor",
		"interventies[0].canvas.beoogde_resultaten[2].code: code \"!\" is ongeldig",
		"interventies[1].code: code \"I1\" komt al eerder voor",
		"interventies[2].code: code \"\" is ongeldig",
		"begroting.beschikbaar[0].post: de post ontbreekt",
		"begroting.beschikbaar[0].lijn: programmalijn \"L7\" bestaat niet",
		"begroting.beschikbaar[0].bedragen: jaar 1900 ligt niet tussen 1990 en 2100",
		"begroting.beschikbaar[0].bedragen: het bedrag voor 2030 is geen getal",
		"begroting.inzet[0].bedragen: het bedrag voor 2025 is groter dan 10000000 of kleiner dan -10000000 (duizenden euro's, dus tien miljard euro): waarschijnlijk een tikfout",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
