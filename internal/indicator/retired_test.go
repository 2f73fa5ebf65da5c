package indicator

import (
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

// A retired indicator takes no new values: a file naming it is refused
// whole, with the indicator by name and code, the line and the column,
// and the values of other indicators in it are not read either.
func TestRetiredIndicatorTakesNoValues(t *testing.T) {
	reg, err := DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	ind, ok := reg.Indicator("o3_vroegsignalen")
	if !ok {
		t.Fatal("o3_vroegsignalen not in the built-in register")
	}
	file := "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n" +
		"moeite_met_rondkomen,2024,GM0014,,14,,,,OIS,\n" +
		"o3_vroegsignalen,2024-Q3,GM0014,totaal,3,,,,Eigen registratie,\n"
	if vals, err := ReadValues("juni.csv", strings.NewReader(file), reg); err != nil || len(vals) != 2 {
		t.Fatalf("before retiring: %d values, %v", len(vals), err)
	}
	ind.Retired = true
	vals, err := ReadValues("juni.csv", strings.NewReader(file), reg)
	if vals != nil || perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		t.Fatalf("a file with a retired indicator gave %d values, %v", len(vals), err)
	}
	want := "juni.csv:3: indicator: ‘" + ind.Name + "’ (o3_vroegsignalen) is vervallen en neemt geen nieuwe waarden aan"
	if got := perspectief.ErrorDetailLines(err); !slices.Equal(got, []string{want}) {
		t.Errorf("details %q\nwant %q", got, want)
	}
	// A value typed into the form meets the same rule, on its indicator field.
	_, problems := checkRecord(ValueInput{Period: "2024-Q4", Area: "GM0014", Value: "5", Source: "x"}.Record("o3_vroegsignalen"), reg)
	if len(problems) != 1 || problems[0].Column != "indicator" || !strings.Contains(problems[0].Message, "is vervallen") {
		t.Errorf("form: %+v", problems)
	}
}
