package programmeweb

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

type interventionsView struct {
	web.Page
	Line     *programme.Line
	Lines    []LineOption
	Period   perspectief.Period
	AreaForm AreaForm
	Rows     []InterventionRow
	Results  programme.VerdictCount
}

func (s *Pages) interventionList(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	code := r.URL.Query().Get("lijn")
	v := interventionsView{Page: s.Page(r, rc, "Interventies", "interventies"), Lines: lineOptions(m, code), Period: s.Programme.CurrentPeriod()}
	ivs := m.Interventions
	if code != "" {
		l, ok := findLine(m, code)
		if !ok {
			return web.NotFoundf("Programmalijn %q bestaat niet.", code)
		}
		v.Line = &l
		v.Title = "Interventies " + l.Code + " " + l.Name
		ivs = nil
		for _, iv := range m.Interventions {
			if iv.Line == code {
				ivs = append(ivs, iv)
			}
		}
	}
	area := r.URL.Query().Get("gebied")
	if !programme.ValidAreaFilter(area) {
		return web.NotFoundf("Gebied %q bestaat niet.", area)
	}
	v.AreaForm = areaForm(area, "")
	var inArea []programme.Intervention
	for _, iv := range ivs {
		if iv.InArea(area) {
			inArea = append(inArea, iv)
		}
	}
	ups, err := s.updates(r.Context())
	if err != nil {
		return err
	}
	v.Rows = interventionRows(m, inArea, ups, v.Period)
	for _, row := range v.Rows {
		v.Results.Met += row.Results.Met
		v.Results.NotMet += row.Results.NotMet
		v.Results.NoMeasure += row.Results.NoMeasure
	}
	s.Render(w, r, http.StatusOK, "interventions", v)
	return nil
}
