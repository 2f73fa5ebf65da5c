package survey

import (
	"bytes"
	"fmt"
	"maps"
	"math"
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
	if res.Audience != Residents || len(res.Areas) != 20 {
		t.Fatalf("residents' questionnaire: %s with %d areas, want inwoners and 20", res.Audience, len(res.Areas))
	}
	// The six tactical goals of 2020 as seed 001 words them: goals 1, 3
	// and 4 have two statements each, asked apart; then the residents'
	// experience the monitoringplan names for O1, O4 and O7, and one
	// question in their own words.
	statements := map[int]int{}
	goals := map[string]bool{}
	open := 0
	for _, q := range res.Questions {
		var n int
		if _, err := fmt.Sscanf(q.Indicator, "tactisch_%d_", &n); err == nil {
			statements[n]++
		}
		if strings.HasPrefix(q.Indicator, "ervaring_") {
			for _, g := range q.Goals {
				goals[g] = true
			}
		}
		if q.Kind == Open {
			open++
		}
		if n := len(strings.Fields(q.Text)); q.Kind != Open && n > 20 {
			t.Errorf("question %s has %d words; B1 asks for short sentences", q.Code, n)
		}
	}
	if want := map[int]int{1: 2, 2: 1, 3: 2, 4: 2, 5: 1, 6: 1}; !maps.Equal(statements, want) {
		t.Errorf("statements per tactical goal %v, want %v", statements, want)
	}
	for _, g := range []string{"O1", "O4", "O7"} {
		if !goals[g] {
			t.Errorf("no experience question for %s", g)
		}
	}
	if open != 1 {
		t.Errorf("%d open questions, want 1", open)
	}
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range res.Questions {
		if _, ok := reg.Indicator(q.Indicator); q.Indicator != "" && !ok {
			t.Errorf("question %s: indicator %s is not in the register", q.Code, q.Indicator)
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
	// Satisfaction with life is a mark from 0 to 10 and health as
	// experienced the usual five steps; the others are statements.
	scale := map[string]Kind{"tevreden_leven": Grade, "gezondheid": Health}
	for _, qu := range q.Questions {
		kind := scale[qu.Code]
		if kind == "" {
			kind = Agree
		}
		if want[qu.Code] != qu.Indicator || qu.Kind != kind {
			t.Errorf("question %s measures %q on %s, want %q on %s", qu.Code, qu.Indicator, qu.Kind, want[qu.Code], kind)
		}
		if _, ok := reg.Indicator(qu.Indicator); !ok {
			t.Errorf("question %s: indicator %s is not in the register", qu.Code, qu.Indicator)
		}
		if n := len(strings.Fields(qu.Text)); n > 12 {
			t.Errorf("question %s has %d words; B1 asks for short sentences", qu.Code, n)
		}
	}
	// 20 answers in Centrum: 15 feel lonely often, 5 do not; those 15
	// give their life a 6, the other 5 a 7 (which counts); health is
	// good for 4, goes for 16; one does not know.
	var rs []Response
	for i := range 20 {
		a := map[string]string{"eenzaam": Agrees, "tevreden_leven": "6", "gezondheid": "gaat_wel"}
		if i >= 15 {
			a = map[string]string{"eenzaam": StronglyDisagree, "tevreden_leven": "7", "gezondheid": "goed"}
		}
		if i == 0 {
			a["gezondheid"] = DontKnow
		}
		if i == 19 {
			a["gezondheid"] = "zeer_slecht"
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
	// Health: 4 of the 19 who know (answers 15-18 good, 19 very bad).
	if got["welbevinden_eenzaamheid"] != 75 || got["welbevinden_tevredenheid_leven"] != 25 || math.Abs(got["welbevinden_ervaren_gezondheid"]-100*4.0/19) > 1e-9 {
		t.Errorf("gemeente values %v, want eenzaamheid 75, tevredenheid 25 and gezondheid %.4f", got, 100*4.0/19)
	}
}
