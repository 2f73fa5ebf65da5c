package indicatorweb

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/tabular"
)

// The group page puts the trendmonitor's breakdowns side by side: for each
// household type, main income source, age and education level of the main
// earner (the last two on version-2 runs), how many have a low income,
// how many have had it for four years or longer, and which share of those
// with a low income that is. That last figure answers "for whom is poverty
// persistent": a group can have many low incomes that pass, or few that
// stay.

// groupUnits are the trendmonitor's counting units.
var groupUnits = []struct{ Code, Label, Plural string }{
	{"huishoudens", "Huishoudens", "huishoudens"},
	{"personen", "Personen", "personen"},
	{"minderjarigen", "Minderjarigen", "minderjarigen"},
}

type groupsView struct {
	web.Page
	Empty      bool
	Synthetic  bool
	MinCell    string
	Message    string
	Units      []web.Option
	Years      []web.Option
	Areas      []web.Option
	Indelingen []web.Option // the breakdowns with figures, "" for all
	Indeling   string       // the breakdown asked for, "" for all
	Unit       string       // huishoudens, personen or minderjarigen
	UnitPlural string
	UnitLabel  string // capitalised, to start a caption
	Year       int
	Area       string // code
	AreaName   string
	NoLongTerm bool // the year has no four-year figures
	Suppressed bool
	Breakdowns []GroupBreakdown
	Links      map[string]web.DownloadLinks

	tables map[string]tabular.Table
	charts map[string]string
	names  []string // the tables' and charts' names, for a message
}

// GroupBreakdown is one breakdown (household type or income source): the
// groups in the chosen year, and the four-year share over the years.
type GroupBreakdown struct {
	ID, Heading, Lower string
	Summary            string // where a low income lasts most and least often
	Common             string // where a low income is most and least common
	Rows               []GroupRow
	Chart              template.HTML
	TrendChart         template.HTML
	TrendHeader        []string
	TrendRows          []GroupTrendRow
}

// GroupRow is one group in the chosen year.
type GroupRow struct {
	Label, Code                      string
	Total                            bool
	Den, Low110, Low120, Long, Share string
}

// GroupTrendRow is one year of the four-year shares of a breakdown.
type GroupTrendRow struct {
	Year   int
	Values []string
}

// cellText is a cell as the page writes it.
func cellText(c indicator.Cell) string {
	switch v, ok := c.Number(); {
	case ok:
		return formatPercent(v)
	case c.Found && c.Suppressed:
		return "onderdrukt"
	}
	return "geen cijfer"
}

// cellTab is a cell in a download.
func cellTab(c indicator.Cell) tabular.Cell {
	switch v, ok := c.Number(); {
	case ok:
		return tabular.Number(v)
	case c.Found && c.Suppressed:
		return tabular.Suppressed()
	}
	return tabular.Cell{}
}

// cellPoint is a cell in a chart.
func cellPoint(c indicator.Cell) chart.Point {
	v, ok := c.Number()
	p := chart.Point{Value: v, OK: ok}
	if !ok {
		p.Missing = cellText(c)
	}
	return p
}

func (s *Pages) groupsPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	q := r.URL.Query()
	format := q.Get("formaat")
	switch format {
	case "", web.FormatCSV, web.FormatExcelCSV, web.FormatXLSX, "svg", "png":
	default:
		return web.UnknownFormat(format)
	}
	v, err := s.groupsView(r, rc)
	if err != nil {
		return err
	}
	switch format {
	case web.FormatCSV, web.FormatExcelCSV, web.FormatXLSX:
		t, ok := v.tables[q.Get("tabel")]
		if !ok {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze tabel staat niet op de pagina. Kies %s.", orList(v.names))
		}
		return web.SendTables(w, format, fmt.Sprintf("groepen-%s-%s-%d-%s", v.Unit, v.Area, v.Year, q.Get("tabel")), t)
	case "svg", "png":
		svg, ok := v.charts[q.Get("grafiek")]
		if !ok {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze grafiek staat niet op de pagina. Kies %s.", orList(v.names))
		}
		return web.SendChart(r.Context(), w, format, fmt.Sprintf("groepen-%s-%s-%d-%s", v.Unit, v.Area, v.Year, q.Get("grafiek")), svg)
	}
	s.Render(w, r, http.StatusOK, "groups", v)
	return nil
}

