package programmeweb

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/web"
)

// editView is the form that edits an intervention itself (beheerder,
// programmateam): title, line, owner, stage, area and wijken, and the links
// to operational goals. The canvas and the projectleiders have their own
// forms. Every save is a new version with a reason, checked as an import.
type editView struct {
	web.Page
	New         bool
	Old         string // the code being edited, "" for a new one
	Form        programme.Intervention
	Base        int
	Reason      string
	Lines       []web.Option
	Stages      []web.Option
	Areas       []web.Option
	Wijken      []Choice
	Goals       []Choice
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Choice is a checkbox of a picker.
type Choice struct {
	ID, Value, Label string
	Checked          bool
}

// Err returns the message for a field.
func (v editView) Err(id string) string { return v.FieldErrors[id] }

func (s *Pages) editForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	code := r.PathValue("code")
	iv := programme.Intervention{}
	if code != "" {
		_, cur, err := s.Programme.Intervention(r.Context(), code)
		if err != nil {
			return err
		}
		iv = *cur
	}
	base, err := s.Programme.CurrentVersion(r.Context())
	if err != nil {
		return err
	}
	v, err := s.editView(r, rc, code, iv, base, "")
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "edit", v)
	return nil
}

func (s *Pages) editView(r *http.Request, rc *web.ReqCtx, old string, iv programme.Intervention, base int, reason string) (editView, error) {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return editView{}, err
	}
	title := "Nieuwe interventie"
	if old != "" {
		title = "Bewerken: " + old + " " + iv.Title
	}
	v := editView{Page: s.Page(r, rc, title, "interventies"), New: old == "", Old: old, Form: iv, Base: base, Reason: reason}
	for _, l := range m.Lines {
		v.Lines = append(v.Lines, web.Option{Value: l.Code, Label: l.Code + " " + l.Name, Selected: l.Code == iv.Line})
	}
	v.Stages = append(v.Stages, web.Option{Value: "", Label: "Niet vastgelegd", Selected: iv.Stage == ""})
	for _, st := range programme.Stages {
		v.Stages = append(v.Stages, web.Option{Value: string(st), Label: st.Label(), Selected: st == iv.Stage})
	}
	v.Areas = append(v.Areas, web.Option{Value: "", Label: "Niet vastgelegd", Selected: iv.Area == ""})
	for _, a := range programme.Areas {
		v.Areas = append(v.Areas, web.Option{Value: string(a), Label: a.Label(), Selected: a == iv.Area})
	}
	for i, w := range programme.Wijken {
		v.Wijken = append(v.Wijken, Choice{ID: "wijk-" + strconv.Itoa(i+1), Value: w.Code, Label: w.Name, Checked: slices.Contains(iv.Wijken, w.Code)})
	}
	for _, g := range m.Goals {
		if g.Level == programme.LevelOperational {
			v.Goals = append(v.Goals, Choice{ID: "doel-" + g.Code, Value: g.Code, Label: g.Code + " " + g.Title, Checked: slices.Contains(iv.OperationalGoals, g.Code)})
		}
	}
	return v, nil
}

func (s *Pages) editSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	old := r.PathValue("code")
	iv := programme.Intervention{}
	if old != "" {
		_, cur, err := s.Programme.Intervention(r.Context(), old)
		if err != nil {
			return err
		}
		iv = *cur
	} else {
		iv.Code = strings.TrimSpace(r.PostFormValue("code"))
	}
	f := r.PostForm
	iv.Title, iv.Line, iv.Owner = strings.TrimSpace(f.Get("titel")), f.Get("lijn"), strings.TrimSpace(f.Get("eigenaar"))
	iv.Stage, iv.Area = programme.Stage(f.Get("fase")), programme.Area(f.Get("gebied"))
	iv.Wijken, iv.OperationalGoals = nil, f["operationele_doelen"]
	if iv.Area == programme.AreaWijken {
		iv.Wijken = f["wijken"]
	}
	base, _ := strconv.Atoi(f.Get("basisversie"))
	reason := f.Get("reden")
	what := "De interventie"
	_, err := s.Programme.Edit(r.Context(), *rc.User, base, reason, what, func(m *programme.Model) (string, error) {
		return m.PutIntervention(old, iv)
	})
	if err == nil {
		http.Redirect(w, r, "/interventies/"+iv.Code+"?melding=bewerkt", http.StatusSeeOther)
		return nil
	}
	if c := perspectief.ErrorCode(err); c != perspectief.CodeInvalid && c != perspectief.CodeConflict {
		return err
	}
	v, verr := s.editView(r, rc, old, iv, base, reason)
	if verr != nil {
		return verr
	}
	v.Title = "Fout: " + v.Title
	v.Summary = perspectief.ErrorMessage(err)
	v.Errors, v.FieldErrors = web.FormErrors(err, editPlace)
	s.Render(w, r, http.StatusUnprocessableEntity, "edit", v)
	return nil
}

// editPlace puts a problem of the edited intervention at its field.
func editPlace(path string) web.Place {
	field, _, _ := strings.Cut(path, "[")
	field, _, _ = strings.Cut(field, ".")
	switch field {
	case "code", "titel", "lijn", "eigenaar", "fase", "gebied", "reden":
		return web.Place{Anchor: field}
	case "wijken":
		return web.Place{Anchor: "wijk-1", Key: "wijken"}
	case "operationele_doelen":
		return web.Place{Anchor: "doelen", Key: "operationele_doelen"}
	}
	if path == "" {
		return web.Place{Anchor: "titel"}
	}
	return web.Place{Prefix: path + ": "}
}

// stopSave takes an intervention out of the programme with the reason (the
// decision) that ends it; its archive page keeps its history.
func (s *Pages) stopSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	base, _ := strconv.Atoi(r.PostFormValue("basisversie"))
	_, err := s.Programme.Edit(r.Context(), *rc.User, base, r.PostFormValue("reden_stop"), "Het beëindigen", func(m *programme.Model) (string, error) {
		return m.RemoveIntervention(code)
	})
	if err == nil {
		http.Redirect(w, r, "/interventies/"+code, http.StatusSeeOther)
		return nil
	}
	if c := perspectief.ErrorCode(err); c != perspectief.CodeInvalid && c != perspectief.CodeConflict {
		return err
	}
	_, iv, ierr := s.Programme.Intervention(r.Context(), code)
	if ierr != nil {
		return ierr
	}
	v, verr := s.editView(r, rc, code, *iv, base, "")
	if verr != nil {
		return verr
	}
	v.Title = "Fout: " + v.Title
	v.Summary = perspectief.ErrorMessage(err)
	v.Errors, v.FieldErrors = web.FormErrors(err, func(path string) web.Place { return web.Place{Anchor: "reden_stop"} })
	s.Render(w, r, http.StatusUnprocessableEntity, "edit", v)
	return nil
}
