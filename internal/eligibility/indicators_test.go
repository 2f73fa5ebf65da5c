package eligibility

import (
	"testing"

	"github.com/perspectief/perspectief/internal/indicator"
)

func TestReachValues(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	reg := &indicator.Register{}
	for _, sc := range set.Schemes {
		if _, ok := reg.Indicator(IndicatorCode(sc.Code)); !ok {
			reg.Indicators = append(reg.Indicators, sc.Indicator())
		}
	}
	if errs := reg.Validate(); len(errs) > 0 {
		t.Fatalf("generated register entries: %v", errs)
	}
	rows := []ReachRow{
		{Scheme: "stadjerspas", Version: "2025.1", Year: 2025, Level: "gemeente", Area: "GM0014", Group: "totaal", Entitled: 40, Users: 30, NonUsers: 10},
		{Scheme: "stadjerspas", Year: 2025, Level: "buurt", Area: "BU00140101", Group: "type:eenouder", Entitled: 3, NonUsers: 3, Suppressed: true},
		{Scheme: "kindpas", Year: 2025, Level: "buurt", Area: "BU00140102", Group: "totaal"}, // k = 0 cannot happen, but no division by zero
	}
	vs := ReachValues(rows, "bron")
	if len(vs) != 2 {
		t.Fatalf("values %+v", vs)
	}
	v := vs[0]
	if v.Indicator != "niet_gebruik_stadjerspas" || v.Period != indicator.YearPeriod(2025) || v.Area != "GM0014" || v.Group != "totaal" ||
		v.Value != 25 || *v.Num != 10 || *v.Den != 40 || v.Suppressed || v.Source != "bron" ||
		v.Note != "besloten met de regels van stadjerspas, versie 2025.1" {
		t.Errorf("value %+v", v)
	}
	if s := vs[1]; !s.Suppressed || s.Num != nil || s.Den != nil || s.Value != 0 {
		t.Errorf("suppressed value %+v", s)
	}
}
