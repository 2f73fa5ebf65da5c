package chart

import (
	"fmt"
	"strings"

	"github.com/perspectief/perspectief/internal/numfmt"
)

// Bar is one row of a bar chart. A bar without a value shows Missing
// ("onderdrukt", "ontbreekt") in words instead of a bar of length zero,
// which a reader would take for the value 0.
type Bar struct {
	Label     string
	Value     float64
	OK        bool
	Missing   string
	Highlight bool // the area the reader chose: another colour and bold text
	// Low and High, when Interval is set, are drawn as a whisker across
	// the end of the bar: the uncertainty of a survey share.
	Low, High float64
	Interval  bool
}

// Bars is a horizontal bar chart, one bar per area.
type Bars struct {
	Title, Desc string
	Bars        []Bar
	Percent     bool
	// Max, when above every value, fixes the right end of the scale, so
	// that shares are drawn against 100% rather than against the largest.
	Max float64
	// OneDecimal writes every value with exactly one decimal ("15,0%"
	// beside "12,2%"), as the table under the chart does.
	OneDecimal bool
}

// Geometry of a bar chart.
const (
	BarLabelWidth = 220.0
	BarValueWidth = 70.0
	BarRow        = 28.0
	BarThickness  = 18.0
	BarTop        = 8.0
	BarAxis       = 24.0 // room for the axis labels under the bars
)

// Height is the height of the drawing.
func (c Bars) Height() float64 { return BarTop + BarRow*float64(len(c.Bars)) + BarAxis }

// Scale is the horizontal scale: Top is the left end (0), Bottom the right.
func (c Bars) Scale() Scale {
	lo, hi := 0.0, c.Max
	for _, b := range c.Bars {
		if b.OK {
			lo, hi = min(lo, b.Value), max(hi, b.Value)
		}
		if b.OK && b.Interval {
			lo, hi = min(lo, b.Low), max(hi, b.High)
		}
	}
	s := NewScale(lo, hi, 0, 0)
	return s
}

// X is the horizontal pixel position of v.
func (c Bars) X(v float64) float64 {
	s := c.Scale()
	return BarLabelWidth + (Width-BarLabelWidth-BarValueWidth)*(v-s.Min)/(s.Max-s.Min)
}

// SVG draws the chart.
func (c Bars) SVG() string {
	sc := c.Scale()
	h := c.Height()
	var b strings.Builder
	open(&b, Width, h, "bar-chart", c.Title, c.Desc)
	axisY := BarTop + BarRow*float64(len(c.Bars))
	verticalGrid(&b, sc, c.X, axisY, c.Percent)
	zero := c.X(0)
	for i, bar := range c.Bars {
		y := BarTop + BarRow*float64(i)
		mid := y + BarRow/2
		weight := ""
		if bar.Highlight {
			weight = ` font-weight="bold"`
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="%s"%s>%s</text>`, F(BarLabelWidth-8), F(mid+4), ink, weight, esc(bar.Label))
		if !bar.OK {
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" font-style="italic" fill="%s">%s</text>`, F(zero+6), F(mid+4), ink, esc(bar.Missing))
			continue
		}
		colour := Colours[0]
		if bar.Highlight {
			colour = Colours[1]
		}
		x0, x1 := zero, c.X(bar.Value)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, F(x0), F(mid-BarThickness/2), F(x1-x0), F(BarThickness), colour)
		end := max(x1, zero)
		if bar.Interval {
			lx, hx := c.X(bar.Low), c.X(bar.High)
			fmt.Fprintf(&b, `<path d="M%s %sH%sM%s %sV%sM%s %sV%s" stroke="%s" stroke-width="2" fill="none"/>`,
				F(lx), F(mid), F(hx), F(lx), F(mid-5), F(mid+5), F(hx), F(mid-5), F(mid+5), ink)
			end = max(end, hx)
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s"%s>%s</text>`, F(end+6), F(mid+4), ink, weight, esc(c.label(bar.Value)))
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, F(zero), F(BarTop), F(zero), F(axisY), ink)
	b.WriteString(`</svg>`)
	return b.String()
}

// verticalGrid draws the grid lines of a horizontal bar chart from BarTop
// down to axisY, each with its value beneath.
func verticalGrid(b *strings.Builder, sc Scale, x func(float64) float64, axisY float64, percent bool) {
	for _, t := range sc.Ticks() {
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, F(x(t)), F(BarTop), F(x(t)), F(axisY), grid)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" fill="%s">%s</text>`, F(x(t)), F(axisY+16), ink, esc(Number(t, percent)))
	}
}

// label is a bar's value as written beside it.
func (c Bars) label(v float64) string {
	if c.OneDecimal {
		s := numfmt.Fixed(v, 1, numfmt.Dutch)
		if c.Percent {
			s += "%"
		}
		return s
	}
	return Number(v, c.Percent)
}
