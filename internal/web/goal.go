package web

import (
	"net/http"
	"slices"

	"github.com/perspectief/perspectief/internal/programme"
)

type goalView struct {
	Page
	Goal          programme.Goal
	LevelLabel    string
	Parents       []programme.Goal
	Children      []programme.Goal
	Interventions []programme.Intervention
	Comments      CommentsBlock
}

func (s *Server) goalPage(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	return s.showGoal(w, r, rc, r.PathValue("code"), CommentForm{}, http.StatusOK)
}

func (s *Server) showGoal(w http.ResponseWriter, r *http.Request, rc *reqCtx, code string, form CommentForm, status int) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	g, ok := findGoal(m, code)
	if !ok {
		return notFoundf("Doel %q bestaat niet.", code)
	}
	v := goalView{
		Page:       s.page(r, rc, g.Code+" "+g.Title, "doelenboom"),
		Goal:       g,
		LevelLabel: g.Level.Label(),
		Parents:    goalRefs(m, g.Parents),
	}
	for _, c := range m.Goals {
		if slices.Contains(c.Parents, code) {
			v.Children = append(v.Children, c)
		}
	}
	for _, iv := range m.Interventions {
		if slices.Contains(iv.OperationalGoals, code) {
			v.Interventions = append(v.Interventions, iv)
		}
	}
	v.Comments, err = s.commentsBlock(r, rc, "doel", code, "/doelen/"+code+"/opmerkingen", form)
	if err != nil {
		return err
	}
	s.render(w, r, status, "goal", v)
	return nil
}

func (s *Server) commentOnGoal(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	code := r.PathValue("code")
	return s.addComment(w, r, rc, "doel", code, "/doelen/"+code, func(f CommentForm) error {
		return s.showGoal(w, r, rc, code, f, http.StatusUnprocessableEntity)
	})
}
