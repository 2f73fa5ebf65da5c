package api

import (
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/procesmonitor"
)

// procesmonitorRoutes are the endpoints of the procesmonitor: money per
// year, the forecast, spending, commitments and milestones.
func (h *Handler) procesmonitorRoutes() []route {
	return []route{
		{"GET /api/v1/budget/years", h.getBudgetYears},
		{"GET /api/v1/budget/forecast", h.getForecast},
		{"GET /api/v1/spending", h.listSpending},
		{"POST /api/v1/spending", h.importSpending},
		{"GET /api/v1/ledger-codes", h.listLedgerCodes},
		{"PUT /api/v1/ledger-codes/{code}", h.putLedgerCode},
		{"DELETE /api/v1/ledger-codes/{code}", h.deleteLedgerCode},
		{"GET /api/v1/commitments", h.listCommitments},
		{"PUT /api/v1/commitments/{year}", h.putCommitments},
		{"GET /api/v1/milestones", h.listAllMilestones},
		{"GET /api/v1/interventions/{code}/milestones", h.listMilestones},
		{"POST /api/v1/interventions/{code}/milestones", h.addMilestone},
		{"PUT /api/v1/interventions/{code}/milestones/{id}", h.putMilestone},
		{"DELETE /api/v1/interventions/{code}/milestones/{id}", h.deleteMilestone},
	}
}

