package programmeweb

import (
	"net/http"
	"slices"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
)

type goalView struct {
	web.Page
	Goal          programme.Goal
	LevelLabel    string
	Parents       []programme.Goal
	Children      []programme.Goal
	Interventions []programme.Intervention
	Indicators    []GoalIndicator
	Comments      CommentsBlock
}

// GoalIndicator is an indicator shown next to a goal it measures, with its
// latest gemeente-level value.
type GoalIndicator struct {
	Code, Name string
	Latest     string // "7% (2018)" or "nog geen waarde"
}

// goalIndicators maps each goal code to the indicators the register ties
// to it, in register order. Without an indicator store it is empty. All
// gemeente-level totals are read at once, so a page with many goals costs
// one query.
func (s *Pages) goalIndicators(r *http.Request) (map[string][]GoalIndicator, error) {
	out := map[string][]GoalIndicator{}
	reg, err := s.Indicators.Register(r.Context())
	if err != nil {
		return nil, err
	}
	tied := false
	for _, ind := range reg.Indicators {
		tied = tied || len(ind.Goals) > 0
	}
	if !tied {
		return out, nil
	}
	vals, err := s.Indicators.Values(r.Context(), indicator.ValueFilter{Group: indicator.TotalGroup, Gemeente: true})
	if err != nil {
		return nil, err
	}
	byInd := map[string][]indicator.Value{}
	for _, v := range vals {
		byInd[v.Indicator] = append(byInd[v.Indicator], v)
	}
	for i := range reg.Indicators {
		ind := &reg.Indicators[i]
		if len(ind.Goals) == 0 {
			continue
		}
		gi := GoalIndicator{Code: ind.Code, Name: ind.Name, Latest: "nog geen waarde"}
		if _, series := reg.MainSeries(byInd[ind.Code], indicator.TotalGroup); len(series) > 0 {
			last := series[len(series)-1]
			gi.Latest = ind.Format(last) + " (" + last.Period.Label() + ")"
		}
		for _, g := range ind.Goals {
			out[g] = append(out[g], gi)
		}
	}
	return out, nil
}

func (s *Pages) goalPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.showGoal(w, r, rc, r.PathValue("code"), CommentForm{}, http.StatusOK)
}

func (s *Pages) showGoal(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, code string, form CommentForm, status int) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	g, ok := findGoal(m, code)
	if !ok {
		// A goal taken out of the doelenboom keeps an archive page, so
		// that links from earlier versions and the learning log answer.
		a, err := s.Programme.ArchivedGoal(r.Context(), code)
		if err != nil {
			return err
		}
		s.Render(w, r, http.StatusOK, "goalarchive", goalArchiveView{Page: s.Page(r, rc, a.Goal.Code+" "+a.Goal.Title+" (archief)", "doelenboom"), Archive: a})
		return nil
	}
	v := goalView{
		Page:       s.Page(r, rc, g.Code+" "+g.Title, "doelenboom"),
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
	inds, err := s.goalIndicators(r)
	if err != nil {
		return err
	}
	v.Indicators = inds[code]
	v.Comments, err = s.commentsBlock(r, rc, "doel", code, "/doelen/"+code+"/opmerkingen", form)
	if err != nil {
		return err
	}
	s.Render(w, r, status, "goal", v)
	return nil
}

type goalArchiveView struct {
	web.Page
	Archive *programme.GoalArchive
}
