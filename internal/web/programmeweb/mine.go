package programmeweb

import (
	"net/http"
	"time"

	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/web"
)

// mineView is "Mijn interventies", a projectleider's start page.
type mineView struct {
	web.Page
	Agenda programme.Agenda
	Late   []web.MilestoneRow
	// FirstVisit: there is no earlier visit to count advice from, so
	// all advice counts as new.
	FirstVisit bool
	Titles     map[string]string
}

// minePage shows, to any account (only projectleiders have interventions
// of their own), what is due this tertial on the user's interventions,
// their late milestones and the advice others left since the last visit.
func (s *Pages) minePage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	since, err := s.Accounts.Visit(r.Context(), *rc.User, "mijn-interventies")
	if err != nil {
		return err
	}
	m, a, err := s.Programme.Agenda(r.Context(), *rc.User, since)
	if err != nil {
		return err
	}
	v := mineView{Page: s.Page(r, rc, "Mijn interventies", "mijn"), Agenda: a, FirstVisit: since.Equal(time.Time{}), Titles: map[string]string{}}
	mine := map[string]bool{}
	for _, iv := range m.Interventions {
		v.Titles[iv.Code] = iv.Title
	}
	for _, iv := range append(append([]programme.Intervention(nil), a.Due...), a.Given...) {
		mine[iv.Code] = true
	}
	att, err := s.Procesmonitor.Attention(r.Context(), procesmonitor.DefaultSoonDays)
	if err != nil {
		return err
	}
	for _, x := range att.Late {
		if mine[x.Intervention] {
			v.Late = append(v.Late, web.NewMilestoneRow(x, v.Titles[x.Intervention], att.Today))
		}
	}
	s.Render(w, r, http.StatusOK, "mine", v)
	return nil
}
