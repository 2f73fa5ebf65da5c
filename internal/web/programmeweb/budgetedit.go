package programmeweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/web"
)

// budgetTables names the two budget tables as the URLs and the file do.
var budgetTables = []struct{ Kind, Label string }{{"beschikbaar", "Beschikbare middelen"}, {"inzet", "Inzet"}}

type budgetRowsView struct {
	web.Page
	Tables []budgetRowTable
}

type budgetRowTable struct {
	Kind, Label string
	Rows        []budgetRowLink
}

type budgetRowLink struct {
	N   int // 0-based index in the table
	Row programme.BudgetRow
}

// budgetRows lists every budget row with a link to edit it.
func (s *Pages) budgetRows(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	v := budgetRowsView{Page: s.Page(r, rc, "Begrotingsregels bewerken", "begroting")}
	for _, t := range budgetTables {
		rows := m.Budget.Available
		if t.Kind == "inzet" {
			rows = m.Budget.Allocated
		}
		bt := budgetRowTable{Kind: t.Kind, Label: t.Label}
		for i, row := range rows {
			bt.Rows = append(bt.Rows, budgetRowLink{N: i, Row: row})
		}
		v.Tables = append(v.Tables, bt)
	}
	s.Render(w, r, http.StatusOK, "budgetrows", v)
	return nil
}

type budgetRowView struct {
	web.Page
	Kind, KindLabel string
	N               string // the row's number in the URL, "" for a new row
	Form            budgetRowForm
	Base            int
	Reason          string
	Lines           []web.Option
	Errors          []web.FieldErr
	Summary         string
	FieldErrors     map[string]string
}

// budgetRowForm is a budget row as typed.
type budgetRowForm struct {
	Code, Label, Line, Note string
	Years                   []yearAmount
}

type yearAmount struct {
	Year  int
	Value string
}

// Err returns the message for a field.
func (v budgetRowView) Err(id string) string { return v.FieldErrors[id] }

func rowIndex(r *http.Request, table []programme.BudgetRow) (int, error) {
	n := r.PathValue("n")
	if n == "" {
		return -1, nil
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > len(table) {
		return 0, web.NotFoundf("Begrotingsregel %q bestaat niet.", n)
	}
	return i - 1, nil
}

func (s *Pages) budgetTable(r *http.Request) (*programme.Model, string, string, []programme.BudgetRow, error) {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return nil, "", "", nil, err
	}
	kind := r.PathValue("soort")
	for _, t := range budgetTables {
		if t.Kind == kind {
			rows := m.Budget.Available
			if kind == "inzet" {
				rows = m.Budget.Allocated
			}
			return m, kind, t.Label, rows, nil
		}
	}
	return nil, "", "", nil, web.NotFoundf("Begrotingstabel %q bestaat niet.", kind)
}

func (s *Pages) budgetRowForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	m, kind, label, rows, err := s.budgetTable(r)
	if err != nil {
		return err
	}
	i, err := rowIndex(r, rows)
	if err != nil {
		return err
	}
	var row programme.BudgetRow
	if i >= 0 {
		row = rows[i]
	}
	f := budgetRowForm{Code: row.Code, Label: row.Label, Line: row.Line, Note: row.Note}
	for _, y := range editYears(m) {
		ya := yearAmount{Year: y}
		if a, ok := row.Amounts[y]; ok {
			ya.Value = programme.FormatAmount(a)
		}
		f.Years = append(f.Years, ya)
	}
	base, err := s.Programme.CurrentVersion(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "budgetrow", s.budgetRowView(r, rc, m, kind, label, f, base, ""))
	return nil
}

// editYears are the programme's years and the one after (the structural
// "2027 ev" column of the seed).
func editYears(m *programme.Model) []int {
	var ys []int
	for y := m.StartYear; y <= m.EndYear+1 && m.StartYear > 0; y++ {
		ys = append(ys, y)
	}
	return ys
}

