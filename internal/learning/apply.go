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
	add := func(i int) problem {
		return func(field, format string, args ...any) {
			errs = append(errs, programme.FieldError{Path: fmt.Sprintf("herijking[%d].%s", i, field), Message: fmt.Sprintf(format, args...)})
		}
	}
	for i, c := range cs {
		switch c.Target {
		case TargetIntervention:
			var iv *programme.Intervention
			if c.Intervention != nil {
				x := *c.Intervention
				x.Code, iv = c.Code, &x
			}
			applyOne(&out.Interventions, c, iv, func(x programme.Intervention) string { return x.Code }, "interventie", add(i))
		case TargetGoal:
			var g *programme.Goal
			if c.Goal != nil {
				x := *c.Goal
				x.Code, g = c.Code, &x
			}
			if applyOne(&out.Goals, c, g, func(x programme.Goal) string { return x.Code }, "doel", add(i)) && c.Action == Stop {
				for j := range out.Goals {
					out.Goals[j].Parents = slices.DeleteFunc(out.Goals[j].Parents, func(p string) bool { return p == c.Code })
				}
				for j := range out.Interventions {
					iv := &out.Interventions[j]
					iv.OperationalGoals = slices.DeleteFunc(iv.OperationalGoals, func(g string) bool { return g == c.Code })
				}
			}
		default:
			add(i)("onderdeel", "onderdeel %q is onbekend: kies interventie of doel", c.Target)
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

type problem func(field, format string, args ...any)

// applyOne adds, replaces or removes the item with c's code in list, the
// same way for goals and interventions, and reports whether it did.
func applyOne[T any](list *[]T, c Change, item *T, code func(T) string, kind string, fail problem) bool {
	idx := slices.IndexFunc(*list, func(x T) bool { return code(x) == c.Code })
	switch c.Action {
	case Add, Modify:
		if item == nil {
			fail(kind, "beschrijf het onderdeel")
			return false
		}
		if c.Action == Add {
			if idx >= 0 {
				fail("code", "%s %q bestaat al", kind, c.Code)
				return false
			}
			*list = append(*list, *item)
			return true
		}
		if idx < 0 {
			fail("code", "%s %q bestaat niet", kind, c.Code)
			return false
		}
		(*list)[idx] = *item
		return true
	case Stop:
		if idx < 0 {
			fail("code", "%s %q bestaat niet", kind, c.Code)
			return false
		}
		*list = slices.Delete(*list, idx, idx+1)
		return true
	}
	fail("actie", "actie %q is onbekend: kies toevoegen, wijzigen of stoppen", c.Action)
	return false
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
