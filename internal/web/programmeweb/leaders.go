package programmeweb

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/web"
)

// leadersView is the form that assigns an intervention's projectleiders:
// a checkbox per projectleider account, by display name, and the owner in
// words.
type leadersView struct {
	web.Page
	Intervention programme.Intervention
	Choices      []LeaderChoice
	Owner        string
	Errors       []web.FieldErr
	Summary      string
	FieldErrors  map[string]string
}

// LeaderChoice is one projectleider account in the picker.
type LeaderChoice struct {
	ID      string // the checkbox's id
	Email   string
	Name    string
	Checked bool
}

// Err returns the message for a field ("projectleiders", "eigenaar").
func (v leadersView) Err(id string) string { return v.FieldErrors[id] }

func (s *Pages) leadersForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	_, iv, err := s.Programme.Intervention(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	v, err := s.leadersView(r, rc, *iv, iv.Leaders, iv.Owner)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "leaders", v)
	return nil
}

func (s *Pages) leadersView(r *http.Request, rc *web.ReqCtx, iv programme.Intervention, chosen []string, owner string) (leadersView, error) {
	eligible, err := s.Accounts.ProjectLeaders(r.Context(), *rc.User)
	if err != nil {
		return leadersView{}, err
	}
	v := leadersView{Page: s.Page(r, rc, "Projectleiders: "+iv.Code+" "+iv.Title, "interventies"), Intervention: iv, Owner: owner}
	on := map[string]bool{}
	for _, c := range chosen {
		on[strings.ToLower(c)] = true
	}
	known := map[string]bool{}
	for i, u := range eligible {
		known[strings.ToLower(u.Email)] = true
		v.Choices = append(v.Choices, LeaderChoice{ID: fmt.Sprintf("projectleider-%d", i+1), Email: u.Email, Name: u.DisplayName(), Checked: on[strings.ToLower(u.Email)]})
	}
	// A projectleider of the file without an (active) account stays
	// visible, so that saving the form is a choice to drop them.
	for _, c := range chosen {
		if !known[strings.ToLower(c)] {
			v.Choices = append(v.Choices, LeaderChoice{ID: fmt.Sprintf("projectleider-%d", len(v.Choices)+1), Email: c, Name: c + " (geen actief projectleider-account)", Checked: true})
		}
	}
	return v, nil
}

func (s *Pages) leadersSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	if err := account.Require(rc.User.CanAssignLeaders(), "projectleiders toewijst"); err != nil {
		return err
	}
	_, iv, err := s.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	eligible, err := s.Accounts.ProjectLeaders(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	chosen, owner := r.PostForm["projectleiders"], r.PostForm.Get("eigenaar")
	err = s.Programme.AssignLeaders(r.Context(), *rc.User, code, chosen, owner, eligible)
	if err == nil {
		http.Redirect(w, r, "/interventies/"+code+"?melding=projectleiders", http.StatusSeeOther)
		return nil
	}
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		return err
	}
	v, verr := s.leadersView(r, rc, *iv, chosen, owner)
	if verr != nil {
		return verr
	}
	v.Title = "Fout: " + v.Title
	v.Summary = perspectief.ErrorMessage(err)
	first := "projectleider-1"
	if len(v.Choices) == 0 {
		first = "eigenaar"
	}
	v.Errors, v.FieldErrors = web.FormErrors(err, func(path string) web.Place {
		if path == "eigenaar" {
			return web.Place{Anchor: "eigenaar"}
		}
		return web.Place{Anchor: first, Key: "projectleiders"}
	})
	s.Render(w, r, http.StatusUnprocessableEntity, "leaders", v)
	return nil
}
