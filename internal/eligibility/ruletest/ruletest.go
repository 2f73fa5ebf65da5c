// Package ruletest makes scheme files for tests of rule versions: the
// shipped Stadjerspas file as a new version with its own start date and
// income limit, so that the tests of the store, the pages, the commands
// and the browser load the same kind of file.
package ruletest

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/eligibility"
)

// Stadjerspas returns the shipped stadjerspas.yaml as version version,
// applying from from (YYYY-MM-DD) with an income limit of limit percent.
func Stadjerspas(t testing.TB, version, from string, limit int) []byte {
	t.Helper()
	b, err := fs.ReadFile(eligibility.RulesFS(), "stadjerspas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, r := range [][2]string{
		{`versie: "2025.2"`, `versie: "` + version + `"`},
		{"geldig_van: 2019-01-01", "geldig_van: " + from},
		{"{van: 2019-01-01, waarde: 120}", fmt.Sprintf("{van: %s, waarde: %d}", from, limit)},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("stadjerspas.yaml no longer has %q", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	return []byte(s)
}
