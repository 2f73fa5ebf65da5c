package eligibility

import (
	"io/fs"
	"strings"
	"testing"
)

// TestParameterRanges: a rule version whose parameter is out of range (an
// income limit of -100% once decided the public wijzer) is refused with
// its file, line and field; the shipped version stays in force.
func TestParameterRanges(t *testing.T) {
	base, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(RulesFS(), "stadjerspas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := strings.Replace(string(src), "versie: \"", "versie: \"test-", 1)
	if _, err := base.ParseVersion("stadjerspas.yaml", []byte(good)); err != nil {
		t.Fatalf("the shipped file as a new version: %v", err)
	}
	for _, c := range []struct{ value, want string }{
		{"-100", "-100 is negatief"},
		{"5000", "5000 is groter dan 1000 procent"},
	} {
		bad := strings.Replace(good, "waarde: 120}", "waarde: "+c.value+"}", 1)
		if bad == good {
			t.Fatal("the test file has no income limit of 120")
		}
		_, err := base.ParseVersion("stadjerspas.yaml", []byte(bad))
		if err == nil || !strings.Contains(err.Error(), "stadjerspas.yaml:27: parameters[0].waarden[0].waarde: "+c.want) {
			t.Errorf("limit %s: %v", c.value, err)
		}
	}
	for _, c := range []struct {
		unit string
		v    float64
		ok   bool
	}{{"euro", 21367, true}, {"euro", -1, false}, {"euro bruto per jaar", 2e7, false}, {"jaar", 21, true}, {"jaar", 200, false}, {"personen", 5, true}, {"personen", -2, false}, {"huishoudtype (trendmonitor)", 3, true}} {
		if got := paramRange(c.unit, c.v) == ""; got != c.ok {
			t.Errorf("paramRange(%q, %g) accepts: %v, want %v", c.unit, c.v, got, c.ok)
		}
	}
}
