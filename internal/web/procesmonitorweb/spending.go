package procesmonitorweb

import (
	"bytes"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
)

// maxShownBookings bounds the bookings table; the download has them all.
const maxShownBookings = 1000

type spendingView struct {
	web.Page
	Year        int
	YearOptions []web.Option
	Target      string
	Targets     []web.Option
	// Intervention filters on one intervention ("-": bookings without one).
	Intervention     string
	InterventionName string
	Bookings         []BookingRow
	More             int
	Total            string
	CSVLink          string
	XLSXLink         string
	Imports          []procesmonitor.Import
	Synthetic        bool
	CanImport        bool
	Message          string
	Details          []string
	FileName         string
	Header           string
}

// BookingRow is a booking as the table shows it.
type BookingRow struct {
	procesmonitor.Booking
	Amount           string
	Name             string
	InterventionName string
}

// euros writes cents as "1.234,56" for tables.
func euros(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "−", -c
	}
	whole := web.FormatThousands(float64(c / 100))
	return sign + whole + "," + strconv.FormatInt(100+c%100, 10)[1:]
}

func targetOptions(m *programme.Model, sel string) []web.Option {
	out := []web.Option{{Value: "", Label: "Alle lijnen en posten", Selected: sel == ""}}
	for _, l := range m.Lines {
		out = append(out, web.Option{Value: l.Code, Label: l.Code + " " + l.Name + " (op de lijn zelf)", Selected: sel == l.Code})
		for _, r := range m.Budget.Allocated {
			if r.Line == l.Code && r.Code != "" {
				out = append(out, web.Option{Value: r.Code, Label: r.Code + " " + r.Label, Selected: sel == r.Code})
			}
		}
	}
	for _, r := range m.Budget.Allocated {
		if r.Line == "" && r.Code != "" {
			out = append(out, web.Option{Value: r.Code, Label: r.Code + " " + r.Label, Selected: sel == r.Code})
		}
	}
	return out
}

// spendingView builds the spending page for the year and target asked
// for, and returns the bookings it shows (all of them, for the download).
func (s *Pages) spendingView(r *http.Request, rc *web.ReqCtx) (*spendingView, []procesmonitor.Booking, error) {
	pm := s.Procesmonitor
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return nil, nil, err
	}
	today := pm.Today()
	v := &spendingView{Page: s.Page(r, rc, "Uitgaven", "procesmonitor"), Year: today.Year(), CanImport: rc.User.CanEditProgramme(),
		Header: "boekdatum,lijn_of_post,bedrag,omschrijving,referentie"}
	q := r.URL.Query()
	if y := q.Get("jaar"); y != "" {
		if v.Year, err = strconv.Atoi(y); err != nil {
			return nil, nil, perspectief.Errorf(perspectief.CodeInvalid, "%q is geen jaar.", y)
		}
	}
	v.Target, v.Intervention = q.Get("post"), q.Get("interventie")
	ivNames := map[string]string{}
	for _, iv := range m.Interventions {
		ivNames[iv.Code] = iv.Title
	}
	switch v.Intervention {
	case "":
	case "-":
		v.InterventionName = "zonder interventie"
	default:
		if v.InterventionName = ivNames[v.Intervention]; v.InterventionName == "" {
			v.InterventionName = v.Intervention
		}
	}
	first, last := procesmonitor.Horizon(m, today)
	var years []int
	for y := first; y <= min(last, today.Year()); y++ {
		years = append(years, y)
	}
	v.YearOptions = yearOptions(years, v.Year)
	v.Targets = targetOptions(m, v.Target)
	if v.Imports, err = pm.Imports(r.Context()); err != nil {
		return nil, nil, err
	}
	if v.Synthetic, err = pm.Synthetic(r.Context()); err != nil {
		return nil, nil, err
	}
	bs, err := pm.Bookings(r.Context(), v.Year)
	if err != nil {
		return nil, nil, err
	}
	names := procesmonitor.Targets(m)
	var total int64
	var kept []procesmonitor.Booking
	for _, b := range bs {
		if v.Target != "" && b.Target != v.Target || v.Intervention == "-" && b.Intervention != "" ||
			v.Intervention != "" && v.Intervention != "-" && b.Intervention != v.Intervention {
			continue
		}
		kept = append(kept, b)
		total += b.Cents
		if len(v.Bookings) < maxShownBookings {
			v.Bookings = append(v.Bookings, BookingRow{Booking: b, Amount: euros(b.Cents), Name: names[b.Target], InterventionName: ivNames[b.Intervention]})
		} else {
			v.More++
		}
	}
	v.Total = euros(total)
	query := "&jaar=" + strconv.Itoa(v.Year) + "&post=" + url.QueryEscape(v.Target) + "&interventie=" + url.QueryEscape(v.Intervention)
	v.CSVLink = "/procesmonitor/uitgaven?formaat=csv" + query
	v.XLSXLink = "/procesmonitor/uitgaven?formaat=xlsx" + query
	return v, kept, nil
}

