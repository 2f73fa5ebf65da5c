package programme

import (
	"context"
	"time"

	"github.com/perspectief/perspectief"
)

// StageChange is one entry of an intervention's stage history: the stage
// it had from a version of the programme on, who made that version and why.
type StageChange struct {
	Stage   Stage
	Since   time.Time
	By      string
	Version int
	Reason  string
}

// Archive is what remains of an intervention that was stopped or replaced:
// its last state, the version that still had it, and the version (with its
// decision, when a decision of the learning log made it) that removed it.
type Archive struct {
	Intervention Intervention
	Line         Line
	Last         Version // the last version that had it (without model)
	Ended        Version // the version that removed it (without model)
}

// mentions reports whether a version's changes add the intervention code
// or change one of fields of it (any field when fields is empty).
func mentions(v Version, code string, fields ...string) bool {
	for _, d := range v.Changes {
		if d.Kind != "interventie" || d.Code != code {
			continue
		}
		if d.Change == Added || len(fields) == 0 {
			return true
		}
		for _, f := range d.Fields {
			for _, want := range fields {
				if f == want {
					return true
				}
			}
		}
	}
	return false
}

func findIntervention(m *Model, code string) (Intervention, bool) {
	if m == nil {
		return Intervention{}, false
	}
	for _, iv := range m.Interventions {
		if iv.Code == code {
			return iv, true
		}
	}
	return Intervention{}, false
}

// StageHistory lists the stages of intervention code as the programme's
// versions recorded them, oldest first: the first version, and every
// version that added the intervention or changed its stage. Only those
// versions are read whole.
func (s *Service) StageHistory(ctx context.Context, code string) ([]StageChange, error) {
	vs, err := s.Store.Versions(ctx)
	if err != nil {
		return nil, err
	}
	var out []StageChange
	for i, v := range vs {
		if i > 0 && !mentions(v, code, "fase") {
			continue
		}
		full, err := s.Store.Version(ctx, v.Number)
		if err != nil {
			return nil, err
		}
		iv, ok := findIntervention(full.Model, code)
		if !ok {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Stage == iv.Stage {
			continue
		}
		out = append(out, StageChange{Stage: iv.Stage, Since: v.CreatedAt, By: v.Actor, Version: v.Number, Reason: v.Reason})
	}
	// A stage that was never recorded is no history.
	if len(out) == 1 && out[0].Stage == "" {
		return nil, nil
	}
	return out, nil
}

// Archived returns the archive of an intervention that is no longer in the
// programme: the newest version that removed it, and its state in the
// version before. It is CodeNotFound when no version ever had it, or when
// it is in the programme now.
func (s *Service) Archived(ctx context.Context, code string) (*Archive, error) {
	notFound := perspectief.Errorf(perspectief.CodeNotFound, "interventie %q bestaat niet en heeft nooit in het programma gestaan", code)
	cur, err := s.Store.Model(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := findIntervention(cur, code); ok {
		return nil, notFound
	}
	vs, err := s.Store.Versions(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(vs) - 1; i > 0; i-- {
		removed := false
		for _, d := range vs[i].Changes {
			removed = removed || (d.Kind == "interventie" && d.Code == code && d.Change == Removed)
		}
		if !removed {
			continue
		}
		prev, err := s.Store.Version(ctx, vs[i-1].Number)
		if err != nil {
			return nil, err
		}
		iv, ok := findIntervention(prev.Model, code)
		if !ok {
			return nil, notFound
		}
		a := &Archive{Intervention: iv, Last: vs[i-1], Ended: vs[i], Line: Line{Code: iv.Line}}
		for _, l := range prev.Model.Lines {
			if l.Code == iv.Line {
				a.Line = l
			}
		}
		return a, nil
	}
	return nil, notFound
}
