package indicatorweb

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/tabular"
)

// trendIndicators are the trendmonitor's indicators in the order of the
// select, with their Dutch labels.
var trendIndicators = []struct{ Code, Label string }{
	{"huishoudens_110", "Huishoudens tot 110% van het sociaal minimum"},
	{"huishoudens_120", "Huishoudens tot 120% van het sociaal minimum"},
	{"personen_110", "Personen in huishoudens tot 110% van het sociaal minimum"},
	{"personen_120", "Personen in huishoudens tot 120% van het sociaal minimum"},
	{"minderjarigen_110", "Minderjarigen in huishoudens tot 110% van het sociaal minimum"},
	{"minderjarigen_120", "Minderjarigen in huishoudens tot 120% van het sociaal minimum"},
	{"huishoudens_110_4jaar", "Huishoudens tot 110% van het sociaal minimum, 4 jaar of langer"},
	{"personen_110_4jaar", "Personen in huishoudens tot 110% van het sociaal minimum, 4 jaar of langer"},
	{"minderjarigen_110_4jaar", "Minderjarigen in huishoudens tot 110% van het sociaal minimum, 4 jaar of langer"},
	// Version 2 (spec section 6): of the households at or below 110%, the
	// share that used a provision.
	{"gebruik_participatiewet_110", "Huishoudens tot 110% van het sociaal minimum met een uitkering of voorziening uit de Participatiewet"},
	{"gebruik_jeugdwet_110", "Huishoudens tot 110% van het sociaal minimum met jeugdhulp uit de Jeugdwet"},
	{"gebruik_wmo_110", "Huishoudens tot 110% van het sociaal minimum met een Wmo-voorziening"},
}

func trendIndicatorLabel(code string) (string, bool) {
	for _, i := range trendIndicators {
		if i.Code == code {
			return i.Label, true
		}
	}
	return code, false
}

type trendView struct {
	web.Page
	Empty       bool
	Run         indicator.TrendRun
	RunKind     string
	ChecksumTip string
	Synthetic   bool
	MinCell     string // "minder dan 10 huishoudens", or a text for an unknown k
	Indicators  []web.Option
	Gemeenten   []web.Option
	Indicator   string
	Label       string
	Gemeente    string
	// GemeenteName is the gemeente's name as it reads in a sentence
	// ("gemeente Groningen (2019)"), never its code alone.
	GemeenteName string
	Message      string // a parameter that could not be used
	Series       []TrendRow
	Chart        template.HTML
	Year         int
	GemeenteRow  TrendRow
	Wijken       []TrendRow
	Groups       []TrendGroup
	Suppressed   bool // any cell on the page is suppressed
	Links        map[string]web.DownloadLinks
	// Wellbeing holds the register's wellbeing indicators (monitoringplan
	// 3.1e) for the gemeente; NoWellbeing says none has a value yet.
	Wellbeing   []WellbeingRow
	NoWellbeing bool

	tables map[string]tabular.Table
}

// trendTables are the downloadable tables of the trendmonitor page; its
// one chart is "verloop".
var trendTables = []string{"verloop", "wijken", "groepen"}

// trendCells are a cell's numerator, denominator and value for a
// download: numbers, "onderdrukt", or empty where there is none.
func trendCells(v indicator.Value) []tabular.Cell {
	if v.Suppressed {
		s := tabular.Suppressed()
		return []tabular.Cell{s, s, s}
	}
	num := func(p *float64) tabular.Cell {
		if p == nil {
			return tabular.Cell{}
		}
		return tabular.Number(*p)
	}
	val := tabular.Cell{}
	if !v.Empty() {
		val = tabular.Number(v.Value)
	}
	return []tabular.Cell{num(v.Num), num(v.Den), val}
}

// TrendRow is one formatted row of a trendmonitor table.
type TrendRow struct {
	Year       int
	Area       string
	Label      string
	Num, Den   string
	Value      string // "12,3%" or "onderdrukt"
	Suppressed bool
	value      float64
	ok         bool
}

// TrendGroup is one breakdown (household type or income source) of the
// group table.
type TrendGroup struct {
	Heading string
	Rows    []TrendRow
}

