package programme

import (
	"context"
	"fmt"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// Change says what a replacement of the whole model is and what it rests
// on: Base is the version the change was prepared against (the store
// refuses the change when another version came after it; NoBase skips
// that check), Kind and Reason go into the version it leaves.
type Change struct {
	Base   int
	Kind   string
	Reason string
}

// NoBase is the Base of a change that replaces whatever is stored (the
// demo, tests).
const NoBase = -1

// Plan is what an import or a restore would change, against version Base:
// shown before it is applied, so that nothing disappears unseen.
type Plan struct {
	Base    int          `json:"basisversie"`
	Changes []Difference `json:"wijzigingen"`
}

// Removals are the changes of the plan that remove something.
func (p *Plan) Removals() []Difference {
	var out []Difference
	for _, d := range p.Changes {
		if d.Change == Removed {
			out = append(out, d)
		}
	}
	return out
}

// Describe is a difference as one line of text, as a refusal lists it.
func (d Difference) Describe() string {
	s := d.Change + ": " + d.Kind
	if d.Code != "" {
		s += " " + d.Code
	}
	if d.Title != "" {
		s += " " + d.Title
	}
	return s
}

// ImportOptions are what a caller of Import has confirmed: the version the
// file was compared with, and whether it may remove anything.
type ImportOptions struct {
	Base          int
	AllowRemovals bool
}

// CurrentVersion is the number of the newest stored version, 0 when none
// is stored yet.
func (s *Service) CurrentVersion(ctx context.Context) (int, error) {
	return s.Store.CurrentVersion(ctx)
}

// PlanImport checks m and lists what importing it would add, change and
// remove against the current version. Nothing is stored.
func (s *Service) PlanImport(ctx context.Context, u account.User, m *Model) (*Plan, error) {
	if err := account.Require(u.CanEditProgramme(), "het programma inleest"); err != nil {
		return nil, err
	}
	if fe := m.Validate(); len(fe) > 0 {
		return nil, perspectief.Invalid("Het programma is geweigerd; er is niets ingelezen.", fe)
	}
	return s.plan(ctx, m)
}

func (s *Service) plan(ctx context.Context, m *Model) (*Plan, error) {
	base, err := s.Store.CurrentVersion(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := s.Store.Model(ctx)
	if err != nil {
		return nil, err
	}
	return &Plan{Base: base, Changes: Diff(cur, m)}, nil
}

// Import replaces the programme with m, which must have been validated by
// ReadFile or Validate. opt.Base must be the current version: an import
// prepared against an older version is refused (CodeConflict), because it
// would undo what changed since. An import that removes anything is
// refused with the list of what it would remove (CodeInvalid) unless
// opt.AllowRemovals. Progress history and comments are never removed:
// they stay under the code of a removed intervention. It returns the
// number of the new version.
func (s *Service) Import(ctx context.Context, u account.User, m *Model, opt ImportOptions) (int, error) {
	p, err := s.PlanImport(ctx, u, m)
	if err != nil {
		return 0, err
	}
	if err := checkBase(opt.Base, p.Base); err != nil {
		return 0, err
	}
	if rm := p.Removals(); len(rm) > 0 && !opt.AllowRemovals {
		details := make([]string, len(rm))
		for i, d := range rm {
			details[i] = d.Describe()
		}
		return 0, &perspectief.Error{Code: perspectief.CodeInvalid,
			Message: fmt.Sprintf("Het programmabestand verwijdert %d onderdelen; er is niets ingelezen. Controleer of het bestand volledig is, en bevestig het verwijderen als het zo bedoeld is.", len(rm)),
			Details: details}
	}
	return s.Store.ApplyModel(ctx, m, u.Email, Change{Base: opt.Base, Kind: VersionImport, Reason: "Programmabestand ingelezen"})
}

func checkBase(base, current int) error {
	if base != current {
		return StaleError(base, current)
	}
	return nil
}

// StaleError is the refusal of a change prepared against version base while
// current is the newest: someone else changed the programme in between.
func StaleError(base, current int) error {
	return perspectief.Errorf(perspectief.CodeConflict,
		"Het programma is intussen gewijzigd: de wijziging is gebaseerd op versie %d, maar de huidige versie is %d. Er is niets veranderd; bekijk de nieuwe versie en probeer het opnieuw.", base, current)
}

// PlanRestore returns version number and what restoring it would change
// against the current version. Only a beheerder may restore.
func (s *Service) PlanRestore(ctx context.Context, u account.User, number int) (*Version, *Plan, error) {
	if err := account.Require(u.CanAdminister(), "een eerdere versie van het programma terugzet"); err != nil {
		return nil, nil, err
	}
	v, err := s.Store.Version(ctx, number)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.plan(ctx, v.Model)
	if err != nil {
		return nil, nil, err
	}
	return v, p, nil
}

// Restore makes version number the programme again, as a new version
// (audited, like every change); base must be the current version. It
// returns the number of the new version.
func (s *Service) Restore(ctx context.Context, u account.User, number, base int) (int, error) {
	v, p, err := s.PlanRestore(ctx, u, number)
	if err != nil {
		return 0, err
	}
	if err := checkBase(base, p.Base); err != nil {
		return 0, err
	}
	if fe := v.Model.Validate(); len(fe) > 0 {
		return 0, perspectief.Invalid(fmt.Sprintf("Versie %d voldoet niet aan de huidige regels en kan niet worden teruggezet.", number), fe)
	}
	return s.Store.ApplyModel(ctx, v.Model, u.Email, Change{Base: base, Kind: VersionRestore, Reason: fmt.Sprintf("Versie %d teruggezet", number)})
}
