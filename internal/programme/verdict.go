package programme

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// Verdict says how a numeric intended result stands against its target.
type Verdict string

const (
	VerdictMet         Verdict = "gehaald"
	VerdictNotMet      Verdict = "niet_gehaald"
	VerdictNoMeasure   Verdict = "geen_meting"
	VerdictQualitative Verdict = "kwalitatief" // no number, so no verdict
)

// Label is the Dutch name of the verdict.
func (v Verdict) Label() string {
	switch v {
	case VerdictMet:
		return "Gehaald"
	case VerdictNotMet:
		return "Niet gehaald"
	case VerdictNoMeasure:
		return "Nog geen meting"
	case VerdictQualitative:
		return "Kwalitatief"
	}
	return string(v)
}

// ResultVerdict is the verdict on one intended result: the latest reported
// value against the number to reach, with a sentence that says so.
type ResultVerdict struct {
	Intervention string
	Result       Result
	Verdict      Verdict
	Value        string             // the latest reported value as entered, "" for none
	Period       perspectief.Period // the period of that value
	Sentence     string
}

// ParseAmount reads a reported number as people type it: "150", "1.250",
// "87,5" (Dutch decimal comma; a point before three digits groups
// thousands). It refuses anything else.
func ParseAmount(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	} else if i := strings.LastIndex(s, "."); i >= 0 && len(s)-i-1 == 3 && !strings.HasPrefix(s, "0.") {
		s = strings.ReplaceAll(s, ".", "")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// FormatAmount writes a number the Dutch way, without needless decimals.
func FormatAmount(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

// sentenceAmount writes a number for a sentence the Dutch way, with a
// thousands dot: "2.500 benutte Kindpassen", "87,5".
func sentenceAmount(f float64) string { return numfmt.Format(f, 6, numfmt.Dutch) }

// Verdicts judges every intended result of iv against the latest value
// reported for it in updates (all updates; those of other interventions are
// skipped). now is the current period: a result whose year has not ended
// yet is "niet gehaald" with a sentence that says it is not yet reached.
func Verdicts(iv Intervention, updates []Update, now perspectief.Period) []ResultVerdict {
	type seen struct {
		value  string
		period perspectief.Period
		u      Update
	}
	latest := map[string]seen{}
	for _, u := range updates {
		if u.Intervention != iv.Code {
			continue
		}
		for _, v := range u.Values {
			cur, ok := latest[v.Result]
			newer := !ok || cur.period.Before(u.Period) ||
				(cur.period == u.Period && (u.CreatedAt.After(cur.u.CreatedAt) || (u.CreatedAt.Equal(cur.u.CreatedAt) && u.ID > cur.u.ID)))
			if newer {
				latest[v.Result] = seen{v.Value, u.Period, u}
			}
		}
	}
	out := make([]ResultVerdict, 0, len(iv.Canvas.Results))
	for _, r := range iv.Canvas.Results {
		rv := ResultVerdict{Intervention: iv.Code, Result: r}
		s, has := latest[r.Code]
		if has {
			rv.Value, rv.Period = s.value, s.period
		}
		rv.Verdict, rv.Sentence = judge(r, s.value, s.period, has, now)
		out = append(out, rv)
	}
	return out
}

func judge(r Result, value string, p perspectief.Period, has bool, now perspectief.Period) (Verdict, string) {
	if !r.Numeric() {
		if has {
			return VerdictQualitative, fmt.Sprintf("Kwalitatief resultaat; laatst gemeld (%s): %s", p.Label(), value)
		}
		return VerdictQualitative, "Kwalitatief resultaat, zonder aantal; er is nog niets over gemeld."
	}
	target := fmt.Sprintf("%s %s in %d", sentenceAmount(*r.Amount), r.Unit, r.Year)
	if !has {
		return VerdictNoMeasure, fmt.Sprintf("Doel: %s. Er is nog geen waarde gemeld.", target)
	}
	got, ok := ParseAmount(value)
	if !ok {
		return VerdictNoMeasure, fmt.Sprintf("Doel: %s. De laatste melding (%s, %q) is geen getal.", target, p.Label(), value)
	}
	measured := fmt.Sprintf("%s %s gemeld in %s", sentenceAmount(got), r.Unit, p.Label())
	if got >= *r.Amount {
		return VerdictMet, fmt.Sprintf("Gehaald: %s; doel %s.", measured, target)
	}
	if now.Year <= r.Year {
		return VerdictNotMet, fmt.Sprintf("Nog niet gehaald: %s; doel %s (nog %s te gaan).", measured, target, sentenceAmount(*r.Amount-got))
	}
	return VerdictNotMet, fmt.Sprintf("Niet gehaald: %s; doel was %s.", measured, target)
}

// VerdictCount counts the verdicts on the numeric results of a set of
// interventions.
type VerdictCount struct {
	Met, NotMet, NoMeasure int
}

// Total is the number of numeric results counted.
func (c VerdictCount) Total() int { return c.Met + c.NotMet + c.NoMeasure }

// Add counts the numeric verdicts of vs.
func (c *VerdictCount) Add(vs []ResultVerdict) {
	for _, v := range vs {
		switch v.Verdict {
		case VerdictMet:
			c.Met++
		case VerdictNotMet:
			c.NotMet++
		case VerdictNoMeasure:
			c.NoMeasure++
		}
	}
}

// checkReportedValue says what is wrong with a value reported for r, or "".
func checkReportedValue(r Result, value string) string {
	if !r.Numeric() || value == "" {
		return ""
	}
	if f, ok := ParseAmount(value); !ok || f < 0 {
		return fmt.Sprintf("%q is geen aantal; vul een getal in %s in, zoals 120", value, r.Unit)
	}
	return ""
}
