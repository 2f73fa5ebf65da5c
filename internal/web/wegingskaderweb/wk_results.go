package wegingskaderweb

import (
	"net/http"
	"slices"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/programme"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

type wkResultsView struct {
	web.Page
	RoundHead
	Outcome  *wk.Outcome
	Members  []wk.Member
	Ranking  []wkRankRow
	Requests []wkRequestResult
	Both     bool // the counted scores include ervaringsdeskundigen and others
	ToSheet  bool // the user still has to hand in: point to their scores
}

type wkRankRow struct {
	Rank int
	wk.RequestResult
}

type wkRequestResult struct {
	wk.RequestResult
	Rows []wkCriterionRow
}

type wkCriterionRow struct {
	wk.CriterionResult
	Cells []wkCell // one per counted member, in panel order
}

type wkCell struct {
	Member wk.Member
	Value  int
	Set    bool
	Motive string
}

// wkResults builds the side-by-side view of an outcome.
func wkResults(o *wk.Outcome) ([]wkRankRow, []wkRequestResult) {
	var ranking []wkRankRow
	var out []wkRequestResult
	for _, rr := range o.Results.Requests {
		ranking = append(ranking, wkRankRow{RequestResult: rr})
		v := wkRequestResult{RequestResult: rr}
		for _, cr := range rr.Criteria {
			row := wkCriterionRow{CriterionResult: cr}
			for _, m := range o.Results.Members {
				c := wkCell{Member: m}
				for _, ms := range cr.Scores {
					if strings.EqualFold(ms.Member.Email, m.Email) {
						c.Value, c.Set, c.Motive = ms.Value, true, ms.Motivation
					}
				}
				row.Cells = append(row.Cells, c)
			}
			v.Rows = append(v.Rows, row)
		}
		out = append(out, v)
	}
	slices.SortStableFunc(ranking, func(a, b wkRankRow) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	for i := range ranking {
		ranking[i].Rank = i + 1
	}
	return ranking, out
}

func (s *Pages) wkResults(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	o, err := s.Wegingskader.Outcome(r.Context(), *rc.User, id)
	if err != nil {
		return err
	}
	v := wkResultsView{Page: s.Page(r, rc, "Scores naast elkaar: "+o.Round.Name, "wegingskader"), RoundHead: wkHead(*rc.User, o.Round, "uitslag"),
		Outcome: o, Members: o.Results.Members, Both: o.Results.HasExperts() && o.Results.HasOthers(), ToSheet: wk.CanScore(*rc.User, o.Round)}
	v.Ranking, v.Requests = wkResults(o)
	s.Render(w, r, http.StatusOK, "wk_results", v)
	return nil
}

type wkCoherenceView struct {
	web.Page
	RoundHead
	Goals    []programme.Goal
	Groups   []wkCoherenceGroup
	Overlaps []wkOverlapView
	Visible  bool
	Reason   string
	Cols     int // columns of the matrix, for the group rows
}

type wkCoherenceGroup struct {
	Group wk.TargetGroup
	Rows  []wkCoherenceRow
}

type wkCoherenceRow struct {
	Request  wk.Request
	Has      []bool // per tactical goal
	Score    float64
	Overlaps []wk.Request // the requests it overlaps with
}

type wkOverlapView struct {
	wk.Overlap
	Goals []programme.Goal
}

func (s *Pages) wkCoherence(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := s.Wegingskader.Outcome(ctx, *rc.User, id)
	if err != nil {
		return err
	}
	goals, err := s.Wegingskader.TacticalGoals(ctx)
	if err != nil {
		return err
	}
	v := wkCoherenceView{Page: s.Page(r, rc, "In samenhang: "+o.Round.Name, "wegingskader"), RoundHead: wkHead(*rc.User, o.Round, "samenhang"),
		Goals: goals, Visible: o.Visible, Reason: o.Reason, Cols: len(goals) + 3}
	if o.Visible {
		v.Cols++
	}
	for _, ov := range o.Overlaps {
		v.Overlaps = append(v.Overlaps, wkOverlapView{Overlap: ov, Goals: wkGoalRefs(goals, ov.Goals)})
	}
	for _, g := range wk.TargetGroups {
		grp := wkCoherenceGroup{Group: g}
		for _, rq := range o.Requests {
			if rq.TargetGroup != g {
				continue
			}
			row := wkCoherenceRow{Request: rq}
			for _, gl := range goals {
				row.Has = append(row.Has, slices.Contains(rq.Goals, gl.Code))
			}
			if rr, ok := o.Results.Request(rq.ID); ok {
				row.Score = rr.Score
			}
			for _, ov := range o.Overlaps {
				switch {
				case ov.A.ID == rq.ID:
					row.Overlaps = append(row.Overlaps, ov.B)
				case ov.B.ID == rq.ID:
					row.Overlaps = append(row.Overlaps, ov.A)
				}
			}
			grp.Rows = append(grp.Rows, row)
		}
		if len(grp.Rows) > 0 {
			v.Groups = append(v.Groups, grp)
		}
	}
	s.Render(w, r, http.StatusOK, "wk_coherence", v)
	return nil
}
