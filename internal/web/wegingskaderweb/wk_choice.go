package wegingskaderweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

type wkChoiceView struct {
	web.Page
	RoundHead
	CV         *wk.ChoiceView
	Years      []wkYearRow
	Items      []wkChoiceRow
	Gain       float64 // what the exact optimum adds to a list by score per euro
	Scenarios  []wkScenarioRow
	Flips      int
	CanFix     bool
	CanDecide  bool
	CanGrant   bool
	Decided    []wk.Request
	Grants     []wkGrantRow
	Motivation string
	Errors     []web.FieldErr
	Summary    string
	FormError  string // which form the errors belong to: vastzetten, besluit, toekennen
}

type wkChoiceRow struct {
	wk.ChoiceItem
	Amounts []int64 // per year of the round
	Reason  string
	Fixes   []wkOption
}

type wkScenarioRow struct {
	Criterion wk.Criterion
	Down, Up  wk.Scenario
}

type wkGrantRow struct {
	Request wk.Request
	Grant   *wk.Grant
	Lines   []wkOption
}

// wkChoiceForm is what the user sent, kept when a form is refused.
type wkChoiceForm struct {
	fixes      map[int64]wk.Fix
	motivation string
	lines      map[int64]string
	err        error
	target     string
}

func (s *Pages) wkChoice(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.showChoice(w, r, rc, http.StatusOK, wkChoiceForm{})
}

func fixLabel(f wk.Fix) string {
	switch f {
	case wk.FixIn:
		return "Altijd erin"
	case wk.FixOut:
		return "Nooit erin"
	}
	return "Laat de berekening kiezen"
}

// choiceFor computes the choice of the round of the {id} path value.
func (s *Pages) choiceFor(r *http.Request, rc *web.ReqCtx) (*wk.ChoiceView, error) {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return nil, err
	}
	return s.Wegingskader.Choice(r.Context(), *rc.User, id)
}

// decided lists the requests of the decision, in its order.
func decided(cv *wk.ChoiceView) []wk.Request {
	var out []wk.Request
	if d := cv.Round.Decision; d != nil {
		for _, rid := range d.Chosen {
			for _, rq := range cv.Requests {
				if rq.ID == rid {
					out = append(out, rq)
				}
			}
		}
	}
	return out
}

func (s *Pages) showChoice(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, form wkChoiceForm) error {
	ctx := r.Context()
	cv, err := s.choiceFor(r, rc)
	if err != nil {
		return err
	}
	u := *rc.User
	rd := cv.Round
	v := wkChoiceView{Page: s.Page(r, rc, "Keuze binnen het budget: "+rd.Name, "wegingskader"), RoundHead: wkHead(u, rd, "keuze"), CV: cv,
		CanFix: wk.CanFix(u, rd), CanDecide: wk.CanDecide(u, rd), CanGrant: wk.CanGrant(u, rd), Motivation: form.motivation}
	fillChoiceRows(&v, cv, form)
	if rd.Decision != nil {
		m, err := s.Programme.Model(ctx)
		if err != nil {
			return err
		}
		v.Decided = decided(cv)
		for _, rq := range v.Decided {
			g := wkGrantRow{Request: rq}
			for i := range rd.Grants {
				if rd.Grants[i].Request == rq.ID {
					g.Grant = &rd.Grants[i]
				}
			}
			for _, l := range m.Lines {
				g.Lines = append(g.Lines, wkOption{Value: l.Code, Label: l.Code + " " + l.Name, Checked: form.lines[rq.ID] == l.Code})
			}
			v.Grants = append(v.Grants, g)
		}
	}
	if form.err != nil {
		v.Title = "Fout: " + v.Title
		v.FormError = form.target
		v.Summary = perspectief.ErrorMessage(form.err)
		v.Errors, _ = web.FormErrors(form.err, place(func(path string) (string, string) {
			switch form.target {
			case "besluit":
				return "motivering", "motivering"
			case "toekennen":
				if rid := strings.TrimPrefix(path, "lijnen."); rid != path {
					return "lijn-" + rid, rid
				}
			}
			return form.target, form.target
		}))
	}
	s.Render(w, r, status, "wk_choice", v)
	return nil
}

