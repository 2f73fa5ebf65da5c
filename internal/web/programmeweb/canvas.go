package programmeweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// emptyResultRows is how many blank rows the canvas form offers for new
// intended results; saving with more filled in brings new blank rows.
const emptyResultRows = 3

type canvasView struct {
	web.Page
	Intervention programme.Intervention
	Objective    string
	Approach     string
	Audience     string
	Partners     string
	Rows         []ResultRow
	Errors       []web.FieldErr // the error summary, in form order
	Summary      string
	FieldErrors  map[string]string // field id → message, shown next to the field
}

// ResultRow is one row of the intended results table of the canvas form.
type ResultRow struct {
	N           int // 1-based, for labels
	Code        string
	Description string
	Unit        string
	Target      string
	Amount      string // the number to reach, as typed; "" for a qualitative result
	Year        string
}

// result reads the row as an intended result. A number or year that does
// not read as one is kept as an impossible value, so that validation names
// it at its field.
func (row ResultRow) result() programme.Result {
	res := programme.Result{Code: row.Code, Description: row.Description, Unit: row.Unit, Target: row.Target}
	if row.Amount != "" {
		f, ok := programme.ParseAmount(row.Amount)
		if !ok {
			f = -1
		}
		res.Amount = &f
	}
	if row.Year != "" {
		y, err := strconv.Atoi(row.Year)
		if err != nil {
			y = -1
		}
		res.Year = y
	}
	return res
}

func resultRow(res programme.Result) ResultRow {
	row := ResultRow{Code: res.Code, Description: res.Description, Unit: res.Unit, Target: res.Target}
	if res.Amount != nil {
		row.Amount = programme.FormatAmount(*res.Amount)
	}
	if res.Year != 0 {
		row.Year = strconv.Itoa(res.Year)
	}
	return row
}

// Err returns the message for a field of this row ("code", "omschrijving").
func (v canvasView) Err(id string) string { return v.FieldErrors[id] }

func (s *Pages) canvasForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	_, iv, err := s.Programme.Intervention(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := account.Require(rc.User.CanEditIntervention(iv.Leaders), "het canvas van deze interventie wijzigt"); err != nil {
		return err
	}
	c := iv.Canvas
	v := canvasView{Intervention: *iv, Objective: c.Objective, Approach: c.Approach, Audience: c.Audience, Partners: c.Partners}
	for _, res := range c.Results {
		v.Rows = append(v.Rows, resultRow(res))
	}
	s.showCanvas(w, r, rc, http.StatusOK, v)
	return nil
}

func (s *Pages) showCanvas(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v canvasView) {
	v.Page = s.Page(r, rc, "Canvas wijzigen: "+v.Intervention.Code+" "+v.Intervention.Title, "interventies")
	if len(v.Errors) > 0 {
		v.Title = "Fout: " + v.Title
	}
	for i := 0; i < emptyResultRows; i++ {
		v.Rows = append(v.Rows, ResultRow{})
	}
	for i := range v.Rows {
		v.Rows[i].N = i + 1
	}
	s.Render(w, r, status, "canvas", v)
}

func (s *Pages) canvasSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	_, iv, err := s.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	f := r.PostForm
	v := canvasView{
		Intervention: *iv,
		Objective:    f.Get("doelstelling"),
		Approach:     f.Get("aanpak"),
		Audience:     f.Get("doelgroep"),
		Partners:     f.Get("partners"),
	}
	c := programme.Canvas{Objective: v.Objective, Approach: v.Approach, Audience: v.Audience, Partners: v.Partners}
	codes, descs, units, targets := f["resultaat_code"], f["resultaat_omschrijving"], f["resultaat_eenheid"], f["resultaat_streefwaarde"]
	amounts, years := f["resultaat_aantal"], f["resultaat_jaar"]
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	// Blank rows are dropped, also when the form is shown again, so the
	// index of a result in the canvas is its row in the re-shown form.
	for i := 0; i < max(len(codes), len(descs), len(units), len(targets), len(amounts), len(years)); i++ {
		row := ResultRow{Code: at(codes, i), Description: at(descs, i), Unit: at(units, i), Target: at(targets, i), Amount: at(amounts, i), Year: at(years, i)}
		if row == (ResultRow{}) {
			continue
		}
		v.Rows = append(v.Rows, row)
		c.Results = append(c.Results, row.result())
	}
	err = s.Programme.UpdateCanvas(r.Context(), *rc.User, code, c)
	if err == nil {
		http.Redirect(w, r, "/interventies/"+code+"?melding=canvas", http.StatusSeeOther)
		return nil
	}
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		return err
	}
	v.Summary = perspectief.ErrorMessage(err)
	v.Errors, v.FieldErrors = web.FormErrors(err, func(path string) web.Place {
		if row, field, ok := (perspectief.FieldError{Path: path}).Item("canvas.beoogde_resultaten"); ok {
			return web.Place{Anchor: fmt.Sprintf("resultaat-%d-%s", row+1, field), Prefix: fmt.Sprintf("Beoogd resultaat %d: ", row+1)}
		}
		if p, ok := strings.CutPrefix(path, "canvas."); ok {
			return web.Place{Anchor: p}
		}
		return web.Place{Anchor: "doelstelling"}
	})
	s.showCanvas(w, r, rc, http.StatusUnprocessableEntity, v)
	return nil
}