// groupsView shows the comparison the indicator service makes.
func (s *Pages) groupsView(r *http.Request, rc *web.ReqCtx) (*groupsView, error) {
	v := &groupsView{Page: s.Page(r, rc, "Groepen vergelijken", "trendmonitor"), tables: map[string]tabular.Table{}, charts: map[string]string{}}
	q := r.URL.Query()
	c, err := s.Indicators.CompareGroups(r.Context(), indicator.GroupQuery{Unit: q.Get("eenheid"), Year: q.Get("jaar"), Area: q.Get("gebied"), Breakdown: q.Get("indeling")})
	if err != nil {
		return nil, err
	}
	if c.Latest == nil {
		v.Empty = true
		return v, nil
	}
	v.Synthetic = c.Latest.Synthetic()
	if c.Latest.MinCell > 0 {
		v.MinCell = fmt.Sprintf("minder dan %d huishoudens", c.Latest.MinCell)
	} else {
		v.MinCell = "te weinig huishoudens"
	}
	v.Unit = c.Unit
	for _, u := range groupUnits {
		v.Units = append(v.Units, web.Option{Value: u.Code, Label: u.Label, Selected: u.Code == v.Unit})
		if u.Code == v.Unit {
			v.UnitPlural, v.UnitLabel = u.Plural, u.Label
		}
	}
	if c.NoData {
		v.Message = "Voor de " + v.UnitPlural + " zijn geen resultaten opgeslagen."
		return v, nil
	}
	v.Year, v.Area, v.NoLongTerm = c.Year, c.Area, c.NoLongTerm
	for i := len(c.Years) - 1; i >= 0; i-- {
		v.Years = append(v.Years, web.Option{Value: strconv.Itoa(c.Years[i]), Label: strconv.Itoa(c.Years[i]), Selected: c.Years[i] == v.Year})
	}
	reg, err := s.Indicators.Register(r.Context())
	if err != nil {
		return nil, err
	}
	v.AreaName = reg.AreaName(v.Area)
	for _, a := range c.Areas {
		label := reg.AreaName(a)
		if label != a {
			label += " (" + a + ")"
		}
		v.Areas = append(v.Areas, web.Option{Value: a, Label: label, Selected: a == v.Area})
	}
	v.Indeling = c.Breakdown
	if len(c.Offered) > 0 {
		v.Indelingen = append(v.Indelingen, web.Option{Value: "", Label: "Alle indelingen", Selected: v.Indeling == ""})
	}
	for _, b := range c.Offered {
		v.Indelingen = append(v.Indelingen, web.Option{Value: b.ID, Label: b.Heading, Selected: b.ID == v.Indeling})
	}
	if len(c.Problems) > 0 {
		v.Message = strings.Join(c.Problems, " ") + fmt.Sprintf(" U ziet nu %s in %s, %d.", v.UnitPlural, v.AreaName, v.Year)
	}
	for _, b := range c.Breakdowns {
		bd := v.breakdownYear(b)
		v.names = append(v.names, b.ID)
		if v.breakdownTrend(&bd, b) {
			v.names = append(v.names, "verloop-"+b.ID)
		}
		v.Breakdowns = append(v.Breakdowns, bd)
	}
	base := url.Values{"eenheid": {v.Unit}, "jaar": {strconv.Itoa(v.Year)}, "gebied": {v.Area}}
	if v.Indeling != "" {
		base.Set("indeling", v.Indeling)
	}
	v.Links = downloadLinks("/trendmonitor/groepen", base, v.names, v.names)
	return v, nil
}