// fillChoiceRows fills the budget, proposal and stability rows of v.
func fillChoiceRows(v *wkChoiceView, cv *wk.ChoiceView, form wkChoiceForm) {
	c := cv.Choice
	v.Gain = c.Total - c.GreedyTotal
	for _, y := range c.Years {
		row := wkYearRow{Year: y, Budget: c.Budget[y], Used: c.Used[y], Left: c.Left[y]}
		for _, b := range c.Binding {
			row.Binding = row.Binding || b == y
		}
		v.Years = append(v.Years, row)
	}
	for _, it := range c.Items {
		row := wkChoiceRow{ChoiceItem: it}
		for _, y := range c.Years {
			row.Amounts = append(row.Amounts, it.Request.Amounts[y])
		}
		switch {
		case it.Chosen && it.Fix == wk.FixIn:
			row.Reason = "Gekozen (vastgezet)"
		case it.Chosen:
			row.Reason = "Gekozen"
		case it.Fix == wk.FixOut:
			row.Reason = "Niet gekozen (vastgezet: nooit erin)"
		case it.Score <= 0:
			row.Reason = "Niet gekozen: score 0"
		case len(it.NoRoom) > 0:
			var ys []string
			for _, y := range it.NoRoom {
				ys = append(ys, strconv.Itoa(y))
			}
			row.Reason = "Niet gekozen: past niet meer in het budget van " + strings.Join(ys, " en ")
		default:
			row.Reason = "Niet gekozen"
		}
		sel := it.Fix
		if f, ok := form.fixes[it.Request.ID]; ok {
			sel = f
		}
		for _, f := range []wk.Fix{wk.FixNone, wk.FixIn, wk.FixOut} {
			row.Fixes = append(row.Fixes, wkOption{Value: string(f), Label: fixLabel(f), Checked: f == sel})
		}
		v.Items = append(v.Items, row)
	}
	byCrit := map[string]*wkScenarioRow{}
	for _, sc := range cv.Scenarios {
		row, ok := byCrit[sc.Criterion.Code]
		if !ok {
			v.Scenarios = append(v.Scenarios, wkScenarioRow{Criterion: sc.Criterion})
			row = &v.Scenarios[len(v.Scenarios)-1]
			byCrit[sc.Criterion.Code] = row
		}
		if sc.Factor < 1 {
			row.Down = sc
		} else {
			row.Up = sc
		}
		if !sc.Stable() {
			v.Flips++
		}
	}
}

// choiceRefused reports whether err is one the choice page shows next to
// its form rather than on an error page.
func choiceRefused(err error) (int, bool) {
	switch perspectief.ErrorCode(err) {
	case perspectief.CodeInvalid:
		return http.StatusUnprocessableEntity, true
	case perspectief.CodeConflict:
		return http.StatusConflict, true
	}
	return 0, false
}

func (s *Pages) wkFix(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	fixes := map[int64]wk.Fix{}
	for k, vals := range r.PostForm {
		if rid, ok := strings.CutPrefix(k, "vast-"); ok && len(vals) > 0 {
			n, err := strconv.ParseInt(rid, 10, 64)
			if err != nil {
				continue
			}
			fixes[n] = wk.Fix(vals[0])
		}
	}
	err = s.Wegingskader.SetFixes(r.Context(), *rc.User, id, fixes)
	if err == nil {
		http.Redirect(w, r, roundURL(id, "/keuze?melding=wk-vastgezet#voorstel"), http.StatusSeeOther)
		return nil
	}
	if status, ok := choiceRefused(err); ok {
		return s.showChoice(w, r, rc, status, wkChoiceForm{fixes: fixes, err: err, target: "vastzetten"})
	}
	return err
}

func (s *Pages) wkDecide(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	motivation := r.PostFormValue("motivering")
	_, err = s.Wegingskader.Decide(r.Context(), *rc.User, id, motivation)
	if err == nil {
		http.Redirect(w, r, roundURL(id, "/keuze?melding=wk-besluit#besluit"), http.StatusSeeOther)
		return nil
	}
	if status, ok := choiceRefused(err); ok {
		return s.showChoice(w, r, rc, status, wkChoiceForm{motivation: motivation, err: err, target: "besluit"})
	}
	return err
}

func (s *Pages) wkGrant(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	lines := map[int64]string{}
	for k, vals := range r.PostForm {
		if rid, ok := strings.CutPrefix(k, "lijn-"); ok && len(vals) > 0 {
			if n, err := strconv.ParseInt(rid, 10, 64); err == nil {
				lines[n] = vals[0]
			}
		}
	}
	_, err = s.Wegingskader.Grant(r.Context(), *rc.User, id, lines)
	if err == nil {
		http.Redirect(w, r, roundURL(id, "/keuze?melding=wk-toegekend#toekennen"), http.StatusSeeOther)
		return nil
	}
	if status, ok := choiceRefused(err); ok {
		return s.showChoice(w, r, rc, status, wkChoiceForm{lines: lines, err: err, target: "toekennen"})
	}
	return err
}
