package chart

import (
	"regexp"
	"strconv"
	"testing"
	"time"
)

var (
	fontSize = regexp.MustCompile(`font-size="([0-9.]+)"`)
	svgOpen  = regexp.MustCompile(`<svg class="([a-z-]+)" viewBox="0 0 ([0-9.]+) `)
)

// TestChartTextAtLeast12px: every chart draws its text at 12 units or
// more on a drawing 640 units wide, and is one of the classes whose width
// app.css never lets fall below 40rem (640 px). Scaled no smaller than 1:1,
// no chart text is smaller than 12 CSS pixels at any screen width; on a
// phone the chart scrolls sideways instead.
func TestChartTextAtLeast12px(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	charts := map[string]string{
		"line": Line{Title: "t", Desc: "d", Categories: []string{"2024", "2025"}, Percent: true,
			Series: []Series{{Name: "A", Points: []Point{{Value: 1, OK: true}, {Value: 2, OK: true}}}, {Name: "B", Points: []Point{{Value: 3, OK: true}, {}}}}}.SVG(),
		"bars": Bars{Title: "t", Desc: "d", Bars: []Bar{{Label: "A", Value: 3, OK: true}, {Label: "B", Missing: "onderdrukt"}}}.SVG(),
		"columns": Columns{Title: "t", Desc: "d", ID: "c", Categories: []string{"2026"},
			Series: []ColumnSeries{{Name: "A", Values: []Column{{10, true, false}}}, {Name: "B", Values: []Column{{5, true, true}}, Fill: FillStripes}},
			Notes:  []string{"tekort 5"}}.SVG(),
		"grouped": GroupedBars{Title: "t", Desc: "d", Percent: true, Categories: []string{"A"},
			Series: []Series{{Name: "x", Points: []Point{{Value: 10, OK: true}}}, {Name: "y", Points: []Point{{Missing: "onderdrukt"}}}}}.SVG(),
		"timeline": Timeline{Title: "t", Desc: "d", From: d("2024-01-01"), To: d("2027-01-01"), Today: d("2025-07-02"),
			Rows: []TimelineRow{{Label: "L1-01", Marks: []Mark{{Date: d("2025-01-01"), Label: "x", Kind: MarkLate}}}}}.SVG(),
		"map": Choropleth{Title: "t", Desc: "d", Shapes: squares, Percent: true, Values: map[string]MapValue{"A": {Value: 10}}}.SVG(),
	}
	minWidthClasses := map[string]bool{"line-chart": true, "bar-chart": true, "column-chart": true, "grouped-bar-chart": true, "timeline-chart": true, "map-chart": true}
	for name, svg := range charts {
		m := svgOpen.FindStringSubmatch(svg)
		if m == nil || !minWidthClasses[m[1]] || m[2] != F(Width) {
			t.Errorf("%s: opens with %q; want a class with a minimum width in app.css and a drawing %s wide", name, m, F(Width))
		}
		sizes := fontSize.FindAllStringSubmatch(svg, -1)
		if len(sizes) == 0 {
			t.Errorf("%s: no text", name)
		}
		for _, s := range sizes {
			if v, _ := strconv.ParseFloat(s[1], 64); v < 12 {
				t.Errorf("%s: text at font-size %s, below 12", name, s[1])
			}
		}
	}
}
