package survey

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestValidateListsEveryProblemInOrder pins the messages of Validate and
// their order: the questionnaire's own fields, the areas, then the
// questions one by one.
func TestValidateListsEveryProblemInOrder(t *testing.T) {
	many := make([]Question, MaxQuestions+1)
	for i := range many {
		many[i] = Question{Code: fmt.Sprintf("v%d", i), Text: "Vraag", Kind: YesNo}
	}
	cases := []struct {
		name string
		q    Questionnaire
		want []string
	}{
		{"every rule", Questionnaire{Code: "Test", Title: " ", Audience: "bezoekers", Whole: "GM 14", AreaQuestion: "Waar?",
			Areas: []Area{{"WK01", "Centrum"}, {"WK01", ""}, {"GM 14", "Heel"}, {"-x", "Raar"}},
			Questions: []Question{
				{Code: "a", Text: "Vraag a", Kind: Agree, Indicator: "ind_1", Goals: []string{"O1", " "}},
				{Code: "a", Text: "", Kind: "misschien", Indicator: "ind_1"},
				{Code: "wijk", Text: strings.Repeat("x", 501), Kind: YesNo},
				{Code: "B", Text: "Vraag b", Kind: YesNo},
			}}, []string{
			"code: code \"Test\" is ongeldig: kleine letters, cijfers, - en _ (hoogstens 40 tekens)",
			"titel: de titel ontbreekt",
			"doelgroep: doelgroep \"bezoekers\" is onbekend: kies inwoners of medewerkers",
			"totaalgebied: gebiedscode \"GM 14\" is ongeldig (bijvoorbeeld GM0014)",
			"gebieden[1].code: gebied \"WK01\" komt al eerder voor",
			"gebieden[1].naam: de naam ontbreekt",
			"gebieden[2].code: gebiedscode \"GM 14\" is ongeldig",
			"gebieden[3].code: gebiedscode \"-x\" is ongeldig",
			"vragen[0].doelen[1]: lege doelcode",
			"vragen[1].code: code \"a\" komt al eerder voor",
			"vragen[1].tekst: de tekst ontbreekt",
			"vragen[1].soort: soort \"misschien\" is onbekend: kies eens (vijf antwoorden van helemaal mee oneens tot helemaal mee eens), janee, cijfer (0 tot en met 10), gezondheid (zeer goed tot zeer slecht) of open (eigen woorden)",
			"vragen[1].indicator: indicator \"ind_1\" hoort al bij een andere vraag; één vraag per indicator",
			"vragen[2].code: code \"wijk\" is gereserveerd voor een kolom van de CSV-import",
			"vragen[2].tekst: de tekst is langer dan 500 tekens",
			"vragen[3].code: code \"B\" is ongeldig: kleine letters, cijfers, - en _",
		}},
		{"areas without a question, no questions", Questionnaire{Code: "t", Title: "T", Audience: Staff, Whole: "GM0014",
			Areas: []Area{{"WK01", "Centrum"}, {"GM0014", "Gemeente"}}}, []string{
			"gebiedsvraag: er zijn gebieden maar geen gebiedsvraag",
			"gebieden[1].code: gebied \"GM0014\" is het totaalgebied",
			"vragen: de vragenlijst heeft geen vragen",
		}},
		{"a question with one area, too many questions", Questionnaire{Code: "t", Title: "T", Audience: Residents, Whole: "GM0014",
			AreaQuestion: "Waar?", Areas: []Area{{"WK01", "Centrum"}}, Questions: many}, []string{
			"gebieden: een gebiedsvraag heeft minstens twee gebieden nodig",
			"vragen: de vragenlijst heeft 61 vragen; hoogstens 60",
		}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range c.q.Validate() {
			got = append(got, e.Error())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: problems\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
