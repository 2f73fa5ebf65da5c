package procesmonitorweb

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/numfmt"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/tabular"
)

// Routes adds the pages of the procesmonitor: money per year,
// the forecast, spending, commitments and milestones.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /procesmonitor", s.Auth(s.procesmonitorPage))
	mux.Handle("GET /procesmonitor/lijnen/{code}", s.Auth(s.procesmonitorLine))
	mux.Handle("GET /procesmonitor/uitgaven", s.Auth(s.spendingPage))
	mux.Handle("POST /procesmonitor/uitgaven", s.AuthUpload(s.spendingUpload))
	mux.Handle("GET /procesmonitor/koppeling", s.Auth(s.ledgerPage))
	mux.Handle("POST /procesmonitor/koppeling", s.Auth(s.ledgerSave))
	mux.Handle("GET /procesmonitor/koppeling/wijzigen", s.Auth(s.ledgerEdit))
	mux.Handle("POST /procesmonitor/koppeling/verwijderen", s.Auth(s.ledgerDelete))
	mux.Handle("GET /procesmonitor/vastgelegd", s.Auth(s.commitmentsPage))
	mux.Handle("POST /procesmonitor/vastgelegd", s.Auth(s.commitmentsSave))
	mux.Handle("GET /interventies/{code}/mijlpalen", s.Auth(s.milestonesPage))
	mux.Handle("POST /interventies/{code}/mijlpalen", s.Auth(s.milestoneAdd))
	mux.Handle("GET /interventies/{code}/mijlpalen/{id}", s.Auth(s.milestoneForm))
	mux.Handle("POST /interventies/{code}/mijlpalen/{id}", s.Auth(s.milestoneSave))
	mux.Handle("POST /interventies/{code}/mijlpalen/{id}/verwijderen", s.Auth(s.milestoneDelete))
}

// procesmonitor returns the service, or an error page's reason when this
// installation runs without one.
// Cell is an amount in a money table (thousands of euros). Assumed marks a
// planning assumption, Over a shortfall; both are written out in the cell.
type Cell struct {
	Value   float64
	Set     bool
	Over    bool
	Assumed bool
}

// YearRow is one year of a money table.
type YearRow struct {
	Year      int
	Available Cell
	Allocated Cell
	Committed Cell
	Spent     Cell
	Forecast  Cell // the current year only
	Balance   Cell
	Current   bool
	Shortfall float64
}

// ForecastRow is one item, or a subtotal, in the forecast table.
type ForecastRow struct {
	Code, Label string
	Loose       bool
	Allocation  Cell
	Committed   Cell
	Spent       Cell
	Forecast    Cell
	Ratio       string
	Method      string
	Verdict     procesmonitor.Verdict
	Signal      Signal
}

// Signal is how a verdict is shown: a word, a symbol and a class, so that
// colour is never the only carrier.
type Signal struct {
	Class, Symbol string
}

func signalOf(v procesmonitor.Verdict) Signal {
	switch v.Kind {
	case procesmonitor.VerdictOver, procesmonitor.VerdictHeadingOver, procesmonitor.VerdictUnallocated:
		return Signal{"signal over", "▲"}
	case procesmonitor.VerdictHeadingUnder, procesmonitor.VerdictUnder:
		return Signal{"signal under", "▼"}
	case procesmonitor.VerdictOK:
		return Signal{"signal ok", "✓"}
	}
	return Signal{"signal none", "–"}
}

// ForecastGroup is the forecast of one line (or the programme-wide items).
type ForecastGroup struct {
	Code, Name string
	Link       string
	Rows       []ForecastRow
	Total      ForecastRow
}

// Warning is an item, line or the programme heading over or under.
type Warning struct {
	Code, Label string
	Verdict     procesmonitor.Verdict
	Signal      Signal
}

type procesmonitorView struct {
	web.Page
	Scope       string // the line's code and name on a line page
	Line        *programme.Line
	AsOf        time.Time
	Year        int
	YearOptions []web.Option
	Years       []YearRow
	HasAvail    bool
	Assumed     bool // some year holds a planning assumption
	Shortfalls  []YearRow
	Chart       template.HTML
	Links       web.DownloadLinks
	Groups      []ForecastGroup
	Total       ForecastRow
	Warnings    []Warning
	Synthetic   bool
	OverPct     string
	UnderPct    string
	Lines       []LineSummary
	Timeline    template.HTML
	Milestones  []web.MilestoneRow
	Today       time.Time
	Empty       bool
	// Spending per intervention in Year, as far as the mapping of codes
	// names interventions; on the overview only.
	PerIntervention []InterventionRow
}

// InterventionRow is what was spent on one intervention in a year.
type InterventionRow struct {
	Name, Link, Amount string
	Count              int
}

