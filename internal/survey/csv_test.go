package survey

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

func TestReadCSV(t *testing.T) {
	q := testQuestionnaire()
	in := "\ufeffWijk;serieus;andere;datum\n" +
		"Centrum;Mee eens;ja;14-03-2025 10:22\n" +
		"wk001401;5;Nee;2025-03-15\n" +
		";weet niet;;\n" +
		";;;\n" +
		"Oud-West;helemaal_oneens;j;\n"
	imp, err := ReadCSV("antwoorden.csv", strings.NewReader(in), &q, "2025-04-01")
	if err != nil {
		t.Fatalf("ReadCSV: %v %v", err, perspectief.ErrorDetails(err))
	}
	if imp.Empty != 1 || len(imp.Responses) != 4 {
		t.Fatalf("got %d responses and %d empty rows, want 4 and 1", len(imp.Responses), imp.Empty)
	}
	want := []Response{
		{Area: "WK001400", Date: "2025-03-14", Answers: map[string]string{"serieus": Agrees, "andere": Yes}},
		{Area: "WK001401", Date: "2025-03-15", Answers: map[string]string{"serieus": StronglyAgree, "andere": No}},
		{Area: "", Date: "2025-04-01", Answers: map[string]string{"serieus": DontKnow}},
		{Area: "WK001402", Date: "2025-04-01", Answers: map[string]string{"serieus": StronglyDisagree, "andere": Yes}},
	}
	for i, w := range want {
		g := imp.Responses[i]
		if g.Area != w.Area || g.Date != w.Date || g.Channel != ChannelImport || len(g.Answers) != len(w.Answers) {
			t.Errorf("response %d = %+v, want %+v", i, g, w)
			continue
		}
		for k, v := range w.Answers {
			if g.Answers[k] != v {
				t.Errorf("response %d answer %s = %q, want %q", i, k, g.Answers[k], v)
			}
		}
	}
}

func TestReadCSVRefusesWithLineAndColumn(t *testing.T) {
	q := testQuestionnaire()
	for _, c := range []struct{ name, in, want string }{
		{"unknown column", "serieus,ip\n4,1.2.3.4\n", "x.csv:1: kolom 2 (\"ip\"): onbekende kolom"},
		{"bad answer", "serieus,andere\n4,ja\n6,nee\n", "x.csv:3: kolom serieus: antwoord \"6\" past niet bij de vraag"},
		{"bad yes/no", "serieus,andere\n4,misschien\n", "x.csv:2: kolom andere: antwoord \"misschien\""},
		{"unknown area", "wijk,serieus\nAtlantis,4\n", "x.csv:2: kolom wijk: gebied \"Atlantis\" staat niet in de vragenlijst"},
		{"bad date", "serieus,datum\n4,32-13-2025\n", "x.csv:2: kolom datum: datum \"32-13-2025\""},
		{"field count", "serieus,andere\n4,ja,extra\n", "x.csv:2: de regel heeft 3 velden; de kopregel heeft er 2"},
		{"quote", "serieus,andere\n\"4,ja\n", "x.csv:2: kolom"},
		{"duplicate column", "serieus,serieus\n4,4\n", "kolom 2 (\"serieus\"): komt twee keer voor"},
		{"no question", "wijk,datum\nCentrum,2025-01-01\n", "geen enkele kolom is een vraag"},
		{"empty", "", "x.csv:1: het bestand is leeg"},
		{"only empty rows", "serieus,andere\n,\n", "geen enkel antwoord"},
	} {
		_, err := ReadCSV("x.csv", strings.NewReader(c.in), &q, "2025-01-01")
		if err == nil {
			t.Errorf("%s: accepted, want refusal with %q", c.name, c.want)
			continue
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("%s: code %s, want invalid", c.name, perspectief.ErrorCode(err))
		}
		all := strings.Join(perspectief.ErrorDetails(err), "\n")
		if !strings.Contains(all, c.want) {
			t.Errorf("%s: details\n%s\nwant %q", c.name, all, c.want)
		}
	}
	// Every bad row is reported, not only the first.
	_, err := ReadCSV("x.csv", strings.NewReader("serieus\n9\n4\n0\n"), &q, "2025-01-01")
	if d := perspectief.ErrorDetails(err); len(d) != 2 || !strings.HasPrefix(d[0], "x.csv:2:") || !strings.HasPrefix(d[1], "x.csv:4:") {
		t.Errorf("details %q, want lines 2 and 4", d)
	}
}

