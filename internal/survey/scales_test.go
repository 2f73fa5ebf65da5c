package survey

import (
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

// scaleQuestionnaire has one question of each new kind: a mark, health as
// experienced, and one in the respondent's own words.
func scaleQuestionnaire() Questionnaire {
	q := testQuestionnaire()
	q.Questions = []Question{
		{Code: "cijfer", Text: "Welk cijfer geeft u uw leven?", Kind: Grade, Indicator: "welbevinden_tevredenheid_leven"},
		{Code: "gezond", Text: "Hoe is uw gezondheid?", Kind: Health},
		{Code: "beter", Text: "Wat kan beter?", Kind: Open},
	}
	return q
}

// TestScalesCount: a 7 or more counts on a mark, good and very good on
// health; the open question is not counted but listed, in alphabetical
// order, once the wave has its minimum of responses.
func TestScalesCount(t *testing.T) {
	q := scaleQuestionnaire()
	var rs []Response
	marks := []string{"0", "5", "6", "7", "8", "10", "weet_niet", "6", "9", "3"}
	health := []string{"zeer_goed", "goed", "gaat_wel", "slecht", "zeer_slecht", "goed", "gaat_wel", "weet_niet", "goed", "gaat_wel"}
	texts := []string{"Sneller antwoord op mijn brief", "", "Minder formulieren", "", "", "", "", "", "", "Aardige mensen"}
	for i := range marks {
		a := map[string]string{"cijfer": marks[i], "gezond": health[i]}
		if texts[i] != "" {
			a["beter"] = texts[i]
		}
		rs = append(rs, Response{Area: "WK001400", Answers: a})
	}
	res := Compute(Wave{Code: "w", MinN: 5}, q, rs)
	if len(res.Questions) != 2 {
		t.Fatalf("%d counted questions, want 2 (the open question is not counted)", len(res.Questions))
	}
	// Marks: 9 count (one does not know); 7, 8, 10 and 9 are 7 or more.
	if c := res.Questions[0].Total; c.N != 9 || c.Agree != 4 {
		t.Errorf("marks: %d of %d count, want 4 of 9", c.Agree, c.N)
	}
	// Health: 9 know; zeer goed, goed, goed, goed are good.
	if c := res.Questions[1].Total; c.N != 9 || c.Agree != 4 {
		t.Errorf("health: %d of %d good, want 4 of 9", c.Agree, c.N)
	}
	if len(res.Open) != 1 {
		t.Fatalf("%d open results, want 1", len(res.Open))
	}
	o := res.Open[0]
	if o.Hidden || o.N != 3 || strings.Join(o.Answers, "|") != "Aardige mensen|Minder formulieren|Sneller antwoord op mijn brief" {
		t.Errorf("open answers %+v, want the three in alphabetical order", o)
	}
	// Below the wave's minimum the texts are not handed out, only counted.
	small := Compute(Wave{Code: "w", MinN: 11}, q, rs)
	if o := small.Open[0]; !o.Hidden || o.N != 3 || len(o.Answers) != 0 {
		t.Errorf("open answers of a small wave %+v, want 3 counted and none shown", o)
	}
}

func TestCleanOpen(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"  Sneller\r\nantwoord\t graag \x00", "Sneller\nantwoord  graag", true},
		{strings.Repeat("é", MaxOpenAnswer), strings.Repeat("é", MaxOpenAnswer), true},
		{strings.Repeat("é", MaxOpenAnswer+1), "", false},
		{"\xff\xfe", "", false},
	} {
		got, ok := CleanOpen(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("CleanOpen(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestReadCSVScales reads marks, health in words or steps, and open text.
func TestReadCSVScales(t *testing.T) {
	q := scaleQuestionnaire()
	in := "cijfer;gezond;beter\n" +
		"7;Zeer goed;Meer uitleg over de Stadjerspas\n" +
		"10;4;\n" +
		"weet niet;gaat wel;\"Twee regels;\nmet een puntkomma\"\n"
	imp, err := ReadCSV("antwoorden.csv", strings.NewReader(in), &q, "2025-04-01")
	if err != nil {
		t.Fatalf("ReadCSV: %v %v", err, perspectief.ErrorDetails(err))
	}
	got := [][3]string{}
	for _, r := range imp.Responses {
		got = append(got, [3]string{r.Answers["cijfer"], r.Answers["gezond"], r.Answers["beter"]})
	}
	want := [][3]string{{"7", "zeer_goed", "Meer uitleg over de Stadjerspas"}, {"10", "slecht", ""}, {DontKnow, "gaat_wel", "Twee regels;\nmet een puntkomma"}}
	if len(got) != len(want) {
		t.Fatalf("responses %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("response %d = %q, want %q", i, got[i], want[i])
		}
	}
	for _, c := range []struct{ in, want string }{
		{"cijfer\n11\n", "x.csv:2: kolom cijfer: antwoord \"11\" past niet bij de vraag (een heel cijfer van 0 tot en met 10, of weet niet)"},
		{"cijfer\n7.5\n", "x.csv:2: kolom cijfer: antwoord \"7.5\""},
		{"gezond\nprima\n", "x.csv:2: kolom gezond: antwoord \"prima\" past niet bij de vraag (zeer goed, goed"},
		{"beter\n" + strings.Repeat("x", MaxOpenAnswer+1) + "\n", "x.csv:2: kolom beter: het antwoord is langer dan 1.000 tekens"},
	} {
		_, err := ReadCSV("x.csv", strings.NewReader(c.in), &q, "2025-04-01")
		if d := strings.Join(perspectief.ErrorDetails(err), "\n"); !strings.Contains(d, c.want) {
			t.Errorf("%q: details %q, want %q", c.in, d, c.want)
		}
	}
}

// TestOpenQuestionMeasuresNothing: an open question cannot feed an
// indicator, since it is not counted.
func TestOpenQuestionMeasuresNothing(t *testing.T) {
	q := scaleQuestionnaire()
	q.Questions[2].Indicator = "tactisch_1_serieus_genomen"
	errs := q.Validate()
	if len(errs) != 1 || errs[0].Path != "vragen[2].indicator" || !strings.Contains(errs[0].Message, "open vraag") {
		t.Errorf("Validate = %v, want one error on vragen[2].indicator", errs)
	}
}
