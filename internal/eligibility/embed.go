package eligibility

import (
	"embed"
	"io/fs"
	"sync"

	"github.com/perspectief/perspectief/internal/norms"
)

// rulesFS holds the shipped Groningen rule set and its test cases.
//
//go:embed rules/*.yaml
var rulesFS embed.FS

// RulesFS returns the shipped rule directory.
func RulesFS() fs.FS {
	sub, err := fs.Sub(rulesFS, "rules")
	if err != nil {
		panic(err)
	}
	return sub
}

// DefaultNorm is the social minimum of the trendmonitor's default norms, so
// that 'income up to 120%' means the same in the wijzer, the batch run and
// the trendmonitor.
func DefaultNorm(year int, householdType string, aow bool, minors int) (float64, bool) {
	return norms.Default().Norm(year, householdType, aow, minors)
}

var defaultSet = sync.OnceValues(func() (*Set, error) { return Load(RulesFS(), DefaultNorm) })

// Default returns the shipped rule set, loaded once. The tests load it, so
// an error here means a broken build rather than a broken deployment.
func Default() (*Set, error) { return defaultSet() }

// MustDefault is Default for start-up wiring: the shipped rules are checked
// by the tests, so failing to load them is a build error, not a user error.
func MustDefault() *Set {
	set, err := Default()
	if err != nil {
		panic(err)
	}
	return set
}