func trendRow(v indicator.Value) TrendRow {
	r := TrendRow{Year: v.Period.Year, Area: v.Area, Label: v.Area}
	thousands := func(p *float64) string {
		if p == nil {
			return ""
		}
		return web.FormatThousands(*p)
	}
	switch {
	case v.Suppressed:
		r.Suppressed = true
		r.Num, r.Den, r.Value = "onderdrukt", "onderdrukt", "onderdrukt"
	case v.Empty():
		// A denominator of zero: nothing to divide, not a suppression.
		r.Num, r.Den, r.Value = thousands(v.Num), thousands(v.Den), "geen"
	default:
		r.value, r.ok = v.Value, true
		r.Num, r.Den, r.Value = thousands(v.Num), thousands(v.Den), formatPercent(v.Value)
	}
	return r
}

// formatPercent writes a percentage the Dutch way with one decimal: "12,3%".
func formatPercent(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1) + "%"
}

func (s *Pages) trendmonitor(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	format := r.URL.Query().Get("formaat")
	switch format {
	case "", web.FormatCSV, web.FormatExcelCSV, web.FormatXLSX, "svg", "png":
	default:
		return web.UnknownFormat(format)
	}
	v := trendView{Page: s.Page(r, rc, "Trendmonitor armoede", "trendmonitor")}
	if err := s.trendView(r, &v); err != nil {
		return err
	}
	var err error
	if v.Wellbeing, v.NoWellbeing, err = s.wellbeingRows(r.Context(), v.Gemeente); err != nil {
		return err
	}
	name := "trendmonitor-" + v.Indicator + "-" + v.Gemeente
	switch format {
	case web.FormatCSV, web.FormatExcelCSV, web.FormatXLSX:
		t, ok := v.tables[r.URL.Query().Get("tabel")]
		if !ok {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze tabel staat niet op de pagina. Kies %s.", orList(trendTables))
		}
		return web.SendTables(w, format, name+"-"+r.URL.Query().Get("tabel"), t)
	case "svg", "png":
		if r.URL.Query().Get("grafiek") != "verloop" || v.Chart == "" {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze grafiek staat niet op de pagina. Kies verloop.")
		}
		return web.SendChart(r.Context(), w, format, name+"-verloop", string(v.Chart))
	}
	s.Render(w, r, http.StatusOK, "trend", v)
	return nil
}

// trendView fills the page for the indicator and gemeente in the query:
// the indicator service decides what it shows.
func (s *Pages) trendView(r *http.Request, v *trendView) error {
	v.tables = map[string]tabular.Table{}
	q := r.URL.Query()
	p, err := s.Indicators.TrendPage(r.Context(), indicator.TrendQuery{Indicator: q.Get("indicator"), Gemeente: q.Get("gemeente")})
	if err != nil {
		return err
	}
	if p.Latest == nil {
		v.Empty = true
		return nil
	}
	v.Run = *p.Latest
	switch v.Run.Kind {
	case "berekend":
		v.RunKind = "berekend uit een huishoudpanel"
	case "ingelezen":
		v.RunKind = "ingelezen tabel"
	default:
		v.RunKind = v.Run.Kind
	}
	v.ChecksumTip = v.Run.SourceSHA256
	if len(v.ChecksumTip) > 12 {
		v.ChecksumTip = v.ChecksumTip[:12]
	}
	v.Synthetic = v.Run.Synthetic()
	if v.Run.MinCell > 0 {
		v.MinCell = fmt.Sprintf("minder dan %d huishoudens", v.Run.MinCell)
	} else {
		v.MinCell = "te weinig huishoudens (de grens is voor deze tabel niet bekend)"
	}
	names, err := s.Indicators.AreaNames(r.Context())
	if err != nil {
		return err
	}
	v.Indicator, v.Gemeente, v.GemeenteName = p.Indicator, p.Gemeente, gemeenteName(names, p.Gemeente)
	v.Label, _ = trendIndicatorLabel(v.Indicator)
	if len(p.Problems) > 0 {
		v.Message = strings.Join(p.Problems, " ") + " U ziet nu " + lowerFirst(v.Label) + " in " + v.GemeenteName + "."
	}
	for _, i := range trendIndicators {
		v.Indicators = append(v.Indicators, web.Option{Value: i.Code, Label: i.Label, Selected: i.Code == v.Indicator})
	}
	for _, g := range p.Gemeenten {
		v.Gemeenten = append(v.Gemeenten, web.Option{Value: g, Label: names.Name(g), Selected: g == v.Gemeente})
	}
	if v.Gemeente == "" {
		return nil
	}
	v.Links = downloadLinks("/trendmonitor", url.Values{"indicator": {v.Indicator}, "gemeente": {v.Gemeente}}, trendTables, []string{"verloop"})
	trendTablesOf(v, p, names)
	return nil
}

