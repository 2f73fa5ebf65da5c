package report

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// Differences is the part of the trend chapter the monitoringplan asks for
// on differences between wijken and groups: where a low income
// (huishoudens_110) is most and least common, per wijk, household type and
// income source, in the latest year up to the report's and in the first
// year the trendmonitor has, and how that moved. Each table has a chart and
// a generated sentence.
type Differences struct {
	From   int         `json:"van"`
	To     int         `json:"tot"`
	Tables []DiffTable `json:"tabellen"`
}

// DiffTable is one comparison: the wijken, or the groups of one breakdown.
type DiffTable struct {
	Key      string    `json:"sleutel"` // "wijken", "huishoudtype", "inkomensbron"
	Heading  string    `json:"kop"`     // "Wijk", "Huishoudtype", ...
	Sentence string    `json:"zin"`
	From, To int       `json:"-"`
	Rows     []DiffRow `json:"rijen"`
}

// DiffRow is one wijk or group: its share in the first and the latest year;
// nil where the cell is suppressed or missing.
type DiffRow struct {
	Label string   `json:"naam"`
	Code  string   `json:"code"`
	First *float64 `json:"eerste,omitempty"`
	Last  *float64 `json:"laatste,omitempty"`
}

// diffCell writes a share with one decimal, "onderdrukt" when missing.
func diffCell(v *float64) string {
	if v == nil {
		return "onderdrukt"
	}
	return numfmt.Fixed1(*v, true)
}

// FirstText is the first year's share as the table shows it.
func (r DiffRow) FirstText() string { return diffCell(r.First) }

// LastText is the latest year's share as the table shows it.
func (r DiffRow) LastText() string { return diffCell(r.Last) }

// ChangeText is the movement in percentage points, "+1,2" or "−0,4"; "–"
// when either year is missing.
func (r DiffRow) ChangeText() string {
	if r.First == nil || r.Last == nil {
		return "–"
	}
	d := round1(*r.Last) - round1(*r.First)
	switch {
	case d > 0:
		return "+" + numfmt.Fixed(d, 1, numfmt.Dutch)
	case d < 0:
		return "−" + numfmt.Fixed(-d, 1, numfmt.Dutch)
	}
	return "0,0"
}

// Chart draws the latest year's shares as bars, highest first as the table.
func (t DiffTable) Chart() template.HTML {
	c := chart.Bars{Title: fmt.Sprintf("Huishoudens met een laag inkomen per %s, %d", strings.ToLower(t.Heading), t.To),
		Desc: t.Sentence + " De cijfers staan in de tabel onder de grafiek.", Percent: true, OneDecimal: true}
	for _, r := range t.Rows {
		b := chart.Bar{Label: r.Label, OK: r.Last != nil, Missing: "onderdrukt"}
		if r.Last != nil {
			b.Value = *r.Last
		}
		c.Bars = append(c.Bars, b)
	}
	return template.HTML(c.SVG())
}

// areaNamer is the optional part of an indicator source that names wijken
// (indicator.Service does); without it the register's names are used.
type areaNamer interface {
	AreaNames(ctx context.Context) (indicator.AreaNames, error)
}

// lowIncomeDifferences builds the Differences of the gemeente of the main
// series, up to year; nil when the trendmonitor has no wijk or group
// figures.
func lowIncomeDifferences(ctx context.Context, src IndicatorSource, reg *indicator.Register, year int) (*Differences, error) {
	vals, err := src.Values(ctx, indicator.ValueFilter{Indicator: lowIncomeIndicator})
	if err != nil {
		return nil, err
	}
	vals = yearly(vals, year)
	var gem []indicator.Value
	for _, v := range vals {
		if reg.IsGemeente(v.Area) {
			gem = append(gem, v)
		}
	}
	area, _ := reg.MainSeries(gem, indicator.TotalGroup)
	if area == "" {
		return nil, nil
	}
	name := reg.AreaName
	if n, ok := src.(areaNamer); ok {
		names, err := n.AreaNames(ctx)
		if err != nil {
			return nil, err
		}
		name = names.Name
	}
	c := collectDiffCells(vals, area)
	if c.last == 0 {
		return nil, nil
	}
	d := &Differences{From: c.first, To: c.last}
	if t, ok := c.wijkTable(name); ok {
		d.Tables = append(d.Tables, t)
	}
	for _, b := range indicator.TrendBreakdowns {
		if t, ok := c.groupTable(b); ok {
			d.Tables = append(d.Tables, t)
		}
	}
	if len(d.Tables) == 0 {
		return nil, nil
	}
	return d, nil
}

// diffCells are the low-income figures of one gemeente: its wijken (whole
// population) and its groups, by year.
type diffCells struct {
	area        string
	cells       map[[3]string]indicator.Value // year, area, group
	first, last int
}

func collectDiffCells(vals []indicator.Value, area string) diffCells {
	c := diffCells{area: area, cells: map[[3]string]indicator.Value{}}
	for _, v := range vals {
		inGemeente := v.Area == area || geo.Level(v.Area) == geo.Wijk && indicator.Gemeente(v.Area) == area
		if !inGemeente || (v.Area != area && v.Group != indicator.TotalGroup) || (v.Area == area && v.Group == indicator.TotalGroup) {
			continue
		}
		c.cells[[3]string{fmt.Sprint(v.Period.Year), v.Area, v.Group}] = v
		if c.first == 0 || v.Period.Year < c.first {
			c.first = v.Period.Year
		}
		c.last = max(c.last, v.Period.Year)
	}
	return c
}

