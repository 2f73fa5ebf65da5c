package learning

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/perspectief/perspectief/internal/programme"
)

// Apply returns the programme after the changes, leaving m as it was, and
// every problem found: a change that cannot be made, or a model that would
// not be valid. Stopping a goal also takes it out of the goals below it and
// of the interventions that served it, so that the tree stays whole.
func Apply(m *programme.Model, cs []Change) (*programme.Model, []programme.FieldError) {
	out := m.Clone()
	var errs []programme.FieldError
	add := func(i int, field, format string, args ...any) {
		errs = append(errs, programme.FieldError{Path: fmt.Sprintf("herijking[%d].%s", i, field), Message: fmt.Sprintf(format, args...)})
	}
	for i, c := range cs {
		switch c.Target {
		case TargetIntervention:
			idx := slices.IndexFunc(out.Interventions, func(iv programme.Intervention) bool { return iv.Code == c.Code })
			switch c.Action {
			case Add, Modify:
				if c.Intervention == nil {
					add(i, "interventie", "beschrijf de interventie")
					continue
				}
				iv := *c.Intervention
				iv.Code = c.Code
				if c.Action == Add {
					if idx >= 0 {
						add(i, "code", "interventie %q bestaat al", c.Code)
						continue
					}
					out.Interventions = append(out.Interventions, iv)
				} else {
					if idx < 0 {
						add(i, "code", "interventie %q bestaat niet", c.Code)
						continue
					}
					out.Interventions[idx] = iv
				}
			case Stop:
				if idx < 0 {
					add(i, "code", "interventie %q bestaat niet", c.Code)
					continue
				}
				out.Interventions = slices.Delete(out.Interventions, idx, idx+1)
			default:
				add(i, "actie", "actie %q is onbekend: kies toevoegen, wijzigen of stoppen", c.Action)
			}
		case TargetGoal:
			idx := slices.IndexFunc(out.Goals, func(g programme.Goal) bool { return g.Code == c.Code })
			switch c.Action {
			case Add, Modify:
				if c.Goal == nil {
					add(i, "doel", "beschrijf het doel")
					continue
				}
				g := *c.Goal
				g.Code = c.Code
				if c.Action == Add {
					if idx >= 0 {
						add(i, "code", "doel %q bestaat al", c.Code)
						continue
					}
					out.Goals = append(out.Goals, g)
				} else {
					if idx < 0 {
						add(i, "code", "doel %q bestaat niet", c.Code)
						continue
					}
					out.Goals[idx] = g
				}
			case Stop:
				if idx < 0 {
					add(i, "code", "doel %q bestaat niet", c.Code)
					continue
				}
				out.Goals = slices.Delete(out.Goals, idx, idx+1)
				for j := range out.Goals {
					out.Goals[j].Parents = slices.DeleteFunc(out.Goals[j].Parents, func(p string) bool { return p == c.Code })
				}
				for j := range out.Interventions {
					iv := &out.Interventions[j]
					iv.OperationalGoals = slices.DeleteFunc(iv.OperationalGoals, func(g string) bool { return g == c.Code })
				}
			default:
				add(i, "actie", "actie %q is onbekend: kies toevoegen, wijzigen of stoppen", c.Action)
			}
		default:
			add(i, "onderdeel", "onderdeel %q is onbekend: kies interventie of doel", c.Target)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for _, e := range out.Validate() {
		errs = append(errs, programme.FieldError{Path: namePath(out, e.Path), Message: e.Message})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

var indexPath = regexp.MustCompile(`^(doelen|interventies)\[(\d+)\]`)

// namePath names the goal or intervention of a validation path by its code
// (interventie L1-08.titel rather than interventies[21].titel): the index
// means nothing to someone who filled in a form.
func namePath(m *programme.Model, p string) string {
	sm := indexPath.FindStringSubmatch(p)
	if sm == nil {
		return "programma." + p
	}
	i, _ := strconv.Atoi(sm[2])
	rest := p[len(sm[0]):]
	switch {
	case sm[1] == "doelen" && i < len(m.Goals):
		return "doel " + m.Goals[i].Code + rest
	case sm[1] == "interventies" && i < len(m.Interventions):
		return "interventie " + m.Interventions[i].Code + rest
	}
	return "programma." + p
}
