package web

import (
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

type overviewView struct {
	Page
	ProgrammeName string
	Period        perspectief.Period
	PeriodError   string
	Periods       []PeriodOption
	Total         LineCard
	Lines         []LineCard
	UnservedGoals []programme.Goal
}

// LineCard is the roll-up of one programme line as the overview shows it.
type LineCard struct {
	Line          programme.Line
	Interventions int
	Counts        []StatusCount
	Concerns      []programme.Concern
	NoResults     []programme.Intervention
	NoUpdate      []programme.Intervention
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
		Empty:         lr.Interventions == 0,
	}
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	p, perr := s.selectedPeriod(r.URL.Query().Get("periode"))
	m, ru, err := s.Programme.Rollup(r.Context(), p)
	if err != nil {
		return err
	}
	v := overviewView{
		Page:          s.page(r, rc, "Overzicht", "overzicht"),
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
	s.render(w, r, http.StatusOK, "overview", v)
	return nil
}