func (s *Pages) spendingPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, bs, err := s.spendingView(r, rc)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("formaat") == web.FormatXLSX {
		return web.SendTables(w, web.FormatXLSX, "uitgaven-"+strconv.Itoa(v.Year), procesmonitor.BookingsTable(bs))
	}
	if r.URL.Query().Get("formaat") == "csv" {
		var buf bytes.Buffer
		if err := procesmonitor.WriteBookings(&buf, bs); err != nil {
			return err
		}
		sendCSV(w, "uitgaven-"+strconv.Itoa(v.Year)+".csv", buf.Bytes())
		return nil
	}
	s.Render(w, r, http.StatusOK, "spending", v)
	return nil
}

// spendingUpload previews a spending export, maps the codes the preview
// could not map, or stores the previewed file, depending on the form: a
// file; a token with mappings ("koppelen"); a token alone (confirm). A bad
// file is refused whole with every problem listed; a file already
// imported changes nothing.
func (s *Pages) spendingUpload(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	pm := s.Procesmonitor
	if err := pm.CanImportSpending(*rc.User); err != nil {
		return err
	}
	refuse := func(status int, err error, name string) error {
		v, _, verr := s.spendingView(r, rc)
		if verr != nil {
			return verr
		}
		v.Title = "Fout: " + v.Title
		v.Message, v.Details, v.FileName = perspectief.ErrorMessage(err), perspectief.ErrorDetails(err), name
		s.Render(w, r, status, "spending", v)
		return nil
	}
	token := r.PostFormValue("token")
	switch {
	case token != "" && r.PostFormValue("koppelen") != "":
		var in []procesmonitor.LedgerInput
		for i := 0; i < maxMapRows; i++ {
			code := r.PostFormValue("code_" + strconv.Itoa(i))
			if code == "" {
				break
			}
			if target, iv := splitDest(r.PostFormValue("bestemming_" + strconv.Itoa(i))); target != "" {
				in = append(in, procesmonitor.LedgerInput{Code: code, Target: target, Intervention: iv})
			}
		}
		p, err := pm.MapAndPreview(r.Context(), *rc.User, token, in)
		if p == nil {
			if c := perspectief.ErrorCode(err); c == perspectief.CodeInvalid || c == perspectief.CodeConflict {
				return refuse(statusOf(c), err, "")
			}
			return err
		}
		return s.spendingPreview(w, r, rc, p, err)
	case token != "":
		res, err := pm.ConfirmSpending(r.Context(), *rc.User, token)
		if c := perspectief.ErrorCode(err); c == perspectief.CodeInvalid || c == perspectief.CodeConflict {
			return refuse(statusOf(c), err, "")
		}
		if err != nil {
			return err
		}
		notice := "uitgaven"
		if res.Added == 0 {
			notice = "uitgaven-bekend"
		}
		http.Redirect(w, r, "/procesmonitor/uitgaven?melding="+notice, http.StatusSeeOther)
		return nil
	}
	var plan *procesmonitor.SpendingPlan
	refusal, err := web.ReadUpload(r, "Kies een CSV-bestand met uitgaven om in te lezen.", func(name string, f io.Reader) error {
		data, err := io.ReadAll(io.LimitReader(f, procesmonitor.MaxCSVBytes+1))
		if err != nil {
			return err
		}
		plan, err = pm.PreviewSpending(r.Context(), *rc.User, name, data)
		return err
	})
	if err != nil {
		return err
	}
	if refusal != nil {
		v, _, err := s.spendingView(r, rc)
		if err != nil {
			return err
		}
		v.Title = "Fout: " + v.Title
		v.Message, v.Details, v.FileName = refusal.Message, refusal.Details, refusal.FileName
		s.Render(w, r, http.StatusUnprocessableEntity, "spending", v)
		return nil
	}
	return s.spendingPreview(w, r, rc, plan, nil)
}

