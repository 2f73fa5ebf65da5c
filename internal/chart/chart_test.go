package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
}

func has(t *testing.T, svg string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(svg, w) {
			t.Errorf("missing %s in\n%s", w, svg)
		}
	}
}

func TestNiceStepAndScale(t *testing.T) {
	for span, want := range map[float64]float64{17: 5, 6: 1, 7: 2, 0.5: 0.1, 2380: 500, 100: 20, 0: 1} {
		if got := NiceStep(span); got != want {
			t.Errorf("NiceStep(%v) = %v, want %v", span, got, want)
		}
	}
	s := NewScale(-3, 17, 0, 100)
	// span 20 -> step 5; max 20, min -5.
	if s.Step != 5 || s.Max != 20 || s.Min != -5 || s.Y(20) != 0 || s.Y(-5) != 100 || s.Y(0) != 80 {
		t.Errorf("scale = %+v", s)
	}
	if ticks := s.Ticks(); len(ticks) != 6 || ticks[0] != -5 || ticks[5] != 20 {
		t.Errorf("ticks = %v", ticks)
	}
	// A value exactly on a step is the top, not one step below it.
	if s := NewScale(0, 20, 0, 100); s.Max != 20 {
		t.Errorf("max = %v", s.Max)
	}
}

func TestLineCoordinates(t *testing.T) {
	c := Line{Title: "Moeite met rondkomen", Desc: "Selwerd <oud>", Categories: []string{"2014", "2016", "2018"}, Percent: true,
		Series: []Series{{Name: "Selwerd", Points: []Point{{Value: 17, OK: true}, {Value: 13, OK: true}, {Value: 14, OK: true}}}}}
	svg := c.SVG()
	wellFormed(t, svg)
	// Plot: x from 56 to 624 (568 wide), y from 16 to 240 (224 high).
	// Values up to 17 -> step 5, top 20: y(v) = 16 + 224*(20-v)/20.
	// y(17) = 49.6, y(13) = 94.4, y(14) = 83.2; x = 56, 340, 624.
	has(t, svg,
		`viewBox="0 0 640.0 280.0"`,
		`<polyline points="56.0,49.6 340.0,94.4 624.0,83.2"`,
		`<circle cx="340.0" cy="94.4" r="4"`,
		// Grid line and label at 20% (y 16) and at 10% (y 128).
		`<line x1="56.0" y1="16.0" x2="624.0" y2="16.0"`, `y="132.0" text-anchor="end" font-size="12" fill="#1b1b1b">10%</text>`,
		`<text x="340.0" y="260.0" text-anchor="middle" font-size="12" fill="#1b1b1b">2016</text>`,
		`<title>Moeite met rondkomen</title><desc>Selwerd &lt;oud&gt;</desc>`, `role="img"`)
	if strings.Contains(svg, "<oud>") {
		t.Error("text is not escaped")
	}
}

func TestLineBreaksAndLegend(t *testing.T) {
	c := Line{Title: "t", Desc: "d", Categories: []string{"2020", "2021", "2022", "2023", "2024"},
		Series: []Series{
			{Name: "Gemeente", Points: []Point{{Value: 10, OK: true}, {Value: 20, OK: true}, {Value: 0, OK: false}, {Value: 30, OK: true}, {Value: 40, OK: true}}},
			{Name: "Wijk", Points: []Point{{Value: 5, OK: true}, {Value: 0, OK: false}, {Value: 0, OK: false}, {Value: 0, OK: false}, {Value: 5, OK: true}}},
		}}
	svg := c.SVG()
	wellFormed(t, svg)
	// Max 40 -> step 10, top 40; plot y 16..240: y(v) = 16 + 224*(40-v)/40.
	// x(i) = 56 + 142*i. Gemeente: two segments around the gap.
	has(t, svg,
		`viewBox="0 0 640.0 320.0"`, // 280 + 2 legend rows of 20
		`<polyline points="56.0,184.0 198.0,128.0" fill="none" stroke="#154273"`,
		`<polyline points="482.0,72.0 624.0,16.0" fill="none" stroke="#154273"`,
		// The second series: dashed, squares, and no line through the gap.
		`<rect x="52.0" y="208.0" width="8" height="8" fill="#D55E00"`,
		`<rect x="620.0" y="208.0" width="8" height="8" fill="#D55E00"`,
		// The legend: one row per series under the plot.
		`<line x1="56.0" y1="290.0" x2="92.0" y2="290.0" stroke="#154273"`,
		`<line x1="56.0" y1="310.0" x2="92.0" y2="310.0" stroke="#D55E00" stroke-width="2.5" stroke-dasharray="6 4"/>`,
		`>Wijk</text>`)
	if strings.Count(svg, "<polyline") != 2 {
		t.Errorf("want 2 line segments (the wijk has no two neighbouring values), got %d", strings.Count(svg, "<polyline"))
	}
}

func TestLineOneCategory(t *testing.T) {
	c := Line{Title: "t", Desc: "d", Categories: []string{"2018"}, Series: []Series{{Name: "a", Points: []Point{{Value: 8, OK: true}}}}}
	svg := c.SVG()
	wellFormed(t, svg)
	// x in the middle: 56 + 568/2 = 340. Max 8 -> step 2, top 8: y = 16.
	has(t, svg, `<circle cx="340.0" cy="16.0"`)
}

func TestBars(t *testing.T) {
	c := Bars{Title: "Wijken in 2018", Desc: "d", Percent: true, Bars: []Bar{
		{Label: "Selwerd", Value: 17, OK: true, Highlight: true},
		{Label: "Tuinwijk", Value: 8, OK: true},
		{Label: "Vinkhuizen", Missing: "onderdrukt"},
	}}
	svg := c.SVG()
	wellFormed(t, svg)
	// Scale 0..20 over x 220..570 (350 wide): x(17) = 517.5, x(8) = 360.
	// Rows of 28 from y 8: bar centres 22, 50, 78; bars 18 high.
	has(t, svg,
		`viewBox="0 0 640.0 116.0"`, // 8 + 3*28 + 24
		`<rect x="220.0" y="13.0" width="297.5" height="18.0" fill="#D55E00"/>`,
		`<rect x="220.0" y="41.0" width="140.0" height="18.0" fill="#154273"/>`,
		`<text x="523.5" y="26.0" font-size="12" fill="#1b1b1b" font-weight="bold">17%</text>`,
		`<text x="226.0" y="82.0" font-size="12" font-style="italic" fill="#1b1b1b">onderdrukt</text>`,
		`<text x="570.0" y="108.0" text-anchor="middle" font-size="12" fill="#1b1b1b">20%</text>`)
	if strings.Count(svg, "<rect") != 2 {
		t.Error("a missing value got a bar")
	}
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		pct  bool
		want string
	}{{12.34, true, "12,3%"}, {2380, false, "2.380"}, {-0.04, false, "0"}, {1e6, false, "1.000.000"}} {
		if got := Number(c.v, c.pct); got != c.want {
			t.Errorf("Number(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
