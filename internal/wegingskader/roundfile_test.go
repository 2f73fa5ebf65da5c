package wegingskader

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadRoundFile(t *testing.T) {
	rf, err := ReadRoundFile(strings.NewReader(`{"jaren":[2026,2027], "budget":[250000,150000],
		"aanvragen":[{"id":"A1","score":77.6,"bedragen":[45000,45000]},
		             {"id":"A2","score":60,"bedragen":[200000,0]},
		             {"id":"A3","score":50,"bedragen":[100000,100000]},
		             {"id":"A5","score":90,"bedragen":[10000,10000]}],
		"vast":{"A3":"in","A5":"uit"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rf.Years, []int{2026, 2027}) || !slices.Equal(rf.IDs, []string{"A1", "A2", "A3", "A5"}) || rf.FixCount != 2 {
		t.Fatalf("read %+v", rf)
	}
	sol, err := rf.Choose(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	// A3 is fixed in (100.000 of each year), A5 out: A1 fits next to it,
	// A2 does not (200.000 + 100.000 > 250.000).
	if !slices.Equal(sol.Chosen, []bool{true, false, true, false}) || !sol.Proven || sol.Value != 127.6 {
		t.Errorf("chose %v (%v, proven %v), want A1 and A3 (127.6, proven)", sol.Chosen, sol.Value, sol.Proven)
	}
}

func TestReadRoundFileRefuses(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, "het bestand is leeg"},
		{`[1]`, "één JSON-object"},
		{`{"jaren":[2026],"budget":[1],"aanvragen":[],"x":1}`, "x: onbekend veld"},
		{`{"budget":[1],"aanvragen":[]}`, "jaren: ontbreekt"},
		{`{"jaren":[2026,2026],"budget":[1,1],"aanvragen":[]}`, "jaren[1]: 2026 staat er twee keer in"},
		{`{"jaren":[2026],"budget":[1,2],"aanvragen":[]}`, "budget: 2 bedragen voor 1 jaren"},
		{`{"jaren":[2026],"budget":[-5],"aanvragen":[]}`, "budget[0]: een bedrag is een heel aantal euro van 0 of meer, niet -5"},
		{`{"jaren":[2026],"budget":[5]}`, "aanvragen: ontbreekt"},
		{`{"jaren":[2026],"budget":[5],"aanvragen":[{"score":1,"bedragen":[1]}]}`, "aanvragen[0].id: ontbreekt"},
		{`{"jaren":[2026],"budget":[5],"aanvragen":[{"id":"A","score":1,"bedragen":[1]},{"id":"A","score":1,"bedragen":[1]}]}`, `aanvragen[1].id: "A" staat er twee keer in`},
		{`{"jaren":[2026],"budget":[5],"aanvragen":[{"id":"A","score":"hoog","bedragen":[1]}]}`, `aanvragen[0].score: een score is een getal van 0 tot en met 1000000, niet "hoog"`},
		{`{"jaren":[2026],"budget":[5],"aanvragen":[{"id":"A","score":1,"bedragen":[2.5]}]}`, "aanvragen[0].bedragen[0]: een bedrag is een heel aantal euro van 0 of meer, niet 2.5"},
		{`{"jaren":[2026],"budget":[5],"aanvragen":[{"id":"A","score":1,"bedragen":[1]}],"vast":{"B":"in"}}`, "vast.B: geen aanvraag met deze id"},
		{`{"jaren":[2026],"budget":[5],"aanvragen":[{"id":"A","score":1,"bedragen":[1]}],"vast":{"A":"ja"}}`, `vast.A: kies "in" of "uit", niet "ja"`},
		{`{"jaren":[2026],"budget":[5],"aanvragen":[]} {}`, "na het object staat nog meer tekst"},
	}
	for _, c := range cases {
		_, err := ReadRoundFile(strings.NewReader(c.in))
		var re *RoundFileError
		if !errors.As(err, &re) {
			t.Errorf("%s: err = %v, want a RoundFileError", c.in, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n%v\nwant it to say %q", c.in, err, c.want)
		}
	}
	// Fixes over the budget are refused at the choice, with the year.
	rf, err := ReadRoundFile(strings.NewReader(`{"jaren":[2026,2027],"budget":[10,5],"aanvragen":[{"id":"A","score":1,"bedragen":[4,6]}],"vast":{"A":"in"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rf.Choose(context.Background(), 0); err == nil || !strings.Contains(err.Error(), "vast: de aanvragen die vastgezet zijn op \"in\" vragen in 2027 samen € 6, maar het budget is € 5") {
		t.Errorf("fixes over budget: %v", err)
	}
}

// TestReadRoundFileListsEveryProblemInOrder pins the whole list of problems
// of a file with many: every message, in file order (fields, jaren,
// budget, aanvragen one by one, vast).
func TestReadRoundFileListsEveryProblemInOrder(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`{"jaren":[2026,2026,"x"],"budget":[1,-2],"aanvragen":[3,{"id":" x","score":"h","bedragen":[1.5,-1,2],"q":1},{"id":"A","score":2e7,"bedragen":[1,2,3]},{"id":"A","score":1,"bedragen":"b"}],"vast":{"A":"ja","B":"in"},"z":[]}`,
			[]string{
				"z: onbekend veld; de velden zijn jaren, budget, aanvragen (id, score, bedragen) en vast",
				"jaren[1]: 2026 staat er twee keer in",
				"jaren[2]: een jaar is een heel getal van 1900 tot en met 2200, niet \"x\"",
				"budget: 2 bedragen voor 3 jaren; geef één bedrag per jaar",
				"budget[1]: een bedrag is een heel aantal euro van 0 of meer, niet -2",
				"aanvragen[0]: verwacht een object met id, score en bedragen",
				"aanvragen[0].id: ontbreekt",
				"aanvragen[0].score: ontbreekt",
				"aanvragen[0].bedragen: ontbreekt; geef een lijst",
				"aanvragen[1].q: onbekend veld; een aanvraag heeft id, score en bedragen",
				"aanvragen[1].id: een id is niet-lege tekst zonder spaties aan begin of eind, niet \" x\"",
				"aanvragen[1].score: een score is een getal van 0 tot en met 1000000, niet \"h\"",
				"aanvragen[1].bedragen[0]: een bedrag is een heel aantal euro van 0 of meer, niet 1.5",
				"aanvragen[1].bedragen[1]: een bedrag is een heel aantal euro van 0 of meer, niet -1",
				"aanvragen[2].score: een score is een getal van 0 tot en met 1000000, niet 2e7",
				"aanvragen[3].id: \"A\" staat er twee keer in",
				"aanvragen[3].bedragen: verwacht een lijst",
				"aanvragen[3].bedragen: 0 bedragen voor 3 jaren; geef één bedrag per jaar",
				"vast.A: kies \"in\" of \"uit\", niet \"ja\"",
				"vast.B: geen aanvraag met deze id",
			}},
		{`{"jaren":"x","budget":{},"aanvragen":"y","vast":[1]}`,
			[]string{
				"jaren: verwacht een lijst",
				"jaren: noem minstens één jaar",
				"budget: verwacht een lijst",
				"aanvragen: verwacht een lijst",
				"vast: verwacht een object als {\"A3\": \"in\", \"A5\": \"uit\"}",
			}},
	}
	for _, c := range cases {
		_, err := ReadRoundFile(strings.NewReader(c.in))
		var re *RoundFileError
		if !errors.As(err, &re) {
			t.Fatalf("%s: err = %v, want a RoundFileError", c.in, err)
		}
		if !slices.Equal(re.Problems, c.want) {
			t.Errorf("%s: problems\n%s\nwant\n%s", c.in, strings.Join(re.Problems, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func FuzzReadRoundFile(f *testing.F) {
	f.Add(`{"jaren":[2026,2027],"budget":[250000,150000],"aanvragen":[{"id":"A1","score":77.6,"bedragen":[45000,45000]},{"id":"A2","score":60,"bedragen":[200000,0]}],"vast":{"A2":"in"}}`)
	f.Add(`{"jaren":[2026],"budget":[1e3],"aanvragen":[{"id":"A","score":1,"bedragen":[1]}],"vast":{"A":"uit"}}`)
	f.Add(`{"jaren":[],"budget":null,"aanvragen":{}}`)
	f.Fuzz(func(t *testing.T, in string) {
		rf, err := ReadRoundFile(strings.NewReader(in))
		if err != nil {
			var re *RoundFileError
			if !errors.As(err, &re) || len(re.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		p := rf.Problem
		if len(p.Items) != len(rf.IDs) || len(p.Capacity) != len(rf.Years) || len(p.Fixed) != len(p.Items) {
			t.Fatalf("inconsistent round %+v", rf)
		}
		for _, it := range p.Items {
			if len(it.Cost) != len(rf.Years) || it.Value < 0 {
				t.Fatalf("bad item %+v", it)
			}
		}
		if len(p.Items) <= 12 {
			sol, err := rf.Choose(context.Background(), 0)
			if err == nil && sol.Proven {
				if want := bruteForce(p); sol.Value < want-1e-6*(1+want) {
					t.Fatalf("value %v, brute force %v", sol.Value, want)
				}
			}
		}
	})
}
