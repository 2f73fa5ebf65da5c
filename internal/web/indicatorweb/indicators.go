package indicatorweb

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/tabular"
)

type indicatorsView struct {
	web.Page
	Empty      bool
	Goal       string // the goal the list is limited to, if any
	Kind, Type string // the filters of annex 1's typology, if any
	Kinds      []web.Option
	Types      []web.Option
	Message    string
	Levels     []IndicatorLevel
	// CanEditRegister: the user may add indicators.
	CanEditRegister bool
}

// IndicatorLevel is one goal level of the overview with its indicators.
type IndicatorLevel struct {
	ID, Heading string
	Rows        []IndicatorRow
	Links       web.DownloadLinks
	table       tabular.Table
}

// IndicatorRow is one indicator in the overview.
type IndicatorRow struct {
	Code, Name string
	Kind       string
	Type       string
	Retired    bool
	Goals      []string
	Latest     string // "7% (2018, Gemeente Groningen (2019))" or "nog geen waarde"
	Trend      TrendArrow
	Verdict    VerdictView
	// The latest value and where it is from, so that the table writes
	// every percentage of its Latest column with one precision.
	latest       *indicator.Value
	latestSuffix string
	ind          *indicator.Indicator
}

// TrendArrow shows the last movement of a series in a sign and in words;
// the sign is decoration, the words carry the meaning.
type TrendArrow struct {
	Sign, Text string
}

// VerdictView is a target verdict for a page.
type VerdictView struct {
	Year        int
	Target      string
	Status      string
	Class       string // CSS status class, repeating the status text in colour
	Explanation string
	Reason      string // why the target: the decision it comes from
	Baseline    string // "nulmeting 2018: 7%", or empty
}

// mainSeries is the indicator register's, which
// the yearly report shares: the series an overview or verdict judges.
func mainSeries(reg *indicator.Register, vals []indicator.Value, group string) (area string, series []indicator.Value) {
	return reg.MainSeries(vals, group)
}

func trendArrow(ind *indicator.Indicator, series []indicator.Value) TrendArrow {
	var shown []indicator.Value
	for _, v := range series {
		if !v.Suppressed {
			shown = append(shown, v)
		}
	}
	if len(shown) < 2 {
		return TrendArrow{Sign: "–", Text: "geen eerdere meting"}
	}
	prev, last := shown[len(shown)-2], shown[len(shown)-1]
	var a TrendArrow
	switch {
	case last.Value > prev.Value:
		a = TrendArrow{Sign: "↑", Text: "gestegen"}
	case last.Value < prev.Value:
		a = TrendArrow{Sign: "↓", Text: "gedaald"}
	default:
		return TrendArrow{Sign: "→", Text: "gelijk gebleven sinds " + prev.Period.Label()}
	}
	a.Text += " sinds " + prev.Period.Label()
	if ind.Direction == indicator.Up && last.Value > prev.Value || ind.Direction == indicator.Down && last.Value < prev.Value {
		a.Text += " (gunstig)"
	} else if ind.Direction != indicator.None {
		a.Text += " (ongunstig)"
	}
	return a
}

func verdictView(ind *indicator.Indicator, v indicator.Verdict) VerdictView {
	vv := VerdictView{Year: v.Year, Target: ind.TargetLabel(v.Target), Status: string(v.Status), Explanation: v.Explanation,
		Reason: v.Target.Reason, Baseline: ind.BaselineLabel()}
	switch v.Status {
	case indicator.Met:
		vv.Class = "s-op_koers"
	case indicator.NotMet:
		vv.Class = "s-achter"
	default:
		vv.Class = "s-geen"
	}
	return vv
}

// latestVerdict judges the latest target year that has a value, or the
// last target year when none has.
func latestVerdict(ind *indicator.Indicator, series []indicator.Value) (indicator.Verdict, bool) {
	if len(ind.Targets) == 0 {
		return indicator.Verdict{}, false
	}
	year := ind.Targets[0].Year
	for _, t := range ind.Targets {
		year = max(year, t.Year)
	}
	for i := len(series) - 1; i >= 0; i-- {
		if _, ok := ind.Target(series[i].Period.Year); ok && series[i].Period.Kind == indicator.Year && !series[i].Suppressed {
			year = series[i].Period.Year
			break
		}
	}
	return ind.Verdict(year, series), true
}

