package report

import (
	"html/template"
	"slices"

	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// TrendRow is one year of a trend table: a cell per series.
type TrendRow struct {
	Year  int
	Cells []string
}

// years lists the years any series has, in order.
func (t TrendIndicator) years() []int {
	var ys []int
	for _, s := range t.Series {
		for _, p := range s.Points {
			if !slices.Contains(ys, p.Year) {
				ys = append(ys, p.Year)
			}
		}
	}
	slices.Sort(ys)
	return ys
}

// Rows is the table beneath the chart: the same numbers, "onderdrukt"
// where a value is suppressed and "–" where a series has no value.
func (t TrendIndicator) Rows() []TrendRow {
	var out []TrendRow
	for _, y := range t.years() {
		row := TrendRow{Year: y}
		for _, s := range t.Series {
			cell := "–"
			for _, p := range s.Points {
				if p.Year != y {
					continue
				}
				if p.Value == nil {
					cell = "onderdrukt"
				} else {
					cell = numfmt.Fixed1(*p.Value, t.Unit == "procent")
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		out = append(out, row)
	}
	return out
}

// Chart draws the series as a line chart; its description is the generated
// text, so a screen reader hears what a sighted reader sees.
func (t TrendIndicator) Chart() template.HTML {
	ys := t.years()
	c := chart.Line{Title: t.Name, Desc: t.Description + " De cijfers staan in de tabel onder de grafiek.", Percent: t.Unit == "procent"}
	for _, y := range ys {
		c.Categories = append(c.Categories, itoa(y))
	}
	for _, s := range t.Series {
		cs := chart.Series{Name: s.AreaName}
		for _, y := range ys {
			pt := chart.Point{}
			for _, p := range s.Points {
				if p.Year == y && p.Value != nil {
					pt = chart.Point{Value: *p.Value, OK: true}
				}
			}
			cs.Points = append(cs.Points, pt)
		}
		c.Series = append(c.Series, cs)
	}
	return template.HTML(c.SVG())
}

// Chart draws the allocation per line as bars, in thousands of euros.
func (f FinanceChapter) Chart(year int) template.HTML {
	c := chart.Bars{Title: "Inzet per programmalijn, " + itoa(year) + " (× € 1.000)"}
	for _, g := range f.Allocated {
		// Codes keep the labels short enough for the chart; the table
		// beneath names the lines.
		label := g.Name
		if g.Code != "" {
			label = g.Code
		}
		c.Bars = append(c.Bars, chart.Bar{Label: label, Value: g.Subtotal, OK: true})
	}
	c.Desc = "Staafdiagram met de inzet van elke programmalijn in duizenden euro's: " + f.barText() + ". De bedragen staan ook in de tabel onder de grafiek."
	return template.HTML(c.SVG())
}

// barText lists the bars in words for the chart's description.
func (f FinanceChapter) barText() string {
	var parts []string
	for _, g := range f.Allocated {
		name := g.Name
		if g.Code != "" {
			name = g.Code + " " + g.Name
		}
		parts = append(parts, name+" "+thousands(g.Subtotal))
	}
	return joinDutch(parts)
}
