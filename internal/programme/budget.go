package programme

import (
	"fmt"
	"slices"
)

// FirstListed and LastListed are the first and last years the row lists an
// amount for; 0 when it lists none.
func (r BudgetRow) FirstListed() int {
	first := 0
	for y := range r.Amounts {
		if first == 0 || y < first {
			first = y
		}
	}
	return first
}

// LastListed is the last year the row lists an amount for.
func (r BudgetRow) LastListed() int {
	last := 0
	for y := range r.Amounts {
		last = max(last, y)
	}
	return last
}

// Runs reports whether year y lies within the row's From and To.
func (r BudgetRow) Runs(y int) bool {
	return (r.From == 0 || y >= r.From) && (r.To == 0 || y <= r.To)
}

// AmountIn is the row's amount in year y: the listed amount, or, after the
// last listed year and while the row runs, its structural amount, which is
// a planning assumption (assumed). ok is false when the row has nothing for y.
func (r BudgetRow) AmountIn(y int) (amount float64, assumed, ok bool) {
	if !r.Runs(y) {
		return 0, false, false
	}
	if v, listed := r.Amounts[y]; listed {
		return v, false, true
	}
	if r.Structural != nil && y > r.LastListed() && (r.From == 0 || y >= r.From) {
		return *r.Structural, true, true
	}
	return 0, false, false
}

// Period describes in Dutch the years the row runs: "2024 t/m 2026",
// "vanaf 2024" for a structural row without an end, "" without amounts.
func (r BudgetRow) Period() string {
	from := r.From
	if from == 0 {
		from = r.FirstListed()
	}
	to := r.To
	if to == 0 && r.Structural == nil {
		to = r.LastListed()
	}
	switch {
	case from == 0 && to == 0:
		return ""
	case to == 0:
		return fmt.Sprintf("vanaf %d", from)
	case from == 0 || from == to:
		return fmt.Sprintf("%d", to)
	}
	return fmt.Sprintf("%d t/m %d", from, to)
}

// validateBudgetRow checks the procesmonitor's fields of one row. codes
// holds the codes seen so far (line codes included, since a booking names
// either), so that every code is unique.
func validateBudgetRow(rp string, r BudgetRow, codes map[string]string) []FieldError {
	var errs []FieldError
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{Path: rp + field, Message: fmt.Sprintf(format, args...)})
	}
	if r.Code != "" {
		switch {
		case !codePattern.MatchString(r.Code):
			add(".code", "code %q is ongeldig", r.Code)
		case codes[r.Code] != "":
			add(".code", "code %q is al gebruikt voor %s", r.Code, codes[r.Code])
		default:
			codes[r.Code] = "post " + r.Label
		}
	}
	for _, f := range []struct {
		name string
		year int
	}{{".van", r.From}, {".tot_en_met", r.To}} {
		if f.year != 0 && (f.year < 1990 || f.year > 2100) {
			add(f.name, "jaar %d ligt niet tussen 1990 en 2100", f.year)
		}
	}
	if r.From != 0 && r.To != 0 && r.From > r.To {
		add(".tot_en_met", "tot en met %d ligt voor van %d", r.To, r.From)
	}
	years := make([]int, 0, len(r.Amounts))
	for y := range r.Amounts {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		if !r.Runs(y) {
			add(".bedragen", "%d valt buiten de looptijd %s", y, r.Period())
		}
	}
	if r.Structural != nil {
		if msg := checkAmount(*r.Structural); msg != "" {
			add(".structureel", "het structurele bedrag %s", msg)
		}
	}
	return errs
}
