package indicatorweb

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/tabular"
)

type indicatorView struct {
	web.Page
	Ind       *indicator.Indicator
	Kind      string
	Type      string // the type of annex 1 in words
	Baseline  string // "nulmeting 2018: 7%", or empty
	Direction string
	// CanEditRegister: the user may change or retire the indicator.
	CanEditRegister bool
	Goals           string
	Verdicts        []VerdictView
	Message         string // a parameter that could not be used
	Empty           bool   // no values at all
	CanEnter        bool   // the user may enter a value with the form
	Areas           []web.Option
	Groups          []web.Option
	Periods         []web.Option
	Group           string
	GroupName       string // the group's Dutch name, lower case
	Main            string // name of the gemeente series
	Chosen          string // name of the chosen area, when it is not the gemeente
	Chart           template.HTML
	Rows            []IndicatorValueRow
	Period          string // label of the period of the comparison
	Bars            template.HTML
	AreaRows        []IndicatorValueRow
	Map             indicatorMap
	All             web.DownloadLinks            // all values of the indicator, in the import format
	Links           map[string]web.DownloadLinks // per table and chart, links that keep the page's choices
	Suppressed      bool
	GroupsLink      string // for a trendmonitor indicator: its groups side by side

	// What the downloads of this page send: tables and charts by name.
	tables map[string]tabular.Table
	charts map[string]string
}

// IndicatorValueRow is one value in a table.
type IndicatorValueRow struct {
	Period, Area, AreaCode  string
	Value, Num, Den, Margin string
	Source, Note            string
	Highlight               bool
}

var directionLabels = map[string]string{indicator.Up: "hoger is beter", indicator.Down: "lager is beter", indicator.None: "geen richting: de waarde wordt gevolgd"}

// indicatorTables and indicatorCharts name what an indicator page can
// download (?tabel=, ?grafiek=).
var (
	indicatorTables = []string{"streefwaarden", "verloop", "gebieden", "kaart"}
	indicatorCharts = []string{"verloop", "gebieden", "kaart"}
)

func (s *Pages) indicatorPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	reg, err := s.Indicators.Register(r.Context())
	if err != nil {
		return err
	}
	ind, ok := reg.Indicator(code)
	if !ok {
		return unknownIndicator(code)
	}
	q := r.URL.Query()
	format := q.Get("formaat")
	switch format {
	case "", "svg", "png":
	case web.FormatCSV, web.FormatExcelCSV, web.FormatXLSX:
		if q.Get("tabel") != "" {
			break
		}
		// The fixed download: all values of the indicator in the import
		// format, so that the file imports again.
		vals, err := s.Indicators.Values(r.Context(), indicator.ValueFilter{Indicator: code})
		if err != nil {
			return err
		}
		return web.SendTables(w, format, code, indicator.ValuesTable(vals))
	default:
		return web.UnknownFormat(format)
	}
	v, err := s.indicatorView(r, rc, ind)
	if err != nil {
		return err
	}
	switch format {
	case web.FormatCSV, web.FormatExcelCSV, web.FormatXLSX:
		name := q.Get("tabel")
		t, ok := v.tables[name]
		if !ok {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze tabel staat niet op de pagina. Kies %s.", orList(indicatorTables))
		}
		return web.SendTables(w, format, code+"-"+name, t)
	case "svg", "png":
		name := q.Get("grafiek")
		svg, ok := v.charts[name]
		if !ok || svg == "" {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze grafiek staat niet op de pagina. Kies %s.", orList(indicatorCharts))
		}
		return web.SendChart(r.Context(), w, format, code+"-"+name, svg)
	}
	s.Render(w, r, http.StatusOK, "indicator", v)
	return nil
}

