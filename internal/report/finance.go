package report

import (
	"context"
	"fmt"
	"slices"

	"github.com/perspectief/perspectief/internal/programme"
)

// programmeWide names money that belongs to no programme line.
const programmeWide = "Programmabreed"

// buildFinance takes the year's column of the programme's budget tables
// and, where the procesmonitor is wired, the spending per line.
func buildFinance(ctx context.Context, m *programme.Model, src SpendingSource, year int) (FinanceChapter, error) {
	var c FinanceChapter
	for _, r := range m.Budget.Available {
		if v, ok := r.Amounts[year]; ok {
			c.Available = append(c.Available, BudgetRow{Label: r.Label, Note: r.Note, Amount: v})
			c.AvailableTotal += v
		}
	}
	groups := map[string]*BudgetGroup{}
	var order []string
	group := func(code string) *BudgetGroup {
		if g, ok := groups[code]; ok {
			return g
		}
		g := &BudgetGroup{Code: code, Name: lineName(m, code)}
		groups[code] = g
		order = append(order, code)
		return g
	}
	for _, l := range m.Lines {
		group(l.Code)
	}
	for _, r := range m.Budget.Allocated {
		if v, ok := r.Amounts[year]; ok {
			g := group(r.Line)
			g.Rows = append(g.Rows, BudgetRow{Label: r.Label, Note: r.Note, Amount: v})
			g.Subtotal += v
			c.AllocatedTotal += v
		}
	}
	// Programme-wide money last, as on the budget page.
	slices.SortStableFunc(order, func(a, b string) int {
		switch {
		case a == "" && b != "":
			return 1
		case b == "" && a != "":
			return -1
		}
		return 0
	})
	for _, code := range order {
		if g := groups[code]; len(g.Rows) > 0 {
			c.Allocated = append(c.Allocated, *g)
		}
	}
	if len(c.Available) == 0 && len(c.Allocated) == 0 {
		c.Missing = fmt.Sprintf("Nog geen gegevens: de begroting van het programma noemt geen bedragen voor %d.", year)
	}

	if src == nil {
		c.SpendingMissing = notWired("de procesmonitor")
		return c, nil
	}
	rows, err := src.Spending(ctx, year)
	if err != nil {
		return c, err
	}
	if len(rows) == 0 {
		c.SpendingMissing = fmt.Sprintf("Nog geen gegevens: de procesmonitor heeft over %d nog geen besteding.", year)
		return c, nil
	}
	pos := map[string]int{"": len(m.Lines)}
	for i, l := range m.Lines {
		pos[l.Code] = i
	}
	slices.SortStableFunc(rows, func(a, b Spending) int { return pos[a.Line] - pos[b.Line] })
	c.SpendingTotal.Name = "Totaal"
	for _, r := range rows {
		c.Spending = append(c.Spending, LineMoney{Spending: r, Name: lineName(m, r.Line)})
		if r.Available != nil {
			v := *r.Available
			if c.SpendingTotal.Available != nil {
				v += *c.SpendingTotal.Available
			}
			c.SpendingTotal.Available = &v
		}
		c.SpendingTotal.Allocated += r.Allocated
		c.SpendingTotal.Spent += r.Spent
	}
	return c, nil
}

func lineName(m *programme.Model, code string) string {
	if code == "" {
		return programmeWide
	}
	for _, l := range m.Lines {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}
