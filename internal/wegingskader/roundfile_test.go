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