func (h *Handler) procesmonitor() (*procesmonitor.Service, error) {
	if h.Procesmonitor == nil {
		return nil, &statusError{status: http.StatusServiceUnavailable,
			err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie heeft geen procesmonitor.")}
	}
	return h.Procesmonitor, nil
}

// yearParam reads ?jaar=; 0 when absent.
func yearParam(r *http.Request) (int, error) {
	q := r.URL.Query().Get("jaar")
	if q == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(q)
	if err != nil {
		return 0, requestError(http.StatusBadRequest, "Ongeldige queryparameter jaar: %q is geen jaar.", q)
	}
	return y, nil
}

func num(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

type yearJSON struct {
	Year             int      `json:"jaar"`
	Available        *float64 `json:"beschikbaar"`
	Allocated        float64  `json:"ingezet"`
	Committed        float64  `json:"vastgelegd"`
	Spent            *float64 `json:"uitgegeven"`
	Forecast         *float64 `json:"prognose"`
	Shortfall        float64  `json:"tekort"`
	AvailableAssumed bool     `json:"beschikbaar_aanname"`
	AllocatedAssumed bool     `json:"ingezet_aanname"`
}

type budgetYearsJSON struct {
	Line  string     `json:"lijn"`
	AsOf  string     `json:"stand"`
	Years []yearJSON `json:"jaren"`
}

// scope returns the programme, or the line named by ?lijn=.
func scope(r *http.Request, o *procesmonitor.Overview) (procesmonitor.Scope, string, error) {
	line := r.URL.Query().Get("lijn")
	if line == "" {
		return o.Programme, "", nil
	}
	sc, ok := o.Line(line)
	if !ok {
		return procesmonitor.Scope{}, "", perspectief.Errorf(perspectief.CodeNotFound, "programmalijn %q bestaat niet", line)
	}
	return *sc, line, nil
}

func (h *Handler) overview(r *http.Request) (*procesmonitor.Overview, error) {
	pm, err := h.procesmonitor()
	if err != nil {
		return nil, err
	}
	year, err := yearParam(r)
	if err != nil {
		return nil, err
	}
	_, o, err := pm.Overview(r.Context(), year)
	if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
		return nil, requestError(http.StatusBadRequest, "%s", perspectief.ErrorMessage(err))
	}
	return o, err
}

func (h *Handler) getBudgetYears(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	o, err := h.overview(r)
	if err != nil {
		return err
	}
	sc, line, err := scope(r, o)
	if err != nil {
		return err
	}
	out := budgetYearsJSON{Line: line, AsOf: o.AsOf.Format("2006-01-02"), Years: []yearJSON{}}
	for _, f := range sc.Years {
		out.Years = append(out.Years, yearJSON{
			Year: f.Year, Available: num(f.Available, f.HasAvailable), Allocated: f.Allocated, Committed: f.Committed,
			Spent: num(f.Spent, f.Year <= o.AsOf.Year()), Forecast: num(f.Forecast, f.HasForecast), Shortfall: f.Shortfall(),
			AvailableAssumed: f.AvailableAssumed, AllocatedAssumed: f.AllocatedAssumed,
		})
	}
	return respond(w, http.StatusOK, out)
}

type verdictJSON struct {
	Kind        string `json:"soort"`
	Label       string `json:"label"`
	Explanation string `json:"uitleg"`
}

type forecastItemJSON struct {
	Code              string      `json:"code"`
	Label             string      `json:"post"`
	Line              string      `json:"lijn"`
	Loose             bool        `json:"los"`
	Allocated         *float64    `json:"ingezet"`
	AllocationAssumed bool        `json:"ingezet_aanname"`
	Committed         float64     `json:"vastgelegd"`
	Spent             float64     `json:"uitgegeven"`
	Forecast          float64     `json:"prognose"`
	Method            string      `json:"methode"`
	MethodExplanation string      `json:"methode_uitleg"`
	Share             float64     `json:"aandeel"`
	Verdict           verdictJSON `json:"signaal"`
}

type forecastJSON struct {
	Year       int                `json:"jaar"`
	AsOf       string             `json:"stand"`
	Line       string             `json:"lijn"`
	OverShare  float64            `json:"drempel_over"`
	UnderShare float64            `json:"drempel_onder"`
	Items      []forecastItemJSON `json:"posten"`
	Total      forecastItemJSON   `json:"totaal"`
}

func toForecastItem(it procesmonitor.ItemForecast) forecastItemJSON {
	return forecastItemJSON{
		Code: it.Code, Label: it.Label, Line: it.Line, Loose: it.Loose,
		Allocated: num(it.Allocation, it.HasAllocation), AllocationAssumed: it.AllocationAssumed,
		Committed: it.Committed, Spent: it.Spent, Forecast: it.Forecast.Value,
		Method: string(it.Forecast.Method), MethodExplanation: it.Forecast.Explain(), Share: it.Forecast.Share,
		Verdict: verdictJSON{Kind: string(it.Verdict.Kind), Label: it.Verdict.Label, Explanation: it.Verdict.Explanation},
	}
}

func (h *Handler) getForecast(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	o, err := h.overview(r)
	if err != nil {
		return err
	}
	sc, line, err := scope(r, o)
	if err != nil {
		return err
	}
	out := forecastJSON{Year: o.Year, AsOf: o.AsOf.Format("2006-01-02"), Line: line,
		OverShare: procesmonitor.OverShare, UnderShare: procesmonitor.UnderShare, Items: []forecastItemJSON{}, Total: toForecastItem(sc.Total)}
	scopes := []procesmonitor.Scope{sc}
	if line == "" {
		scopes = o.Lines
	}
	for _, s := range scopes {
		for _, it := range s.Items {
			out.Items = append(out.Items, toForecastItem(it))
		}
	}
	return respond(w, http.StatusOK, out)
}

type bookingJSON struct {
	Reference   string  `json:"referentie"`
	Date        string  `json:"boekdatum"`
	Target      string  `json:"lijn_of_post"`
	Cents       int64   `json:"bedrag_centen"`
	Euros       float64 `json:"bedrag"`
	Description string  `json:"omschrijving"`
	// Ledger is the code of the financial administration the export
	// named, when the mapping of codes turned it into Target.
	Ledger       string `json:"grootboekcode,omitempty"`
	Intervention string `json:"interventie,omitempty"`
}

func (h *Handler) listSpending(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	year, err := yearParam(r)
	if err != nil {
		return err
	}
	bs, err := pm.Bookings(r.Context(), year)
	if err != nil {
		return err
	}
	item, iv := r.URL.Query().Get("post"), r.URL.Query().Get("interventie")
	out := []bookingJSON{}
	for _, b := range bs {
		if (item == "" || strings.EqualFold(b.Target, item)) && (iv == "" || strings.EqualFold(b.Intervention, iv)) {
			out = append(out, bookingJSON{Reference: b.Reference, Date: b.Date.Format("2006-01-02"), Target: b.Target,
				Cents: b.Cents, Euros: float64(b.Cents) / 100, Description: b.Description, Ledger: b.Code, Intervention: b.Intervention})
		}
	}
	if out, err = paginate(w, r, out, 1000); err != nil {
		return err
	}
	return respond(w, http.StatusOK, out)
}

type importResultJSON struct {
	File  string `json:"bestand"`
	Added int    `json:"nieuw"`
	Known int    `json:"al_ingelezen"`
}

// importSpending reads a spending export sent as text/csv. The file name
// for messages and the import history comes from ?bestand=.
func (h *Handler) importSpending(w http.ResponseWriter, r *http.Request, u *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	if err := account.Require(u.CanEditProgramme(), "uitgaven inleest"); err != nil {
		return err
	}
	if err := requireContentType(r, "text/csv"); err != nil {
		return err
	}
	body, err := readBody(w, r, maxImportBody)
	if err != nil {
		return err
	}
	name := filepath.Base(strings.ReplaceAll(r.URL.Query().Get("bestand"), `\`, "/"))
	if name == "" || name == "." || name == "/" {
		name = "uitgaven.csv"
	}
	res, err := pm.ImportBookings(r.Context(), *u, name, strings.NewReader(string(body)))
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if res.Added == 0 {
		status = http.StatusOK
	}
	return respond(w, status, importResultJSON{File: res.File, Added: res.Added, Known: res.Known})
}

type commitmentJSON struct {
	Target string    `json:"lijn_of_post"`
	Year   int       `json:"jaar"`
	Cents  int64     `json:"bedrag_centen"`
	Euros  float64   `json:"bedrag"`
	Actor  string    `json:"door"`
	At     time.Time `json:"gewijzigd"`
}

func (h *Handler) listCommitments(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	year, err := yearParam(r)
	if err != nil {
		return err
	}
	cs, err := pm.Commitments(r.Context())
	if err != nil {
		return err
	}
	out := []commitmentJSON{}
	for _, c := range cs {
		if year == 0 || c.Year == year {
			out = append(out, commitmentJSON{Target: c.Target, Year: c.Year, Cents: c.Cents, Euros: float64(c.Cents) / 100, Actor: c.Actor, At: c.UpdatedAt.UTC()})
		}
	}
	return respond(w, http.StatusOK, out)
}

// commitmentsRequest sets the committed amounts of one year: code → euros
// (at most two decimals); 0 removes an amount, codes left out stay as they
// are.
type commitmentsRequest struct {
	Amounts map[string]float64 `json:"bedragen"`
}

func (h *Handler) putCommitments(w http.ResponseWriter, r *http.Request, u *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	if err := account.Require(u.CanEditProgramme(), "vastgelegde bedragen wijzigt"); err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return requestError(http.StatusBadRequest, "%q is geen jaar.", r.PathValue("year"))
	}
	var req commitmentsRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	var in []procesmonitor.CommitmentInput
	for code, v := range req.Amounts {
		// A JSON number is not Dutch: its point is the decimal sign, never
		// a thousands separator. Written with a comma it reads as such, and
		// more than two decimals are refused ("1.234" euro is 1,234).
		amount := strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
		in = append(in, procesmonitor.CommitmentInput{Target: code, Amount: amount})
	}
	if err := pm.SetCommitments(r.Context(), *u, year, in); err != nil {
		return err
	}
	r.URL.RawQuery = "jaar=" + strconv.Itoa(year)
	return h.listCommitments(w, r, u)
}

type milestoneJSON struct {
	ID           int64     `json:"id"`
	Intervention string    `json:"interventie"`
	Title        string    `json:"titel"`
	Due          string    `json:"datum"`
	Owner        string    `json:"eigenaar"`
	Status       string    `json:"status"`
	State        string    `json:"staat"`
	Note         string    `json:"toelichting"`
	Actor        string    `json:"gewijzigd_door"`
	At           time.Time `json:"gewijzigd"`
}

// milestoneRequest is a milestone as a client sends it.
type milestoneRequest struct {
	Title  string `json:"titel"`
	Due    string `json:"datum"`
	Owner  string `json:"eigenaar"`
	Status string `json:"status"`
	Note   string `json:"toelichting"`
}

func toMilestone(m procesmonitor.Milestone, pm *procesmonitor.Service) milestoneJSON {
	return milestoneJSON{ID: m.ID, Intervention: m.Intervention, Title: m.Title, Due: m.Due.Format("2006-01-02"), Owner: m.Owner,
		Status: string(m.Status), State: m.State(pm.Today()), Note: m.Note, Actor: m.Actor, At: m.UpdatedAt.UTC()}
}

// listAllMilestones lists every milestone, or with ?binnen=N only those
// that are late or due within N days.
func (h *Handler) listAllMilestones(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	var ms []procesmonitor.Milestone
	if q := r.URL.Query().Get("binnen"); q != "" {
		days, err := strconv.Atoi(q)
		if err != nil || days < 0 || days > 366 {
			return requestError(http.StatusBadRequest, "Ongeldige queryparameter binnen: geef een aantal dagen van 0 tot en met 366.")
		}
		a, err := pm.Attention(r.Context(), days)
		if err != nil {
			return err
		}
		ms = append(a.Late, a.Soon...)
	} else if ms, err = pm.Milestones(r.Context(), ""); err != nil {
		return err
	}
	out := make([]milestoneJSON, len(ms))
	for i, m := range ms {
		out[i] = toMilestone(m, pm)
	}
	return respond(w, http.StatusOK, out)
}

func (h *Handler) listMilestones(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	if _, _, err := h.Programme.Intervention(r.Context(), code); err != nil {
		return err
	}
	ms, err := pm.Milestones(r.Context(), code)
	if err != nil {
		return err
	}
	out := make([]milestoneJSON, len(ms))
	for i, m := range ms {
		out[i] = toMilestone(m, pm)
	}
	return respond(w, http.StatusOK, out)
}

// plannable checks, before the body is read, that the intervention exists
// and that u may plan it, so a role without the right gets 403 whatever it
// sent.
func (h *Handler) plannable(r *http.Request, u *account.User) (*procesmonitor.Service, string, error) {
	pm, err := h.procesmonitor()
	if err != nil {
		return nil, "", err
	}
	code := r.PathValue("code")
	_, iv, err := h.Programme.Intervention(r.Context(), code)
	if err != nil {
		return nil, "", err
	}
	return pm, code, account.Require(procesmonitor.CanPlan(*u, iv.Leaders), "de planning van deze interventie wijzigt")
}

// plannableMilestone is plannable for a path that names a milestone too.
func (h *Handler) plannableMilestone(r *http.Request, u *account.User) (*procesmonitor.Service, string, int64, error) {
	pm, code, err := h.plannable(r, u)
	if err != nil {
		return nil, "", 0, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, "", 0, perspectief.Errorf(perspectief.CodeNotFound, "mijlpaal %q bestaat niet", r.PathValue("id"))
	}
	return pm, code, id, nil
}

func (h *Handler) addMilestone(w http.ResponseWriter, r *http.Request, u *account.User) error {
	pm, code, err := h.plannable(r, u)
	if err != nil {
		return err
	}
	var req milestoneRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	m, err := pm.AddMilestone(r.Context(), *u, code, procesmonitor.MilestoneInput(req))
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, toMilestone(*m, pm))
}

func (h *Handler) putMilestone(w http.ResponseWriter, r *http.Request, u *account.User) error {
	pm, code, id, err := h.plannableMilestone(r, u)
	if err != nil {
		return err
	}
	var req milestoneRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	m, err := pm.UpdateMilestone(r.Context(), *u, code, id, procesmonitor.MilestoneInput(req))
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, toMilestone(*m, pm))
}

func (h *Handler) deleteMilestone(w http.ResponseWriter, r *http.Request, u *account.User) error {
	pm, code, id, err := h.plannableMilestone(r, u)
	if err != nil {
		return err
	}
	if err := pm.DeleteMilestone(r.Context(), *u, code, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
