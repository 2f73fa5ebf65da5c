package chart

import (
	"fmt"
	"strings"
)

// GroupedBars is a horizontal bar chart with a row per category (a group
// of households) and in it a bar per series (an indicator), in series
// order, each with its value written beside it. A point without a value
// shows its Missing text ("onderdrukt") instead of a bar, which a reader
// would take for zero.
type GroupedBars struct {
	Title, Desc string
	Categories  []string
	Series      []Series
	Percent     bool
}

// Geometry of a grouped bar chart.
const (
	GroupBar     = 14.0 // thickness of one bar
	GroupBarGap  = 2.0  // between the bars of a row
	GroupRowGap  = 12.0 // between rows
	groupLegendY = 8.0
)

func (c GroupedBars) rowHeight() float64 {
	n := float64(max(len(c.Series), 1))
	return n*GroupBar + (n-1)*GroupBarGap + GroupRowGap
}

// Height is the height of the drawing: the rows, the axis labels and a
// legend line per series.
func (c GroupedBars) Height() float64 {
	return BarTop + c.rowHeight()*float64(len(c.Categories)) + BarAxis + groupLegendY + LegendRow*float64(len(c.Series))
}

// Scale is the horizontal scale; Top and Bottom are unused.
func (c GroupedBars) Scale() Scale {
	lo, hi := seriesRange(c.Series)
	return NewScale(lo, hi, 0, 0)
}

// X is the horizontal pixel position of v.
func (c GroupedBars) X(v float64) float64 {
	s := c.Scale()
	return BarLabelWidth + (Width-BarLabelWidth-BarValueWidth)*(v-s.Min)/(s.Max-s.Min)
}

// SVG draws the chart.
func (c GroupedBars) SVG() string {
	sc := c.Scale()
	var b strings.Builder
	open(&b, Width, c.Height(), "grouped-bar-chart", c.Title, c.Desc)
	axisY := BarTop + c.rowHeight()*float64(len(c.Categories))
	verticalGrid(&b, sc, c.X, axisY, c.Percent)
	zero := c.X(0)
	for ci, cat := range c.Categories {
		top := BarTop + c.rowHeight()*float64(ci) + GroupRowGap/2
		inner := c.rowHeight() - GroupRowGap
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="%s">%s</text>`, F(BarLabelWidth-8), F(top+inner/2+4), ink, esc(cat))
		for si, s := range c.Series {
			y := top + float64(si)*(GroupBar+GroupBarGap)
			mid := y + GroupBar/2
			if ci >= len(s.Points) || !s.Points[ci].OK {
				missing := "geen cijfer"
				if ci < len(s.Points) && s.Points[ci].Missing != "" {
					missing = s.Points[ci].Missing
				}
				fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" font-style="italic" fill="%s">%s</text>`, F(zero+6), F(mid+4), ink, esc(missing))
				continue
			}
			p := s.Points[ci]
			x0, x1 := zero, c.X(p.Value)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, F(x0), F(y), F(x1-x0), F(GroupBar), Colours[si%len(Colours)])
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, F(max(x1, zero)+6), F(mid+4), ink, esc(Number(p.Value, c.Percent)))
		}
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, F(zero), F(BarTop), F(zero), F(axisY), ink)
	// The legend: a swatch per series, in the order of the bars in a row.
	for si, s := range c.Series {
		y := axisY + BarAxis + groupLegendY + LegendRow*float64(si)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="28" height="12" fill="%s"/>`, F(MarginLeft), F(y), Colours[si%len(Colours)])
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, F(MarginLeft+36), F(y+10), ink, esc(s.Name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
