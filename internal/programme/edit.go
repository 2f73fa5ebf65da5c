package programme

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// MaxReason is the longest reason of an edit, in characters.
const MaxReason = 500

// Edit applies edit to a copy of the current programme, checks the whole
// result with Validate exactly as an import is checked, and stores it as a
// new version of kind VersionEdit with reason. base must be the version the
// editor saw (CodeConflict otherwise). Problems of the edited item come
// back with paths relative to prefix (for example "interventies[3]."), so
// that a form can put them at its fields; nothing is stored on any problem.
// Only a beheerder or the programmateam may edit.
func (s *Service) Edit(ctx context.Context, u account.User, base int, reason, what string, edit func(m *Model) (prefix string, err error)) (int, error) {
	if err := account.Require(u.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return 0, err
	}
	failed := what + " is niet opgeslagen; er is niets veranderd."
	current, err := s.Store.CurrentVersion(ctx)
	if err != nil {
		return 0, err
	}
	if err := checkBase(base, current); err != nil {
		return 0, err
	}
	cur, err := s.Store.Model(ctx)
	if err != nil {
		return 0, err
	}
	m := cur.Clone()
	prefix, err := edit(m)
	if err != nil {
		return 0, err
	}
	var fe []FieldError
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		fe = append(fe, FieldError{Path: "reden", Message: "geef de reden van de wijziging; die komt in de versiegeschiedenis"})
	case n > MaxReason:
		fe = append(fe, FieldError{Path: "reden", Message: fmt.Sprintf("de reden is %s tekens lang; het mogen er hoogstens %d zijn", numfmt.Count(n), MaxReason)})
	}
	for _, e := range m.Validate() {
		if prefix != "" && strings.HasPrefix(e.Path, prefix) {
			e.Path = strings.TrimPrefix(e.Path, prefix)
		}
		fe = append(fe, e)
	}
	if len(fe) > 0 {
		return 0, perspectief.Invalid(failed, fe)
	}
	if len(Diff(cur, m)) == 0 {
		return 0, perspectief.Invalid(failed, []FieldError{{Message: "er is niets gewijzigd"}})
	}
	return s.Store.ApplyModel(ctx, m, u.Email, Change{Base: base, Kind: VersionEdit, Reason: reason})
}

// PutIntervention stores iv in m: in place of the intervention with code
// old, or, when old is "", after the others. It returns the path prefix of
// its place for Edit.
func (m *Model) PutIntervention(old string, iv Intervention) (string, error) {
	if old == "" {
		if _, ok := findIntervention(m, iv.Code); ok {
			return "", perspectief.Invalid("De interventie is niet opgeslagen; er is niets veranderd.", []FieldError{{Path: "code", Message: fmt.Sprintf("code %q is al in gebruik", iv.Code)}})
		}
		m.Interventions = append(m.Interventions, iv)
		return fmt.Sprintf("interventies[%d].", len(m.Interventions)-1), nil
	}
	i := slices.IndexFunc(m.Interventions, func(x Intervention) bool { return x.Code == old })
	if i < 0 {
		return "", perspectief.Errorf(perspectief.CodeNotFound, "interventie %q bestaat niet", old)
	}
	m.Interventions[i] = iv
	return fmt.Sprintf("interventies[%d].", i), nil
}

// RemoveIntervention takes the intervention with code out of m: it is
// stopped or replaced. Its progress and comments stay, and its archive page
// shows its last state and this change.
func (m *Model) RemoveIntervention(code string) (string, error) {
	i := slices.IndexFunc(m.Interventions, func(x Intervention) bool { return x.Code == code })
	if i < 0 {
		return "", perspectief.Errorf(perspectief.CodeNotFound, "interventie %q bestaat niet", code)
	}
	m.Interventions = slices.Delete(m.Interventions, i, i+1)
	return "", nil
}

// PutGoal stores g in m in place of the goal with code old, or after the
// others when old is "". A changed code is carried into the links that
// point at the goal.
func (m *Model) PutGoal(old string, g Goal) (string, error) {
	if old == "" {
		if slices.ContainsFunc(m.Goals, func(x Goal) bool { return x.Code == g.Code }) {
			return "", perspectief.Invalid("Het doel is niet opgeslagen; er is niets veranderd.", []FieldError{{Path: "code", Message: fmt.Sprintf("code %q is al in gebruik", g.Code)}})
		}
		m.Goals = append(m.Goals, g)
		return fmt.Sprintf("doelen[%d].", len(m.Goals)-1), nil
	}
	i := slices.IndexFunc(m.Goals, func(x Goal) bool { return x.Code == old })
	if i < 0 {
		return "", perspectief.Errorf(perspectief.CodeNotFound, "doel %q bestaat niet", old)
	}
	m.Goals[i] = g
	if g.Code != old {
		for j := range m.Goals {
			for k, p := range m.Goals[j].Parents {
				if p == old {
					m.Goals[j].Parents[k] = g.Code
				}
			}
		}
		for j := range m.Interventions {
			for k, p := range m.Interventions[j].OperationalGoals {
				if p == old {
					m.Interventions[j].OperationalGoals[k] = g.Code
				}
			}
		}
	}
	return fmt.Sprintf("doelen[%d].", i), nil
}

// RemoveGoal takes the goal with code out of m. Links to it must be
// removed first: Validate refuses a goal or intervention that names a goal
// that does not exist.
func (m *Model) RemoveGoal(code string) (string, error) {
	i := slices.IndexFunc(m.Goals, func(x Goal) bool { return x.Code == code })
	if i < 0 {
		return "", perspectief.Errorf(perspectief.CodeNotFound, "doel %q bestaat niet", code)
	}
	m.Goals = slices.Delete(m.Goals, i, i+1)
	return "", nil
}

// BudgetTable is one of the two budget tables: "beschikbaar" or "inzet".
func (m *Model) budgetTable(kind string) (*[]BudgetRow, error) {
	switch kind {
	case "beschikbaar":
		return &m.Budget.Available, nil
	case "inzet":
		return &m.Budget.Allocated, nil
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "begrotingstabel %q bestaat niet; kies beschikbaar of inzet", kind)
}

// PutBudgetRow stores r as row i of budget table kind, or after the others
// when i is -1.
func (m *Model) PutBudgetRow(kind string, i int, r BudgetRow) (string, error) {
	t, err := m.budgetTable(kind)
	if err != nil {
		return "", err
	}
	switch {
	case i == -1:
		*t = append(*t, r)
		i = len(*t) - 1
	case i < 0 || i >= len(*t):
		return "", perspectief.Errorf(perspectief.CodeNotFound, "begrotingsregel %d van %s bestaat niet", i+1, kind)
	default:
		(*t)[i] = r
	}
	return fmt.Sprintf("begroting.%s[%d].", kind, i), nil
}

// RemoveBudgetRow removes row i of budget table kind.
func (m *Model) RemoveBudgetRow(kind string, i int) (string, error) {
	t, err := m.budgetTable(kind)
	if err != nil {
		return "", err
	}
	if i < 0 || i >= len(*t) {
		return "", perspectief.Errorf(perspectief.CodeNotFound, "begrotingsregel %d van %s bestaat niet", i+1, kind)
	}
	*t = slices.Delete(*t, i, i+1)
	return "", nil
}