func (s *Pages) indicatorList(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	q := r.URL.Query()
	format := q.Get("formaat")
	if format != "" && !web.IsTableFormat(format) {
		return web.UnknownFormat(format)
	}
	v := indicatorsView{Page: s.Page(r, rc, "Indicatoren", "indicatoren")}
	reg, err := s.Indicators.Register(r.Context())
	if err != nil {
		return err
	}
	if len(reg.Indicators) == 0 {
		v.Empty = true
		s.Render(w, r, http.StatusOK, "indicators", v)
		return nil
	}
	listFilters(q, reg, &v)
	v.CanEditRegister = s.registerAllowed(rc) == nil
	names, err := s.listLevels(r.Context(), reg, &v)
	if err != nil {
		return err
	}
	base := url.Values{}
	for k, val := range map[string]string{"doel": v.Goal, "soort": v.Kind, "type": v.Type} {
		if val != "" {
			base.Set(k, val)
		}
	}
	links := downloadLinks("/indicatoren", base, names, nil)
	for i := range v.Levels {
		v.Levels[i].Links = links[v.Levels[i].ID]
	}
	if format != "" {
		return sendLevel(w, format, q.Get("tabel"), &v, names)
	}
	s.Render(w, r, http.StatusOK, "indicators", v)
	return nil
}

// listFilters reads the overview's filters: ?doel=S1 limits the list to
// the indicators of one goal (a stable link for the goal pages and
// reports); ?soort= and ?type= filter by the typology of annex 1. An
// unknown value is said and ignored.
func listFilters(q url.Values, reg *indicator.Register, v *indicatorsView) {
	if g := q.Get("doel"); g != "" {
		for _, ind := range reg.Indicators {
			if slices.Contains(ind.Goals, g) {
				v.Goal = g
				v.Title = "Indicatoren bij doel " + g
				break
			}
		}
		if v.Goal == "" {
			v.Message = "Bij dit doel zijn geen indicatoren vastgelegd. U ziet alle indicatoren."
		}
	}
	v.Kind, v.Type = q.Get("soort"), q.Get("type")
	if v.Kind != "" && !slices.Contains(indicator.Kinds, v.Kind) {
		v.Message, v.Kind = "Die soort kennen we niet. U ziet alle soorten.", ""
	}
	if v.Type != "" && !slices.Contains(indicator.Types, v.Type) {
		v.Message, v.Type = "Dat type kennen we niet. U ziet alle types.", ""
	}
	v.Kinds = []web.Option{{Value: "", Label: "alle soorten", Selected: v.Kind == ""}}
	for _, k := range indicator.Kinds {
		v.Kinds = append(v.Kinds, web.Option{Value: k, Label: indicator.KindLabels[k], Selected: k == v.Kind})
	}
	v.Types = []web.Option{{Value: "", Label: "alle types", Selected: v.Type == ""}}
	for _, t := range indicator.Types {
		v.Types = append(v.Types, web.Option{Value: t, Label: typeLabel(t), Selected: t == v.Type})
	}
}

// listLevels fills v with a table per goal level, with the filters
// applied, and returns the ids of the levels that have rows.
func (s *Pages) listLevels(ctx context.Context, reg *indicator.Register, v *indicatorsView) ([]string, error) {
	var names []string
	for _, l := range indicator.Levels {
		lv := IndicatorLevel{ID: "niveau-" + l.Code, Heading: l.Label, table: tabular.Table{Sheet: l.Label,
			Header: []string{"code", "indicator", "soort", "type", "vervallen", "doelen", "laatste waarde", "eenheid", "periode", "gebied", "beweging", "streefwaarde jaar", "oordeel", "uitleg", "reden", "nulmeting"}}}
		for i := range reg.Indicators {
			ind := &reg.Indicators[i]
			if ind.Level != l.Code || v.Goal != "" && !slices.Contains(ind.Goals, v.Goal) ||
				v.Kind != "" && ind.Kind != v.Kind || v.Type != "" && ind.Type != v.Type {
				continue
			}
			row, cells, err := s.indicatorRow(ctx, reg, ind)
			if err != nil {
				return nil, err
			}
			lv.Rows = append(lv.Rows, row)
			lv.table.Rows = append(lv.table.Rows, cells)
		}
		samePrecision(lv.Rows)
		if len(lv.Rows) > 0 {
			v.Levels = append(v.Levels, lv)
			names = append(names, lv.ID)
		}
	}
	return names, nil
}

// sendLevel sends the download of one level's table.
func sendLevel(w http.ResponseWriter, format, table string, v *indicatorsView, names []string) error {
	for _, lv := range v.Levels {
		if lv.ID == table {
			name := "indicatoren-" + strings.TrimPrefix(lv.ID, "niveau-")
			if v.Goal != "" {
				name += "-doel-" + v.Goal
			}
			for _, f := range []string{v.Kind, v.Type} {
				if f != "" {
					name += "-" + f
				}
			}
			return web.SendTables(w, format, name, lv.table)
		}
	}
	return perspectief.Errorf(perspectief.CodeInvalid, "Deze tabel staat niet op de pagina. Kies %s.", orList(names))
}