// gemeenteName is a gemeente's name for the middle of a sentence:
// "gemeente Groningen (2019)" rather than "GM0014".
func gemeenteName(names indicator.AreaNames, code string) string {
	n := names.Name(code)
	if rest, ok := strings.CutPrefix(n, "Gemeente "); ok {
		return "gemeente " + rest
	}
	return n
}

// trendTablesOf shows (a) the gemeente's series, (b) its wijken in the
// latest year and (c) its groups in that year.
func trendTablesOf(v *trendView, p *indicator.TrendPage, names indicator.AreaNames) {
	header := []string{"teller", "noemer", "waarde (%)"}
	lead := func(val indicator.Value) []tabular.Cell {
		return []tabular.Cell{tabular.Number(float64(val.Period.Year)), tabular.Text(val.Area)}
	}
	verloop := tabular.Table{Sheet: "verloop", Header: append([]string{"jaar", "gebied"}, header...)}
	for _, val := range p.Series {
		row := trendRow(val)
		v.Suppressed = v.Suppressed || row.Suppressed
		v.Series = append(v.Series, row)
		verloop.Rows = append(verloop.Rows, append(lead(val), trendCells(val)...))
	}
	if len(v.Series) == 0 {
		return
	}
	v.tables["verloop"] = verloop
	v.Chart = lineChart(v.Series, lowerFirst(v.Label)+" in "+v.GemeenteName)
	v.Year = p.Year
	v.GemeenteRow = v.Series[len(v.Series)-1]
	v.GemeenteRow.Label = names.Name(v.Gemeente)

	wtable := tabular.Table{Sheet: "wijken", Header: append([]string{"jaar", "gebied"}, header...)}
	for _, val := range p.Wijken {
		row := trendRow(val)
		row.Label = names.Name(val.Area)
		v.Suppressed = v.Suppressed || row.Suppressed
		v.Wijken = append(v.Wijken, row)
		wtable.Rows = append(wtable.Rows, append(lead(val), trendCells(val)...))
	}
	slices.SortStableFunc(wtable.Rows, func(a, b []tabular.Cell) int { return strings.Compare(a[1].Text, b[1].Text) })
	v.tables["wijken"] = wtable

	gtable := tabular.Table{Sheet: "groepen", Header: append([]string{"jaar", "gebied", "groep", "omschrijving"}, header...)}
	if val, ok := p.Groups[indicator.TotalGroup]; ok {
		gtable.Rows = append(gtable.Rows, append([]tabular.Cell{tabular.Number(float64(v.Year)), tabular.Text(v.Gemeente), tabular.Text(indicator.TotalGroup), tabular.Text("Totaal")}, trendCells(val)...))
	}
	for _, b := range indicator.TrendBreakdowns {
		tg := TrendGroup{Heading: b.Heading}
		for _, it := range b.Items {
			val, ok := p.Groups[it.Code]
			if !ok {
				continue
			}
			row := trendRow(val)
			row.Label = it.Label
			v.Suppressed = v.Suppressed || row.Suppressed
			tg.Rows = append(tg.Rows, row)
			gtable.Rows = append(gtable.Rows, append([]tabular.Cell{tabular.Number(float64(v.Year)), tabular.Text(v.Gemeente), tabular.Text(val.Group), tabular.Text(it.Label)}, trendCells(val)...))
		}
		if len(tg.Rows) > 0 {
			v.Groups = append(v.Groups, tg)
		}
	}
	v.tables["groepen"] = gtable
}

