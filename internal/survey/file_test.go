package survey

import (
	"bytes"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
)

func TestShippedQuestionnaires(t *testing.T) {
	qs, err := Shipped()
	if err != nil {
		t.Fatalf("shipped questionnaires: %v %v", err, perspectief.ErrorDetails(err))
	}
	res := qs[0]
	if res.Audience != Residents || len(res.Questions) != 6 || len(res.Areas) != 20 {
		t.Fatalf("residents' questionnaire: %s with %d questions and %d areas, want inwoners, 6, 20", res.Audience, len(res.Questions), len(res.Areas))
	}
	// The six tactical goals of 2020, each measured by one question.
	for i := 1; i <= 6; i++ {
		found := false
		for _, q := range res.Questions {
			if strings.HasPrefix(q.Indicator, "tactisch_"+string(rune('0'+i))+"_") {
				found = true
			}
		}
		if !found {
			t.Errorf("no question measures tactical goal %d", i)
		}
	}
	if qs[1].Audience != Staff {
		t.Errorf("second questionnaire is for %s, want medewerkers", qs[1].Audience)
	}
	// Written out and read back, a questionnaire is the same.
	var buf bytes.Buffer
	if err := WriteFile(&buf, res); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile("terug.yaml", &buf)
	if err != nil {
		t.Fatalf("read back: %v %v", err, perspectief.ErrorDetails(err))
	}
	if !sameQuestions(res, back) {
		t.Errorf("read back differs:\n%+v\n%+v", res, back)
	}
}

func TestReadFileRefusesWithLines(t *testing.T) {
	in := `perspectief_vragenlijst: 1
vragenlijst:
  code: test
  titel: Test
  doelgroep: bezoekers
  totaalgebied: GM0014
  vragen:
    - code: a
      tekst: Vraag a
      soort: eens
    - code: a
      tekst: ""
      soort: misschien
`
	_, err := ReadFile("v.yaml", strings.NewReader(in))
	want := []string{
		"v.yaml:5: vragenlijst.doelgroep: doelgroep \"bezoekers\" is onbekend",
		"v.yaml:11: vragenlijst.vragen[1].code: code \"a\" komt al eerder voor",
		"v.yaml:12: vragenlijst.vragen[1].tekst: de tekst ontbreekt",
		"v.yaml:13: vragenlijst.vragen[1].soort: soort \"misschien\" is onbekend",
	}
	d := strings.Join(perspectief.ErrorDetails(err), "\n")
	for _, w := range want {
		if !strings.Contains(d, w) {
			t.Errorf("details\n%s\nlack %q", d, w)
		}
	}
	_, err = ReadFile("v.yaml", strings.NewReader("perspectief_vragenlijst: 1\nvragenlijst:\n  kode: x\n"))
	if d := perspectief.ErrorDetails(err); len(d) == 0 || !strings.HasPrefix(d[0], "v.yaml:3:") {
		t.Errorf("unknown field: details %q, want line 3", d)
	}
}

// TestWellbeingQuestionnaire: the shipped wellbeing questionnaire asks the
// five items of monitoringplan 3.1e, each tied to its register indicator,
// and a wave's results become values of exactly those indicators: the
// share that agrees, so that for "Ik voel me vaak eenzaam" agreeing counts
// as lonely, the way the register's lower-is-better loneliness reads.
func TestWellbeingQuestionnaire(t *testing.T) {
	qs, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	var q *Questionnaire
	for _, s := range qs {
		if s.Code == "welbevinden" {
			q = s
		}
	}
	if q == nil {
		t.Fatal("no shipped questionnaire welbevinden")
	}
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"tevreden_leven": "welbevinden_tevredenheid_leven", "gelukkig": "welbevinden_geluk",
		"gezondheid": "welbevinden_ervaren_gezondheid", "meedoen": "welbevinden_meedoen", "eenzaam": "welbevinden_eenzaamheid",
	}
	if q.Audience != Residents || len(q.Questions) != len(want) {
		t.Fatalf("welbevinden: %s with %d questions, want inwoners and %d", q.Audience, len(q.Questions), len(want))
	}
	for _, qu := range q.Questions {
		if want[qu.Code] != qu.Indicator || qu.Kind != Agree {
			t.Errorf("question %s measures %q on %s, want %q on eens", qu.Code, qu.Indicator, qu.Kind, want[qu.Code])
		}
		if _, ok := reg.Indicator(qu.Indicator); !ok {
			t.Errorf("question %s: indicator %s is not in the register", qu.Code, qu.Indicator)
		}
		if n := len(strings.Fields(qu.Text)); n > 12 {
			t.Errorf("question %s has %d words; B1 asks for short sentences", qu.Code, n)
		}
	}
	// 20 answers in Centrum: 15 feel lonely often, 5 do not.
	var rs []Response
	for i := range 20 {
		a := map[string]string{"eenzaam": Agrees, "tevreden_leven": Disagree}
		if i >= 15 {
			a = map[string]string{"eenzaam": StronglyDisagree, "tevreden_leven": StronglyAgree}
		}
		rs = append(rs, Response{Area: "WK001400", Answers: a})
	}
	res := Compute(Wave{Code: "welzijn-2026", Title: "Welbevinden 2026", Questionnaire: q.Code, Version: 1, Period: "2026"}, *q, rs)
	vals, skipped := IndicatorValues(&res, reg)
	if len(skipped) != 0 {
		t.Errorf("skipped %v", skipped)
	}
	got := map[string]float64{}
	for _, v := range vals {
		if v.Area == "GM0014" {
			got[v.Indicator] = v.Value
		}
	}
	if got["welbevinden_eenzaamheid"] != 75 || got["welbevinden_tevredenheid_leven"] != 25 {
		t.Errorf("gemeente values %v, want eenzaamheid 75 and tevredenheid 25", got)
	}
}
