package report

import (
	"context"
	"fmt"
	"slices"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
	"github.com/perspectief/perspectief/internal/programme"
)

// buildGoals lists the operational goals in the order of the doelenboom,
// each with the interventions that serve it and the indicators the register
// ties to it, judged against the target of the year.
func buildGoals(ctx context.Context, m *programme.Model, src IndicatorSource, reg *indicator.Register, year int) (GoalChapter, error) {
	var c GoalChapter
	var goals []programme.Goal
	for _, g := range m.Goals {
		if g.Level == programme.LevelOperational {
			goals = append(goals, g)
		}
	}
	if len(goals) == 0 {
		c.Missing = "Nog geen gegevens: er zijn geen operationele doelen vastgelegd."
		return c, nil
	}
	if src == nil {
		c.Missing = notWired("het indicatorenregister")
		return c, nil
	}
	vals, err := src.Values(ctx, indicator.ValueFilter{Group: indicator.TotalGroup, Gemeente: true})
	if err != nil {
		return c, err
	}
	byInd := map[string][]indicator.Value{}
	for _, v := range vals {
		if v.Period.Year <= year {
			byInd[v.Indicator] = append(byInd[v.Indicator], v)
		}
	}
	for _, g := range goals {
		gr := GoalReport{Code: g.Code, Title: g.Title}
		for _, iv := range m.Interventions {
			if slices.Contains(iv.OperationalGoals, g.Code) {
				gr.Interventions = append(gr.Interventions, iv.Code)
			}
		}
		for i := range reg.Indicators {
			ind := &reg.Indicators[i]
			if slices.Contains(ind.Goals, g.Code) {
				gr.Indicators = append(gr.Indicators, goalIndicator(reg, ind, byInd[ind.Code], year))
			}
		}
		c.Goals = append(c.Goals, gr)
	}
	var err2 error
	c.Tactical, err2 = buildTactical(ctx, m, src, reg, year)
	return c, err2
}

func goalIndicator(reg *indicator.Register, ind *indicator.Indicator, vals []indicator.Value, year int) GoalIndicator {
	gi := GoalIndicator{Code: ind.Code, Name: ind.Name, Unit: ind.Unit, Latest: "nog geen waarde"}
	_, series := reg.MainSeries(vals, indicator.TotalGroup)
	// The latest value that may be shown: a suppressed one has no number.
	for i := len(series) - 1; i >= 0; i-- {
		if last := series[i]; !last.Suppressed {
			v := last.Value
			gi.Value, gi.Period = &v, last.Period.String()
			gi.Latest = numfmt.Fixed1(v, ind.IsPercent()) + " (" + last.Period.Label() + ")"
			break
		}
	}
	vd := ind.Verdict(year, series)
	gi.Verdict, gi.Explanation = string(vd.Status), vd.Explanation
	if t, ok := ind.Target(year); ok {
		gi.Target, gi.Reason, gi.Baseline = targetLabel(ind, t), t.Reason, ind.BaselineLabel()
	} else {
		gi.Explanation = fmt.Sprintf("Voor %d is geen streefwaarde vastgelegd.", year)
	}
	return gi
}

// targetLabel is the indicator's target as the goals table shows it: a
// number target with the precision of the values beside it ("17,0%", not
// "17%" next to "17,6%").
func targetLabel(ind *indicator.Indicator, t indicator.Target) string {
	if t.Goal != indicator.Number || t.Value == nil {
		return ind.TargetLabel(t)
	}
	s := numfmt.Fixed1(*t.Value, ind.IsPercent())
	if t.Margin > 0 {
		s += " (marge " + numfmt.Fixed1(t.Margin, ind.IsPercent()) + ")"
	}
	return s
}
