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

// goalEditView edits one goal of the doelenboom and its links to the goals
// one level up, as a new version with a reason.
type goalEditView struct {
	web.Page
	Old         string
	Form        programme.Goal
	Base        int
	Reason      string
	Levels      []web.Option
	Parents     []Choice
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Err returns the message for a field.
func (v goalEditView) Err(id string) string { return v.FieldErrors[id] }

func (s *Pages) goalEditForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	code := r.PathValue("code")
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	g := programme.Goal{Level: programme.LevelOperational}
	if code != "" {
		i := slices.IndexFunc(m.Goals, func(x programme.Goal) bool { return x.Code == code })
		if i < 0 {
			return web.NotFoundf("Doel %q bestaat niet.", code)
		}
		g = m.Goals[i]
	}
	base, err := s.Programme.CurrentVersion(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "goaledit", s.goalEditView(r, rc, m, code, g, base, ""))
	return nil
}

func (s *Pages) goalEditView(r *http.Request, rc *web.ReqCtx, m *programme.Model, old string, g programme.Goal, base int, reason string) goalEditView {
	title := "Nieuw doel"
	if old != "" {
		title = "Doel bewerken: " + old + " " + g.Title
	}
	v := goalEditView{Page: s.Page(r, rc, title, "doelenboom"), Old: old, Form: g, Base: base, Reason: reason}
	for _, l := range programme.Levels {
		v.Levels = append(v.Levels, web.Option{Value: string(l), Label: l.Label(), Selected: l == g.Level})
	}
	for _, p := range m.Goals {
		if p.Code != old && p.Level != programme.LevelOperational {
			v.Parents = append(v.Parents, Choice{ID: "onder-" + p.Code, Value: p.Code, Label: p.Code + " " + p.Title + " (" + strings.ToLower(p.Level.Label()) + ")", Checked: slices.Contains(g.Parents, p.Code)})
		}
	}
	return v
}

func (s *Pages) goalEditSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	old := r.PathValue("code")
	f := r.PostForm
	g := programme.Goal{Code: strings.TrimSpace(f.Get("code")), Level: programme.Level(f.Get("niveau")), Title: strings.TrimSpace(f.Get("titel")),
		Description: strings.TrimSpace(f.Get("omschrijving")), Expected: strings.TrimSpace(f.Get("wat_zien_we")), Parents: f["onder"]}
	if old != "" && g.Code == "" {
		g.Code = old
	}
	base, _ := strconv.Atoi(f.Get("basisversie"))
	reason := f.Get("reden")
	var err error
	if f.Get("verwijderen") == "ja" {
		_, err = s.Programme.Edit(r.Context(), *rc.User, base, reason, "Het verwijderen van het doel", func(m *programme.Model) (string, error) { return m.RemoveGoal(old) })
		if err == nil {
			http.Redirect(w, r, "/doelenboom", http.StatusSeeOther)
			return nil
		}
	} else {
		_, err = s.Programme.Edit(r.Context(), *rc.User, base, reason, "Het doel", func(m *programme.Model) (string, error) { return m.PutGoal(old, g) })
		if err == nil {
			http.Redirect(w, r, "/doelen/"+g.Code, http.StatusSeeOther)
			return nil
		}
	}
	if c := perspectief.ErrorCode(err); c != perspectief.CodeInvalid && c != perspectief.CodeConflict {
		return err
	}
	m, merr := s.Programme.Model(r.Context())
	if merr != nil {
		return merr
	}
	v := s.goalEditView(r, rc, m, old, g, base, reason)
	v.Title = "Fout: " + v.Title
	v.Summary = perspectief.ErrorMessage(err)
	v.Errors, v.FieldErrors = web.FormErrors(err, func(path string) web.Place {
		field, _, _ := strings.Cut(path, "[")
		field, _, _ = strings.Cut(field, ".")
		switch field {
		case "code", "niveau", "titel", "omschrijving", "wat_zien_we", "reden":
			return web.Place{Anchor: field}
		case "onder":
			return web.Place{Anchor: "onder", Key: "onder"}
		case "":
			return web.Place{Anchor: "titel"}
		}
		// A problem elsewhere in the programme that the change causes,
		// such as an intervention that still names a removed goal.
		if i, _, ok := (perspectief.FieldError{Path: path}).Item("interventies"); ok && i < len(m.Interventions) {
			return web.Place{Anchor: "reden", Key: "elders", Prefix: "Interventie " + m.Interventions[i].Code + " draagt bij aan dit doel: "}
		}
		return web.Place{Anchor: "reden", Key: "elders", Prefix: path + ": "}
	})
	s.Render(w, r, http.StatusUnprocessableEntity, "goaledit", v)
	return nil
}
