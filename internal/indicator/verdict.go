package indicator

import (
	"fmt"
	"github.com/perspectief/perspectief/internal/numfmt"
	"math"
	"strconv"
	"strings"
)

// Status is the outcome of a target verdict.
type Status string

const (
	Met     Status = "gehaald"
	NotMet  Status = "niet gehaald"
	Unknown Status = "onbekend"
)

// Verdict says whether the target of a year is met, and why, in a sentence
// a council member can check against the table.
type Verdict struct {
	Year        int
	Target      Target
	Status      Status
	Explanation string
}

// defaultStableMargin is the change in percent that still counts as stable
// when the register names none.
const defaultStableMargin = 5.0

// TargetLabel describes a target in words: "stijging", "10 (marge 1)".
func (ind *Indicator) TargetLabel(t Target) string {
	switch t.Goal {
	case Number:
		s := FormatNumber(*t.Value, ind.IsPercent())
		if t.Margin > 0 {
			s += " (marge " + FormatNumber(t.Margin, ind.IsPercent()) + ")"
		}
		return s
	case Stable:
		m := t.Margin
		if m == 0 {
			m = defaultStableMargin
		}
		return "stabiel (hooguit " + oneDecimal(m) + "% verschil met de vorige meting)"
	}
	return t.Goal + " ten opzichte van de vorige meting"
}

// Verdict judges the target of year against series: the yearly values of
// one area and group. Movement targets compare with the latest earlier year
// that has a value, since surveys are not held every year.
func (ind *Indicator) Verdict(year int, series []Value) Verdict {
	t, ok := ind.Target(year)
	v := Verdict{Year: year, Target: t, Status: Unknown}
	if !ok {
		v.Explanation = fmt.Sprintf("geen streefwaarde voor %d", year)
		return v
	}
	cur, prev := yearAndBefore(series, year)
	pct := ind.IsPercent()
	if cur == nil {
		v.Explanation = fmt.Sprintf("%s gevraagd: voor %d is nog geen waarde bekend", t.Goal, year)
		if t.Goal == Number {
			v.Explanation = fmt.Sprintf("streefwaarde %s: voor %d is nog geen waarde bekend", ind.TargetLabel(t), year)
		}
		return v
	}
	if t.Goal == Number {
		target := *t.Value
		diff := cur.Value - target
		within := math.Abs(diff) <= t.Margin+1e-9
		better := (ind.Direction == Up && diff > 0) || (ind.Direction == Down && diff < 0)
		head := fmt.Sprintf("streefwaarde %s: %d is %s", ind.TargetLabel(t), year, FormatNumber(cur.Value, pct))
		switch {
		case within:
			v.Status, v.Explanation = Met, head+", binnen de marge"
		case better:
			v.Status, v.Explanation = Met, head+", beter dan gevraagd"
		default:
			v.Status, v.Explanation = NotMet, head+", buiten de marge"
		}
		return v
	}
	if prev == nil {
		v.Explanation = fmt.Sprintf("%s gevraagd: er is geen eerdere meting om %d mee te vergelijken", t.Goal, year)
		return v
	}
	move, rel := movement(cur, prev, year, pct)
	var met bool
	head := t.Goal + " gevraagd"
	switch t.Goal {
	case Increase:
		met = rel > 0
	case Decrease:
		met = rel < 0
	case Stable:
		m := t.Margin
		if m == 0 {
			m = defaultStableMargin
		}
		met = math.Abs(rel) <= m+1e-9
		head = fmt.Sprintf("stabiel gevraagd (hooguit %s%% verschil)", oneDecimal(m))
	}
	v.Status = NotMet
	if met {
		v.Status = Met
	}
	v.Explanation = head + ": " + move
	return v
}

// yearAndBefore finds the unsuppressed yearly value of year in series, and
// the latest one before it.
func yearAndBefore(series []Value, year int) (cur, prev *Value) {
	for i := range series {
		s := &series[i]
		if s.Period.Kind != Year || s.Suppressed {
			continue
		}
		switch {
		case s.Period.Year == year:
			cur = s
		case s.Period.Year < year && (prev == nil || s.Period.Year > prev.Period.Year):
			prev = s
		}
	}
	return cur, prev
}

// movement says how cur (of year) moved from prev, in words and as a
// relative change in percent (an infinity from 0).
func movement(cur, prev *Value, year int, pct bool) (move string, rel float64) {
	py := prev.Period.Year
	if prev.Value == 0 {
		switch {
		case cur.Value > 0:
			return fmt.Sprintf("%d is %s, %d was 0", year, FormatNumber(cur.Value, pct), py), math.Inf(1)
		case cur.Value < 0:
			return fmt.Sprintf("%d is %s, %d was 0", year, FormatNumber(cur.Value, pct), py), math.Inf(-1)
		}
		return fmt.Sprintf("%d is gelijk aan %d", year, py), 0
	}
	rel = 100 * (cur.Value - prev.Value) / math.Abs(prev.Value)
	r := oneDecimal(math.Abs(rel))
	switch {
	case rel > 0 && r != "0":
		move = fmt.Sprintf("%d ligt %s%% boven %d", year, r, py)
	case rel < 0 && r != "0":
		move = fmt.Sprintf("%d ligt %s%% onder %d", year, r, py)
	case rel > 0:
		move = fmt.Sprintf("%d ligt iets boven %d", year, py)
	case rel < 0:
		move = fmt.Sprintf("%d ligt iets onder %d", year, py)
	default:
		move = fmt.Sprintf("%d is gelijk aan %d", year, py)
	}
	return move, rel
}

// oneDecimal writes v with one decimal, Dutch style: 4 → "4,0", 4.25 →
// "4,3". Changes and margins always show one decimal, so that a table of
// verdicts keeps one precision beside values like "17,6%".
func oneDecimal(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return strings.Replace(s, ".", ",", 1)
}

// FormatNumber writes a value the Dutch way for a page: a dot between
// thousands, a decimal comma, at most one decimal, "%" for percentages.
func FormatNumber(v float64, percent bool) string { return numfmt.Dutch1(v, percent) }

// Format writes one value of this indicator as pages and tables show it:
// "onderdrukt" for a suppressed cell, else the Dutch number.
func (ind *Indicator) Format(v Value) string {
	if v.Suppressed {
		return "onderdrukt"
	}
	return FormatNumber(v.Value, ind.IsPercent())
}