// get is the shown value of a cell; nil when absent or suppressed.
func (c diffCells) get(y int, a, g string) *float64 {
	v, ok := c.cells[[3]string{fmt.Sprint(y), a, g}]
	if !ok || v.Suppressed || v.Empty() {
		return nil
	}
	x := v.Value
	return &x
}

// wijkTable compares the wijken; false when there are none.
func (c diffCells) wijkTable(name func(string) string) (DiffTable, bool) {
	var wijken []string
	for k := range c.cells {
		if k[1] != c.area && !slices.Contains(wijken, k[1]) {
			wijken = append(wijken, k[1])
		}
	}
	if len(wijken) == 0 {
		return DiffTable{}, false
	}
	slices.Sort(wijken)
	t := DiffTable{Key: "wijken", Heading: "Wijk", From: c.first, To: c.last}
	for _, w := range wijken {
		t.Rows = append(t.Rows, DiffRow{Label: name(w), Code: w, First: c.get(c.first, w, indicator.TotalGroup), Last: c.get(c.last, w, indicator.TotalGroup)})
	}
	t.finish("wijk", "de wijk")
	return t, true
}

// groupTable compares the groups of breakdown b, for household type and
// income source; false for other breakdowns or without figures.
func (c diffCells) groupTable(b indicator.Breakdown) (DiffTable, bool) {
	what := map[string]string{"huishoudtype": "huishoudtype", "inkomensbron": "bron van inkomen"}[b.ID]
	if what == "" {
		return DiffTable{}, false
	}
	t := DiffTable{Key: b.ID, Heading: b.Heading, From: c.first, To: c.last}
	for _, it := range b.Items {
		r := DiffRow{Label: it.Label, Code: it.Code, First: c.get(c.first, c.area, it.Code), Last: c.get(c.last, c.area, it.Code)}
		if r.First != nil || r.Last != nil {
			t.Rows = append(t.Rows, r)
		}
	}
	if len(t.Rows) == 0 {
		return DiffTable{}, false
	}
	t.finish(what, "de groep")
	return t, true
}

// finish orders the rows (highest latest share first, missing last) and
// writes the table's sentence: where the share is highest and lowest in
// the latest year, the gap between them, and how both moved since the
// first year.
func (t *DiffTable) finish(per, one string) {
	slices.SortStableFunc(t.Rows, func(a, b DiffRow) int {
		switch {
		case a.Last == nil && b.Last == nil:
			return 0
		case a.Last == nil:
			return 1
		case b.Last == nil:
			return -1
		}
		return -cmpFloat(round1(*a.Last), round1(*b.Last))
	})
	var shown []DiffRow
	for _, r := range t.Rows {
		if r.Last != nil {
			shown = append(shown, r)
		}
	}
	if len(shown) < 2 {
		t.Sentence = fmt.Sprintf("Per %s zijn er in %d te weinig cijfers om te vergelijken; de andere zijn onderdrukt, omdat ze over te weinig huishoudens gaan.", per, t.To)
		return
	}
	hi, lo := shown[0], shown[len(shown)-1]
	gap := round1(*hi.Last) - round1(*lo.Last)
	s := fmt.Sprintf("In %d is een laag inkomen het vaakst bij %s ‘%s’ (%s) en het minst vaak bij %s ‘%s’ (%s), een verschil van %s procentpunt.",
		t.To, one, hi.Label, hi.LastText(), one, lo.Label, lo.LastText(), numfmt.Fixed(gap, 1, numfmt.Dutch))
	if t.From < t.To {
		var firstShown []DiffRow
		for _, r := range t.Rows {
			if r.First != nil {
				firstShown = append(firstShown, r)
			}
		}
		slices.SortStableFunc(firstShown, func(a, b DiffRow) int { return -cmpFloat(round1(*a.First), round1(*b.First)) })
		if len(firstShown) >= 2 {
			fh, fl := firstShown[0], firstShown[len(firstShown)-1]
			oldGap := round1(*fh.First) - round1(*fl.First)
			s += fmt.Sprintf(" In %d was dat %s ‘%s’ (%s) en ‘%s’ (%s), een verschil van %s procentpunt: het verschil is %s.",
				t.From, one, fh.Label, fh.FirstText(), fl.Label, fl.FirstText(), numfmt.Fixed(oldGap, 1, numfmt.Dutch), gapMove(gap, oldGap))
		}
		if up, down, ok := biggestMoves(t.Rows); ok {
			s += fmt.Sprintf(" Sinds %d steeg het aandeel het meest bij ‘%s’ (%s procentpunt) en daalde het het meest bij ‘%s’ (%s procentpunt).",
				t.From, up.Label, up.ChangeText(), down.Label, down.ChangeText())
		}
	}
	t.Sentence = s
}

func gapMove(now, then float64) string {
	switch d := round1(now - then); {
	case d > 0:
		return "groter geworden"
	case d < 0:
		return "kleiner geworden"
	}
	return "even groot gebleven"
}

// biggestMoves are the rows whose share rose and fell most since the first
// year; ok only when one rose and another fell.
func biggestMoves(rows []DiffRow) (up, down DiffRow, ok bool) {
	best, worst := 0.0, 0.0
	for _, r := range rows {
		if r.First == nil || r.Last == nil {
			continue
		}
		d := round1(*r.Last) - round1(*r.First)
		if d > best {
			best, up = d, r
		}
		if d < worst {
			worst, down = d, r
		}
	}
	return up, down, best > 0 && worst < 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b || math.IsNaN(a):
		return -1
	case a > b:
		return 1
	}
	return 0
}
