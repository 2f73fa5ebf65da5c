package procesmonitorweb

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
)

var markKinds = map[string]chart.MarkKind{
	"gepland": chart.MarkPlanned, "bezig": chart.MarkBusy, "gereed": chart.MarkDone, "vervallen": chart.MarkCancelled, "te_laat": chart.MarkLate,
}

// timeline draws the milestones of a line's interventions, one row each,
// over the programme's years (widened to the milestones' dates), and lists
// them for the table beneath.
func timeline(m *programme.Model, ivs []programme.Intervention, ms []procesmonitor.Milestone, today time.Time) (template.HTML, []web.MilestoneRow) {
	from := time.Date(m.StartYear, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(m.EndYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if m.StartYear == 0 {
		from = time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(1, 0, 0)
	}
	by := map[string][]procesmonitor.Milestone{}
	for _, x := range ms {
		by[x.Intervention] = append(by[x.Intervention], x)
	}
	var rows []web.MilestoneRow
	c := chart.Timeline{Today: today}
	for _, iv := range ivs {
		tr := chart.TimelineRow{Label: iv.Code + " " + iv.Title}
		for _, x := range by[iv.Code] {
			if x.Due.Before(from) {
				from = time.Date(x.Due.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			}
			if !x.Due.Before(to) {
				to = time.Date(x.Due.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			row := web.NewMilestoneRow(x, iv.Title, today)
			tr.Marks = append(tr.Marks, chart.Mark{Date: x.Due, Kind: markKinds[row.State],
				Label: web.FormatDate(x.Due) + ": " + x.Title + " (" + row.StateLabel + ")"})
			rows = append(rows, row)
		}
		c.Rows = append(c.Rows, tr)
	}
	c.From, c.To = from, to
	c.Title = "Planning: mijlpalen per interventie"
	c.Desc = "Een rij per interventie, de tijd van links naar rechts; de stippellijn is vandaag. Elke status heeft een eigen vorm. De tabel onder de tijdlijn noemt alle mijlpalen."
	slices.SortStableFunc(rows, func(a, b web.MilestoneRow) int { return a.Due.Compare(b.Due) })
	return template.HTML(c.SVG()), rows
}

type milestonesView struct {
	web.Page
	Intervention programme.Intervention
	Milestones   []web.MilestoneRow
	CanPlan      bool
	Form         MilestoneForm
	Timeline     template.HTML
}

// MilestoneForm is the add or edit form with what the user typed and the
// problems found.
type MilestoneForm struct {
	CSRF        string
	ID          int64
	Action      string
	Title       string
	Due         string
	Owner       string
	Status      string
	Note        string
	Statuses    []web.Option
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Err is the message for one field.
func (f MilestoneForm) Err(field string) string { return f.FieldErrors[field] }

func milestoneForm(action string, in procesmonitor.MilestoneInput) MilestoneForm {
	f := MilestoneForm{Action: action, Title: in.Title, Due: in.Due, Owner: in.Owner, Status: in.Status, Note: in.Note}
	if f.Status == "" {
		f.Status = string(procesmonitor.StatusPlanned)
	}
	for _, st := range procesmonitor.MilestoneStatuses {
		f.Statuses = append(f.Statuses, web.Option{Value: string(st), Label: st.Label(), Selected: string(st) == f.Status})
	}
	return f
}

// withErrors fills the form's messages from a refused save.
func (f *MilestoneForm) withErrors(err error) {
	f.Summary = perspectief.ErrorMessage(err)
	f.Errors, f.FieldErrors = web.FormErrors(err, func(path string) web.Place {
		return web.Place{Anchor: "mijlpaal-" + path, Key: path}
	})
}

func milestoneInput(r *http.Request) procesmonitor.MilestoneInput {
	f := r.PostForm
	return procesmonitor.MilestoneInput{Title: f.Get("titel"), Due: f.Get("datum"), Owner: f.Get("eigenaar"), Status: f.Get("status"), Note: f.Get("toelichting")}
}

func (s *Pages) milestonesView(r *http.Request, rc *web.ReqCtx, code string) (*milestonesView, *procesmonitor.Service, error) {
	pm := s.Procesmonitor
	m, iv, err := s.Programme.Intervention(r.Context(), code)
	if err != nil {
		return nil, nil, err
	}
	ms, err := pm.Milestones(r.Context(), code)
	if err != nil {
		return nil, nil, err
	}
	v := &milestonesView{Page: s.Page(r, rc, "Mijlpalen: "+iv.Code+" "+iv.Title, "interventies"), Intervention: *iv,
		CanPlan: procesmonitor.CanPlan(*rc.User, iv.Leaders)}
	v.Timeline, v.Milestones = timeline(m, []programme.Intervention{*iv}, ms, pm.Today())
	owner := iv.Owner
	if owner == "" && len(iv.Leaders) > 0 {
		owner = iv.Leaders[0]
	}
	v.Form = milestoneForm("/interventies/"+code+"/mijlpalen", procesmonitor.MilestoneInput{Owner: owner})
	v.Form.CSRF = v.CSRF
	return v, pm, nil
}

func (s *Pages) milestonesPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, _, err := s.milestonesView(r, rc, r.PathValue("code"))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "milestones", v)
	return nil
}

func (s *Pages) milestoneAdd(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	v, pm, err := s.milestonesView(r, rc, code)
	if err != nil {
		return err
	}
	in := milestoneInput(r)
	if _, err := pm.AddMilestone(r.Context(), *rc.User, code, in); err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		v.Form = milestoneForm(v.Form.Action, in)
		v.Form.CSRF = v.CSRF
		v.Form.withErrors(err)
		v.Title = "Fout: " + v.Title
		s.Render(w, r, http.StatusUnprocessableEntity, "milestones", v)
		return nil
	}
	http.Redirect(w, r, "/interventies/"+code+"/mijlpalen?melding=mijlpaal", http.StatusSeeOther)
	return nil
}

type milestoneEditView struct {
	web.Page
	Intervention programme.Intervention
	Form         MilestoneForm
}

func (s *Pages) milestoneEdit(r *http.Request, rc *web.ReqCtx) (*milestoneEditView, *procesmonitor.Service, *procesmonitor.Milestone, error) {
	pm := s.Procesmonitor
	code := r.PathValue("code")
	_, iv, err := s.Programme.Intervention(r.Context(), code)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := account.Require(procesmonitor.CanPlan(*rc.User, iv.Leaders), "de planning van deze interventie wijzigt"); err != nil {
		return nil, nil, nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, nil, web.NotFoundf("Mijlpaal %q bestaat niet.", r.PathValue("id"))
	}
	ms, err := pm.Milestone(r.Context(), code, id)
	if err != nil {
		return nil, nil, nil, err
	}
	v := &milestoneEditView{Page: s.Page(r, rc, "Mijlpaal wijzigen: "+ms.Title, "interventies"), Intervention: *iv}
	v.Form = milestoneForm("/interventies/"+code+"/mijlpalen/"+strconv.FormatInt(id, 10), procesmonitor.MilestoneInput{
		Title: ms.Title, Due: ms.Due.Format("2006-01-02"), Owner: ms.Owner, Status: string(ms.Status), Note: ms.Note})
	v.Form.ID, v.Form.CSRF = id, v.CSRF
	return v, pm, ms, nil
}

func (s *Pages) milestoneForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, _, _, err := s.milestoneEdit(r, rc)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "milestone", v)
	return nil
}

func (s *Pages) milestoneSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, pm, ms, err := s.milestoneEdit(r, rc)
	if err != nil {
		return err
	}
	in := milestoneInput(r)
	if _, err := pm.UpdateMilestone(r.Context(), *rc.User, ms.Intervention, ms.ID, in); err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		id := v.Form.ID
		v.Form = milestoneForm(v.Form.Action, in)
		v.Form.ID, v.Form.CSRF = id, v.CSRF
		v.Form.withErrors(err)
		v.Title = "Fout: " + v.Title
		s.Render(w, r, http.StatusUnprocessableEntity, "milestone", v)
		return nil
	}
	http.Redirect(w, r, "/interventies/"+ms.Intervention+"/mijlpalen?melding=mijlpaal", http.StatusSeeOther)
	return nil
}

func (s *Pages) milestoneDelete(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	_, pm, ms, err := s.milestoneEdit(r, rc)
	if err != nil {
		return err
	}
	if err := pm.DeleteMilestone(r.Context(), *rc.User, ms.Intervention, ms.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/interventies/"+ms.Intervention+"/mijlpalen?melding=mijlpaal-weg", http.StatusSeeOther)
	return nil
}