// interventionRows sums the year's bookings per intervention by name.
func (s *Pages) interventionRows(r *http.Request, m *programme.Model, year int) ([]InterventionRow, error) {
	per, err := s.Procesmonitor.SpendingPerIntervention(r.Context(), year)
	if err != nil {
		return nil, err
	}
	var out []InterventionRow
	for _, p := range per {
		row := InterventionRow{Name: "Niet aan een interventie toe te wijzen", Amount: euros(p.Cents), Count: p.Count,
			Link: "/procesmonitor/uitgaven?jaar=" + strconv.Itoa(year) + "&interventie=-"}
		for _, iv := range m.Interventions {
			if iv.Code == p.Intervention {
				row.Name, row.Link = iv.Title, "/procesmonitor/uitgaven?jaar="+strconv.Itoa(year)+"&interventie="+iv.Code
			}
		}
		out = append(out, row)
	}
	if len(out) == 1 && per[0].Intervention == "" {
		return nil, nil // nothing is mapped to an intervention: the table would say nothing
	}
	return out, nil
}

// LineSummary links to a line's page with its signal for the year.
type LineSummary struct {
	Code, Name string
	Total      ForecastRow
}

func cell(v float64, set bool) Cell { return Cell{Value: v, Set: set} }

func yearRows(sc procesmonitor.Scope, current int) ([]YearRow, bool) {
	var out []YearRow
	assumed := false
	for _, f := range sc.Years {
		row := YearRow{
			Year:      f.Year,
			Available: Cell{Value: f.Available, Set: f.HasAvailable, Assumed: f.AvailableAssumed},
			Allocated: Cell{Value: f.Allocated, Set: true, Assumed: f.AllocatedAssumed},
			Committed: cell(f.Committed, true),
			Spent:     cell(f.Spent, f.Year <= current),
			Forecast:  cell(f.Forecast, f.HasForecast && !f.Final),
			Balance:   cell(f.Available-f.Allocated, f.HasAvailable),
			Current:   f.Year == current,
			Shortfall: f.Shortfall(),
		}
		if row.Shortfall > 0 {
			row.Balance.Over, row.Allocated.Over = true, true
		}
		assumed = assumed || f.AvailableAssumed || f.AllocatedAssumed
		out = append(out, row)
	}
	return out, assumed
}

func forecastRow(it procesmonitor.ItemForecast) ForecastRow {
	started := it.Forecast.Method != procesmonitor.MethodFuture
	r := ForecastRow{
		Code: it.Code, Label: it.Label, Loose: it.Loose,
		Allocation: Cell{Value: it.Allocation, Set: it.HasAllocation, Assumed: it.AllocationAssumed},
		Committed:  cell(it.Committed, true),
		Spent:      cell(it.Spent, started),
		Forecast:   cell(it.Forecast.Value, started && it.Forecast.Method != procesmonitor.MethodTooEarly),
		Method:     methodLabel(it.Forecast),
		Verdict:    it.Verdict,
		Signal:     signalOf(it.Verdict),
	}
	if it.HasAllocation && it.Allocation > 0 && started {
		r.Ratio = numfmt.Format(100*it.Forecast.Value/it.Allocation, 0, numfmt.Dutch) + "%"
	}
	return r
}

// methodLabel is the short name of a forecast method for a table cell.
func methodLabel(f procesmonitor.Forecast) string {
	pct := numfmt.Format(100*f.Share, 0, numfmt.Dutch) + "%"
	switch f.Method {
	case procesmonitor.MethodSeasonal:
		years := strconv.Itoa(f.History[0])
		if n := len(f.History); n > 1 {
			years += "–" + strconv.Itoa(f.History[n-1])
		}
		return "seizoenspatroon " + years + " (" + pct + ")"
	case procesmonitor.MethodLinear:
		return "lineair (" + pct + " van het jaar)"
	case procesmonitor.MethodClosed:
		return "jaar afgesloten"
	case procesmonitor.MethodTooEarly:
		return "nog te vroeg"
	case procesmonitor.MethodSum:
		return "som van de posten"
	}
	return ""
}

func forecastGroups(o *procesmonitor.Overview, lines []procesmonitor.Scope) ([]ForecastGroup, []Warning) {
	var groups []ForecastGroup
	var warns []Warning
	for _, sc := range lines {
		g := ForecastGroup{Code: sc.Code, Name: sc.Name, Total: forecastRow(sc.Total)}
		if sc.Code != "" {
			g.Link = "/procesmonitor/lijnen/" + sc.Code + "?jaar=" + strconv.Itoa(o.Year)
		}
		for _, it := range sc.Items {
			g.Rows = append(g.Rows, forecastRow(it))
			if it.Verdict.Warn() {
				warns = append(warns, Warning{Code: it.Code, Label: it.Label, Verdict: it.Verdict, Signal: signalOf(it.Verdict)})
			}
		}
		if len(g.Rows) > 0 {
			groups = append(groups, g)
		}
	}
	return groups, warns
}

