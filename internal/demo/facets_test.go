package demo_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/programme"
)

// TestFacetsSayFictional: every stage or area the demo makes up (the
// programme file does not give it) is marked on the intervention with
// "(voorbeeld", naming what was made up; an intervention whose stage and
// area come from the file gets no such note.
func TestFacetsSayFictional(t *testing.T) {
	read := func() *programme.Model {
		m, err := programme.ReadFile("groningen.yaml", bytes.NewReader(programme.GroningenFile()))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	shipped, m := read(), read()
	demo.Facets(m)
	marked, plain := 0, 0
	for i, iv := range m.Interventions {
		orig := shipped.Interventions[i]
		stage, area := orig.Stage == "" && iv.Stage != "", orig.Area == "" && iv.Area != ""
		note := strings.Contains(iv.Canvas.Approach, "(voorbeeld")
		switch {
		case !stage && !area:
			plain++
			if note {
				t.Errorf("%s: stage and area are the file's own, but the approach says %q", iv.Code, iv.Canvas.Approach)
			}
		case !note:
			t.Errorf("%s: made-up stage %v or area %v not marked: %q", iv.Code, stage, area, iv.Canvas.Approach)
		default:
			marked++
			if stage != strings.Contains(iv.Canvas.Approach, "de fase") || area != strings.Contains(iv.Canvas.Approach, "het gebied") {
				t.Errorf("%s: made up stage %v, area %v; note %q", iv.Code, stage, area, iv.Canvas.Approach)
			}
			if !strings.HasPrefix(iv.Canvas.Approach, orig.Canvas.Approach) {
				t.Errorf("%s: the file's approach text changed", iv.Code)
			}
		}
	}
	if marked == 0 {
		t.Error("the demo makes up no stage or area")
	}
	t.Logf("%d interventions marked, %d with the file's own stage and area", marked, plain)
}
