package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/xuri/excelize/v2"
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
	Map        template.HTML
	MapRows    []IndicatorValueRow
	CSVLink    string
	XLSXLink   string
	SVGLinks   map[string]string // per chart: a stable link to the chart as an SVG file
	PNGLinks   map[string]string
	Suppressed bool
}

// IndicatorValueRow is one value in a table.
type IndicatorValueRow struct {
	Period, Area, AreaCode  string
	Value, Num, Den, Margin string
	Source, Note            string
	Highlight               bool
}

var directionLabels = map[string]string{indicator.Up: "hoger is beter", indicator.Down: "lager is beter", indicator.None: "geen richting: de waarde wordt gevolgd"}

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
	switch q.Get("formaat") {
	case "", "svg", "png":
	case "csv", "xlsx":
		vals, err := s.Indicators.Values(r.Context(), indicator.ValueFilter{Indicator: code})
		if err != nil {
			return err
		}
		if q.Get("formaat") == "csv" {
			return downloadValues(w, code, vals)
		}
		return downloadValuesXLSX(w, code, vals)
	default:
		return perspectief.Errorf(perspectief.CodeInvalid, "Het formaat %q kennen we niet. Kies csv, xlsx, svg of png.", q.Get("formaat"))
	}

	v := indicatorView{Page: s.page(r, rc, ind.Name, "indicatoren"), Ind: ind, Kind: kindLabels[ind.Kind],
		Direction: directionLabels[ind.Direction], Goals: strings.Join(ind.Goals, ", "), CSVLink: "/indicatoren/" + code + "?formaat=csv", XLSXLink: "/indicatoren/" + code + "?formaat=xlsx"}
	var msgs []string

	// Groups: the whole population first. Only the chosen group's values
	// are read, which keeps the page fast with many groups and areas.
	gs, err := s.Indicators.Groups(r.Context(), code)
	if err != nil {
		return err
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
	var vals []indicator.Value
	if v.Group != "" {
		if vals, err = s.Indicators.Values(r.Context(), indicator.ValueFilter{Indicator: code, Group: v.Group}); err != nil {
			return err
		}
	}
	gvals := slices.DeleteFunc(vals, func(x indicator.Value) bool { return isBuurt(reg, x.Area) })
	mainArea, mainVals := mainSeries(reg, gvals, v.Group)
	if mainArea == "" && len(gvals) > 0 {
		// No gemeente-level values: the area of the latest value leads.
		mainArea = gvals[len(gvals)-1].Area
		mainVals = seriesOf(gvals, mainArea, v.Group)
	}
	for _, t := range ind.Targets {
		v.Verdicts = append(v.Verdicts, verdictView(ind, ind.Verdict(t.Year, mainVals)))
	}
	if len(gvals) == 0 {
		v.Empty = true
		s.render(w, r, http.StatusOK, "indicator", v)
		return nil
	}
	v.Main = reg.AreaName(mainArea)

	// The areas with values, in register order, then by code.
	pos := map[string]int{}
	for i, a := range reg.Areas {
		pos[a.Code] = i
	}
	var areas []string
	seen := map[string]bool{}
	for _, val := range gvals {
		if !seen[val.Area] {
			seen[val.Area] = true
			areas = append(areas, val.Area)
		}
	}
	slices.SortFunc(areas, func(a, b string) int {
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
	})
	// By default the gemeente's other area of its level stands beside it
	// (the gemeente before the 2019 merger), so a break in the series shows.
	chosen := mainArea
	for _, a := range areas {
		if a != mainArea && isGemeente(reg, a) {
			chosen = a
			break
		}
	}
	if a := q.Get("gebied"); a != "" {
		if seen[a] {
			chosen = a
		} else {
			msgs = append(msgs, "Voor dit gebied zijn geen cijfers.")
		}
	}
	for _, a := range areas {
		v.Areas = append(v.Areas, Option{Value: a, Label: areaLabel(reg, a), Selected: a == chosen})
	}
	// The time series: the gemeente, and the chosen area beside it.
	series := [][]indicator.Value{mainVals}
	names := []string{v.Main}
	if chosen != mainArea {
		v.Chosen = reg.AreaName(chosen)
		series = append(series, seriesOf(gvals, chosen, v.Group))
		names = append(names, v.Chosen)
	}
	v.Chart = template.HTML(lineChartOf(ind, series, names, v.Group))
	for _, sv := range series {
		for _, val := range sv {
			v.Rows = append(v.Rows, valueRow(reg, ind, val))
			v.Suppressed = v.Suppressed || val.Suppressed
		}
	}

	// Areas side by side in one period.
	var periods []indicator.Period
	pseen := map[indicator.Period]bool{}
	for _, val := range gvals {
		if !pseen[val.Period] {
			pseen[val.Period] = true
			periods = append(periods, val.Period)
		}
	}
	slices.SortFunc(periods, indicator.Period.Compare)
	period := periods[len(periods)-1]
	if p := q.Get("periode"); p != "" {
		pp, err := indicator.ParsePeriod(p)
		if err == nil && pseen[pp] {
			period = pp
		} else {
			msgs = append(msgs, "Voor deze periode zijn geen cijfers.")
		}
	}
	for i := len(periods) - 1; i >= 0; i-- {
		p := periods[i]
		v.Periods = append(v.Periods, Option{Value: p.String(), Label: p.Label(), Selected: p == period})
	}
	v.Period = period.Label()
	var inPeriod []indicator.Value
	for _, val := range gvals {
		if val.Period == period {
			inPeriod = append(inPeriod, val)
		}
	}
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
	v.Bars = template.HTML(bars.SVG())
	if err := v.addMap(reg, ind, inPeriod, period); err != nil {
		return err
	}
	if len(msgs) > 0 {
		v.Message = strings.Join(msgs, " ") + " U ziet nu " + reg.AreaName(chosen) + ", " + v.Group + ", " + period.Label() + "."
	}
	v.SVGLinks, v.PNGLinks = map[string]string{}, map[string]string{}
	for _, g := range []string{"verloop", "gebieden", "kaart"} {
		sq := url.Values{"gebied": {chosen}, "periode": {period.String()}, "groep": {v.Group}, "formaat": {"svg"}, "grafiek": {g}}
		v.SVGLinks[g] = "/indicatoren/" + code + "?" + sq.Encode()
		sq.Set("formaat", "png")
		v.PNGLinks[g] = "/indicatoren/" + code + "?" + sq.Encode()
	}
	if f := q.Get("formaat"); f == "svg" || f == "png" {
		charts := map[string]template.HTML{"verloop": v.Chart, "gebieden": v.Bars, "kaart": v.Map}
		svg := charts[q.Get("grafiek")]
		if svg == "" {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze grafiek bestaat niet. Kies verloop, gebieden of kaart.")
		}
		body, ctype := []byte(xml.Header+string(svg)+"\n"), "image/svg+xml; charset=utf-8"
		if f == "png" {
			if body, err = renderPNG(r.Context(), string(svg)); err != nil {
				return err
			}
			ctype = "image/png"
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", `attachment; filename="`+code+"-"+q.Get("grafiek")+"."+f+`"`)
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
		return nil
	}
	s.render(w, r, http.StatusOK, "indicator", v)
	return nil
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

// downloadValues sends the values in the import format, so that the file
// imports again with perspectief indicatoren import.
func downloadValues(w http.ResponseWriter, code string, vals []indicator.Value) error {
	var buf bytes.Buffer
	if err := indicator.WriteCSV(&buf, vals); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+code+`.csv"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// wijkShapes are the shipped outlines of Groningen's wijken, parsed once.
var wijkShapes = sync.OnceValues(func() ([]chart.Shape, error) {
	return chart.ParseGeoJSON(indicator.WijkenGeoJSON(), "wijkcode", "wijknaam")
})

// addMap draws the wijken coloured by value when the period has a value for
// at least one of them; own areas (such as OIS's older wijken) have no
// shape and stay in the bar chart and table only.
func (v *indicatorView) addMap(reg *indicator.Register, ind *indicator.Indicator, inPeriod []indicator.Value, period indicator.Period) error {
	shapes, err := wijkShapes()
	if err != nil {
		return err
	}
	byArea := map[string]indicator.Value{}
	for _, val := range inPeriod {
		byArea[val.Area] = val
	}
	m := chart.Choropleth{Title: "Kaart: " + ind.Name + " per wijk, " + period.Label(), Shapes: shapes, Values: map[string]chart.MapValue{}, Percent: ind.IsPercent()}
	var suppressed, missing int
	for _, sh := range shapes {
		val, ok := byArea[sh.Code]
		row := IndicatorValueRow{Area: sh.Name, AreaCode: sh.Code, Value: "geen cijfer"}
		switch {
		case !ok:
			missing++
		case val.Suppressed:
			suppressed++
			m.Values[sh.Code] = chart.MapValue{Suppressed: true}
			row.Value = "onderdrukt"
		default:
			m.Values[sh.Code] = chart.MapValue{Value: val.Value}
			row.Value = formatValue(ind, val)
		}
		v.MapRows = append(v.MapRows, row)
	}
	if len(m.Values) == 0 {
		v.MapRows = nil
		return nil
	}
	m.Desc = fmt.Sprintf("Kaart van de %d wijken van de gemeente Groningen, gekleurd naar waarde van licht (laag) naar donker (hoog). %s onderdrukt (gearceerd), %s zonder cijfer (lichtgrijs). De cijfers staan in de tabel onder de kaart.",
		len(shapes), wijken(suppressed), wijken(missing))
	v.Map = template.HTML(m.SVG())
	return nil
}

func wijken(n int) string {
	if n == 1 {
		return "1 wijk"
	}
	return fmt.Sprintf("%d wijken", n)
}

// downloadValuesXLSX sends the values as a workbook with the columns of the
// import format; numbers are number cells, so that a spreadsheet can
// calculate with them.
func downloadValuesXLSX(w http.ResponseWriter, code string, vals []indicator.Value) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "waarden"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	row := make([]any, len(indicator.CSVHeader))
	for i, h := range indicator.CSVHeader {
		row[i] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	num := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	for i, v := range vals {
		var val any = v.Value
		if v.Suppressed {
			val = indicator.SuppressedText
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, []any{v.Indicator, v.Period.String(), v.Area, v.Group, val, num(v.Num), num(v.Den), num(v.Margin), v.Source, v.Note}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="`+code+`.xlsx"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// renderPNG draws an SVG chart as a PNG in headless Chromium. Without
// Chromium on the server the user gets a message that points to the SVG
// download.
func renderPNG(ctx context.Context, svg string) ([]byte, error) {
	b, err := headless.PNG(ctx, svg)
	if errors.Is(err, headless.ErrNoBrowser) {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "Een PNG-afbeelding maken kan op deze server niet, omdat Chromium er niet op staat. Download de grafiek als SVG; die kunt u ook in een rapport plaatsen.")
	}
	return b, err
}
