package chart

import (
	"strings"
	"testing"
)

func TestGroupedBars(t *testing.T) {
	c := GroupedBars{Title: "Laag inkomen per huishoudtype", Desc: "d", Percent: true,
		Categories: []string{"Totaal", "Eenouder & kind"},
		Series: []Series{
			{Name: "tot 110%", Points: []Point{{Value: 10, OK: true}, {Value: 40, OK: true}}},
			{Name: "4 jaar of langer", Points: []Point{{Value: 5, OK: true}, {Missing: "onderdrukt"}}},
		}}
	svg := c.SVG()
	wellFormed(t, svg)
	// Scale 0..40, step 10 (NiceStep(40) = 10). x(v) = 220 + 350*v/40.
	// Row height 2*14 + 2 + 12 = 42; row 0 starts at 8 + 6 = 14, row 1 at 56.
	has(t, svg,
		`<rect x="220.0" y="14.0" width="87.5" height="14.0" fill="#154273"/>`,  // Totaal, 10%
		`<rect x="220.0" y="30.0" width="43.8" height="14.0" fill="#D55E00"/>`,  // Totaal, 5%, second bar 16 lower
		`<rect x="220.0" y="56.0" width="350.0" height="14.0" fill="#154273"/>`, // Eenouder, 40%
		`font-style="italic" fill="#1b1b1b">onderdrukt</text>`,                  // no bar for the suppressed value
		`>Eenouder &amp; kind</text>`, `>40%</text>`, `>4 jaar of langer</text>`,
		`viewBox="0 0 640.0 164.0"`) // 8 + 2*42 rows + 24 axis + 8 + 2*20 legend
	if strings.Count(svg, "<rect") != 3+2 {
		t.Errorf("want 3 bars and 2 legend swatches:\n%s", svg)
	}
}