// lineChart draws the series as an inline SVG line chart: a y axis in
// percent from 0 to a round maximum, a label per year, a line through the
// values that breaks at suppressed years, and a dot per value. The chart is
// an image with a summary for screen readers; the table under it holds the
// same numbers.
func lineChart(rows []TrendRow, what string) template.HTML {
	const (
		width, height            = 640.0, 280.0
		left, right, top, bottom = 56.0, 16.0, 16.0, 40.0
		ink, grid, line          = "#1b1b1b", "#b4b4b4", "#154273"
	)
	maxV := 0.0
	var shown []TrendRow
	for _, r := range rows {
		if r.ok {
			shown = append(shown, r)
			maxV = max(maxV, r.value)
		}
	}
	step := niceStep(maxV)
	top100 := step * float64(int(maxV/step)+1)
	plotW, plotH := width-left-right, height-top-bottom
	x := func(i int) float64 {
		if len(rows) == 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(len(rows)-1)
	}
	y := func(v float64) float64 { return top + plotH*(1-v/top100) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

	var summary string
	switch {
	case len(shown) == 0:
		summary = fmt.Sprintf("Lijndiagram van %s, %d tot %d: alle waarden zijn onderdrukt.", what, rows[0].Year, rows[len(rows)-1].Year)
	case len(shown) == 1:
		summary = fmt.Sprintf("Lijndiagram van %s: %s in %d.", what, shown[0].Value, shown[0].Year)
	default:
		first, last := shown[0], shown[len(shown)-1]
		lo, hi := shown[0], shown[0]
		for _, r := range shown {
			if r.value < lo.value {
				lo = r
			}
			if r.value > hi.value {
				hi = r
			}
		}
		summary = fmt.Sprintf("Lijndiagram van %s, %d tot %d: van %s in %d naar %s in %d; laagste waarde %s in %d, hoogste %s in %d.",
			what, first.Year, last.Year, first.Value, first.Year, last.Value, last.Year, lo.Value, lo.Year, hi.Value, hi.Year)
	}
	summary += " De cijfers staan in de tabel onder de grafiek."
	esc := template.HTMLEscapeString

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend-chart" viewBox="0 0 %g %g" width="100%%" font-family="system-ui, sans-serif" role="img" aria-label="%s" focusable="false" xmlns="http://www.w3.org/2000/svg">`, width, height, esc(summary))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(summary))
	// Horizontal grid lines with percent labels.
	for v := 0.0; v <= top100+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f(left), f(y(v)), f(width-right), f(y(v)), grid)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="%s">%s</text>`, f(left-6), f(y(v)+4), ink, esc(formatAxisPercent(v)))
	}
	// Axes.
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, f(left), f(top), f(left), f(y(0)), ink)
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, f(left), f(y(0)), f(width-right), f(y(0)), ink)
	// Year labels; with many years every other one, the last always.
	every := 1
	if len(rows) > 12 {
		every = 2
	}
	for i, r := range rows {
		if i%every != 0 && i != len(rows)-1 {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f(x(i)), f(y(0)), f(x(i)), f(y(0)+5), ink)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" fill="%s">%d</text>`, f(x(i)), f(height-bottom+20), ink, r.Year)
	}
	// The line, broken where a value is suppressed.
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"/>`, strings.Join(seg, " "), line)
		}
		seg = seg[:0]
	}
	for i, r := range rows {
		if !r.ok {
			flush()
			continue
		}
		seg = append(seg, f(x(i))+","+f(y(r.value)))
	}
	flush()
	for i, r := range rows {
		if r.ok {
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4" fill="%s" stroke="#fff" stroke-width="1.5"/>`, f(x(i)), f(y(r.value)), line)
		}
	}
	b.WriteString(`</svg>`)
	// Every dynamic part above is a number or escaped text.
	return template.HTML(b.String())
}

// niceStep picks a grid step of 1, 2, 5 or 10 times a power of ten that
// gives four to eight grid lines up to maxV.
func niceStep(maxV float64) float64 {
	if maxV <= 0 {
		return 1
	}
	for _, base := range []float64{0.1, 1, 10} {
		for _, m := range []float64{1, 2, 5} {
			s := base * m
			if maxV/s <= 6 {
				return s
			}
		}
	}
	return 100
}

func formatAxisPercent(v float64) string {
	if v == float64(int(v)) {
		return strconv.Itoa(int(v)) + "%"
	}
	return formatPercent(v)
}

// lowerFirst lets a label ("Huishoudens tot …") continue a sentence.
func lowerFirst(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