// indicatorRow is one indicator of the overview, and its row in the
// download: the latest value of its main series, the last movement and the
// latest verdict.
func (s *Pages) indicatorRow(ctx context.Context, reg *indicator.Register, ind *indicator.Indicator) (IndicatorRow, []tabular.Cell, error) {
	vals, err := s.Indicators.Values(ctx, indicator.ValueFilter{Indicator: ind.Code, Group: indicator.TotalGroup, Gemeente: true})
	if err != nil {
		return IndicatorRow{}, nil, err
	}
	row := IndicatorRow{Code: ind.Code, Name: ind.Name, Kind: indicator.KindLabels[ind.Kind], Type: typeLabel(ind.Type), Retired: ind.Retired,
		Goals: ind.Goals, Latest: "nog geen waarde"}
	latest, period, areaName := tabular.Cell{}, "", ""
	area, series := mainSeries(reg, vals, indicator.TotalGroup)
	if n := len(series); n > 0 {
		last := series[n-1]
		row.latest, row.latestSuffix, row.ind = &last, " ("+last.Period.Label()+", "+reg.AreaName(area)+")", ind
		row.Latest = ind.Format(last) + row.latestSuffix
		latest, period, areaName = tabular.Number(last.Value), last.Period.String(), reg.AreaName(area)
		if last.Suppressed {
			latest = tabular.Suppressed()
		}
	}
	row.Trend = trendArrow(ind, series)
	verdictYear := tabular.Cell{}
	if vd, ok := latestVerdict(ind, series); ok {
		row.Verdict = verdictView(ind, vd)
		verdictYear = tabular.Number(float64(vd.Year))
	}
	retired := ""
	if ind.Retired {
		retired = "vervallen"
	}
	return row, []tabular.Cell{tabular.Text(ind.Code), tabular.Text(ind.Name), tabular.Text(row.Kind), tabular.Text(row.Type), tabular.Text(retired),
		tabular.Text(strings.Join(ind.Goals, " ")), latest, tabular.Text(ind.Unit), tabular.Text(period), tabular.Text(areaName),
		tabular.Text(row.Trend.Text), verdictYear, tabular.Text(row.Verdict.Status), tabular.Text(row.Verdict.Explanation),
		tabular.Text(row.Verdict.Reason), tabular.Text(ind.BaselineLabel())}, nil
}

func unknownIndicator(code string) error {
	return perspectief.Errorf(perspectief.CodeNotFound, "De indicator %q bestaat niet.", code)
}

// Routes adds the pages of this feature to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /trendmonitor", s.Auth(s.trendmonitor))
	mux.Handle("GET /indicatoren", s.Auth(s.indicatorList))
	mux.Handle("GET /indicatoren/kaarten", s.Auth(s.shapesPage))
	mux.Handle("POST /indicatoren/kaarten", s.AuthUpload(s.shapesUpload))
	mux.Handle("GET /indicatoren/nieuw", s.Auth(s.newIndicatorForm))
	mux.Handle("POST /indicatoren/nieuw", s.Auth(s.saveIndicator))
	mux.Handle("GET /indicatoren/versies", s.Auth(s.registerVersions))
	mux.Handle("POST /indicatoren/versies", s.Auth(s.restoreRegister))
	mux.Handle("GET /indicatoren/{code}/wijzigen", s.Auth(s.editIndicatorForm))
	mux.Handle("POST /indicatoren/{code}/wijzigen", s.Auth(s.saveIndicator))
	mux.Handle("GET /indicatoren/{code}", s.Auth(s.indicatorPage))
	mux.Handle("GET /indicatoren/{code}/waarde", s.Auth(s.valueForm))
	mux.Handle("POST /indicatoren/{code}/waarde", s.Auth(s.valueSave))
	mux.Handle("GET /trendmonitor/groepen", s.Auth(s.groupsPage))
	mux.Handle("GET /indicatoren/inlezen", s.Auth(s.uploadForm(valuesUpload)))
	mux.Handle("POST /indicatoren/inlezen", s.AuthUpload(s.uploadPost(valuesUpload)))
	mux.Handle("GET /trendmonitor/inlezen", s.Auth(s.uploadForm(trendUpload)))
	mux.Handle("POST /trendmonitor/inlezen", s.AuthUpload(s.uploadPost(trendUpload)))
}

// samePrecision writes the latest percentages of one table with one
// precision: one decimal for all when any needs it. Other units keep their
// own precision: they are not compared in one column.
func samePrecision(rows []IndicatorRow) {
	var pcts []indicator.Value
	for _, r := range rows {
		if r.latest != nil && r.ind.IsPercent() {
			pcts = append(pcts, *r.latest)
		}
	}
	dec := tableDecimals(pcts)
	for i, r := range rows {
		if r.latest != nil && r.ind.IsPercent() {
			rows[i].Latest = formatIn(r.ind, *r.latest, dec) + r.latestSuffix
		}
	}
}
