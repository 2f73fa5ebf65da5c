package indicator

import (
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

func TestNormalizeKindMapsOldRegisters(t *testing.T) {
	cases := []struct{ typ, kind, want, wantType string }{
		{"output", "prestatie", KindPolicy, "output"},
		{"output", "effect", KindPolicy, "output"}, // the old mislabel: output is the gemeente's own work
		{"proces", "effect", KindPolicy, "throughput"},
		{"input", "effect", KindPolicy, "input"},
		{"outcome", "effect", KindContext, "outcome"},
		{"impact", "effect", KindContext, "impact"},
		{"impact", "context", KindContext, "impact"},
		{"outcome", KindPolicy, KindPolicy, "outcome"},
		{"outcome", "iets", "iets", "outcome"}, // unknown stays, for validation to name
	}
	for _, c := range cases {
		ind := Indicator{Type: c.typ, Kind: c.kind}
		ind.NormalizeKind()
		if ind.Kind != c.want || ind.Type != c.wantType {
			t.Errorf("%s/%s → %s/%s, want %s/%s", c.typ, c.kind, ind.Type, ind.Kind, c.wantType, c.want)
		}
	}
	// An old register file still reads, with the kinds mapped.
	reg, err := ReadRegister("oud.yaml", strings.NewReader(`indicatoren:
  - {code: a, naam: A, type: output, soort: effect, niveau: operationeel, goede_richting: omhoog}
  - {code: b, naam: B, type: impact, soort: context, niveau: missie, goede_richting: omlaag}
`))
	if err != nil {
		t.Fatal(err, perspectief.ErrorDetails(err))
	}
	if reg.Indicators[0].Kind != KindPolicy || reg.Indicators[1].Kind != KindContext {
		t.Errorf("kinds %s, %s", reg.Indicators[0].Kind, reg.Indicators[1].Kind)
	}
}

func TestCheckIndicatorNamesFields(t *testing.T) {
	ind := Indicator{Code: "Fout code", Type: "resultaat", Kind: "prestatie-ish", Level: "wijk", Direction: "links",
		Baseline: &Baseline{Year: 20},
		Targets:  []Target{{Year: 2026, Goal: Number}, {Year: 2026, Goal: Increase, Value: f(3)}, {Year: 2027, Goal: "beter", Margin: -1}}}
	got := map[string]string{}
	for _, fe := range CheckIndicator(&ind) {
		got[fe.Path] += fe.Message + ";"
	}
	for path, want := range map[string]string{
		"code": "geen geldige code", "naam": "ontbreekt", "type": `"resultaat" moet een van input, throughput`,
		"soort": "beleidsindicator, omgevingsindicator", "niveau": "geen doelniveau", "goede_richting": "omhoog, omlaag of geen",
		"nulmeting.jaar":          "20 is geen jaar",
		"streefwaarden[0].waarde": "ontbreekt bij doel getal",
		"streefwaarden[1].jaar":   "2026 heeft al een streefwaarde",
		"streefwaarden[1].waarde": "alleen bij doel getal",
		"streefwaarden[2].doel":   `"beter" moet stabiel, stijging, daling of getal zijn`,
		"streefwaarden[2].marge":  "niet negatief",
	} {
		if !strings.Contains(got[path], want) {
			t.Errorf("%s: %q, want %q", path, got[path], want)
		}
	}
	ok := Indicator{Code: "kansrijk", Name: "Kansrijk", Type: "output", Kind: KindPolicy, Level: "operationeel", Direction: Up,
		Targets: []Target{{Year: 2026, Goal: Number, Value: f(150), Margin: 10, Reason: "(voorbeeld)"}}}
	if fs := CheckIndicator(&ok); len(fs) > 0 {
		t.Errorf("a valid indicator was refused: %v", fs)
	}
}

func TestDiffIndicators(t *testing.T) {
	a := Indicator{Code: "a", Name: "A", Targets: []Target{{Year: 2025, Goal: Increase}}}
	b := Indicator{Code: "b", Name: "B"}
	a2 := cloneIndicator(a)
	a2.Targets[0].Reason = "besluit"
	a2.Retired = true
	c := Indicator{Code: "c", Name: "C", Goals: []string{}}
	got := DiffIndicators([]Indicator{a, b, {Code: "c", Name: "C"}}, []Indicator{a2, c, {Code: "d", Name: "D"}})
	if len(got) != 3 {
		t.Fatalf("%d differences: %+v", len(got), got)
	}
	if got[0].Code != "a" || got[0].Change != VersionEdit || strings.Join(got[0].Fields, ",") != "streefwaarden,vervallen" {
		t.Errorf("a: %+v", got[0])
	}
	if got[1].Code != "d" || got[1].Change != VersionAdd || got[2].Code != "b" || got[2].Change != "verwijderd" {
		t.Errorf("d, b: %+v", got[1:])
	}
	if a.Targets[0].Reason != "" {
		t.Error("cloneIndicator shared the targets")
	}
}
