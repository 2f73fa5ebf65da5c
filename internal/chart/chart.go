// Package chart draws charts as SVG on the server: no JavaScript, no
// external services, nothing from a CDN. Every chart carries a title and a
// description for screen readers; pages put the same numbers in a table
// beneath it. Colours come from the Okabe-Ito palette, and series differ in
// dash pattern and marker too, so that no reader depends on colour alone.
// Presentation uses SVG attributes only, because the site's Content
// Security Policy forbids inline styles.
package chart

import (
	"fmt"
	"github.com/perspectief/perspectief/internal/numfmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Point is one value of a series; OK is false where the value is missing or
// suppressed, which breaks the line. Missing says why, in words, where a
// bar chart shows it ("onderdrukt").
type Point struct {
	Value   float64
	OK      bool
	Missing string
}

// Series is one line. Its points match the chart's categories one to one.
type Series struct {
	Name   string
	Points []Point
}

// Line is a line chart over shared categories (periods).
type Line struct {
	Title      string // short; also the accessible name
	Desc       string // what the chart shows, in a sentence or two
	Categories []string
	Series     []Series
	Percent    bool
}

// Geometry of a line chart, in SVG user units. Exported so that tests and
// pages can reason about positions.
const (
	Width        = 640.0
	LineHeight   = 280.0
	MarginLeft   = 56.0
	MarginRight  = 16.0
	MarginTop    = 16.0
	MarginBottom = 40.0
	LegendRow    = 20.0
)

// Colours: dark blue (the house colour) and the Okabe-Ito colours with at
// least 3:1 contrast against white.
var (
	Colours = []string{"#154273", "#D55E00", "#009E73", "#CC79A7", "#0072B2", "#1b1b1b"}
	dashes  = []string{"", "6 4", "2 3", "8 3 2 3", "1 2", "10 4"}
)

const (
	ink  = "#1b1b1b"
	grid = "#b4b4b4"
)

// Scale maps values to a vertical pixel range with round grid lines.
type Scale struct {
	Min, Max, Step float64
	Top, Bottom    float64 // pixel positions of Max and Min
}

// NewScale fits lo..hi (0 is always included) into round steps of 1, 2 or 5
// times a power of ten, giving four to seven grid lines.
func NewScale(lo, hi, top, bottom float64) Scale {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	step := NiceStep(hi - lo)
	s := Scale{Step: step, Top: top, Bottom: bottom}
	s.Max = step * math.Ceil(hi/step-1e-9)
	s.Min = -step * math.Ceil(-lo/step-1e-9)
	if s.Max == s.Min {
		s.Max = s.Min + step
	}
	return s
}

// Y is the pixel position of v.
func (s Scale) Y(v float64) float64 {
	return s.Top + (s.Bottom-s.Top)*(s.Max-v)/(s.Max-s.Min)
}

// Ticks are the values of the grid lines, from Min to Max.
func (s Scale) Ticks() []float64 {
	var out []float64
	n := int(math.Round((s.Max - s.Min) / s.Step))
	for i := 0; i <= n; i++ {
		out = append(out, s.Min+float64(i)*s.Step)
	}
	return out
}

// NiceStep picks a step of 1, 2 or 5 times a power of ten that divides
// span into at most six parts.
func NiceStep(span float64) float64 {
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(span))-1)
	for {
		for _, m := range []float64{1, 2, 5} {
			if span/(p*m) <= 6+1e-9 {
				return p * m
			}
		}
		p *= 10
	}
}

// Height is the height of the drawing, with room for a legend when there
// is more than one series.
func (c Line) Height() float64 {
	if len(c.Series) > 1 {
		return LineHeight + LegendRow*float64(len(c.Series))
	}
	return LineHeight
}

// X is the pixel position of category i.
func (c Line) X(i int) float64 {
	plotW := Width - MarginLeft - MarginRight
	if len(c.Categories) <= 1 {
		return MarginLeft + plotW/2
	}
	return MarginLeft + plotW*float64(i)/float64(len(c.Categories)-1)
}

// Scale is the vertical scale of the chart.
func (c Line) Scale() Scale {
	lo, hi := seriesRange(c.Series)
	return NewScale(lo, hi, MarginTop, LineHeight-MarginBottom)
}

