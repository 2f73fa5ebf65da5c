package panelgen_test

import (
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/panelgen"
)

func TestExplore(t *testing.T) {
	start := time.Now()
	s := computeStats(t, panelgen.Config{Mode: panelgen.Groningen, Seed: 1})
	t.Logf("%v\n%s", time.Since(start), s)
}
