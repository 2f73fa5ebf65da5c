package programme

import (
	"strings"
	"testing"
)

func TestBudgetRowYears(t *testing.T) {
	s := 700.0
	cut := -900.0
	rows := []struct {
		row    BudgetRow
		period string
		// year → amount, assumed, ok
		want map[int][3]any
	}{
		{BudgetRow{Amounts: Amounts{2024: 700, 2027: 700}, Structural: &s}, "vanaf 2024",
			map[int][3]any{2024: {700.0, false, true}, 2025: {0.0, false, false}, 2028: {700.0, true, true}}},
		{BudgetRow{Amounts: Amounts{2024: 360, 2026: 130}, To: 2026}, "2024 t/m 2026",
			map[int][3]any{2026: {130.0, false, true}, 2027: {0.0, false, false}}},
		{BudgetRow{Amounts: Amounts{2027: -900}, From: 2027, Structural: &cut}, "vanaf 2027",
			map[int][3]any{2026: {0.0, false, false}, 2027: {-900.0, false, true}, 2030: {-900.0, true, true}}},
		{BudgetRow{Amounts: Amounts{2024: 450, 2025: 450}, To: 2027, Structural: &s}, "2024 t/m 2027",
			map[int][3]any{2027: {700.0, true, true}, 2028: {0.0, false, false}}},
		{BudgetRow{}, "", map[int][3]any{2024: {0.0, false, false}}},
	}
	for i, r := range rows {
		if got := r.row.Period(); got != r.period {
			t.Errorf("row %d: period %q, want %q", i, got, r.period)
		}
		for y, w := range r.want {
			a, assumed, ok := r.row.AmountIn(y)
			if a != w[0] || assumed != w[1] || ok != w[2] {
				t.Errorf("row %d, %d: %v %v %v, want %v", i, y, a, assumed, ok, w)
			}
		}
	}
}

func TestValidateBudgetFields(t *testing.T) {
	m := &Model{Name: "x", StartYear: 2024, EndYear: 2026, Lines: []Line{{Code: "L1", Name: "Een"}},
		Budget: Budget{
			Available: []BudgetRow{{Label: "Subsidie", Amounts: Amounts{2024: 1, 2027: 1}, To: 2026}},
			Allocated: []BudgetRow{
				{Code: "A.1", Label: "Post", Line: "L1", Amounts: Amounts{2024: 1}},
				{Code: "A.1", Label: "Dubbel", Amounts: Amounts{2024: 1}},
				{Code: "L1", Label: "Lijncode", Amounts: Amounts{2024: 1}},
				{Code: "A 2", Label: "Spatie", Amounts: Amounts{2024: 1}, From: 2026, To: 2025},
			},
		}}
	var got []string
	for _, e := range m.Validate() {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"begroting.beschikbaar[0].bedragen: 2027 valt buiten de looptijd 2024 t/m 2026",
		`begroting.inzet[1].code: code "A.1" is al gebruikt voor post Post`,
		`begroting.inzet[2].code: code "L1" is al gebruikt voor programmalijn L1`,
		`begroting.inzet[3].code: code "A 2" is ongeldig`,
		"begroting.inzet[3].tot_en_met: tot en met 2025 ligt voor van 2026",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
}