func (s *Pages) selectedYear(r *http.Request) (int, error) {
	q := r.URL.Query().Get("jaar")
	if q == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(q)
	if err != nil {
		return 0, perspectief.Errorf(perspectief.CodeInvalid, "%q is geen jaar.", q)
	}
	return y, nil
}

func yearOptions(years []int, sel int) []web.Option {
	out := make([]web.Option, len(years))
	for i, y := range years {
		out[i] = web.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == sel}
	}
	return out
}

// moneyChart draws available (when known), allocated, committed, spent and
// the forecast per year, with the shortfalls written above their years.
func moneyChart(id, title string, rows []YearRow, withAvailable bool) template.HTML {
	c := chart.Columns{ID: id, Title: title}
	var avail, alloc, com, spent, fc []chart.Column
	for _, r := range rows {
		c.Categories = append(c.Categories, strconv.Itoa(r.Year))
		avail = append(avail, chart.Column{Value: r.Available.Value, OK: r.Available.Set, Assumed: r.Available.Assumed})
		alloc = append(alloc, chart.Column{Value: r.Allocated.Value, OK: true, Assumed: r.Allocated.Assumed})
		com = append(com, chart.Column{Value: r.Committed.Value, OK: r.Committed.Value != 0})
		spent = append(spent, chart.Column{Value: r.Spent.Value, OK: r.Spent.Set})
		fc = append(fc, chart.Column{Value: r.Forecast.Value, OK: r.Forecast.Set})
		note := ""
		if r.Shortfall > 0 {
			note = "tekort " + web.FormatThousands(r.Shortfall)
		}
		c.Notes = append(c.Notes, note)
	}
	// Fixed colours and fills, so a series looks the same on every page.
	if withAvailable {
		c.Series = append(c.Series, chart.ColumnSeries{Name: "Beschikbaar", Values: avail, Fill: chart.FillSolid, Colour: chart.Colours[0]})
	}
	c.Series = append(c.Series,
		chart.ColumnSeries{Name: "Ingezet", Values: alloc, Fill: chart.FillStripes, Colour: chart.Colours[1]},
		chart.ColumnSeries{Name: "Vastgelegd", Values: com, Fill: chart.FillDots, Colour: chart.Colours[2]},
		chart.ColumnSeries{Name: "Uitgegeven", Values: spent, Fill: chart.FillSolid, Colour: chart.Colours[3]},
		chart.ColumnSeries{Name: "Prognose jaareinde", Values: fc, Fill: chart.FillOutline, Colour: chart.Colours[4]},
	)
	c.Desc = "Per jaar, in duizenden euro's, de staven in de volgorde van de legenda. Gearceerde staven zijn een planningsaanname. De tabel onder de grafiek geeft dezelfde bedragen."
	return template.HTML(c.SVG())
}

// moneyOverview reads the procesmonitor's figures for the year asked for.
func (s *Pages) moneyOverview(r *http.Request) (*procesmonitor.Service, *programme.Model, *procesmonitor.Overview, error) {
	pm := s.Procesmonitor
	year, err := s.selectedYear(r)
	if err != nil {
		return nil, nil, nil, err
	}
	m, o, err := pm.Overview(r.Context(), year)
	return pm, m, o, err
}

// moneyView fills what the programme and line pages share: the years of
// one scope with their chart and shortfalls, the forecast of its items and
// the warnings among them.
func (s *Pages) moneyView(r *http.Request, pm *procesmonitor.Service, o *procesmonitor.Overview, v *procesmonitorView, sc procesmonitor.Scope, items []procesmonitor.Scope, hasAvail bool, chartID, chartTitle, path string) error {
	v.AsOf, v.Today, v.Year = o.AsOf, o.AsOf, o.Year
	v.YearOptions = yearOptions(o.Years, o.Year)
	v.Links = web.DownloadLinks{CSV: path + "?formaat=" + web.FormatCSV, ExcelCSV: path + "?formaat=" + web.FormatExcelCSV, XLSX: path + "?formaat=" + web.FormatXLSX}
	v.OverPct = numfmt.Format(100*procesmonitor.OverShare, 0, numfmt.Dutch) + "%"
	v.UnderPct = numfmt.Format(100*procesmonitor.UnderShare, 0, numfmt.Dutch) + "%"
	var err error
	if v.Synthetic, err = pm.Synthetic(r.Context()); err != nil {
		return err
	}
	v.Years, v.Assumed = yearRows(sc, o.AsOf.Year())
	v.HasAvail = hasAvail
	for _, y := range v.Years {
		if y.Shortfall > 0 {
			v.Shortfalls = append(v.Shortfalls, y)
		}
	}
	v.Chart = moneyChart(chartID, chartTitle, v.Years, hasAvail)
	v.Groups, v.Warnings = forecastGroups(o, items)
	v.Total = forecastRow(sc.Total)
	return nil
}

