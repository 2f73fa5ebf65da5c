package programmeweb

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

type lineView struct {
	web.Page
	Card          LineCard
	Period        perspectief.Period
	PeriodError   string
	Periods       []web.Option
	Interventions []InterventionRow
}

// InterventionRow is an intervention in a list with its status in the
// chosen period and its most recent update of any period.
type InterventionRow struct {
	Intervention programme.Intervention
	LineName     string
	HasUpdate    bool // an update in the chosen period
	Status       programme.Status
	LastPeriod   perspectief.Period // period of the newest update, if any
}

func interventionRows(m *programme.Model, ivs []programme.Intervention, updates []programme.Update, p perspectief.Period) []InterventionRow {
	latest := programme.Latest(updates, p)
	newest := map[string]perspectief.Period{}
	for _, u := range updates {
		if cur, ok := newest[u.Intervention]; !ok || cur.Before(u.Period) {
			newest[u.Intervention] = u.Period
		}
	}
	names := map[string]string{}
	for _, l := range m.Lines {
		names[l.Code] = l.Name
	}
	out := make([]InterventionRow, len(ivs))
	for i, iv := range ivs {
		u, ok := latest[iv.Code]
		out[i] = InterventionRow{Intervention: iv, LineName: names[iv.Line], HasUpdate: ok, Status: u.Status, LastPeriod: newest[iv.Code]}
	}
	return out
}

func (s *Pages) linePage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	p, perr := s.selectedPeriod(r.URL.Query().Get("periode"))
	m, ru, err := s.Programme.Rollup(r.Context(), p)
	if err != nil {
		return err
	}
	var card *LineCard
	for _, lr := range ru.Lines {
		if lr.Line.Code == code {
			c := lineCard(lr)
			card = &c
		}
	}
	if card == nil {
		return web.NotFoundf("Programmalijn %q bestaat niet.", code)
	}
	ups, err := s.updates(r.Context())
	if err != nil {
		return err
	}
	ivs := m.LineInterventions(code)
	v := lineView{
		Page:          s.Page(r, rc, card.Line.Code+" "+card.Line.Name, "overzicht"),
		Card:          *card,
		Period:        ru.Period,
		PeriodError:   perr,
		Periods:       periodOptions(m, s.Programme.CurrentPeriod(), ru.Period),
		Interventions: interventionRows(m, ivs, ups, ru.Period),
	}
	s.Render(w, r, http.StatusOK, "line", v)
	return nil
}
