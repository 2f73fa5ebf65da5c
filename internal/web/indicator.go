package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/tabular"
)

type indicatorView struct {
	Page
	Ind        *indicator.Indicator
	Kind       string
	Direction  string
	Goals      string
	Verdicts   []VerdictView
	Message    string // a parameter that could not be used
	Empty      bool   // no values at all
	CanEnter   bool   // the user may enter a value with the form
	Areas      []Option
	Groups     []Option
	Periods    []Option
	Group      string
	Main       string // name of the gemeente series
	Chosen     string // name of the chosen area, when it is not the gemeente
	Chart      template.HTML
	Rows       []IndicatorValueRow
	Period     string // label of the period of the comparison
	Bars       template.HTML
	AreaRows   []IndicatorValueRow
	Map        indicatorMap
	CSVLink    string
	XLSXLink   string
	Links      map[string]DownloadLinks // per table and chart, links that keep the page's choices
	Suppressed bool
	GroupsLink string // for a trendmonitor indicator: its groups side by side

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

func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	code := r.PathValue("code")
	reg, err := s.indicatorRegister(r)
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
	case "csv", "xlsx":
		if q.Get("tabel") != "" {
			break
		}
		// The fixed download: all values of the indicator in the import
		// format, so that the file imports again.
		vals, err := s.Indicators.Values(r.Context(), indicator.ValueFilter{Indicator: code})
		if err != nil {
			return err
		}
		return sendTables(w, format, code, indicator.ValuesTable(vals))
	default:
		return unknownFormat(format)
	}
	v, err := s.indicatorView(r, rc, reg, ind)
	if err != nil {
		return err
	}
	switch format {
	case "csv", "xlsx":
		name := q.Get("tabel")
		t, ok := v.tables[name]
		if !ok {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze tabel staat niet op de pagina. Kies %s.", orList(indicatorTables))
		}
		return sendTables(w, format, code+"-"+name, t)
	case "svg", "png":
		name := q.Get("grafiek")
		svg, ok := v.charts[name]
		if !ok || svg == "" {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze grafiek staat niet op de pagina. Kies %s.", orList(indicatorCharts))
		}
		return sendChart(r.Context(), w, format, code+"-"+name, svg)
	}
	s.render(w, r, http.StatusOK, "indicator", v)
	return nil
}

