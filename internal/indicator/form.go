package indicator

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
)

// IndicatorInput is an indicator as typed into the register's form: every
// field as text, the targets one row each. Indicator reads it.
type IndicatorInput struct {
	Code, Name, Definition, Unit, Type, Kind, Level, Source, Frequency, Direction, Owner, Note string
	Goals                                                                                      []string
	BaselineYear, BaselineValue                                                                string
	Targets                                                                                    []TargetInput
	Retired                                                                                    bool
}

// TargetInput is one row of targets in the form; a row without a goal
// and without any other text is no target.
type TargetInput struct {
	Year, Goal, Value, Margin, Reason string
}

// Blank reports whether the row was left empty.
func (t TargetInput) Blank() bool {
	return strings.TrimSpace(t.Goal+t.Value+t.Margin+t.Reason) == ""
}

// Input is ind as the form shows it.
func (ind *Indicator) Input() IndicatorInput {
	in := IndicatorInput{Code: ind.Code, Name: ind.Name, Definition: ind.Definition, Unit: ind.Unit, Type: ind.Type, Kind: ind.Kind,
		Level: ind.Level, Source: ind.Source, Frequency: ind.Frequency, Direction: ind.Direction, Owner: ind.Owner, Note: ind.Note,
		Goals: ind.Goals, Retired: ind.Retired}
	if b := ind.Baseline; b != nil {
		in.BaselineYear, in.BaselineValue = strconv.Itoa(b.Year), formText(b.Value)
	}
	for _, t := range ind.Targets {
		ti := TargetInput{Year: strconv.Itoa(t.Year), Goal: t.Goal, Reason: t.Reason}
		if t.Value != nil {
			ti.Value = formText(*t.Value)
		}
		if t.Margin != 0 {
			ti.Margin = formText(t.Margin)
		}
		in.Targets = append(in.Targets, ti)
	}
	return in
}

// formText writes a number for a form field: a decimal comma, no
// thousands separator, so that it reads back unchanged.
func formText(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// Indicator reads the input. Problems name their field as the register
// file does (nulmeting.waarde, streefwaarden[2].jaar), with the index of
// the form's row. rows maps the index of each target of the result to its
// row, so that later problems can be placed too.
func (in IndicatorInput) Indicator() (ind Indicator, rows []int, problems []perspectief.FieldError) {
	ind = Indicator{Code: in.Code, Name: in.Name, Definition: in.Definition, Unit: in.Unit, Type: in.Type, Kind: in.Kind,
		Level: in.Level, Source: in.Source, Frequency: in.Frequency, Direction: in.Direction, Owner: in.Owner, Note: in.Note,
		Goals: in.Goals, Retired: in.Retired}
	add := func(path, format string, a ...any) {
		problems = append(problems, perspectief.FieldError{Path: path, Message: fmt.Sprintf(format, a...)})
	}
	by, bv := strings.TrimSpace(in.BaselineYear), strings.TrimSpace(in.BaselineValue)
	switch {
	case by == "" && bv == "":
	case by == "":
		add("nulmeting.jaar", "vul het jaar van de nulmeting in")
	case bv == "":
		add("nulmeting.waarde", "vul de waarde van de nulmeting in")
	default:
		y, yerr := strconv.Atoi(by)
		v, verr := parseNumber(bv)
		if yerr != nil {
			add("nulmeting.jaar", "%q is geen jaar", by)
		}
		if verr != nil {
			add("nulmeting.waarde", "%v", verr)
		}
		if yerr == nil && verr == nil {
			ind.Baseline = &Baseline{Year: y, Value: v}
		}
	}
	for i, t := range in.Targets {
		if t.Blank() {
			continue
		}
		at := fmt.Sprintf("streefwaarden[%d]", i)
		tg := Target{Goal: strings.TrimSpace(t.Goal), Reason: strings.TrimSpace(t.Reason)}
		ok := true
		y, err := strconv.Atoi(strings.TrimSpace(t.Year))
		if strings.TrimSpace(t.Year) == "" {
			add(at+".jaar", "vul het jaar in")
			ok = false
		} else if err != nil {
			add(at+".jaar", "%q is geen jaar", t.Year)
			ok = false
		}
		tg.Year = y
		if tg.Goal == "" {
			add(at+".doel", "kies een doel voor %s, of maak de rij leeg", strings.TrimSpace(t.Year))
			ok = false
		}
		if v := strings.TrimSpace(t.Value); v != "" {
			n, err := parseNumber(v)
			if err != nil {
				add(at+".waarde", "%v", err)
				ok = false
			}
			tg.Value = &n
		}
		if m := strings.TrimSpace(t.Margin); m != "" {
			n, err := parseNumber(m)
			if err != nil {
				add(at+".marge", "%v", err)
				ok = false
			}
			tg.Margin = n
		}
		if ok {
			ind.Targets = append(ind.Targets, tg)
			rows = append(rows, i)
		}
	}
	return ind, rows, problems
}

// TargetRow rewrites a problem's path that names the j-th target of an
// indicator read by IndicatorInput.Indicator into one that names its row
// of the form.
func TargetRow(path string, rows []int) string {
	rest, ok := strings.CutPrefix(path, "streefwaarden[")
	if !ok {
		return path
	}
	num, field, ok := strings.Cut(rest, "]")
	j, err := strconv.Atoi(num)
	if !ok || err != nil || j < 0 || j >= len(rows) {
		return path
	}
	return fmt.Sprintf("streefwaarden[%d]%s", rows[j], field)
}
