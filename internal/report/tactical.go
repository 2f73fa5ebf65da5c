package report

import (
	"context"
	"slices"
	"strings"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/survey"
)

// TacticalIndicator is an indicator of a tactical goal (the experience
// surveys of 'Toekomst met perspectief') with every wave up to the
// report's year: the share, its 95% interval and the number of answers.
type TacticalIndicator struct {
	Code  string         `json:"code"`
	Name  string         `json:"naam"`
	Goals []string       `json:"doelen"` // "T6 Inwoners voelen zich ...", as the doelenboom names them
	Waves []TacticalWave `json:"metingen,omitempty"`
}

// TacticalWave is one measurement of a tactical indicator.
type TacticalWave struct {
	Period   string `json:"periode"`
	Value    string `json:"waarde"`     // "45,0%" or "onderdrukt"
	Interval string `json:"interval"`   // "38,2% tot 51,9%", "–" when unknown
	N        string `json:"antwoorden"` // number of answers, "–" when unknown
	Source   string `json:"bron,omitempty"`
}

// buildTactical lists the register's tactical indicators with their waves
// for the gemeente, up to year. An indicator without a wave is listed too,
// so the report says what is not measured yet.
func buildTactical(ctx context.Context, m *programme.Model, src IndicatorSource, reg *indicator.Register, year int) ([]TacticalIndicator, error) {
	titles := map[string]string{}
	for _, g := range m.Goals {
		titles[g.Code] = g.Code + " " + strings.TrimRight(g.Title, ". ")
	}
	var out []TacticalIndicator
	for i := range reg.Indicators {
		ind := &reg.Indicators[i]
		if ind.Level != "tactisch" {
			continue
		}
		ti := TacticalIndicator{Code: ind.Code, Name: ind.Name}
		for _, g := range ind.Goals {
			if t, ok := titles[g]; ok {
				ti.Goals = append(ti.Goals, t)
			} else {
				ti.Goals = append(ti.Goals, g)
			}
		}
		vals, err := src.Values(ctx, indicator.ValueFilter{Indicator: ind.Code, Group: indicator.TotalGroup, Gemeente: true})
		if err != nil {
			return nil, err
		}
		vals = slices.DeleteFunc(vals, func(v indicator.Value) bool { return v.Period.Year > year })
		slices.SortStableFunc(vals, func(a, b indicator.Value) int { return a.Period.Compare(b.Period) })
		for _, v := range vals {
			ti.Waves = append(ti.Waves, tacticalWave(v, ind.IsPercent()))
		}
		out = append(out, ti)
	}
	return out, nil
}

func tacticalWave(v indicator.Value, percent bool) TacticalWave {
	w := TacticalWave{Period: v.Period.Label(), Value: "onderdrukt", Interval: "–", N: "–", Source: v.Source}
	if v.Suppressed {
		return w
	}
	w.Value = numfmt.Fixed1(v.Value, percent)
	switch {
	case v.Num != nil && v.Den != nil && *v.Den > 0:
		lo, hi := survey.Wilson(int(*v.Num), int(*v.Den), survey.Z95)
		w.Interval = numfmt.Fixed1(100*lo, true) + " tot " + numfmt.Fixed1(100*hi, true)
		w.N = numfmt.Format(*v.Den, 0, numfmt.Dutch)
	case v.Margin != nil:
		w.Interval = numfmt.Fixed1(v.Value-*v.Margin, percent) + " tot " + numfmt.Fixed1(v.Value+*v.Margin, percent)
	}
	return w
}
