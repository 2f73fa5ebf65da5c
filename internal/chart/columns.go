package chart

import (
	"fmt"
	"strings"
)

// Column is one bar of a column chart. An Assumed bar is a planning
// assumption rather than a decision: it is drawn hatched on white with a
// dashed outline, and the legend says what that means.
type Column struct {
	Value   float64
	OK      bool
	Assumed bool
}

// Fill is how a series' bars are filled besides their colour, so that
// series can be told apart without colour.
type Fill int

const (
	FillSolid Fill = iota
	FillStripes
	FillDots
	FillOutline
)

// ColumnSeries is one kind of bar, one value per category. Colour defaults
// to the palette colour of the series' position.
type ColumnSeries struct {
	Name   string
	Values []Column
	Fill   Fill
	Colour string
}

// Columns is a grouped column chart: per category (a year) one bar per
// series, side by side in the order of the legend. Besides its colour,
// each series should have its own fill (solid, striped, dotted, outlined),
// so the bars can be told apart without colour. Notes are short warnings
// written above a category's group, such as a shortfall.
type Columns struct {
	Title, Desc string
	// ID prefixes the ids of the fill patterns; it must be unique on the
	// page, since inline SVG ids share the document's namespace.
	ID         string
	Categories []string
	Series     []ColumnSeries
	Notes      []string
}

// Geometry of a column chart.
const (
	ColumnPlotHeight = 300.0
	ColumnTop        = 34.0 // room for the notes above the groups
	ColumnAxis       = 28.0 // room for the category labels
)

// warnInk is the colour of notes: the site's dark red, 6.5:1 on white.
const warnInk = "#a51d1d"

func (c Columns) assumed() bool {
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v.OK && v.Assumed {
				return true
			}
		}
	}
	return false
}

// legendRows is the number of legend lines: one per series, one for the
// hatching of assumptions when there are any.
func (c Columns) legendRows() int {
	n := len(c.Series)
	if c.assumed() {
		n++
	}
	return n
}

// Height is the height of the drawing.
func (c Columns) Height() float64 {
	return ColumnPlotHeight + LegendRow*float64(c.legendRows()) + 8
}

// Scale is the vertical scale.
func (c Columns) Scale() Scale {
	lo, hi := 0.0, 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v.OK {
				lo, hi = min(lo, v.Value), max(hi, v.Value)
			}
		}
	}
	return NewScale(lo, hi, ColumnTop, ColumnPlotHeight-ColumnAxis)
}

// GroupX is the left edge and width of category i's group.
func (c Columns) GroupX(i int) (x, w float64) {
	plotW := Width - MarginLeft - MarginRight
	w = plotW / float64(max(1, len(c.Categories)))
	return MarginLeft + w*float64(i), w
}

// BarX is the left edge and width of series si's bar in category i.
func (c Columns) BarX(i, si int) (x, w float64) {
	gx, gw := c.GroupX(i)
	inner := gw * 0.8
	w = inner / float64(max(1, len(c.Series)))
	return gx + gw*0.1 + w*float64(si), w
}

func (c Columns) patternID(si int, assumed bool) string {
	if assumed {
		return fmt.Sprintf("%s-a%d", c.ID, si)
	}
	return fmt.Sprintf("%s-f%d", c.ID, si)
}

func (c Columns) colour(si int) string {
	if c.Series[si].Colour != "" {
		return c.Series[si].Colour
	}
	return Colours[si%len(Colours)]
}

// fill returns the fill and outline attributes of a bar.
func (c Columns) fill(si int, assumed bool) string {
	colour := c.colour(si)
	switch {
	case assumed:
		return fmt.Sprintf(`fill="url(#%s)" stroke="%s" stroke-width="1.5" stroke-dasharray="4 2"`, c.patternID(si, true), colour)
	case c.Series[si].Fill == FillSolid:
		return fmt.Sprintf(`fill="%s"`, colour)
	case c.Series[si].Fill == FillOutline:
		return fmt.Sprintf(`fill="#fff" stroke="%s" stroke-width="2.5"`, colour)
	}
	return fmt.Sprintf(`fill="url(#%s)"`, c.patternID(si, false))
}

func (c Columns) defs(b *strings.Builder) {
	b.WriteString(`<defs>`)
	for si, s := range c.Series {
		colour := c.colour(si)
		switch s.Fill {
		case FillStripes: // white stripes on the colour
			fmt.Fprintf(b, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="%s"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>`, c.patternID(si, false), colour)
		case FillDots: // white dots on the colour
			fmt.Fprintf(b, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="%s"/><circle cx="3" cy="3" r="1.3" fill="#fff"/></pattern>`, c.patternID(si, false), colour)
		}
		// Assumed: lines of the colour on white.
		fmt.Fprintf(b, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="2.5"/></pattern>`, c.patternID(si, true), colour)
	}
	b.WriteString(`</defs>`)
}

// SVG draws the chart.
func (c Columns) SVG() string {
	sc := c.Scale()
	var b strings.Builder
	open(&b, Width, c.Height(), "column-chart", c.Title, c.Desc)
	c.defs(&b)
	for _, t := range sc.Ticks() {
		y := sc.Y(t)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, F(MarginLeft), F(y), F(Width-MarginRight), F(y), grid)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="%s">%s</text>`, F(MarginLeft-6), F(y+4), ink, esc(Number(t, false)))
	}
	for i, cat := range c.Categories {
		gx, gw := c.GroupX(i)
		for si, s := range c.Series {
			if i >= len(s.Values) || !s.Values[i].OK {
				continue
			}
			v := s.Values[i]
			x, w := c.BarX(i, si)
			y0, y1 := sc.Y(0), sc.Y(v.Value)
			if y1 > y0 {
				y0, y1 = y1, y0
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" %s><title>%s</title></rect>`,
				F(x+1), F(y1), F(max(0, w-2)), F(y0-y1), c.fill(si, v.Assumed), esc(s.Name+" "+cat+": "+Number(v.Value, false)))
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="13" fill="%s">%s</text>`, F(gx+gw/2), F(sc.Bottom+18), ink, esc(cat))
		if i < len(c.Notes) && c.Notes[i] != "" {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" font-weight="bold" fill="%s">%s</text>`, F(gx+gw/2), F(ColumnTop-10), warnInk, esc(c.Notes[i]))
		}
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, F(MarginLeft), F(sc.Y(0)), F(Width-MarginRight), F(sc.Y(0)), ink)
	row := 0
	legend := func(fill, text string) {
		y := ColumnPlotHeight + LegendRow*float64(row)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="28" height="14" %s/>`, F(MarginLeft), F(y), fill)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, F(MarginLeft+36), F(y+11), ink, esc(text))
		row++
	}
	for si, s := range c.Series {
		legend(c.fill(si, false), s.Name)
	}
	if c.assumed() {
		legend(fmt.Sprintf(`fill="url(#%s)" stroke="%s" stroke-width="1.5" stroke-dasharray="4 2"`, c.patternID(0, true), c.colour(0)), "Gearceerd met stippellijn: planningsaanname, geen besluit")
	}
	b.WriteString(`</svg>`)
	return b.String()
}
