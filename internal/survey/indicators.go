package survey

import (
	"fmt"
	"math"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// IndicatorValues turns results into values of the indicators the
// questions measure: the share that agrees in percent, with agree and n as
// teller and noemer, for the whole area and for each area of the
// questionnaire that had answers. Suppressed cells become suppressed values.
// Questions whose indicator is not in reg, or is retired, are listed in
// skipped.
func IndicatorValues(res *Results, reg *indicator.Register) (vals []indicator.Value, skipped []string) {
	period, err := indicator.ParsePeriod(res.Wave.Period)
	if err != nil {
		return nil, []string{fmt.Sprintf("meting %s: %v", res.Wave.Code, err)}
	}
	source := Source(res.Wave)
	for _, qr := range res.Questions {
		code := qr.Question.Indicator
		if code == "" {
			continue
		}
		ind, ok := reg.Indicator(code)
		if !ok {
			skipped = append(skipped, fmt.Sprintf("vraag %s: indicator %q staat niet in het register", qr.Question.Code, code))
			continue
		}
		if ind.Retired {
			skipped = append(skipped, fmt.Sprintf("vraag %s: %s", qr.Question.Code, indicator.RetiredRefusal(ind)))
			continue
		}
		vals = append(vals, cellValue(code, period, qr.Total, source))
		for _, c := range qr.ByArea {
			if c.Area == "" || c.Empty {
				continue
			}
			vals = append(vals, cellValue(code, period, c, source))
		}
	}
	return vals, skipped
}

// Source names a wave as the source of an indicator value.
func Source(w Wave) string {
	return fmt.Sprintf("Ervaringsonderzoek %s (meting %s, vragenlijst %s versie %d)", w.Title, w.Code, w.Questionnaire, w.Version)
}

func cellValue(code string, p indicator.Period, c Cell, source string) indicator.Value {
	v := indicator.Value{Indicator: code, Period: p, Area: c.Area, Group: indicator.TotalGroup, Source: source}
	if c.Suppressed {
		v.Suppressed = true
		v.Note = "Onderdrukt: " + c.Reason + "."
		return v
	}
	v.Value = 100 * c.Share
	num, den := float64(c.Agree), float64(c.N)
	margin := 100 * math.Max(c.High-c.Share, c.Share-c.Low)
	v.Num, v.Den, v.Margin = &num, &den, &margin
	v.Note = fmt.Sprintf("95%%-interval (Wilson) %s tot %s procent, n = %d.",
		numfmt.Format(100*c.Low, 1, numfmt.Dutch), numfmt.Format(100*c.High, 1, numfmt.Dutch), c.N)
	return v
}
