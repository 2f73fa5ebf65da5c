package programmeweb

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/web"
)

// escalationsView lists the progress updates escalated to the regiegroep.
type escalationsView struct {
	web.Page
	Escalations []EscalationRow
}

// EscalationRow is one escalated update with its intervention's title.
type EscalationRow struct {
	HistoryEntry
	Title string
}

func (s *Pages) escalations(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ups, err := s.Programme.Escalations(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, iv := range m.Interventions {
		titles[iv.Code] = iv.Title
	}
	v := escalationsView{Page: s.Page(r, rc, "Escalaties naar de regiegroep", "escalaties")}
	for _, u := range ups {
		v.Escalations = append(v.Escalations, EscalationRow{HistoryEntry: HistoryEntry{Update: u, Author: v.Person(u.Author)}, Title: titles[u.Intervention]})
	}
	s.Render(w, r, http.StatusOK, "escalations", v)
	return nil
}
