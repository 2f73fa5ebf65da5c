package eligibility

import (
	"github.com/perspectief/perspectief/internal/indicator"
)

// The batch run's results as platform indicators: per scheme one indicator
// niet_gebruik_<code>, the share of entitled households that do not use it.

// IndicatorCode is the code of the non-take-up indicator of a scheme.
func IndicatorCode(scheme string) string { return "niet_gebruik_" + scheme }

// Indicator describes the non-take-up indicator of sc for the register.
func (sc *Scheme) Indicator() indicator.Indicator {
	name := sc.Name
	if name == "" {
		name = sc.Code
	}
	return indicator.Indicator{
		Code: IndicatorCode(sc.Code),
		Name: "Niet-gebruik " + name,
		Definition: "Aandeel van de huishoudens die volgens de regels van " + name +
			" recht hebben op de regeling en er geen gebruik van maken (regelingen bereik-berekenen: panel en gebruiksregistratie).",
		Unit:      "procent",
		Type:      "outcome",
		Kind:      indicator.KindPolicy, // the gemeente runs the schemes and their outreach
		Level:     "operationeel",
		Source:    "Trendmonitorpanel en gebruiksregistratie (regelingen bereik-berekenen)",
		Frequency: "jaarlijks",
		Direction: indicator.Down,
		Goals:     []string{"O1"},
		Owner:     "Programmalijn 1",
	}
}

// VersionNote is how a stored value names the rules that decided it.
func VersionNote(scheme, version string) string {
	return "besloten met de regels van " + scheme + ", versie " + version
}

// ReachValues turns the rows of the batch run into indicator values:
// waarde = niet_gebruik_pct, teller = niet_gebruik, noemer = rechthebbend,
// periode = the year, toelichting = the version of the rules that decided.
// A suppressed row is a suppressed value without numbers; a row without
// entitled households has no value and is left out.
func ReachValues(rows []ReachRow, source string) []indicator.Value {
	out := make([]indicator.Value, 0, len(rows))
	for _, r := range rows {
		v := indicator.Value{Indicator: IndicatorCode(r.Scheme), Period: indicator.YearPeriod(r.Year),
			Area: r.Area, Group: r.Group, Source: source, Note: VersionNote(r.Scheme, r.Version)}
		switch {
		case r.Suppressed:
			v.Suppressed = true
		case r.Entitled > 0:
			num, den := float64(r.NonUsers), float64(r.Entitled)
			v.Value = 100 * num / den
			v.Num, v.Den = &num, &den
		default:
			continue
		}
		out = append(out, v)
	}
	return out
}