// breakdownYear shows the groups of one breakdown in the chosen year: a
// table, a bar chart and a summary naming the groups where a low income
// lasts most and least often.
func (v *groupsView) breakdownYear(b indicator.GroupBreakdown) GroupBreakdown {
	id := b.ID
	bd := GroupBreakdown{ID: id, Heading: b.Heading, Lower: strings.ToLower(b.Heading[:1]) + b.Heading[1:]}
	table := tabular.Table{Sheet: id, Header: []string{"jaar", "gebied", "groep", "omschrijving", v.Unit, "tot 110% (%)", "tot 120% (%)", "4 jaar of langer tot 110% (%)", "aandeel langdurig onder wie tot 110% (%)"}}
	bars := chart.GroupedBars{Percent: true,
		Title:  fmt.Sprintf("%s met een laag inkomen per %s, %s, %d", web.UpperFirst(v.UnitPlural), bd.Lower, v.AreaName, v.Year),
		Series: []chart.Series{{Name: "tot 110% van het sociaal minimum"}, {Name: "4 jaar of langer tot 110%"}}}
	for _, m := range b.Members {
		row := GroupRow{Label: m.Label, Code: m.Code, Total: m.Total(),
			Low110: cellText(m.Low), Low120: cellText(m.Low120), Long: cellText(m.Long), Share: m.ShareMissing}
		shareCell := tabular.Cell{}
		if m.ShareMissing == "" {
			row.Share = formatPercent(m.Share)
			shareCell = tabular.Number(m.Share)
		} else if m.ShareMissing == "onderdrukt" {
			shareCell = tabular.Suppressed()
		}
		den := tabular.Cell{}
		switch {
		case m.Low.Found && !m.Low.Suppressed && m.Low.Den != nil:
			row.Den = web.FormatThousands(*m.Low.Den)
			den = tabular.Number(*m.Low.Den)
		case m.Low.Found && m.Low.Suppressed:
			row.Den = "onderdrukt"
			den = tabular.Suppressed()
		}
		v.Suppressed = v.Suppressed || m.Low.Suppressed || m.Low120.Suppressed || m.Long.Suppressed
		bd.Rows = append(bd.Rows, row)
		table.Rows = append(table.Rows, []tabular.Cell{tabular.Number(float64(v.Year)), tabular.Text(v.Area), tabular.Text(m.Code), tabular.Text(m.Label),
			den, cellTab(m.Low), cellTab(m.Low120), cellTab(m.Long), shareCell})
		bars.Categories = append(bars.Categories, m.Label)
		bars.Series[0].Points = append(bars.Series[0].Points, cellPoint(m.Low))
		bars.Series[1].Points = append(bars.Series[1].Points, cellPoint(m.Long))
	}
	if hi, lo, ok := b.LowExtremes(); ok {
		lv, _ := hi.Low.Number()
		sv, _ := lo.Low.Number()
		bd.Common = fmt.Sprintf("Een inkomen tot 110%% van het sociaal minimum komt het vaakst voor in de groep %s (%s) en het minst vaak in de groep %s (%s).",
			hi.Label, formatPercent(lv), lo.Label, formatPercent(sv))
	}
	if hi, lo, ok := b.Extremes(); ok {
		bd.Summary = fmt.Sprintf("Van de %s met een inkomen tot 110%% van het sociaal minimum heeft een deel dat al 4 jaar of langer. Dat deel is het grootst in de groep %s (%s) en het kleinst in de groep %s (%s).",
			v.UnitPlural, hi.Label, formatPercent(hi.Share), lo.Label, formatPercent(lo.Share))
	}
	bars.Desc = fmt.Sprintf("Staafdiagram met per groep twee balken: het deel met een inkomen tot 110%% van het sociaal minimum en het deel dat dat al 4 jaar of langer heeft. %s De cijfers staan in de tabel onder de grafiek.", strings.TrimSpace(bd.Common+" "+bd.Summary))
	v.charts[id] = bars.SVG()
	bd.Chart = template.HTML(v.charts[id])
	v.tables[id] = table
	return bd
}

// breakdownTrend shows the four-year share of each group over the years;
// false when no year has one.
func (v *groupsView) breakdownTrend(bd *GroupBreakdown, b indicator.GroupBreakdown) bool {
	trendID := "verloop-" + b.ID
	line := chart.Line{Percent: true, Title: fmt.Sprintf("%s 4 jaar of langer tot 110%% per %s, %s", web.UpperFirst(v.UnitPlural), bd.Lower, v.AreaName)}
	ttable := tabular.Table{Sheet: trendID, Header: []string{"jaar"}}
	for _, gs := range b.Long {
		bd.TrendHeader = append(bd.TrendHeader, gs.Member.Label)
		ttable.Header = append(ttable.Header, gs.Member.Label+" (%)")
		line.Series = append(line.Series, chart.Series{Name: gs.Member.Label})
	}
	for yi, y := range b.LongYears {
		line.Categories = append(line.Categories, strconv.Itoa(y))
		tr := GroupTrendRow{Year: y}
		trow := []tabular.Cell{tabular.Number(float64(y))}
		for i, gs := range b.Long {
			c := gs.Cells[yi]
			tr.Values = append(tr.Values, cellText(c))
			trow = append(trow, cellTab(c))
			line.Series[i].Points = append(line.Series[i].Points, cellPoint(c))
		}
		bd.TrendRows = append(bd.TrendRows, tr)
		ttable.Rows = append(ttable.Rows, trow)
	}
	if len(b.LongYears) > 0 {
		line.Desc = fmt.Sprintf("Lijndiagram met per groep het deel van de %s dat 4 jaar of langer een inkomen tot 110%% van het sociaal minimum heeft, %d tot en met %d. Onderdrukte jaren onderbreken de lijn. De cijfers staan in de tabel onder de grafiek.",
			v.UnitPlural, b.LongYears[0], b.LongYears[len(b.LongYears)-1])
		v.charts[trendID] = line.SVG()
		bd.TrendChart = template.HTML(v.charts[trendID])
		v.tables[trendID] = ttable
	}
	return len(b.LongYears) > 0
}
