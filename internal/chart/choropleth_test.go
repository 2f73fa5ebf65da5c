package chart

import (
	"strings"
	"testing"
)

var squares = []Shape{
	{Code: "A", Name: "Aa & co", Rings: [][][2]float64{{{0, -1}, {1, -1}, {1, 1}, {0, 1}, {0, -1}}}},
	{Code: "B", Name: "Bee", Rings: [][][2]float64{{{1, -1}, {2, -1}, {2, 1}, {1, 1}, {1, -1}}}},
	{Code: "C", Name: "Cee", Rings: [][][2]float64{{{1, 0}, {2, 0}, {1, 1}, {1, 0}}}},
}

func TestChoropleth(t *testing.T) {
	shapes := squares
	m := Choropleth{Title: "Kaart", Desc: "d", Shapes: shapes, Percent: true,
		Values: map[string]MapValue{"A": {Value: 10}, "B": {Suppressed: true}}}
	svg := m.SVG()
	wellFormed(t, svg)
	// Latitudes -1..1 around the equator: k = cos(0) = 1. Longitudes 0..2
	// into 640 - 2*8: scale 312. The map is 2*312 + 16 = 640 high.
	// A: (0,-1) -> (8, 632), (1,-1) -> (320, 632), (1,1) -> (320, 8).
	has(t, svg,
		`<path d="M8.0,632.0L320.0,632.0L320.0,8.0L8.0,8.0L8.0,632.0Z" fill="#41b6c4" fill-rule="evenodd"`, // one value: the middle colour
		`<title>Aa &amp; co: 10%</title>`,
		`fill="url(#map-hatch)" fill-rule="evenodd" stroke="#1b1b1b" stroke-width="0.8"><title>Bee: onderdrukt</title>`,
		`fill="url(#map-none)" fill-rule="evenodd" stroke="#1b1b1b" stroke-width="0.8"><title>Cee: geen cijfer</title>`,
		`<pattern id="map-hatch"`, `<pattern id="map-none"`,
		// Legend from y = 640 + 8: one class, then onderdrukt, then geen cijfer.
		`<rect x="8.0" y="648.0" width="28" height="16" fill="#41b6c4"`, `>10%</text>`,
		`<rect x="8.0" y="670.0" width="28" height="16" fill="url(#map-hatch)"`, `>onderdrukt, te weinig waarnemingen (gearceerd)</text>`,
		`<rect x="8.0" y="692.0" width="28" height="16" fill="url(#map-none)"`, `>geen cijfer (gestippeld)</text>`,
		`viewBox="0 0 640.0 714.0"`) // 640 + 3*22 + 8
}

func TestChoroplethClasses(t *testing.T) {
	m := Choropleth{Values: map[string]MapValue{"a": {Value: 0}, "b": {Value: 10}, "c": {Value: 3.9}, "d": {Value: 4}, "e": {Suppressed: true, Value: 99}}}
	bounds := m.Classes()
	want := []float64{0, 2, 4, 6, 8, 10}
	for i := range want {
		if bounds[i] != want[i] {
			t.Fatalf("bounds = %v, want %v", bounds, want)
		}
	}
	for v, colour := range map[float64]string{0: Palette[0], 1.99: Palette[0], 2: Palette[1], 3.9: Palette[1], 4: Palette[2], 9.99: Palette[4], 10: Palette[4]} {
		if got := m.Fill(bounds, v); got != colour {
			t.Errorf("Fill(%v) = %s, want %s", v, got, colour)
		}
	}
	m.Shapes = []Shape{{Code: "a", Name: "a", Rings: [][][2]float64{{{0, 0}, {1, 0}, {1, 1}}}}}
	svg := m.SVG()
	wellFormed(t, svg)
	has(t, svg, `>0 tot 2</text>`, `>8 tot en met 10</text>`)
	if strings.Contains(svg, "geen cijfer") || strings.Contains(svg, "onderdrukt") {
		t.Error("legend shows states that no shape has")
	}
}
