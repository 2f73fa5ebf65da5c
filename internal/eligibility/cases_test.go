package eligibility

import (
	"testing"
)

// TestShippedCases runs every test case beside the shipped rules.
func TestShippedCases(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := set.LoadCases(RulesFS())
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, problem := range set.CheckCases(cases) {
		t.Error(problem)
	}
	seen := map[string]map[Outcome]bool{}
	for _, c := range cases {
		for code, want := range c.Expect {
			if seen[code] == nil {
				seen[code] = map[Outcome]bool{}
			}
			seen[code][want] = true
		}
	}
	// Every shipped scheme must be tested on both sides.
	for _, sc := range set.Schemes {
		if !seen[sc.Code][Ja] || !seen[sc.Code][Nee] {
			t.Errorf("%s: test cases need both a ja and a nee, have %v", sc.Code, seen[sc.Code])
		}
	}
}
