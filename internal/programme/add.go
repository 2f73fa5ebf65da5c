package programme

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// AddInterventions adds new interventions to the programme, all or none,
// for example the requests a wegingskader round granted. The programme
// with them must still be valid, and their codes must be new.
func (s *Service) AddInterventions(ctx context.Context, u account.User, ivs []Intervention) error {
	if err := account.Require(u.CanEditProgramme(), "interventies aan het programma toevoegt"); err != nil {
		return err
	}
	m, err := s.Store.Model(ctx)
	if err != nil {
		return err
	}
	existing := map[string]bool{}
	for _, iv := range m.Interventions {
		existing[iv.Code] = true
	}
	after := *m
	after.Interventions = append(append([]Intervention{}, m.Interventions...), ivs...)
	var fe []FieldError
	for i, iv := range ivs {
		if existing[iv.Code] {
			fe = append(fe, FieldError{Path: fmt.Sprintf("interventies[%d].code", len(m.Interventions)+i), Message: fmt.Sprintf("interventie %q bestaat al", iv.Code)})
		}
	}
	fe = append(fe, after.Validate()...)
	if len(fe) > 0 {
		return perspectief.Invalid("De interventies zijn niet toegevoegd.", fe)
	}
	return s.Store.AddInterventions(ctx, ivs, u.Email)
}

// NextInterventionCode returns the first free code of the form LINE-NN
// after the highest number used in the line (L2-07 after L2-06).
func NextInterventionCode(m *Model, line string, taken map[string]bool) string {
	highest := 0
	for _, iv := range m.Interventions {
		if n, ok := strings.CutPrefix(iv.Code, line+"-"); ok {
			if v, err := strconv.Atoi(n); err == nil && v > highest {
				highest = v
			}
		}
	}
	for n := highest + 1; ; n++ {
		code := fmt.Sprintf("%s-%02d", line, n)
		if !taken[code] {
			return code
		}
	}
}

// Line returns the programme line with this code.
func (m *Model) Line(code string) (Line, error) {
	for _, l := range m.Lines {
		if l.Code == code {
			return l, nil
		}
	}
	return Line{}, perspectief.Errorf(perspectief.CodeNotFound, "programmalijn %q bestaat niet", code)
}

// LineInterventions lists the interventions of one line in programme order.
func (m *Model) LineInterventions(code string) []Intervention {
	var ivs []Intervention
	for _, iv := range m.Interventions {
		if iv.Line == code {
			ivs = append(ivs, iv)
		}
	}
	return ivs
}