// seriesRange is the lowest and highest value of the series, and 0 when
// that lies outside them: axes start at zero.
func seriesRange(ss []Series) (lo, hi float64) {
	for _, s := range ss {
		for _, p := range s.Points {
			if p.OK {
				lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
			}
		}
	}
	return lo, hi
}

// SVG draws the chart. All text in it is escaped.
func (c Line) SVG() string {
	sc := c.Scale()
	h := c.Height()
	var b strings.Builder
	open(&b, Width, h, "line-chart", c.Title, c.Desc)
	for _, t := range sc.Ticks() {
		y := sc.Y(t)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, F(MarginLeft), F(y), F(Width-MarginRight), F(y), grid)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="%s">%s</text>`, F(MarginLeft-6), F(y+4), ink, esc(Number(t, c.Percent)))
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, F(MarginLeft), F(MarginTop), F(MarginLeft), F(sc.Bottom), ink)
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, F(MarginLeft), F(sc.Y(0)), F(Width-MarginRight), F(sc.Y(0)), ink)
	// With many categories every other label, the last always.
	every := 1
	if len(c.Categories) > 12 {
		every = (len(c.Categories) + 11) / 12
	}
	for i, cat := range c.Categories {
		if i%every != 0 && i != len(c.Categories)-1 {
			continue
		}
		x := c.X(i)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, F(x), F(sc.Bottom), F(x), F(sc.Bottom+5), ink)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" fill="%s">%s</text>`, F(x), F(LineHeight-MarginBottom+20), ink, esc(cat))
	}
	for si, s := range c.Series {
		colour, dash := Colours[si%len(Colours)], dashes[si%len(dashes)]
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"%s/>`, strings.Join(seg, " "), colour, dashAttr(dash))
			}
			seg = seg[:0]
		}
		for i, p := range s.Points {
			if !p.OK || i >= len(c.Categories) {
				flush()
				continue
			}
			seg = append(seg, F(c.X(i))+","+F(sc.Y(p.Value)))
		}
		flush()
		for i, p := range s.Points {
			if p.OK && i < len(c.Categories) {
				marker(&b, si, c.X(i), sc.Y(p.Value), colour)
			}
		}
	}
	if len(c.Series) > 1 {
		for si, s := range c.Series {
			y := LineHeight + LegendRow*float64(si) + LegendRow/2
			colour := Colours[si%len(Colours)]
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`, F(MarginLeft), F(y), F(MarginLeft+36), F(y), colour, dashAttr(dashes[si%len(dashes)]))
			marker(&b, si, MarginLeft+18, y, colour)
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, F(MarginLeft+44), F(y+4), ink, esc(s.Name))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// marker draws a circle for even series and a square for odd ones.
func marker(b *strings.Builder, si int, x, y float64, colour string) {
	if si%2 == 0 {
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="4" fill="%s" stroke="#fff" stroke-width="1.5"/>`, F(x), F(y), colour)
		return
	}
	fmt.Fprintf(b, `<rect x="%s" y="%s" width="8" height="8" fill="%s" stroke="#fff" stroke-width="1.5"/>`, F(x-4), F(y-4), colour)
}

func dashAttr(d string) string {
	if d == "" {
		return ""
	}
	return ` stroke-dasharray="` + d + `"`
}

func open(b *strings.Builder, w, h float64, class, title, desc string) {
	fmt.Fprintf(b, `<svg class="%s" viewBox="0 0 %s %s" width="100%%" font-family="system-ui, sans-serif" role="img" aria-label="%s" focusable="false" xmlns="http://www.w3.org/2000/svg">`,
		class, F(w), F(h), esc(title+". "+desc))
	fmt.Fprintf(b, `<title>%s</title><desc>%s</desc>`, esc(title), esc(desc))
}

// F writes a coordinate with one decimal.
func F(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func esc(s string) string { return html.EscapeString(s) }

// Number writes v the Dutch way with at most one decimal: "12,5", "2.380",
// "15%".
func Number(v float64, percent bool) string { return numfmt.Dutch1(v, percent) }
