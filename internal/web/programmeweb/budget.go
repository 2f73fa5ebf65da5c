package programmeweb

import (
	"net/http"
	"slices"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/programme"
)

type budgetView struct {
	web.Page
	Years     []int
	Available []BudgetLine
	AvailSum  []Amount
	Groups    []BudgetGroup
	AllocSum  []Amount
	Balance   []Amount // available minus allocated; Over marks a shortfall
	Overrun   []Overrun
	Empty     bool
}

// BudgetLine is one row of a budget table, with one amount per year.
type BudgetLine struct {
	Code    string
	Label   string
	Note    string
	Period  string // the years a source runs, e.g. "2024 t/m 2026"
	Amounts []Amount
	Total   Amount
}

// BudgetGroup is the allocation of one programme line (or of the programme
// as a whole) with its subtotal.
type BudgetGroup struct {
	Code     string
	Name     string
	Rows     []BudgetLine
	Subtotal []Amount
	Total    Amount
}

// Amount is a cell; Set distinguishes "0" from "no amount this year".
type Amount struct {
	Value float64
	Set   bool
	Over  bool
}

// Overrun names a year in which more is allocated than available.
type Overrun struct {
	Year      int
	Available float64
	Allocated float64
}

func budgetYears(m *programme.Model) []int {
	seen := map[int]bool{}
	for _, rows := range [][]programme.BudgetRow{m.Budget.Available, m.Budget.Allocated} {
		for _, r := range rows {
			for y := range r.Amounts {
				seen[y] = true
			}
		}
	}
	if m.StartYear > 0 && m.EndYear >= m.StartYear && m.EndYear-m.StartYear < 20 {
		for y := m.StartYear; y <= m.EndYear; y++ {
			seen[y] = true
		}
	}
	years := make([]int, 0, len(seen))
	for y := range seen {
		years = append(years, y)
	}
	slices.Sort(years)
	return years
}

func budgetLine(r programme.BudgetRow, years []int, sum []Amount) BudgetLine {
	bl := BudgetLine{Code: r.Code, Label: r.Label, Note: r.Note, Period: r.Period(), Amounts: make([]Amount, len(years))}
	for i, y := range years {
		if v, ok := r.Amounts[y]; ok {
			bl.Amounts[i] = Amount{Value: v, Set: true}
			bl.Total.Value += v
			bl.Total.Set = true
			sum[i].Value += v
			sum[i].Set = true
		}
	}
	return bl
}

func total(as []Amount) Amount {
	var t Amount
	for _, a := range as {
		t.Value += a.Value
		t.Set = t.Set || a.Set
	}
	return t
}

func (s *Pages) budget(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	years := budgetYears(m)
	v := budgetView{Page: s.Page(r, rc, "Begroting", "begroting"), Years: years}
	v.Empty = len(m.Budget.Available) == 0 && len(m.Budget.Allocated) == 0

	v.AvailSum = make([]Amount, len(years))
	for _, row := range m.Budget.Available {
		v.Available = append(v.Available, budgetLine(row, years, v.AvailSum))
	}

	// Group allocations by line in the order of the lines, with
	// programme-wide rows (no line) last.
	groups := map[string]*BudgetGroup{}
	var order []string
	for _, l := range m.Lines {
		groups[l.Code] = &BudgetGroup{Code: l.Code, Name: l.Name, Subtotal: make([]Amount, len(years))}
		order = append(order, l.Code)
	}
	groups[""] = &BudgetGroup{Name: "Programmabreed", Subtotal: make([]Amount, len(years))}
	order = append(order, "")
	v.AllocSum = make([]Amount, len(years))
	for _, row := range m.Budget.Allocated {
		g := groups[row.Line]
		if g == nil {
			g = &BudgetGroup{Code: row.Line, Name: row.Line, Subtotal: make([]Amount, len(years))}
			groups[row.Line] = g
			order = append(order, row.Line)
		}
		g.Rows = append(g.Rows, budgetLine(row, years, g.Subtotal))
		budgetLine(row, years, v.AllocSum)
	}
	for _, code := range order {
		if g := groups[code]; len(g.Rows) > 0 {
			g.Total = total(g.Subtotal)
			v.Groups = append(v.Groups, *g)
		}
	}

	v.Balance = make([]Amount, len(years))
	for i, y := range years {
		avail, alloc := v.AvailSum[i].Value, v.AllocSum[i].Value
		v.Balance[i] = Amount{Value: avail - alloc, Set: v.AvailSum[i].Set || v.AllocSum[i].Set}
		// Compare in whole hundreds of euros: amounts are in thousands with
		// one decimal, and float sums must not flag a rounding error.
		if alloc*10-avail*10 > 0.5 {
			v.Balance[i].Over = true
			v.AllocSum[i].Over = true
			v.Overrun = append(v.Overrun, Overrun{Year: y, Available: avail, Allocated: alloc})
		}
	}
	s.Render(w, r, http.StatusOK, "budget", v)
	return nil
}

// AvailTotal and AllocTotal are the totals over all years, for the last
// column.
func (v budgetView) AvailTotal() Amount { return total(v.AvailSum) }

// AllocTotal is the allocated total over all years.
func (v budgetView) AllocTotal() Amount { return total(v.AllocSum) }

// BalanceTotal is the balance over all years.
func (v budgetView) BalanceTotal() Amount {
	t := total(v.Balance)
	t.Over = t.Value < -0.05
	return t
}