func (s *Pages) procesmonitorPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	pm, m, o, err := s.moneyOverview(r)
	if err != nil {
		return err
	}
	if f := r.URL.Query().Get("formaat"); f != "" {
		return downloadFigures(w, f, "procesmonitor", o, "")
	}
	v := procesmonitorView{Page: s.Page(r, rc, "Procesmonitor", "procesmonitor")}
	v.Empty = len(m.Budget.Available) == 0 && len(m.Budget.Allocated) == 0
	if err := s.moneyView(r, pm, o, &v, o.Programme, o.Lines, len(m.Budget.Available) > 0,
		"pm-programma", "Geld per jaar: beschikbaar, ingezet, vastgelegd, uitgegeven en prognose", "/procesmonitor"); err != nil {
		return err
	}
	for _, sc := range o.Lines {
		if sc.Code != "" {
			v.Lines = append(v.Lines, LineSummary{Code: sc.Code, Name: sc.Name, Total: forecastRow(sc.Total)})
		}
	}
	if v.PerIntervention, err = s.interventionRows(r, m, o.Year); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "procesmonitor", v)
	return nil
}

func (s *Pages) procesmonitorLine(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	pm, m, o, err := s.moneyOverview(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	line, err := m.Line(code)
	sc, found := o.Line(code)
	if err != nil || !found {
		return web.NotFoundf("Programmalijn %q bestaat niet.", code)
	}
	if f := r.URL.Query().Get("formaat"); f != "" {
		return downloadFigures(w, f, "procesmonitor-"+code, o, code)
	}
	v := procesmonitorView{Page: s.Page(r, rc, code+" "+line.Name+": geld en planning", "procesmonitor"), Line: &line}
	hasAvail := len(sc.Years) > 0 && sc.Years[0].HasAvailable
	if err := s.moneyView(r, pm, o, &v, *sc, []procesmonitor.Scope{*sc}, hasAvail,
		"pm-"+code, "Geld per jaar voor "+code+": ingezet, vastgelegd, uitgegeven en prognose", "/procesmonitor/lijnen/"+code); err != nil {
		return err
	}
	ms, err := pm.Milestones(r.Context(), "")
	if err != nil {
		return err
	}
	v.Timeline, v.Milestones = timeline(m, m.LineInterventions(code), ms, o.AsOf)
	s.Render(w, r, http.StatusOK, "procesmonitor_line", v)
	return nil
}

// downloadFigures sends the money per year of the programme and its lines
// (or of one line) as CSV or XLSX (format), in euros, through the guarded
// table writer: a programme or line name that starts like a formula is
// written as text.
func downloadFigures(w http.ResponseWriter, format, name string, o *procesmonitor.Overview, line string) error {
	t := tabular.Table{Sheet: "procesmonitor", Header: []string{"niveau", "code", "naam", "jaar", "beschikbaar_euro", "ingezet_euro", "vastgelegd_euro", "uitgegeven_euro", "prognose_jaareinde_euro", "tekort_euro", "planningsaanname"}}
	euro := func(v float64, ok bool) tabular.Cell {
		if !ok {
			return tabular.Cell{}
		}
		return tabular.Number(math.Round(v * 1000))
	}
	write := func(level, code, name string, sc procesmonitor.Scope) {
		for _, f := range sc.Years {
			assumed := "nee"
			if f.AvailableAssumed || f.AllocatedAssumed {
				assumed = "ja"
			}
			t.Rows = append(t.Rows, []tabular.Cell{tabular.Text(level), tabular.Text(code), tabular.Text(name), tabular.Number(float64(f.Year)),
				euro(f.Available, f.HasAvailable), euro(f.Allocated, true), euro(f.Committed, true), euro(f.Spent, f.Year <= o.AsOf.Year()),
				euro(f.Forecast, f.HasForecast), euro(f.Shortfall(), f.HasAvailable), tabular.Text(assumed)})
		}
	}
	if line == "" {
		write("programma", "", o.Programme.Name, o.Programme)
	}
	for _, sc := range o.Lines {
		if line == "" || sc.Code == line {
			level := "lijn"
			if sc.Code == "" {
				level = "programmabreed"
			}
			write(level, sc.Code, sc.Name, sc)
		}
	}
	if !web.IsTableFormat(format) {
		return web.UnknownFormat(format)
	}
	return web.SendTables(w, format, name, t)
}

// sendCSV answers with a CSV file to download.
func sendCSV(w http.ResponseWriter, name string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}