func (s *Pages) budgetRowView(r *http.Request, rc *web.ReqCtx, m *programme.Model, kind, label string, f budgetRowForm, base int, reason string) budgetRowView {
	v := budgetRowView{Page: s.Page(r, rc, "Begrotingsregel: "+label, "begroting"), Kind: kind, KindLabel: label, N: r.PathValue("n"), Form: f, Base: base, Reason: reason}
	v.Lines = append(v.Lines, web.Option{Value: "", Label: "Geen: bron of programmabreed", Selected: f.Line == ""})
	for _, l := range m.Lines {
		v.Lines = append(v.Lines, web.Option{Value: l.Code, Label: l.Code + " " + l.Name, Selected: l.Code == f.Line})
	}
	return v
}

func (s *Pages) budgetRowSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	m, kind, label, rows, err := s.budgetTable(r)
	if err != nil {
		return err
	}
	i, err := rowIndex(r, rows)
	if err != nil {
		return err
	}
	pf := r.PostForm
	f := budgetRowForm{Code: strings.TrimSpace(pf.Get("code")), Label: strings.TrimSpace(pf.Get("post")), Line: pf.Get("lijn"), Note: strings.TrimSpace(pf.Get("toelichting"))}
	row := programme.BudgetRow{Code: f.Code, Label: f.Label, Line: f.Line, Note: f.Note, Amounts: programme.Amounts{}}
	if i >= 0 {
		// Fields the form does not show stay as they are.
		row.From, row.To, row.Structural = rows[i].From, rows[i].To, rows[i].Structural
	}
	var fe []perspectief.FieldError
	for _, y := range editYears(m) {
		val := strings.TrimSpace(pf.Get(fmt.Sprintf("bedrag-%d", y)))
		f.Years = append(f.Years, yearAmount{Year: y, Value: val})
		if val == "" {
			continue
		}
		a, ok := parseSignedAmount(val)
		if !ok {
			fe = append(fe, perspectief.FieldError{Path: fmt.Sprintf("bedrag-%d", y), Message: fmt.Sprintf("het bedrag voor %d (%q) is geen getal; vul duizenden euro's in, zoals 450 of -900", y, val)})
			continue
		}
		row.Amounts[y] = a
	}
	base, _ := strconv.Atoi(pf.Get("basisversie"))
	reason := pf.Get("reden")
	remove := pf.Get("verwijderen") == "ja" && i >= 0
	if len(fe) > 0 {
		err = perspectief.Invalid("De begrotingsregel is niet opgeslagen; er is niets veranderd.", fe)
	} else {
		_, err = s.Programme.Edit(r.Context(), *rc.User, base, reason, "De begrotingsregel", func(m *programme.Model) (string, error) {
			if remove {
				return m.RemoveBudgetRow(kind, i)
			}
			return m.PutBudgetRow(kind, i, row)
		})
	}
	if err == nil {
		http.Redirect(w, r, "/begroting", http.StatusSeeOther)
		return nil
	}
	if c := perspectief.ErrorCode(err); c != perspectief.CodeInvalid && c != perspectief.CodeConflict {
		return err
	}
	v := s.budgetRowView(r, rc, m, kind, label, f, base, reason)
	v.Title = "Fout: " + v.Title
	v.Summary = perspectief.ErrorMessage(err)
	v.Errors, v.FieldErrors = web.FormErrors(err, func(path string) web.Place {
		switch {
		case strings.HasPrefix(path, "bedrag-"), path == "code", path == "post", path == "lijn", path == "toelichting", path == "reden":
			return web.Place{Anchor: path}
		case path == "bedragen":
			return web.Place{Anchor: fmt.Sprintf("bedrag-%d", m.StartYear), Key: "bedragen"}
		case path == "":
			return web.Place{Anchor: "post"}
		}
		return web.Place{Anchor: "reden", Key: "elders", Prefix: path + ": "}
	})
	s.Render(w, r, http.StatusUnprocessableEntity, "budgetrow", v)
	return nil
}

// parseSignedAmount reads an amount in thousands of euros; a cut is
// negative.
func parseSignedAmount(s string) (float64, bool) {
	neg := strings.HasPrefix(s, "-")
	a, ok := programme.ParseAmount(strings.TrimPrefix(s, "-"))
	if neg {
		a = -a
	}
	return a, ok
}
