package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/tabular"
)

// The group page puts the trendmonitor's breakdowns side by side: for each
// household type and each main income source, how many have a low income,
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
	Page
	Empty      bool
	Synthetic  bool
	MinCell    string
	Message    string
	Units      []Option
	Years      []Option
	Areas      []Option
	Unit       string // huishoudens, personen or minderjarigen
	UnitPlural string
	UnitLabel  string // capitalised, to start a caption
	Year       int
	Area       string // code
	AreaName   string
	NoLongTerm bool // the year has no four-year figures
	Suppressed bool
	Breakdowns []GroupBreakdown
	Links      map[string]DownloadLinks

	tables map[string]tabular.Table
	charts map[string]string
}

// GroupBreakdown is one breakdown (household type or income source): the
// groups in the chosen year, and the four-year share over the years.
type GroupBreakdown struct {
	ID, Heading, Lower string
	Summary            string
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

var (
	groupTables = []string{"huishoudtype", "inkomensbron", "verloop-huishoudtype", "verloop-inkomensbron"}
	groupCharts = groupTables
	groupIDs    = []string{"huishoudtype", "inkomensbron"}
)

// cell is one trendmonitor figure for the page and its downloads.
type groupCell struct {
	tv indicator.TrendValue
	ok bool // a row exists
}

func (c groupCell) pct() (float64, bool) {
	if !c.ok {
		return 0, false
	}
	return c.tv.Value()
}

func (c groupCell) text() string {
	switch v, ok := c.pct(); {
	case ok:
		return formatPercent(v)
	case c.ok && c.tv.Suppressed:
		return "onderdrukt"
	}
	return "geen cijfer"
}

func (c groupCell) tab() tabular.Cell {
	switch v, ok := c.pct(); {
	case ok:
		return tabular.Number(v)
	case c.ok && c.tv.Suppressed:
		return tabular.Text(indicator.SuppressedText)
	}
	return tabular.Cell{}
}

func (c groupCell) point() chart.Point {
	v, ok := c.pct()
	p := chart.Point{Value: v, OK: ok}
	if !ok {
		p.Missing = c.text()
	}
	return p
}

// share is the part of those with a low income that has had it for four
// years or longer: the four-year numerator over the 110% numerator. Both
// are published counts, so the share discloses nothing new.
func share(low, long groupCell) (float64, string) {
	if !low.ok || !long.ok || low.tv.Suppressed || long.tv.Suppressed {
		if low.tv.Suppressed || long.tv.Suppressed {
			return 0, "onderdrukt"
		}
		return 0, "geen cijfer"
	}
	if low.tv.Num == 0 {
		return 0, "geen"
	}
	return 100 * float64(long.tv.Num) / float64(low.tv.Num), ""
}

func (s *Server) groupsPage(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q := r.URL.Query()
	format := q.Get("formaat")
	switch format {
	case "", "csv", "xlsx", "svg", "png":
	default:
		return unknownFormat(format)
	}
	v, err := s.groupsView(r, rc)
	if err != nil {
		return err
	}
	switch format {
	case "csv", "xlsx":
		t, ok := v.tables[q.Get("tabel")]
		if !ok {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze tabel staat niet op de pagina. Kies %s.", orList(groupTables))
		}
		return sendTables(w, format, fmt.Sprintf("groepen-%s-%s-%d-%s", v.Unit, v.Area, v.Year, q.Get("tabel")), t)
	case "svg", "png":
		svg, ok := v.charts[q.Get("grafiek")]
		if !ok {
			return perspectief.Errorf(perspectief.CodeInvalid, "Deze grafiek staat niet op de pagina. Kies %s.", orList(groupCharts))
		}
		return sendChart(r.Context(), w, format, fmt.Sprintf("groepen-%s-%s-%d-%s", v.Unit, v.Area, v.Year, q.Get("grafiek")), svg)
	}
	s.render(w, r, http.StatusOK, "groups", v)
	return nil
}

func (s *Server) groupsView(r *http.Request, rc *reqCtx) (*groupsView, error) {
	v := &groupsView{Page: s.page(r, rc, "Groepen vergelijken", "trendmonitor"), tables: map[string]tabular.Table{}, charts: map[string]string{}}
	if s.Trend == nil {
		v.Empty = true
		return v, nil
	}
	ctx := r.Context()
	runs, err := s.Trend.TrendRuns(ctx)
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		v.Empty = true
		return v, nil
	}
	v.Synthetic = strings.Contains(strings.ToLower(runs[0].Source), "synthetisch")
	if runs[0].MinCell > 0 {
		v.MinCell = fmt.Sprintf("minder dan %d huishoudens", runs[0].MinCell)
	} else {
		v.MinCell = "te weinig huishoudens"
	}
	q := r.URL.Query()
	var msgs []string

	v.Unit = groupUnits[0].Code
	if u := q.Get("eenheid"); u != "" {
		if slices.ContainsFunc(groupUnits, func(x struct{ Code, Label, Plural string }) bool { return x.Code == u }) {
			v.Unit = u
		} else {
			msgs = append(msgs, "Deze eenheid kennen we niet.")
		}
	}
	for _, u := range groupUnits {
		v.Units = append(v.Units, Option{Value: u.Code, Label: u.Label, Selected: u.Code == v.Unit})
		if u.Code == v.Unit {
			v.UnitPlural, v.UnitLabel = u.Plural, u.Label
		}
	}
	low, low120, long := v.Unit+"_110", v.Unit+"_120", v.Unit+"_110_4jaar"

	// Years and gemeenten from the gemeente totals.
	totals, err := s.Trend.TrendValues(ctx, indicator.TrendFilter{Indicator: low, Level: "gemeente", Group: indicator.TotalGroup})
	if err != nil {
		return nil, err
	}
	if len(totals) == 0 {
		v.Message = "Voor de " + v.UnitPlural + " zijn geen resultaten opgeslagen."
		return v, nil
	}
	var years []int
	var gms []string
	for _, tv := range totals {
		if !slices.Contains(years, tv.Year) {
			years = append(years, tv.Year)
		}
		if !slices.Contains(gms, tv.Area) {
			gms = append(gms, tv.Area)
		}
	}
	slices.Sort(years)
	slices.Sort(gms)
	v.Year = years[len(years)-1]
	if y := q.Get("jaar"); y != "" {
		if n, err := strconv.Atoi(y); err == nil && slices.Contains(years, n) {
			v.Year = n
		} else {
			msgs = append(msgs, "Voor dit jaar zijn geen cijfers.")
		}
	}
	for i := len(years) - 1; i >= 0; i-- {
		v.Years = append(v.Years, Option{Value: strconv.Itoa(years[i]), Label: strconv.Itoa(years[i]), Selected: years[i] == v.Year})
	}

	// Areas: the gemeenten, then the wijken of the year.
	var reg *indicator.Register
	if s.Indicators != nil {
		if reg, err = s.indicatorRegister(r); err != nil {
			return nil, err
		}
	}
	name := func(code string) string {
		if reg != nil {
			return reg.AreaName(code)
		}
		return code
	}
	wijken, err := s.Trend.TrendValues(ctx, indicator.TrendFilter{Indicator: low, Level: "wijk", Group: indicator.TotalGroup, Year: v.Year})
	if err != nil {
		return nil, err
	}
	areas := slices.Clone(gms)
	for _, tv := range wijken {
		areas = append(areas, tv.Area)
	}
	v.Area = gms[0]
	if a := q.Get("gebied"); a != "" {
		if slices.Contains(areas, a) {
			v.Area = a
		} else {
			msgs = append(msgs, "Voor dit gebied zijn in dit jaar geen cijfers.")
		}
	}
	v.AreaName = name(v.Area)
	for _, a := range areas {
		label := name(a)
		if label != a {
			label += " (" + a + ")"
		}
		v.Areas = append(v.Areas, Option{Value: a, Label: label, Selected: a == v.Area})
	}
	if len(msgs) > 0 {
		v.Message = strings.Join(msgs, " ") + fmt.Sprintf(" U ziet nu %s in %s, %d.", v.UnitPlural, v.AreaName, v.Year)
	}

	// The year's cells of the area, and the four-year series of every year.
	cells, err := s.Trend.TrendValues(ctx, indicator.TrendFilter{Area: v.Area, Year: v.Year})
	if err != nil {
		return nil, err
	}
	at := map[string]groupCell{}
	for _, tv := range cells {
		at[tv.Indicator+"|"+tv.Group] = groupCell{tv: tv, ok: true}
	}
	get := func(ind, grp string) groupCell { return at[ind+"|"+grp] }
	v.NoLongTerm = !get(long, indicator.TotalGroup).ok
	series, err := s.Trend.TrendValues(ctx, indicator.TrendFilter{Indicator: long, Area: v.Area})
	if err != nil {
		return nil, err
	}
	byYear := map[int]map[string]groupCell{}
	var longYears []int
	for _, tv := range series {
		if byYear[tv.Year] == nil {
			byYear[tv.Year] = map[string]groupCell{}
			longYears = append(longYears, tv.Year)
		}
		byYear[tv.Year][tv.Group] = groupCell{tv: tv, ok: true}
	}
	slices.Sort(longYears)

	for bi, g := range trendGroups {
		id := groupIDs[bi]
		bd := GroupBreakdown{ID: id, Heading: g.Heading, Lower: strings.ToLower(g.Heading[:1]) + g.Heading[1:]}
		table := tabular.Table{Sheet: id, Header: []string{"jaar", "gebied", "groep", "omschrijving", v.Unit, "tot 110% (%)", "tot 120% (%)", "4 jaar of langer tot 110% (%)", "aandeel langdurig onder wie tot 110% (%)"}}
		bars := chart.GroupedBars{Percent: true,
			Title:  fmt.Sprintf("%s met een laag inkomen per %s, %s, %d", upperFirst(v.UnitPlural), bd.Lower, v.AreaName, v.Year),
			Series: []chart.Series{{Name: "tot 110% van het sociaal minimum"}, {Name: "4 jaar of langer tot 110%"}}}
		type member struct{ code, label string }
		members := []member{{indicator.TotalGroup, "Totaal"}}
		for _, it := range g.Items {
			members = append(members, member{g.Prefix + it.Code, it.Label})
		}
		type ranked struct {
			label        string
			long, sharev float64
			longOK       bool
			shareOK      bool
		}
		var rank []ranked
		for _, m := range members {
			c110, c120, c4 := get(low, m.code), get(low120, m.code), get(long, m.code)
			if !c110.ok && m.code != indicator.TotalGroup {
				continue // no one of this group lives in the area this year
			}
			sh, why := share(c110, c4)
			row := GroupRow{Label: m.label, Code: m.code, Total: m.code == indicator.TotalGroup,
				Low110: c110.text(), Low120: c120.text(), Long: c4.text(), Share: why}
			shareCell := tabular.Cell{}
			if why == "" {
				row.Share = formatPercent(sh)
				shareCell = tabular.Number(sh)
			} else if why == "onderdrukt" {
				shareCell = tabular.Text(indicator.SuppressedText)
			}
			den := tabular.Cell{}
			switch {
			case c110.ok && !c110.tv.Suppressed:
				row.Den = formatThousands(float64(c110.tv.Den))
				den = tabular.Number(float64(c110.tv.Den))
			case c110.ok:
				row.Den = "onderdrukt"
				den = tabular.Text(indicator.SuppressedText)
			}
			v.Suppressed = v.Suppressed || c110.tv.Suppressed || c120.tv.Suppressed || c4.tv.Suppressed
			bd.Rows = append(bd.Rows, row)
			table.Rows = append(table.Rows, []tabular.Cell{tabular.Number(float64(v.Year)), tabular.Text(v.Area), tabular.Text(m.code), tabular.Text(m.label),
				den, c110.tab(), c120.tab(), c4.tab(), shareCell})
			bars.Categories = append(bars.Categories, m.label)
			bars.Series[0].Points = append(bars.Series[0].Points, c110.point())
			bars.Series[1].Points = append(bars.Series[1].Points, c4.point())
			if m.code != indicator.TotalGroup {
				lv, lok := c4.pct()
				rank = append(rank, ranked{m.label, lv, sh, lok, why == ""})
			}
		}
		// The summary names the groups where a low income lasts most and
		// least often; the table holds every figure.
		var known []ranked
		for _, x := range rank {
			if x.shareOK {
				known = append(known, x)
			}
		}
		if len(known) >= 2 {
			slices.SortStableFunc(known, func(a, b ranked) int { return cmp.Compare(b.sharev, a.sharev) })
			hi, lo := known[0], known[len(known)-1]
			bd.Summary = fmt.Sprintf("Van de %s met een inkomen tot 110%% van het sociaal minimum heeft een deel dat al 4 jaar of langer. Dat deel is het grootst in de groep %s (%s) en het kleinst in de groep %s (%s).",
				v.UnitPlural, hi.label, formatPercent(hi.sharev), lo.label, formatPercent(lo.sharev))
		}
		bars.Desc = fmt.Sprintf("Staafdiagram met per groep twee balken: het deel met een inkomen tot 110%% van het sociaal minimum en het deel dat dat al 4 jaar of langer heeft. %s De cijfers staan in de tabel onder de grafiek.", bd.Summary)
		v.charts[id] = bars.SVG()
		bd.Chart = template.HTML(v.charts[id])
		v.tables[id] = table

		// Over the years: the four-year share of each group.
		trendID := "verloop-" + id
		line := chart.Line{Percent: true, Title: fmt.Sprintf("%s 4 jaar of langer tot 110%% per %s, %s", upperFirst(v.UnitPlural), bd.Lower, v.AreaName)}
		ttable := tabular.Table{Sheet: trendID, Header: []string{"jaar"}}
		bd.TrendHeader = nil
		var trendMembers []member
		for _, m := range members {
			for _, y := range longYears {
				if byYear[y][m.code].ok {
					trendMembers = append(trendMembers, m)
					break
				}
			}
		}
		for _, m := range trendMembers {
			bd.TrendHeader = append(bd.TrendHeader, m.label)
			ttable.Header = append(ttable.Header, m.label+" (%)")
			line.Series = append(line.Series, chart.Series{Name: m.label})
		}
		for _, y := range longYears {
			line.Categories = append(line.Categories, strconv.Itoa(y))
			tr := GroupTrendRow{Year: y}
			trow := []tabular.Cell{tabular.Number(float64(y))}
			for i, m := range trendMembers {
				c := byYear[y][m.code]
				tr.Values = append(tr.Values, c.text())
				trow = append(trow, c.tab())
				line.Series[i].Points = append(line.Series[i].Points, c.point())
			}
			bd.TrendRows = append(bd.TrendRows, tr)
			ttable.Rows = append(ttable.Rows, trow)
		}
		if len(longYears) > 0 {
			line.Desc = fmt.Sprintf("Lijndiagram met per groep het deel van de %s dat 4 jaar of langer een inkomen tot 110%% van het sociaal minimum heeft, %d tot en met %d. Onderdrukte jaren onderbreken de lijn. De cijfers staan in de tabel onder de grafiek.",
				v.UnitPlural, longYears[0], longYears[len(longYears)-1])
			v.charts[trendID] = line.SVG()
			bd.TrendChart = template.HTML(v.charts[trendID])
			v.tables[trendID] = ttable
		}
		v.Breakdowns = append(v.Breakdowns, bd)
	}
	v.Links = downloadLinks("/trendmonitor/groepen", url.Values{"eenheid": {v.Unit}, "jaar": {strconv.Itoa(v.Year)}, "gebied": {v.Area}}, groupTables, groupCharts)
	return v, nil
}