// TestReadCSVListsEveryProblemInOrder pins the whole list of messages of a
// file with many bad rows: row by row, column by column, and after fifty
// problems only how many more there are.
func TestReadCSVListsEveryProblemInOrder(t *testing.T) {
	q := testQuestionnaire()
	many := "serieus\n" + strings.Repeat("9\n", maxCSVErrors+3)
	var tooMany []string
	for line := 2; line < 2+maxCSVErrors; line++ {
		tooMany = append(tooMany, fmt.Sprintf(`x.csv:%d: kolom serieus: antwoord "9" past niet bij de vraag (1 tot 5, of helemaal mee oneens, mee oneens, neutraal, mee eens, helemaal mee eens, weet niet)`, line))
	}
	tooMany = append(tooMany, "x.csv: en nog 3 fout(en)")
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"every kind", "respondent;wijk;datum;serieus;andere\n" +
			"r1;Atlantis;32-13-2025;6;misschien\n" +
			"r1;Centrum;2025-01-01;4;ja\n" +
			";Centrum;;4;ja\n" +
			"r2;Centrum;;4\n" +
			"r3;;;;\n" +
			"r4;Centrum;;\"4;ja\n" +
			"r5;Centrum;;4;ja\n", []string{
			"x.csv:2: kolom wijk: gebied \"Atlantis\" staat niet in de vragenlijst",
			"x.csv:2: kolom datum: datum \"32-13-2025\": gebruik JJJJ-MM-DD of DD-MM-JJJJ",
			"x.csv:2: kolom serieus: antwoord \"6\" past niet bij de vraag (1 tot 5, of helemaal mee oneens, mee oneens, neutraal, mee eens, helemaal mee eens, weet niet)",
			"x.csv:2: kolom andere: antwoord \"misschien\" past niet bij de vraag (ja, nee of weet niet)",
			"x.csv:3: kolom respondent: respondent \"r1\" staat ook op regel 2",
			"x.csv:4: kolom respondent: het respondentnummer ontbreekt",
			"x.csv:5: de regel heeft 4 velden; de kopregel heeft er 5",
			"x.csv:8: kolom 18: een aanhalingsteken staat op een verkeerde plek",
		}},
		{"too many", many, tooMany},
	} {
		_, err := ReadCSV("x.csv", strings.NewReader(c.in), &q, "2025-01-01")
		if got := perspectief.ErrorDetails(err); !slices.Equal(got, c.want) {
			t.Errorf("%s: details\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// FuzzReadCSV: whatever the file, the reader either refuses it with
// messages that name the file and a line, or returns responses whose every
// answer is one the question offers and whose area is one of the
// questionnaire's.
func FuzzReadCSV(f *testing.F) {
	q := testQuestionnaire()
	q.Questions = append(q.Questions, scaleQuestionnaire().Questions...)
	f.Add([]byte("cijfer;gezond;beter\n7;zeer goed;Sneller graag\n10;4;\"twee\nregels\"\n"))
	f.Add([]byte("wijk;serieus;andere;datum\nCentrum;Mee eens;ja;14-03-2025\n"))
	f.Add([]byte("serieus,andere\n1,nee\n5,ja\n,\n"))
	f.Add([]byte("\ufeffserieus\n\"helemaal mee eens\"\n"))
	f.Add([]byte("serieus,andere\n\"4,ja\n"))
	f.Add([]byte("gebied,serieus\nWK001401,weet niet\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := ReadCSV("f.csv", bytes.NewReader(data), &q, "2025-01-01")
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
				t.Fatalf("error without the invalid code: %v", err)
			}
			d := perspectief.ErrorDetails(err)
			if len(d) == 0 {
				t.Fatalf("refused without details: %v", err)
			}
			for _, m := range d {
				if !strings.HasPrefix(m, "f.csv:") {
					t.Fatalf("message does not name the file and line: %q", m)
				}
			}
			return
		}
		if len(imp.Responses) == 0 {
			t.Fatal("accepted without responses")
		}
		for _, r := range imp.Responses {
			if r.Area != "" && !q.HasArea(r.Area) {
				t.Fatalf("area %q is not in the questionnaire", r.Area)
			}
			if len(r.Answers) == 0 {
				t.Fatal("a response without answers")
			}
			for code, v := range r.Answers {
				qu, ok := q.Question(code)
				if !ok {
					t.Fatalf("answer to unknown question %q", code)
				}
				if qu.Kind == Open {
					if clean, ok := CleanOpen(v); !ok || clean != v || v == "" {
						t.Fatalf("open answer %q to %s is not clean text of at most %d characters", v, code, MaxOpenAnswer)
					}
					continue
				}
				if _, ok := qu.Kind.Option(v); !ok {
					t.Fatalf("answer %q is not an option of %s", v, code)
				}
			}
			if len(r.Date) != 10 {
				t.Fatalf("date %q is not YYYY-MM-DD", r.Date)
			}
		}
	})
}
