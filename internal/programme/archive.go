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

// removedIn finds the newest version that removed the item of kind
// ("interventie", "doel") with code, and reads the version before it
// whole. ok is false when no version removed it.
func (s *Service) removedIn(ctx context.Context, kind, code string) (before *Version, ended Version, ok bool, err error) {
	vs, err := s.Store.Versions(ctx)
	if err != nil {
		return nil, Version{}, false, err
	}
	for i := len(vs) - 1; i > 0; i-- {
		for _, d := range vs[i].Changes {
			if d.Kind == kind && d.Code == code && d.Change == Removed {
				prev, err := s.Store.Version(ctx, vs[i-1].Number)
				if err != nil {
					return nil, Version{}, false, err
				}
				return prev, vs[i], true, nil
			}
		}
	}
	return nil, Version{}, false, nil
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
	prev, ended, ok, err := s.removedIn(ctx, "interventie", code)
	if err != nil || !ok {
		return nil, errOr(err, notFound)
	}
	iv, ok := findIntervention(prev.Model, code)
	if !ok {
		return nil, notFound
	}
	last := *prev
	last.Model = nil
	a := &Archive{Intervention: iv, Last: last, Ended: ended, Line: Line{Code: iv.Line}}
	for _, l := range prev.Model.Lines {
		if l.Code == iv.Line {
			a.Line = l
		}
	}
	return a, nil
}

// GoalArchive is what remains of a goal taken out of the doelenboom.
type GoalArchive struct {
	Goal  Goal
	Last  Version // the last version that had it (without model)
	Ended Version // the version that removed it
}

// ArchivedGoal returns the archive of a goal that is no longer in the
// programme, as Archived does for an intervention.
func (s *Service) ArchivedGoal(ctx context.Context, code string) (*GoalArchive, error) {
	notFound := perspectief.Errorf(perspectief.CodeNotFound, "doel %q bestaat niet en heeft nooit in het programma gestaan", code)
	prev, ended, ok, err := s.removedIn(ctx, "doel", code)
	if err != nil || !ok {
		return nil, errOr(err, notFound)
	}
	for _, g := range prev.Model.Goals {
		if g.Code == code {
			last := *prev
			last.Model = nil
			return &GoalArchive{Goal: g, Last: last, Ended: ended}, nil
		}
	}
	return nil, notFound
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
