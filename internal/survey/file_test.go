package survey

import (
	"bytes"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
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
