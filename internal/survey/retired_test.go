package survey

import (
	"slices"
	"testing"

	"github.com/perspectief/perspectief/internal/indicator"
)

// A question that measures a retired indicator is skipped when a wave's
// results go into the register, with the rule's own words; the other
// questions still give their values.
func TestRetiredIndicatorSkipped(t *testing.T) {
	qs, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(qs, func(q *Questionnaire) bool { return q.Code == "welbevinden" })
	if i < 0 {
		t.Fatal("no shipped questionnaire welbevinden")
	}
	q := qs[i]
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	ind, ok := reg.Indicator("welbevinden_eenzaamheid")
	if !ok {
		t.Fatal("welbevinden_eenzaamheid not in the register")
	}
	ind.Retired = true
	rs := []Response{{Area: "WK001400", Answers: map[string]string{"eenzaam": Agrees, "tevreden_leven": "7"}}}
	res := Compute(Wave{Code: "welzijn-2026", Title: "Welbevinden 2026", Questionnaire: q.Code, Version: 1, Period: "2026"}, *q, rs)
	vals, skipped := IndicatorValues(&res, reg)
	want := "vraag eenzaam: ‘" + ind.Name + "’ (welbevinden_eenzaamheid) is vervallen en neemt geen nieuwe waarden aan"
	if !slices.Equal(skipped, []string{want}) {
		t.Errorf("skipped %q\nwant %q", skipped, want)
	}
	for _, v := range vals {
		if v.Indicator == "welbevinden_eenzaamheid" {
			t.Fatalf("a value of the retired indicator: %+v", v)
		}
	}
	if len(vals) == 0 {
		t.Error("the other questions gave no values")
	}
}
