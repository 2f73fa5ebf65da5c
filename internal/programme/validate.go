package programme

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief"
)

// FieldError names one problem in a model by the path of the field, in the
// notation of the import file (interventies[3].lijn), so that a file reader
// can turn the path into a line number.
type FieldError = perspectief.FieldError

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// Validate checks the whole model and returns every problem it finds, in file
// order. A model with problems must not be stored at all.
func (m *Model) Validate() []FieldError {
	var errs fieldErrors
	m.validateHeader(&errs)
	goals := validateGoals(m.Goals, &errs)
	validateParents(m.Goals, goals, &errs)
	lines := validateLines(m.Lines, &errs)
	validateInterventions(m.Interventions, lines, goals, &errs)

	codes := map[string]string{}
	for l := range lines {
		codes[l] = "programmalijn " + l
	}
	errs = append(errs, validateBudget("begroting.beschikbaar", m.Budget.Available, lines, codes)...)
	errs = append(errs, validateBudget("begroting.inzet", m.Budget.Allocated, lines, codes)...)
	return errs
}

// fieldErrors collects the problems of a model in the order found.
type fieldErrors []FieldError

func (e *fieldErrors) add(path, format string, args ...any) {
	*e = append(*e, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

// validateHeader checks the name and the years of the programme.
func (m *Model) validateHeader(errs *fieldErrors) {
	if strings.TrimSpace(m.Name) == "" {
		errs.add("naam", "de naam van het programma ontbreekt")
	}
	if m.StartYear < 1990 || m.StartYear > 2100 {
		errs.add("startjaar", "startjaar %d ligt niet tussen 1990 en 2100", m.StartYear)
	}
	if m.EndYear < m.StartYear || m.EndYear > 2100 {
		errs.add("eindjaar", "eindjaar %d ligt voor het startjaar of na 2100", m.EndYear)
	}
}

// validateGoals checks each goal on its own and returns the goals by code.
func validateGoals(gs []Goal, errs *fieldErrors) map[string]Goal {
	goals := map[string]Goal{}
	for i, g := range gs {
		p := fmt.Sprintf("doelen[%d]", i)
		switch {
		case !codePattern.MatchString(g.Code):
			errs.add(p+".code", "code %q is ongeldig: gebruik letters, cijfers, punt, streep of liggend streepje (hoogstens 40 tekens)", g.Code)
		case goals[g.Code].Code != "":
			errs.add(p+".code", "code %q komt al eerder voor", g.Code)
		default:
			goals[g.Code] = g
		}
		if g.Level.depth() < 0 {
			errs.add(p+".niveau", "niveau %q is onbekend: kies ambitie, strategisch, tactisch of operationeel", g.Level)
		}
		if strings.TrimSpace(g.Title) == "" {
			errs.add(p+".titel", "de titel ontbreekt")
		}
	}
	return goals
}

// validateParents checks the parents of every goal. It runs after all goals
// are known, so that order in the file does not matter.
func validateParents(gs []Goal, goals map[string]Goal, errs *fieldErrors) {
	for i, g := range gs {
		seen := map[string]bool{}
		for j, pc := range g.Parents {
			p := fmt.Sprintf("doelen[%d].onder[%d]", i, j)
			parent, ok := goals[pc]
			switch {
			case !ok:
				errs.add(p, "doel %q bestaat niet", pc)
			case seen[pc]:
				errs.add(p, "doel %q staat er twee keer", pc)
			case g.Level.depth() >= 0 && parent.Level.depth() != g.Level.depth()-1:
				errs.add(p, "een %s kan niet onder %s %q hangen: alleen onder een doel één niveau hoger", strings.ToLower(g.Level.Label()), strings.ToLower(parent.Level.Label()), pc)
			}
			seen[pc] = true
		}
	}
}

// validateLines checks the programme lines and returns their codes.
func validateLines(ls []Line, errs *fieldErrors) map[string]bool {
	lines := map[string]bool{}
	for i, l := range ls {
		p := fmt.Sprintf("lijnen[%d]", i)
		switch {
		case !codePattern.MatchString(l.Code):
			errs.add(p+".code", "code %q is ongeldig", l.Code)
		case lines[l.Code]:
			errs.add(p+".code", "code %q komt al eerder voor", l.Code)
		}
		lines[l.Code] = true
		if strings.TrimSpace(l.Name) == "" {
			errs.add(p+".naam", "de naam ontbreekt")
		}
	}
	return lines
}

// validateInterventions checks each intervention, its links to a line and
// to operational goals, and its canvas.
func validateInterventions(ivs []Intervention, lines map[string]bool, goals map[string]Goal, errs *fieldErrors) {
	codes := map[string]bool{}
	for i, iv := range ivs {
		p := fmt.Sprintf("interventies[%d]", i)
		switch {
		case !codePattern.MatchString(iv.Code):
			errs.add(p+".code", "code %q is ongeldig", iv.Code)
		case codes[iv.Code]:
			errs.add(p+".code", "code %q komt al eerder voor", iv.Code)
		}
		codes[iv.Code] = true
		if !lines[iv.Line] {
			errs.add(p+".lijn", "programmalijn %q bestaat niet", iv.Line)
		}
		if strings.TrimSpace(iv.Title) == "" {
			errs.add(p+".titel", "de titel ontbreekt")
		}
		validateLeaders(p, iv.Leaders, errs)
		if n := len([]rune(iv.Owner)); n > 200 {
			errs.add(p+".eigenaar", "de eigenaar is %s tekens lang; het mogen er hoogstens 200 zijn", numfmt.Count(n))
		}
		validateFacets(p, iv, errs)
		validateOperationalGoals(p, iv.OperationalGoals, goals, errs)
		*errs = append(*errs, iv.Canvas.validate(p+".canvas")...)
	}
}

// validateLeaders checks that each projectleider is an e-mail address,
// named once.
func validateLeaders(p string, leaders []string, errs *fieldErrors) {
	seen := map[string]bool{}
	for j, l := range leaders {
		lp := fmt.Sprintf("%s.projectleiders[%d]", p, j)
		switch {
		case !strings.Contains(l, "@") || strings.TrimSpace(l) != l:
			errs.add(lp, "%q is geen e-mailadres", l)
		case seen[strings.ToLower(l)]:
			errs.add(lp, "%s staat er al eerder in", l)
		}
		seen[strings.ToLower(l)] = true
	}
}

// validateOperationalGoals checks that an intervention serves existing
// operational goals, each once.
func validateOperationalGoals(p string, gcs []string, goals map[string]Goal, errs *fieldErrors) {
	seen := map[string]bool{}
	for j, gc := range gcs {
		gp := fmt.Sprintf("%s.operationele_doelen[%d]", p, j)
		g, ok := goals[gc]
		switch {
		case !ok:
			errs.add(gp, "doel %q bestaat niet", gc)
		case g.Level != LevelOperational:
			errs.add(gp, "doel %q is geen operationeel doel maar een %s", gc, strings.ToLower(g.Level.Label()))
		case seen[gc]:
			errs.add(gp, "doel %q staat er twee keer", gc)
		}
		seen[gc] = true
	}
}

func (c Canvas) validate(p string) []FieldError {
	var errs []FieldError
	seen := map[string]bool{}
	for k, r := range c.Results {
		rp := fmt.Sprintf("%s.beoogde_resultaten[%d]", p, k)
		switch {
		case !codePattern.MatchString(r.Code):
			errs = append(errs, FieldError{Path: rp + ".code", Message: fmt.Sprintf("code %q is ongeldig", r.Code)})
		case seen[r.Code]:
			errs = append(errs, FieldError{Path: rp + ".code", Message: fmt.Sprintf("code %q komt al eerder voor", r.Code)})
		}
		seen[r.Code] = true
		if strings.TrimSpace(r.Description) == "" {
			errs = append(errs, FieldError{Path: rp + ".omschrijving", Message: "de omschrijving ontbreekt"})
		}
		errs = append(errs, r.validateNumber(rp)...)
	}
	return errs
}

func validateBudget(p string, rows []BudgetRow, lines map[string]bool, codes map[string]string) []FieldError {
	var errs []FieldError
	for i, r := range rows {
		rp := fmt.Sprintf("%s[%d]", p, i)
		if strings.TrimSpace(r.Label) == "" {
			errs = append(errs, FieldError{Path: rp + ".post", Message: "de post ontbreekt"})
		}
		if r.Line != "" && !lines[r.Line] {
			errs = append(errs, FieldError{Path: rp + ".lijn", Message: fmt.Sprintf("programmalijn %q bestaat niet", r.Line)})
		}
		years := make([]int, 0, len(r.Amounts))
		for y := range r.Amounts {
			years = append(years, y)
		}
		sort.Ints(years) // report in a stable order
		for _, y := range years {
			if y < 1990 || y > 2100 {
				errs = append(errs, FieldError{Path: rp + ".bedragen", Message: fmt.Sprintf("jaar %d ligt niet tussen 1990 en 2100", y)})
			}
			if msg := checkAmount(r.Amounts[y]); msg != "" {
				errs = append(errs, FieldError{Path: rp + ".bedragen", Message: fmt.Sprintf("het bedrag voor %d %s", y, msg)})
			}
		}
		errs = append(errs, validateBudgetRow(rp, r, codes)...)
	}
	return errs
}

// MaxAmount bounds every budget amount, in thousands of euros, both ways: ten billion
// euros, far above any municipal programme, so that a typing error such as
// 1e308 is refused rather than stored and summed into infinity.
const MaxAmount = 10_000_000

// checkAmount says what is wrong with a budget amount, or "".
func checkAmount(a float64) string {
	switch {
	case math.IsNaN(a) || math.IsInf(a, 0):
		return "is geen getal"
	case math.Abs(a) > MaxAmount:
		// Negative amounts are cuts (kortingen) and allowed within the
		// same bound.
		return fmt.Sprintf("is groter dan %d of kleiner dan -%d (duizenden euro's, dus tien miljard euro): waarschijnlijk een tikfout", MaxAmount, MaxAmount)
	}
	return ""
}

// ValidateCanvas checks a canvas edited on its own (a form or an API call).
func ValidateCanvas(c Canvas) []FieldError { return c.validate("canvas") }

// MaxResultAmount bounds the number of an intended result: far above any
// count of households or requests in one gemeente.
const MaxResultAmount = 1e9

// validateNumber checks the number, unit and year of a numeric result: all
// three together, or none (a qualitative result).
func (r Result) validateNumber(rp string) []FieldError {
	var errs []FieldError
	if r.Amount == nil {
		if r.Year != 0 {
			errs = append(errs, FieldError{Path: rp + ".aantal", Message: fmt.Sprintf("er is een jaar (%d) maar geen aantal; laat het jaar leeg bij een kwalitatief resultaat", r.Year)})
		}
		return errs
	}
	if a := *r.Amount; math.IsNaN(a) || math.IsInf(a, 0) || a < 0 || a > MaxResultAmount {
		errs = append(errs, FieldError{Path: rp + ".aantal", Message: fmt.Sprintf("het aantal moet een getal zijn van 0 tot %.0f", float64(MaxResultAmount))})
	}
	if strings.TrimSpace(r.Unit) == "" {
		errs = append(errs, FieldError{Path: rp + ".eenheid", Message: "een resultaat met een aantal heeft een eenheid nodig (bijvoorbeeld huishoudens per jaar)"})
	}
	if r.Year < 1990 || r.Year > 2100 {
		errs = append(errs, FieldError{Path: rp + ".jaar", Message: "een resultaat met een aantal heeft een jaar nodig waarin het gehaald moet zijn (tussen 1990 en 2100)"})
	}
	return errs
}