func statusOf(code perspectief.Code) int {
	if code == perspectief.CodeConflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// maxMapRows bounds the unmapped codes a preview offers to map at once.
const maxMapRows = 100

// spendingPreviewView shows what a spending file would add, and the codes
// it cannot map with a picker for each.
type spendingPreviewView struct {
	web.Page
	Plan          *procesmonitor.SpendingPlan
	Total         string
	Targets       []SumRow
	Interventions []SumRow
	Unmapped      []UnmappedRow
	More          int // unmapped codes beyond maxMapRows
	Errors        []web.FieldErr
	Summary       string
}

// SumRow is a total of the preview, by name.
type SumRow struct {
	Name   string
	Count  int
	Amount string
}

// UnmappedRow is a code the file uses that nothing maps, with its picker.
type UnmappedRow struct {
	procesmonitor.Unmapped
	Index  int
	Lines  string
	Amount string
	Groups []OptGroup
}

func (s *Pages) spendingPreview(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, p *procesmonitor.SpendingPlan, mapErr error) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	title := "Controleer de uitgaven: " + p.File
	status := http.StatusOK
	if mapErr != nil {
		title, status = "Fout: "+title, http.StatusUnprocessableEntity
	}
	v := &spendingPreviewView{Page: s.Page(r, rc, title, "procesmonitor"), Plan: p, Total: euros(p.Cents)}
	names := procesmonitor.Targets(m)
	for _, t := range p.Targets {
		label, _ := destinationLabel(m, t.Code, "")
		if names[t.Code] == "" {
			label = t.Code
		}
		v.Targets = append(v.Targets, SumRow{Name: label, Count: t.Count, Amount: euros(t.Cents)})
	}
	for _, t := range p.Interventions {
		name := t.Code
		for _, iv := range m.Interventions {
			if iv.Code == t.Code {
				name = iv.Title
			}
		}
		v.Interventions = append(v.Interventions, SumRow{Name: name, Count: t.Count, Amount: euros(t.Cents)})
	}
	if mapErr != nil {
		v.Summary = perspectief.ErrorMessage(mapErr)
		v.Errors, _ = web.FormErrors(mapErr, func(string) web.Place { return web.Place{Anchor: "bestemming_0"} })
	}
	for i, u := range p.Unmapped {
		if i >= maxMapRows {
			v.More = len(p.Unmapped) - maxMapRows
			break
		}
		lines := make([]string, len(u.Lines))
		for j, l := range u.Lines {
			lines[j] = strconv.Itoa(l)
		}
		ls := strings.Join(lines, ", ")
		if u.Count > len(u.Lines) {
			ls += " en verder"
		}
		v.Unmapped = append(v.Unmapped, UnmappedRow{Unmapped: u, Index: i, Lines: ls, Amount: euros(u.Cents), Groups: destinationGroups(m, "")})
	}
	s.Render(w, r, status, "spending_preview", v)
	return nil
}

type commitmentsView struct {
	web.Page
	Year        int
	YearOptions []web.Option
	Rows        []CommitmentRow
	CanEdit     bool
	Errors      []string
	Summary     string
}

// CommitmentRow is one item of the commitments form.
type CommitmentRow struct {
	Code, Label, Line string
	Allocation        Cell
	// AllocationEuro is the allocation in euros, as the commitment beside
	// it: one unit in the table.
	AllocationEuro string
	Value          string // euros as typed, or stored in Dutch ("261.000")
}

func (s *Pages) commitmentsView(r *http.Request, rc *web.ReqCtx, year int) (*commitmentsView, error) {
	pm := s.Procesmonitor
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return nil, err
	}
	today := pm.Today()
	if year == 0 {
		year = today.Year()
	}
	first, last := procesmonitor.Horizon(m, today)
	if year < first || year > last {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "Jaar %d valt buiten de begroting (%d t/m %d).", year, first, last)
	}
	var years []int
	for y := first; y <= last; y++ {
		years = append(years, y)
	}
	cs, err := pm.Commitments(r.Context())
	if err != nil {
		return nil, err
	}
	stored := map[string]int64{}
	for _, c := range cs {
		if c.Year == year {
			stored[c.Target] = c.Cents
		}
	}
	v := &commitmentsView{Page: s.Page(r, rc, "Vastgelegde bedragen "+strconv.Itoa(year), "procesmonitor"), Year: year,
		YearOptions: yearOptions(years, year), CanEdit: rc.User.CanEditProgramme()}
	for _, row := range m.Budget.Allocated {
		if row.Code == "" {
			continue
		}
		cr := CommitmentRow{Code: row.Code, Label: row.Label, Line: row.Line}
		if a, assumed, ok := row.AmountIn(year); ok {
			cr.Allocation = Cell{Value: a, Set: true, Assumed: assumed}
			cr.AllocationEuro = procesmonitor.FormatAmount(int64(math.Round(a * 1000 * 100)))
		}
		if c, ok := stored[row.Code]; ok {
			cr.Value = procesmonitor.FormatAmount(c)
		}
		v.Rows = append(v.Rows, cr)
	}
	return v, nil
}

func (s *Pages) commitmentsPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	year, err := s.selectedYear(r)
	if err != nil {
		return err
	}
	v, err := s.commitmentsView(r, rc, year)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "commitments", v)
	return nil
}

func (s *Pages) commitmentsSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "vastgelegde bedragen wijzigt"); err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PostFormValue("jaar"))
	if err != nil {
		return perspectief.Errorf(perspectief.CodeInvalid, "Kies een jaar.")
	}
	v, err := s.commitmentsView(r, rc, year)
	if err != nil {
		return err
	}
	var in []procesmonitor.CommitmentInput
	for i := range v.Rows {
		val := r.PostFormValue("bedrag_" + v.Rows[i].Code)
		v.Rows[i].Value = val
		in = append(in, procesmonitor.CommitmentInput{Target: v.Rows[i].Code, Amount: val})
	}
	if err := s.Procesmonitor.SetCommitments(r.Context(), *rc.User, year, in); err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		v.Title = "Fout: " + v.Title
		v.Summary, v.Errors = perspectief.ErrorMessage(err), perspectief.ErrorDetails(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "commitments", v)
		return nil
	}
	http.Redirect(w, r, "/procesmonitor/vastgelegd?jaar="+strconv.Itoa(year)+"&melding=vastgelegd", http.StatusSeeOther)
	return nil
}
