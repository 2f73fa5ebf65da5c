package indicatorweb

import (
	"context"

	"github.com/perspectief/perspectief/internal/indicator"
)

// WellbeingRow is one wellbeing indicator beside the trendmonitor's income
// figures: its latest value for the gemeente, or none yet.
type WellbeingRow struct {
	Code, Name, Source string
	Value              string // "62,5%", "onderdrukt", or "" when none is stored
	Period, Note       string
	Groups             []WellbeingGroup // other groups of the same period (an income group, say)
}

// WellbeingGroup is the value of one group other than the total.
type WellbeingGroup struct{ Label, Value string }

// wellbeingRows reads the five wellbeing indicators of the register for the
// gemeente; none stored is true when not one of them has a value yet.
func (s *Pages) wellbeingRows(ctx context.Context, gemeente string) (rows []WellbeingRow, noneStored bool, err error) {
	figs, err := s.Indicators.Wellbeing(ctx, gemeente)
	if err != nil {
		return nil, false, err
	}
	noneStored = true
	for _, f := range figs {
		row := WellbeingRow{Code: f.Indicator.Code, Name: f.Indicator.Name, Source: f.Indicator.Source}
		for i, v := range f.Latest {
			val := wellbeingValue(v)
			if i == 0 {
				row.Value, row.Period, row.Note = val, v.Period.Label(), v.Note
				if v.Source != "" {
					row.Source = v.Source
				}
				noneStored = false
				continue
			}
			row.Groups = append(row.Groups, WellbeingGroup{Label: indicator.GroupLabel(v.Group), Value: val})
		}
		rows = append(rows, row)
	}
	return rows, noneStored, nil
}

func wellbeingValue(v indicator.Value) string {
	if v.Suppressed {
		return "onderdrukt"
	}
	return formatPercent(v.Value)
}
