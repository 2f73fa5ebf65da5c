package programmeweb

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
)

type overviewView struct {
	web.Page
	ProgrammeName string
	Period        perspectief.Period
	PeriodError   string
	Periods       []web.Option
	AreaForm      AreaForm
	Total         LineCard
	Lines         []LineCard
	UnservedGoals []programme.Goal
	// Milestones are the late and soon-due milestones, when the
	// procesmonitor is available.
	Milestones *MilestoneAttention
}

// MilestoneAttention lists milestones that are late or due within Days.
type MilestoneAttention struct {
	Days int
	Late []web.MilestoneRow
	Soon []web.MilestoneRow
}

// LineCard is the roll-up of one programme line as the overview shows it.
type LineCard struct {
	Line          programme.Line
	Interventions int
	Counts        []StatusCount
	Concerns      []programme.Concern
	NoResults     []programme.Intervention
	NoUpdate      []programme.Intervention
	Results       programme.VerdictCount
	Empty         bool
}

func lineCard(lr programme.LineRollup) LineCard {
	return LineCard{
		Line:          lr.Line,
		Interventions: lr.Interventions,
		Counts:        statusCounts(lr),
		Concerns:      lr.Concerns,
		NoResults:     lr.NoResults,
		NoUpdate:      lr.NoUpdate,
		Results:       lr.Results,
		Empty:         lr.Interventions == 0,
	}
}

func (s *Pages) overview(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	p, perr := s.selectedPeriod(r.URL.Query().Get("periode"))
	area := r.URL.Query().Get("gebied")
	m, ru, err := s.Programme.RollupIn(r.Context(), p, area)
	if err != nil {
		return err
	}
	v := overviewView{
		AreaForm:      areaForm(area, ru.Period.String()),
		Page:          s.Page(r, rc, "Overzicht", "overzicht"),
		ProgrammeName: m.Name,
		Period:        ru.Period,
		PeriodError:   perr,
		Periods:       periodOptions(m, s.Programme.CurrentPeriod(), ru.Period),
		Total:         lineCard(ru.Total),
		UnservedGoals: ru.UnservedGoals,
	}
	for _, lr := range ru.Lines {
		v.Lines = append(v.Lines, lineCard(lr))
	}
	a, err := s.Procesmonitor.Attention(r.Context(), procesmonitor.DefaultSoonDays)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, iv := range m.Interventions {
		titles[iv.Code] = iv.Title
	}
	v.Milestones = &MilestoneAttention{Days: a.Days}
	for _, x := range a.Late {
		v.Milestones.Late = append(v.Milestones.Late, web.NewMilestoneRow(x, titles[x.Intervention], a.Today))
	}
	for _, x := range a.Soon {
		v.Milestones.Soon = append(v.Milestones.Soon, web.NewMilestoneRow(x, titles[x.Intervention], a.Today))
	}
	s.Render(w, r, http.StatusOK, "overview", v)
	return nil
}

// Routes adds the pages of this feature to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.Auth(s.overview))
	mux.Handle("GET /mijn-interventies", s.Auth(s.minePage))
	mux.Handle("GET /escalaties", s.Auth(s.escalations))
	mux.Handle("GET /herinneringen", s.Auth(s.reminders))
	mux.Handle("GET /lijnen/{code}", s.Auth(s.linePage))
	mux.Handle("GET /doelenboom", s.Auth(s.goalTree))
	mux.Handle("GET /doelen/nieuw", s.Auth(s.goalEditForm))
	mux.Handle("POST /doelen/nieuw", s.Auth(s.goalEditSave))
	mux.Handle("GET /doelen/{code}", s.Auth(s.goalPage))
	mux.Handle("GET /doelen/{code}/bewerken", s.Auth(s.goalEditForm))
	mux.Handle("POST /doelen/{code}/bewerken", s.Auth(s.goalEditSave))
	mux.Handle("GET /begroting/bewerken", s.Auth(s.budgetRows))
	mux.Handle("GET /begroting/{soort}/nieuw", s.Auth(s.budgetRowForm))
	mux.Handle("POST /begroting/{soort}/nieuw", s.Auth(s.budgetRowSave))
	mux.Handle("GET /begroting/{soort}/{n}", s.Auth(s.budgetRowForm))
	mux.Handle("POST /begroting/{soort}/{n}", s.Auth(s.budgetRowSave))
	mux.Handle("POST /doelen/{code}/opmerkingen", s.Auth(s.commentOn("doel", "/doelen/", s.showGoal)))
	mux.Handle("GET /interventies", s.Auth(s.interventionList))
	mux.Handle("GET /interventies/nieuw", s.Auth(s.editForm))
	mux.Handle("POST /interventies/nieuw", s.Auth(s.editSave))
	mux.Handle("GET /interventies/{code}", s.Auth(s.interventionPage))
	mux.Handle("GET /interventies/{code}/bewerken", s.Auth(s.editForm))
	mux.Handle("POST /interventies/{code}/bewerken", s.Auth(s.editSave))
	mux.Handle("POST /interventies/{code}/beeindigen", s.Auth(s.stopSave))
	mux.Handle("POST /interventies/{code}/opmerkingen", s.Auth(s.commentOn("interventie", "/interventies/", s.showIntervention)))
	mux.Handle("GET /interventies/{code}/canvas", s.Auth(s.canvasForm))
	mux.Handle("POST /interventies/{code}/canvas", s.Auth(s.canvasSave))
	mux.Handle("GET /interventies/{code}/projectleiders", s.Auth(s.leadersForm))
	mux.Handle("POST /interventies/{code}/projectleiders", s.Auth(s.leadersSave))
	mux.Handle("GET /interventies/{code}/voortgang", s.Auth(s.progressForm))
	mux.Handle("POST /interventies/{code}/voortgang", s.Auth(s.progressSave))
	mux.Handle("GET /begroting", s.Auth(s.budget))
	mux.Handle("GET /programma/versies/{n}/terugzetten", s.Auth(s.restoreForm))
	mux.Handle("POST /programma/versies/{n}/terugzetten", s.Auth(s.restore))
	mux.Handle("GET /programma/export", s.Auth(s.export))
	mux.Handle("GET /programma/import", s.Auth(s.importForm))
	mux.Handle("POST /programma/import", s.AuthUpload(s.importUpload))
}
