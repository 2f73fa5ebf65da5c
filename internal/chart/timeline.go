package chart

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MarkKind is how a milestone is drawn. Each kind has its own shape, so the
// timeline can be read without colour.
type MarkKind int

const (
	MarkPlanned   MarkKind = iota // hollow circle
	MarkBusy                      // filled triangle
	MarkDone                      // filled circle with a tick
	MarkCancelled                 // a cross
	MarkLate                      // a filled diamond with an exclamation mark
)

// markLegend is the legend's text per kind, in the legend's order.
var markLegend = []struct {
	Kind MarkKind
	Text string
}{
	{MarkLate, "te laat"}, {MarkPlanned, "gepland"}, {MarkBusy, "bezig"}, {MarkDone, "gereed"}, {MarkCancelled, "vervallen"},
}

// Mark is one milestone on a timeline.
type Mark struct {
	Date  time.Time
	Label string // shown as the marker's tooltip
	Kind  MarkKind
}

// TimelineRow is one intervention with its milestones.
type TimelineRow struct {
	Label string
	Marks []Mark
}

// Timeline draws milestones per row along a time axis from From to To,
// with a line at Today when it falls inside.
type Timeline struct {
	Title, Desc string
	From, To    time.Time
	Today       time.Time
	Rows        []TimelineRow
}

// Geometry of a timeline.
const (
	TimelineLabelWidth = 200.0
	TimelineRow0       = 36.0 // the axis labels above the first row
	TimelineRowHeight  = 30.0
	TimelineLegend     = 30.0
	// TimelineLabelChars is where a row label is cut off: about what fits
	// in the label column at 12px.
	TimelineLabelChars = 25
)

// Height is the height of the drawing.
func (c Timeline) Height() float64 {
	return TimelineRow0 + TimelineRowHeight*float64(max(1, len(c.Rows))) + 8 + TimelineLegend
}

// X is the horizontal position of t.
func (c Timeline) X(t time.Time) float64 {
	span := c.To.Sub(c.From)
	if span <= 0 {
		return TimelineLabelWidth
	}
	plotW := Width - TimelineLabelWidth - MarginRight
	return TimelineLabelWidth + plotW*float64(t.Sub(c.From))/float64(span)
}

// SVG draws the timeline.
func (c Timeline) SVG() string {
	h := c.Height()
	bottom := TimelineRow0 + TimelineRowHeight*float64(max(1, len(c.Rows)))
	var b strings.Builder
	open(&b, Width, h, "timeline-chart", c.Title, c.Desc)
	// Years with a label, quarters as light lines.
	for y := c.From.Year(); y <= c.To.Year(); y++ {
		for q := 0; q < 4; q++ {
			t := time.Date(y, time.Month(1+3*q), 1, 0, 0, 0, 0, time.UTC)
			if t.Before(c.From) || t.After(c.To) {
				continue
			}
			x := c.X(t)
			colour, width := grid, "1"
			if q == 0 {
				colour, width = ink, "1"
				if x < Width-MarginRight-30 {
					fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%d</text>`, F(x+4), F(TimelineRow0-14), ink, y)
				}
			}
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`, F(x), F(TimelineRow0-8), F(x), F(bottom), colour, width)
		}
	}
	for i, r := range c.Rows {
		y := TimelineRow0 + TimelineRowHeight*float64(i) + TimelineRowHeight/2
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="%s">%s</text>`, F(TimelineLabelWidth-8), F(y+4), ink, esc(clipLabel(r.Label, TimelineLabelChars)))
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, F(TimelineLabelWidth), F(y), F(Width-MarginRight), F(y), grid)
		// Late milestones last, so that a neighbour never hides one.
		marks := slices.Clone(r.Marks)
		slices.SortStableFunc(marks, func(a, b Mark) int { return cmp.Compare(boolInt(a.Kind == MarkLate), boolInt(b.Kind == MarkLate)) })
		for _, m := range marks {
			mark(&b, m.Kind, c.X(m.Date), y, m.Label)
		}
	}
	if !c.Today.Before(c.From) && !c.Today.After(c.To) {
		x := c.X(c.Today)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="5 3"/>`, F(x), F(TimelineRow0-6), F(x), F(bottom), warnInk)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" font-weight="bold" fill="%s">vandaag</text>`, F(x), F(10), warnInk)
	}
	x := TimelineLabelWidth
	ly := bottom + 8 + TimelineLegend/2
	for _, l := range markLegend {
		mark(&b, l.Kind, x+8, ly, "")
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, F(x+20), F(ly+4), ink, l.Text)
		x += 20 + 7*float64(len(l.Text)) + 16
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func clipLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// mark draws one marker centred on x, y, with title as its tooltip.
func mark(b *strings.Builder, k MarkKind, x, y float64, title string) {
	t := ""
	if title != "" {
		t = "<title>" + esc(title) + "</title>"
	}
	const blue, green, grey = "#154273", "#1d6b27", "#595959"
	switch k {
	case MarkPlanned:
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="6" fill="#fff" stroke="%s" stroke-width="2.5">%s</circle>`, F(x), F(y), blue, t)
	case MarkBusy:
		fmt.Fprintf(b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s">%s</path>`, F(x), F(y-7), F(x+7), F(y+6), F(x-7), F(y+6), blue, t)
	case MarkDone:
		fmt.Fprintf(b, `<g><circle cx="%s" cy="%s" r="7" fill="%s"/><path d="M%s %sL%s %sL%s %s" fill="none" stroke="#fff" stroke-width="2"/>%s</g>`,
			F(x), F(y), green, F(x-3.5), F(y), F(x-1), F(y+3), F(x+4), F(y-3), t)
	case MarkCancelled:
		fmt.Fprintf(b, `<path d="M%s %sL%s %sM%s %sL%s %s" stroke="%s" stroke-width="2.5">%s</path>`, F(x-5), F(y-5), F(x+5), F(y+5), F(x-5), F(y+5), F(x+5), F(y-5), grey, t)
	case MarkLate:
		fmt.Fprintf(b, `<g><path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s"/><text x="%s" y="%s" text-anchor="middle" font-size="12" font-weight="bold" fill="#fff">!</text>%s</g>`,
			F(x), F(y-8), F(x+8), F(y), F(x), F(y+8), F(x-8), F(y), warnInk, F(x), F(y+4), t)
	}
}
