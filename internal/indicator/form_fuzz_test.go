package indicator

import (
	"reflect"
	"strings"
	"testing"
)

func TestIndicatorInput(t *testing.T) {
	in := IndicatorInput{Code: "x", BaselineYear: "2023", BaselineValue: "7,5", Targets: []TargetInput{
		{Year: "2024"}, // left empty: no target
		{Year: "2025", Goal: "getal", Value: "12,5", Margin: "1"},
		{Year: "twintig", Goal: "stijging"},
		{Year: "2026", Goal: "", Reason: "besluit"},
		{Year: "2027", Goal: "getal", Value: "1.000,5"},
		{Year: "2028", Goal: "daling", Reason: "(voorbeeld)"},
	}}
	ind, rows, problems := in.Indicator()
	if ind.Baseline == nil || ind.Baseline.Value != 7.5 || ind.Baseline.Year != 2023 {
		t.Errorf("baseline %+v", ind.Baseline)
	}
	if len(ind.Targets) != 2 || ind.Targets[0].Year != 2025 || *ind.Targets[0].Value != 12.5 || ind.Targets[1].Goal != Decrease ||
		!reflect.DeepEqual(rows, []int{1, 5}) {
		t.Errorf("targets %+v rows %v", ind.Targets, rows)
	}
	got := map[string]string{}
	for _, p := range problems {
		got[p.Path] = p.Message
	}
	for path, want := range map[string]string{
		"streefwaarden[2].jaar":   `"twintig" is geen jaar`,
		"streefwaarden[3].doel":   "kies een doel voor 2026",
		"streefwaarden[4].waarde": `"1.000,5" is geen getal`,
	} {
		if !strings.Contains(got[path], want) {
			t.Errorf("%s: %q, want %q", path, got[path], want)
		}
	}
	if len(problems) != 3 {
		t.Errorf("problems %v", problems)
	}
	if p := TargetRow("streefwaarden[1].marge", rows); p != "streefwaarden[5].marge" {
		t.Errorf("TargetRow = %s", p)
	}
	if _, _, p := (IndicatorInput{BaselineYear: "2020"}).Indicator(); len(p) != 1 || p[0].Path != "nulmeting.waarde" {
		t.Errorf("baseline without value: %v", p)
	}
}

// FuzzIndicatorInput: reading the form never panics; every target read
// maps to a row that was not blank; and what was read shows in the form as
// text that reads back to the same indicator.
func FuzzIndicatorInput(f *testing.F) {
	f.Add("2023", "7,5", "2026", "getal", "150", "10", "besluit")
	f.Add("", "", "2025", "stijging", "", "", "")
	f.Add("x", "1.000", "-1", "", "1e3", "NaN", "(voorbeeld)")
	f.Fuzz(func(t *testing.T, by, bv, year, goal, value, margin, reason string) {
		in := IndicatorInput{BaselineYear: by, BaselineValue: bv, Targets: []TargetInput{{Year: year, Goal: goal, Value: value, Margin: margin, Reason: reason}, {}}}
		ind, rows, problems := in.Indicator()
		if len(rows) != len(ind.Targets) {
			t.Fatalf("%d rows for %d targets", len(rows), len(ind.Targets))
		}
		for _, r := range rows {
			if in.Targets[r].Blank() {
				t.Fatalf("blank row %d became a target", r)
			}
		}
		if len(problems) > 0 {
			return
		}
		again, _, p2 := ind.Input().Indicator()
		if len(p2) > 0 || !reflect.DeepEqual(again.Targets, ind.Targets) || !reflect.DeepEqual(again.Baseline, ind.Baseline) {
			t.Fatalf("round trip: %+v %+v → %+v %+v (%v)", ind.Targets, ind.Baseline, again.Targets, again.Baseline, p2)
		}
	})
}