// indicatorView builds the page of one indicator for the choices in the
// query: the indicator service decides what the page shows; this turns it
// into charts, tables and the form's options.
func (s *Pages) indicatorView(r *http.Request, rc *web.ReqCtx, ind *indicator.Indicator) (*indicatorView, error) {
	code := ind.Code
	q := r.URL.Query()
	v := &indicatorView{Page: s.Page(r, rc, ind.Name, "indicatoren"), Ind: ind, Kind: indicator.KindLabels[ind.Kind], Type: indicator.TypeLabels[ind.Type],
		CanEditRegister: s.registerAllowed(rc) == nil, Baseline: ind.BaselineLabel(),
		Direction: directionLabels[ind.Direction], Goals: strings.Join(ind.Goals, ", "),
		All:      web.DownloadLinks{CSV: "/indicatoren/" + code + "?formaat=" + web.FormatCSV, ExcelCSV: "/indicatoren/" + code + "?formaat=" + web.FormatExcelCSV, XLSX: "/indicatoren/" + code + "?formaat=" + web.FormatXLSX},
		CanEnter: s.Indicators.CanEnterValues(*rc.User) == nil,
		tables:   map[string]tabular.Table{}, charts: map[string]string{}}
	if unit, ok := indicator.TrendUnitOf(code); ok {
		v.GroupsLink = "/trendmonitor/groepen?eenheid=" + url.QueryEscape(unit)
	}
	p, err := s.Indicators.Page(r.Context(), code, indicator.PageQuery{Group: q.Get("groep"), Area: q.Get("gebied"), Period: q.Get("periode"), MapLevel: q.Get("kaart")})
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, unknownIndicator(code)
	}
	reg := p.Register
	v.Group, v.GroupName = p.Group, strings.ToLower(indicator.GroupLabel(p.Group))
	for _, g := range p.Groups {
		v.Groups = append(v.Groups, web.Option{Value: g, Label: indicator.GroupLabel(g), Selected: g == v.Group})
	}
	for _, vd := range p.Verdicts {
		v.Verdicts = append(v.Verdicts, verdictView(ind, vd))
	}
	v.tables["streefwaarden"] = verdictTable(v.Verdicts, reg.AreaName(p.Main))
	if p.Main == "" {
		v.Empty = true
		return v, nil
	}
	v.Main = reg.AreaName(p.Main)
	for _, a := range p.Areas {
		v.Areas = append(v.Areas, web.Option{Value: a, Label: areaLabel(reg, a), Selected: a == p.Chosen})
	}
	s.indicatorSeries(v, p)
	s.indicatorAreas(v, p)
	if err := s.addMap(r.Context(), v, reg, ind, p.MapValues(), p.Period, p.MapLevel); err != nil {
		return nil, err
	}
	v.Suppressed = v.Suppressed || v.Map.Suppressed
	if len(p.Problems) > 0 {
		v.Message = strings.Join(p.Problems, " ") + " U ziet nu " + reg.AreaName(p.Chosen) + ", " + v.GroupName + ", " + p.Period.Label() + "."
	}
	indicatorLinks(v, p)
	return v, nil
}

// indicatorSeries shows the time series: the main one, and the chosen
// area's beside it.
func (s *Pages) indicatorSeries(v *indicatorView, p *indicator.Page) {
	reg, ind := p.Register, p.Indicator
	series := [][]indicator.Value{p.MainSeries}
	names := []string{v.Main}
	if p.Chosen != p.Main {
		v.Chosen = reg.AreaName(p.Chosen)
		series = append(series, p.ChosenSeries)
		names = append(names, v.Chosen)
	}
	v.charts["verloop"] = lineChartOf(ind, series, names, v.GroupName)
	v.Chart = template.HTML(v.charts["verloop"])
	var shown []indicator.Value
	for _, sv := range series {
		shown = append(shown, sv...)
	}
	dec := tableDecimals(shown)
	for _, val := range shown {
		v.Rows = append(v.Rows, valueRow(reg, ind, val, dec))
		v.Suppressed = v.Suppressed || val.Suppressed
	}
	v.tables["verloop"] = indicator.ValuesTable(shown)
}

// indicatorAreas shows the areas side by side in one period.
func (s *Pages) indicatorAreas(v *indicatorView, p *indicator.Page) {
	reg, ind := p.Register, p.Indicator
	for i := len(p.Periods) - 1; i >= 0; i-- {
		pp := p.Periods[i]
		v.Periods = append(v.Periods, web.Option{Value: pp.String(), Label: pp.Label(), Selected: pp == p.Period})
	}
	v.Period = p.Period.Label()
	bars := chart.Bars{Title: ind.Name + " per gebied, " + p.Period.Label(), Percent: ind.IsPercent()}
	dec := tableDecimals(p.InPeriod)
	for _, val := range p.InPeriod {
		b := chart.Bar{Label: reg.AreaName(val.Area), Value: val.Value, OK: !val.Suppressed, Missing: "onderdrukt", Highlight: val.Area == p.Chosen}
		bars.Bars = append(bars.Bars, b)
		row := valueRow(reg, ind, val, dec)
		row.Highlight = b.Highlight
		v.AreaRows = append(v.AreaRows, row)
		v.Suppressed = v.Suppressed || val.Suppressed
	}
	bars.Desc = fmt.Sprintf("Staafdiagram met %d gebieden, hoogste waarde bovenaan; %s is gemarkeerd. De cijfers staan in de tabel onder de grafiek.", len(bars.Bars), reg.AreaName(p.Chosen))
	v.charts["gebieden"] = bars.SVG()
	v.Bars = template.HTML(v.charts["gebieden"])
	v.tables["gebieden"] = indicator.ValuesTable(p.InPeriod)
}

// indicatorLinks adds the download links and the map's switch between
// wijken and buurten, which keep the page's choices.
func indicatorLinks(v *indicatorView, p *indicator.Page) {
	path := "/indicatoren/" + p.Indicator.Code
	base := url.Values{"gebied": {p.Chosen}, "periode": {p.Period.String()}, "groep": {v.Group}}
	if p.MapLevel == geo.Buurt {
		base.Set("kaart", geo.Buurt)
	}
	v.Links = downloadLinks(path, base, indicatorTables, indicatorCharts)
	if len(p.Buurten) > 0 && v.Map.SVG != "" {
		for _, l := range []struct{ level, label string }{{geo.Wijk, "wijken"}, {geo.Buurt, "buurten"}} {
			q := url.Values{"gebied": {p.Chosen}, "periode": {p.Period.String()}, "groep": {v.Group}, "kaart": {l.level}}
			v.Map.Switch = append(v.Map.Switch, MapSwitch{Label: l.label, Link: path + "?" + q.Encode() + "#kaart-titel", Current: l.level == p.MapLevel})
		}
	}
}

