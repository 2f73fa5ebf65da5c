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
	AreaForm      AreaForm
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
	Results      programme.VerdictCount
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
		out[i].Results.Add(programme.Verdicts(iv, updates, p))
	}
	return out
}

func (s *Pages) linePage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	p, perr := s.selectedPeriod(r.URL.Query().Get("periode"))
	area := r.URL.Query().Get("gebied")
	m, ru, err := s.Programme.RollupIn(r.Context(), p, area)
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
	ivs := m.FilterArea(area).LineInterventions(code)
	v := lineView{
		Page:          s.Page(r, rc, card.Line.Code+" "+card.Line.Name, "overzicht"),
		Card:          *card,
		Period:        ru.Period,
		PeriodError:   perr,
		Periods:       periodOptions(m, s.Programme.CurrentPeriod(), ru.Period),
		AreaForm:      areaForm(area, ru.Period.String()),
		Interventions: interventionRows(m, ivs, ups, ru.Period),
	}
	s.Render(w, r, http.StatusOK, "line", v)
	return nil
}

// AreaForm is the filter by area of a list or roll-up.
type AreaForm struct {
	Options []web.Option
	Period  string // kept when the filter changes, "" for none
	Label   string // the chosen area in words, "" for all
}

// areaForm offers every area: all, gemeente-wide, Groningen Noord, and the
// wijken by name.
func areaForm(selected, period string) AreaForm {
	f := AreaForm{Period: period}
	if selected != "" {
		f.Label = programme.AreaFilterLabel(selected)
	}
	add := func(value, label string) {
		f.Options = append(f.Options, web.Option{Value: value, Label: label, Selected: value == selected})
	}
	add("", "Alle gebieden")
	add(string(programme.AreaMunicipality), "Gemeentebreed")
	add(string(programme.AreaNoord), "Groningen Noord")
	for _, w := range programme.Wijken {
		add(w.Code, "Wijk "+w.Name)
	}
	return f
}