// indicatorView builds the page of one indicator for the choices in the
// query: group, area, period and map level.
func (s *Server) indicatorView(r *http.Request, rc *reqCtx, reg *indicator.Register, ind *indicator.Indicator) (*indicatorView, error) {
	code := ind.Code
	q := r.URL.Query()
	v := &indicatorView{Page: s.page(r, rc, ind.Name, "indicatoren"), Ind: ind, Kind: kindLabels[ind.Kind],
		Direction: directionLabels[ind.Direction], Goals: strings.Join(ind.Goals, ", "),
		CSVLink: "/indicatoren/" + code + "?formaat=csv", XLSXLink: "/indicatoren/" + code + "?formaat=xlsx",
		CanEnter: s.IndicatorEdits != nil && rc.User.CanEditIndicators(),
		tables:   map[string]tabular.Table{}, charts: map[string]string{}}
	// The group page compares households, persons and minors; the usage
	// indicators (gebruik_*) have no unit there.
	if unit, _, _ := strings.Cut(code, "_"); indicator.IsTrend(code) && unit != "gebruik" {
		v.GroupsLink = "/trendmonitor/groepen?eenheid=" + url.QueryEscape(unit)
	}
	var msgs []string

	// Groups: the whole population first. Only the chosen group's values
	// are read, which keeps the page fast with many groups and areas.
	gs, err := s.Indicators.Groups(r.Context(), code)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(gs, func(a, b string) int {
		if (a == indicator.TotalGroup) != (b == indicator.TotalGroup) {
			if a == indicator.TotalGroup {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	if len(gs) > 0 {
		v.Group = gs[0]
	}
	if g := q.Get("groep"); g != "" {
		if slices.Contains(gs, g) {
			v.Group = g
		} else {
			msgs = append(msgs, "Voor deze groep zijn geen cijfers.")
		}
	}
	for _, g := range gs {
		v.Groups = append(v.Groups, Option{Value: g, Label: g, Selected: g == v.Group})
	}
	// The page reads what it shows, not every value of the group: the
	// periods (from the index), the gemeente-level series, the chosen
	// period's areas and the chosen area's series. With a million stored
	// values that keeps a page to a few hundred rows.
	ctx := r.Context()
	var periods []indicator.Period
	if v.Group != "" {
		if periods, err = s.Indicators.Periods(ctx, code, v.Group); err != nil {
			return nil, err
		}
	}
	values := func(f indicator.ValueFilter) ([]indicator.Value, error) {
		f.Indicator, f.Group = code, v.Group
		return s.Indicators.Values(ctx, f)
	}
	var period indicator.Period
	if len(periods) > 0 {
		period = periods[len(periods)-1]
	}
	periodMsg := "" // said after the area's, in the order of the form
	if p := q.Get("periode"); p != "" && len(periods) > 0 {
		pp, err := indicator.ParsePeriod(p)
		if err == nil && slices.Contains(periods, pp) {
			period = pp
		} else {
			periodMsg = "Voor deze periode zijn geen cijfers."
		}
	}
	var gemVals, perVals []indicator.Value
	if len(periods) > 0 {
		if gemVals, err = values(indicator.ValueFilter{Gemeente: true}); err != nil {
			return nil, err
		}
		if perVals, err = values(indicator.ValueFilter{Period: period}); err != nil {
			return nil, err
		}
	}
	// Buurten go on the buurt map only; the charts compare the gemeente
	// and its wijken and own areas.
	var inPeriod, inPeriodBuurt []indicator.Value
	for _, x := range perVals {
		if isBuurt(reg, x.Area) {
			inPeriodBuurt = append(inPeriodBuurt, x)
		} else {
			inPeriod = append(inPeriod, x)
		}
	}
	mainArea, mainVals := mainSeries(reg, gemVals, v.Group)
	if mainArea == "" && len(periods) > 0 {
		// No gemeente-level values: the last area of the latest period leads.
		latest := inPeriod
		if period != periods[len(periods)-1] {
			all, err := values(indicator.ValueFilter{Period: periods[len(periods)-1]})
			if err != nil {
				return nil, err
			}
			latest = slices.DeleteFunc(all, func(x indicator.Value) bool { return isBuurt(reg, x.Area) })
		}
		if len(latest) > 0 {
			mainArea = latest[len(latest)-1].Area
			if mainVals, err = values(indicator.ValueFilter{Area: mainArea}); err != nil {
				return nil, err
			}
		}
	}
	for _, t := range ind.Targets {
		v.Verdicts = append(v.Verdicts, verdictView(ind, ind.Verdict(t.Year, mainVals)))
	}
	v.tables["streefwaarden"] = verdictTable(v.Verdicts, reg.AreaName(mainArea))
	if mainArea == "" {
		v.Empty = true
		return v, nil
	}
	v.Main = reg.AreaName(mainArea)

	// By default the gemeente's other area of its level stands beside it
	// (the gemeente before the 2019 merger), so a break in the series shows.
	pos := map[string]int{}
	for i, a := range reg.Areas {
		pos[a.Code] = i
	}
	byRegister := func(a, b string) int {
		pa, oka := pos[a]
		pb, okb := pos[b]
		switch {
		case oka && okb:
			return cmp.Compare(pa, pb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	}
	var gemAreas []string
	for _, x := range gemVals {
		if !slices.Contains(gemAreas, x.Area) {
			gemAreas = append(gemAreas, x.Area)
		}
	}
	slices.SortFunc(gemAreas, byRegister)
	chosen := mainArea
	for _, a := range gemAreas {
		if a != mainArea {
			chosen = a
			break
		}
	}
	chosenVals := seriesOf(gemVals, chosen, v.Group)
	if a := q.Get("gebied"); a != "" && a != chosen {
		var sv []indicator.Value
		if slices.Contains(gemAreas, a) {
			sv = seriesOf(gemVals, a, v.Group)
		} else if !isBuurt(reg, a) {
			if sv, err = values(indicator.ValueFilter{Area: a}); err != nil {
				return nil, err
			}
		}
		if len(sv) > 0 {
			chosen, chosenVals = a, sv
		} else {
			msgs = append(msgs, "Voor dit gebied zijn geen cijfers.")
		}
	}
	if periodMsg != "" {
		msgs = append(msgs, periodMsg)
	}
	// The areas to choose from: the gemeente-level ones, those of the
	// period, and the chosen one, in register order.
	areas := slices.Clone(gemAreas)
	for _, x := range inPeriod {
		if !slices.Contains(areas, x.Area) {
			areas = append(areas, x.Area)
		}
	}
	if !slices.Contains(areas, chosen) {
		areas = append(areas, chosen)
	}
	slices.SortFunc(areas, byRegister)
	for _, a := range areas {
		v.Areas = append(v.Areas, Option{Value: a, Label: areaLabel(reg, a), Selected: a == chosen})
	}
	// The time series: the gemeente, and the chosen area beside it.
	series := [][]indicator.Value{mainVals}
	names := []string{v.Main}
	if chosen != mainArea {
		v.Chosen = reg.AreaName(chosen)
		series = append(series, chosenVals)
		names = append(names, v.Chosen)
	}
	v.charts["verloop"] = lineChartOf(ind, series, names, v.Group)
	v.Chart = template.HTML(v.charts["verloop"])
	var shown []indicator.Value
	for _, sv := range series {
		for _, val := range sv {
			v.Rows = append(v.Rows, valueRow(reg, ind, val))
			v.Suppressed = v.Suppressed || val.Suppressed
			shown = append(shown, val)
		}
	}
	v.tables["verloop"] = indicator.ValuesTable(shown)

	// Areas side by side in one period.
	for i := len(periods) - 1; i >= 0; i-- {
		p := periods[i]
		v.Periods = append(v.Periods, Option{Value: p.String(), Label: p.Label(), Selected: p == period})
	}
	v.Period = period.Label()
	slices.SortStableFunc(inPeriod, func(a, b indicator.Value) int {
		if a.Suppressed != b.Suppressed {
			if b.Suppressed {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Value, a.Value)
	})
	bars := chart.Bars{Title: ind.Name + " per gebied, " + period.Label(), Percent: ind.IsPercent()}
	for _, val := range inPeriod {
		b := chart.Bar{Label: reg.AreaName(val.Area), Value: val.Value, OK: !val.Suppressed, Missing: "onderdrukt", Highlight: val.Area == chosen}
		bars.Bars = append(bars.Bars, b)
		row := valueRow(reg, ind, val)
		row.Highlight = b.Highlight
		v.AreaRows = append(v.AreaRows, row)
		v.Suppressed = v.Suppressed || val.Suppressed
	}
	bars.Desc = fmt.Sprintf("Staafdiagram met %d gebieden, hoogste waarde bovenaan; %s is gemarkeerd. De cijfers staan in de tabel onder de grafiek.", len(bars.Bars), reg.AreaName(chosen))
	v.charts["gebieden"] = bars.SVG()
	v.Bars = template.HTML(v.charts["gebieden"])
	v.tables["gebieden"] = indicator.ValuesTable(inPeriod)

	level := q.Get("kaart")
	if level != geo.Buurt || len(inPeriodBuurt) == 0 {
		if level != "" && level != geo.Wijk {
			msgs = append(msgs, "Voor deze periode zijn geen cijfers per buurt.")
		}
		level = geo.Wijk
	}
	mapVals := inPeriod
	if level == geo.Buurt {
		mapVals = inPeriodBuurt
	}
	if err := s.addMap(r.Context(), v, reg, ind, mapVals, period, level); err != nil {
		return nil, err
	}
	v.Suppressed = v.Suppressed || v.Map.Suppressed
	if len(msgs) > 0 {
		v.Message = strings.Join(msgs, " ") + " U ziet nu " + reg.AreaName(chosen) + ", " + v.Group + ", " + period.Label() + "."
	}
	base := url.Values{"gebied": {chosen}, "periode": {period.String()}, "groep": {v.Group}}
	if level == geo.Buurt {
		base.Set("kaart", geo.Buurt)
	}
	v.Links = downloadLinks("/indicatoren/"+code, base, indicatorTables, indicatorCharts)
	if len(inPeriodBuurt) > 0 && v.Map.SVG != "" {
		for _, l := range []struct{ level, label string }{{geo.Wijk, "wijken"}, {geo.Buurt, "buurten"}} {
			q := url.Values{"gebied": {chosen}, "periode": {period.String()}, "groep": {v.Group}, "kaart": {l.level}}
			v.Map.Switch = append(v.Map.Switch, MapSwitch{Label: l.label, Link: "/indicatoren/" + code + "?" + q.Encode() + "#kaart-titel", Current: l.level == level})
		}
	}
	return v, nil
}

// downloadLinks makes the download links of a page's tables and charts:
// the page's path with its choices in base.
func downloadLinks(path string, base url.Values, tables, charts []string) map[string]DownloadLinks {
	out := map[string]DownloadLinks{}
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
		l.CSV, l.XLSX = link("tabel", t, "csv"), link("tabel", t, "xlsx")
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
	t := tabular.Table{Sheet: "streefwaarden", Header: []string{"jaar", "streefwaarde", "oordeel", "uitleg", "beoordeeld op"}}
	for _, v := range vs {
		t.Rows = append(t.Rows, []tabular.Cell{tabular.Number(float64(v.Year)), tabular.Text(v.Target), tabular.Text(v.Status), tabular.Text(v.Explanation), tabular.Text(area)})
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

func isBuurt(reg *indicator.Register, code string) bool {
	if a, ok := reg.Area(code); ok {
		return a.Level == "buurt"
	}
	return strings.HasPrefix(code, "BU")
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

func valueRow(reg *indicator.Register, ind *indicator.Indicator, val indicator.Value) IndicatorValueRow {
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
	return IndicatorValueRow{Period: val.Period.Label(), Area: reg.AreaName(val.Area), AreaCode: val.Area, Value: formatValue(ind, val),
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
			desc += fmt.Sprintf(" %s: %s in %s.", names[i], formatValue(ind, shown[0]), shown[0].Period.Label())
		default:
			first, last := shown[0], shown[len(shown)-1]
			desc += fmt.Sprintf(" %s: van %s in %s naar %s in %s.", names[i], formatValue(ind, first), first.Period.Label(), formatValue(ind, last), last.Period.Label())
		}
	}
	c.Desc = desc + " De cijfers staan in de tabel onder de grafiek."
	return c.SVG()
}