// downloadLinks makes the download links of a page's tables and charts:
// the page's path with its choices in base.
func downloadLinks(path string, base url.Values, tables, charts []string) map[string]web.DownloadLinks {
	out := map[string]web.DownloadLinks{}
	link := func(kind, name, format string) string {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set("formaat", format)
		q.Set(kind, name)
		return path + "?" + q.Encode()
	}
	for _, t := range tables {
		l := out[t]
		l.CSV, l.ExcelCSV, l.XLSX = link("tabel", t, web.FormatCSV), link("tabel", t, web.FormatExcelCSV), link("tabel", t, web.FormatXLSX)
		out[t] = l
	}
	for _, c := range charts {
		l := out[c]
		l.SVG, l.PNG = link("grafiek", c, "svg"), link("grafiek", c, "png")
		out[c] = l
	}
	return out
}

// verdictTable is the targets table of an indicator page.
func verdictTable(vs []VerdictView, area string) tabular.Table {
	t := tabular.Table{Sheet: "streefwaarden", Header: []string{"jaar", "streefwaarde", "oordeel", "uitleg", "reden", "nulmeting", "beoordeeld op"}}
	for _, v := range vs {
		t.Rows = append(t.Rows, []tabular.Cell{tabular.Number(float64(v.Year)), tabular.Text(v.Target), tabular.Text(v.Status), tabular.Text(v.Explanation),
			tabular.Text(v.Reason), tabular.Text(v.Baseline), tabular.Text(area)})
	}
	return t
}

// orList joins choices as "a, b of c".
func orList(ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " of " + ss[len(ss)-1]
}

func areaLabel(reg *indicator.Register, code string) string {
	a, ok := reg.Area(code)
	switch {
	case !ok:
		return code
	case a.Kind == "cbs":
		return a.Name + " (" + a.Code + ")"
	case a.Validity() != "":
		return a.Name + " (" + a.Validity() + ")"
	}
	return a.Name
}

// valueRow is one value of a table whose values have dec decimals.
func valueRow(reg *indicator.Register, ind *indicator.Indicator, val indicator.Value, dec int) IndicatorValueRow {
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return indicator.FormatNumber(*p, false)
	}
	margin := num(val.Margin)
	if margin != "" && ind.IsPercent() {
		margin += "%"
	}
	return IndicatorValueRow{Period: val.Period.Label(), Area: reg.AreaName(val.Area), AreaCode: val.Area, Value: formatIn(ind, val, dec),
		Num: num(val.Num), Den: num(val.Den), Margin: margin, Source: val.Source, Note: val.Note}
}

// lineChartOf draws the series over the union of their periods, with a
// summary of each series for screen readers.
func lineChartOf(ind *indicator.Indicator, series [][]indicator.Value, names []string, group string) string {
	var periods []indicator.Period
	seen := map[indicator.Period]bool{}
	for _, sv := range series {
		for _, v := range sv {
			if !seen[v.Period] {
				seen[v.Period] = true
				periods = append(periods, v.Period)
			}
		}
	}
	slices.SortFunc(periods, indicator.Period.Compare)
	c := chart.Line{Title: ind.Name + ", " + group, Percent: ind.IsPercent()}
	for _, p := range periods {
		c.Categories = append(c.Categories, p.String())
	}
	for i, sv := range series {
		byPeriod := map[indicator.Period]indicator.Value{}
		for _, v := range sv {
			byPeriod[v.Period] = v
		}
		cs := chart.Series{Name: names[i]}
		for _, p := range periods {
			v, ok := byPeriod[p]
			cs.Points = append(cs.Points, chart.Point{Value: v.Value, OK: ok && !v.Suppressed})
		}
		c.Series = append(c.Series, cs)
	}
	desc := "Lijndiagram van " + strings.Join(names, " en ") + "."
	for i, sv := range series {
		var shown []indicator.Value
		for _, v := range sv {
			if !v.Suppressed {
				shown = append(shown, v)
			}
		}
		switch len(shown) {
		case 0:
			desc += " Alle waarden van " + names[i] + " zijn onderdrukt."
		case 1:
			desc += fmt.Sprintf(" %s: %s in %s.", names[i], ind.Format(shown[0]), shown[0].Period.Label())
		default:
			first, last := shown[0], shown[len(shown)-1]
			desc += fmt.Sprintf(" %s: van %s in %s naar %s in %s.", names[i], ind.Format(first), first.Period.Label(), ind.Format(last), last.Period.Label())
		}
	}
	c.Desc = desc + " De cijfers staan in de tabel onder de grafiek."
	return c.SVG()
}
