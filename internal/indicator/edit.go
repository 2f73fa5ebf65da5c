package indicator

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// Kinds of register version: what made the change.
const (
	VersionImport  = "ingelezen"  // a register file or the built-in register was stored
	VersionAdd     = "toegevoegd" // an indicator was added
	VersionEdit    = "gewijzigd"  // an indicator was changed
	VersionRetire  = "vervallen"  // an indicator was retired
	VersionRestore = "teruggezet" // an earlier version was made the register again
)

// RegisterVersion is the register's indicators as they were after one
// change, with who made it, when and why, like the programme's versions.
type RegisterVersion struct {
	Number     int
	CreatedAt  time.Time
	Actor      string
	Kind       string
	Code       string // the indicator changed; empty for an import
	Reason     string
	Changes    []RegisterDifference // against the version before
	Indicators []Indicator          // nil in a list of versions
}

// KindLabel is the Dutch name of the version's kind.
func (v RegisterVersion) KindLabel() string {
	switch v.Kind {
	case VersionImport:
		return "Register ingelezen"
	case VersionAdd:
		return "Indicator toegevoegd"
	case VersionEdit:
		return "Indicator gewijzigd"
	case VersionRetire:
		return "Indicator vervallen"
	case VersionRestore:
		return "Eerdere versie teruggezet"
	}
	return v.Kind
}

// RegisterChange says why the register changes, for the version it leaves.
type RegisterChange struct {
	Kind, Code, Reason, Actor string
}

// RegisterDifference is one indicator that differs between two versions.
type RegisterDifference struct {
	Code   string   `json:"code"`
	Name   string   `json:"naam"`
	Change string   `json:"wijziging"` // toegevoegd, gewijzigd, verwijderd
	Fields []string `json:"velden"`    // for gewijzigd: the fields, as in the register file
}

// DiffIndicators lists the indicators that differ from old to new, in the
// order of new (removed ones after).
func DiffIndicators(old, new []Indicator) []RegisterDifference {
	before := map[string]Indicator{}
	for _, ind := range old {
		before[ind.Code] = ind
	}
	var out []RegisterDifference
	now := map[string]bool{}
	for _, ind := range new {
		now[ind.Code] = true
		o, ok := before[ind.Code]
		if !ok {
			out = append(out, RegisterDifference{Code: ind.Code, Name: ind.Name, Change: VersionAdd})
			continue
		}
		if fs := changedFields(o, ind); len(fs) > 0 {
			out = append(out, RegisterDifference{Code: ind.Code, Name: ind.Name, Change: VersionEdit, Fields: fs})
		}
	}
	for _, ind := range old {
		if !now[ind.Code] {
			out = append(out, RegisterDifference{Code: ind.Code, Name: ind.Name, Change: "verwijderd"})
		}
	}
	return out
}

// changedFields names the fields of the register file that differ.
func changedFields(a, b Indicator) []string {
	var fs []string
	ta, tb := reflect.TypeOf(a), reflect.ValueOf(b)
	va := reflect.ValueOf(a)
	for i := range ta.NumField() {
		x, y := va.Field(i).Interface(), tb.Field(i).Interface()
		if isEmpty(x) && isEmpty(y) || reflect.DeepEqual(x, y) {
			continue
		}
		name, _, _ := strings.Cut(ta.Field(i).Tag.Get("yaml"), ",")
		fs = append(fs, name)
	}
	return fs
}

func isEmpty(v any) bool {
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Slice, reflect.Map:
		return r.Len() == 0
	}
	return r.IsZero()
}

// CanEditRegister says why u may not add, change or retire indicators;
// nil when u may: the beheerder and the programme team keep the register.
func (s *Service) CanEditRegister(u account.User) error {
	return account.Require(u.CanEditProgramme(), "het indicatorenregister wijzigt")
}

// storedRegister returns the stored register; a database that has none
// yet first stores the built-in one, so that a change adds to it instead
// of replacing it.
func (s *Service) storedRegister(ctx context.Context, actor string) (*Register, error) {
	reg, err := s.Store.Register(ctx)
	if err != nil || len(reg.Indicators) > 0 {
		return reg, err
	}
	if reg, err = DefaultRegister(); err != nil {
		return nil, err
	}
	return reg, s.Store.SaveRegister(ctx, reg, actor)
}

// prepare cleans up an indicator as entered: spaces trimmed, old kinds
// mapped. The targets keep their order until they are checked, so that a
// problem names the target as it was sent; sortTargets puts them in year
// order then.
func prepare(ind *Indicator) {
	for _, p := range []*string{&ind.Code, &ind.Name, &ind.Definition, &ind.Unit, &ind.Type, &ind.Kind, &ind.Level, &ind.Source, &ind.Frequency, &ind.Direction, &ind.Owner, &ind.Note} {
		*p = strings.TrimSpace(*p)
	}
	ind.NormalizeKind()
	for i := range ind.Targets {
		ind.Targets[i].Reason = strings.TrimSpace(ind.Targets[i].Reason)
	}
	ind.Goals = slices.DeleteFunc(ind.Goals, func(g string) bool { return strings.TrimSpace(g) == "" })
}

func sortTargets(ind *Indicator) {
	slices.SortStableFunc(ind.Targets, func(a, b Target) int { return a.Year - b.Year })
}

// AddIndicator checks ind and adds it to the register as a new version.
// A code already in the register is a conflict. It returns the version.
func (s *Service) AddIndicator(ctx context.Context, u account.User, ind Indicator, reason string) (int, error) {
	if err := s.CanEditRegister(u); err != nil {
		return 0, err
	}
	prepare(&ind)
	if fs := CheckIndicator(&ind); len(fs) > 0 {
		return 0, perspectief.Invalid("De indicator is niet toegevoegd.", fs)
	}
	reg, err := s.storedRegister(ctx, u.Email)
	if err != nil {
		return 0, err
	}
	if _, ok := reg.Indicator(ind.Code); ok {
		return 0, &perspectief.Error{Code: perspectief.CodeConflict, Message: fmt.Sprintf("De indicator %q bestaat al; kies een andere code of wijzig de bestaande.", ind.Code),
			Fields: []perspectief.FieldError{{Path: "code", Message: fmt.Sprintf("%q is al in gebruik", ind.Code)}}}
	}
	if strings.TrimSpace(reason) == "" {
		reason = "Indicator " + ind.Code + " toegevoegd"
	}
	sortTargets(&ind)
	return s.Store.SaveIndicator(ctx, ind, true, RegisterChange{Kind: VersionAdd, Code: ind.Code, Reason: strings.TrimSpace(reason), Actor: u.Email})
}

// UpdateIndicator replaces indicator code by ind (its code cannot change)
// as a new version, and returns the version. Retiring (vervallen from
// false to true) needs a reason.
func (s *Service) UpdateIndicator(ctx context.Context, u account.User, code string, ind Indicator, reason string) (int, error) {
	if err := s.CanEditRegister(u); err != nil {
		return 0, err
	}
	reg, err := s.storedRegister(ctx, u.Email)
	if err != nil {
		return 0, err
	}
	old, ok := reg.Indicator(code)
	if !ok {
		return 0, perspectief.Errorf(perspectief.CodeNotFound, "De indicator %q bestaat niet.", code)
	}
	prepare(&ind)
	if ind.Code == "" {
		ind.Code = code
	}
	fs := CheckIndicator(&ind)
	if ind.Code != code {
		fs = append(fs, perspectief.FieldError{Path: "code", Message: fmt.Sprintf("de code van een indicator kan niet veranderen (%q, niet %q); voeg een nieuwe indicator toe en laat deze vervallen", code, ind.Code)})
	}
	kind := VersionEdit
	reason = strings.TrimSpace(reason)
	if ind.Retired && !old.Retired {
		kind = VersionRetire
		if reason == "" {
			fs = append(fs, perspectief.FieldError{Path: "reden", Message: "vul in waarom de indicator vervalt"})
		}
	}
	if len(fs) > 0 {
		return 0, perspectief.Invalid("De indicator is niet gewijzigd.", fs)
	}
	sortTargets(&ind)
	if len(changedFields(*old, ind)) == 0 {
		return 0, perspectief.Errorf(perspectief.CodeInvalid, "Er is niets veranderd aan de indicator %q; er is geen nieuwe versie gemaakt.", code)
	}
	if reason == "" {
		reason = "Indicator " + code + " gewijzigd"
	}
	return s.Store.SaveIndicator(ctx, ind, false, RegisterChange{Kind: kind, Code: code, Reason: reason, Actor: u.Email})
}

// RetireIndicator marks indicator code as vervallen, for reason: its values
// and page stay, but it is no longer offered for new values or links.
func (s *Service) RetireIndicator(ctx context.Context, u account.User, code, reason string) (int, error) {
	if err := s.CanEditRegister(u); err != nil {
		return 0, err
	}
	reg, err := s.Register(ctx)
	if err != nil {
		return 0, err
	}
	old, ok := reg.Indicator(code)
	if !ok {
		return 0, perspectief.Errorf(perspectief.CodeNotFound, "De indicator %q bestaat niet.", code)
	}
	if old.Retired {
		return 0, perspectief.Errorf(perspectief.CodeConflict, "De indicator %q is al vervallen.", code)
	}
	ind := cloneIndicator(*old)
	ind.Retired = true
	return s.UpdateIndicator(ctx, u, code, ind, reason)
}

// cloneIndicator copies ind, so that a change does not touch the register
// it came from.
func cloneIndicator(ind Indicator) Indicator {
	ind.Targets = slices.Clone(ind.Targets)
	ind.Goals = slices.Clone(ind.Goals)
	if ind.Baseline != nil {
		b := *ind.Baseline
		ind.Baseline = &b
	}
	return ind
}

// RegisterVersions lists the register's versions, oldest first.
func (s *Service) RegisterVersions(ctx context.Context) ([]RegisterVersion, error) {
	return s.Store.RegisterVersions(ctx)
}

// RegisterVersion returns one version with its indicators.
func (s *Service) RegisterVersion(ctx context.Context, n int) (*RegisterVersion, error) {
	return s.Store.RegisterVersion(ctx, n)
}

// RegisterRestore is what restoring an earlier version of the register
// would do: the version, the register it makes and what that changes
// against the current one.
type RegisterRestore struct {
	Version    *RegisterVersion
	Indicators []Indicator
	Changes    []RegisterDifference
	// Retired lists the indicators added since the version, which stay
	// in the register as vervallen: their values and links refer to them.
	Retired []Indicator
}

// PlanRegisterRestore says what restoring version n would change, for
// the roles that may edit the register. Nothing changes.
func (s *Service) PlanRegisterRestore(ctx context.Context, u account.User, n int) (*RegisterRestore, error) {
	if err := s.CanEditRegister(u); err != nil {
		return nil, err
	}
	v, err := s.Store.RegisterVersion(ctx, n)
	if err != nil {
		return nil, err
	}
	cur, err := s.Register(ctx)
	if err != nil {
		return nil, err
	}
	p := &RegisterRestore{Version: v}
	for _, ind := range v.Indicators {
		p.Indicators = append(p.Indicators, cloneIndicator(ind))
	}
	for _, ind := range cur.Indicators {
		if !slices.ContainsFunc(v.Indicators, func(o Indicator) bool { return o.Code == ind.Code }) {
			ind = cloneIndicator(ind)
			ind.Retired = true
			p.Indicators = append(p.Indicators, ind)
			p.Retired = append(p.Retired, ind)
		}
	}
	p.Changes = DiffIndicators(cur.Indicators, p.Indicators)
	return p, nil
}

// RestoreRegister makes version n the register again, as a new version
// (history is never rewritten) with reason, audited, and returns the new
// version's number. Indicators added since n stay, retired (see
// RegisterRestore). A version equal to the current register is refused.
func (s *Service) RestoreRegister(ctx context.Context, u account.User, n int, reason string) (int, error) {
	p, err := s.PlanRegisterRestore(ctx, u, n)
	if err != nil {
		return 0, err
	}
	if len(p.Changes) == 0 {
		return 0, perspectief.Errorf(perspectief.CodeInvalid, "Versie %d is gelijk aan het huidige register; er is niets teruggezet en geen nieuwe versie gemaakt.", n)
	}
	if _, err := s.storedRegister(ctx, u.Email); err != nil {
		return 0, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = fmt.Sprintf("Versie %d teruggezet", n)
	}
	return s.Store.RestoreRegister(ctx, p.Indicators, RegisterChange{Kind: VersionRestore, Reason: reason, Actor: u.Email})
}

// Active lists the indicators that are not vervallen: the ones pickers
// offer.
func (r *Register) Active() []Indicator {
	var out []Indicator
	for _, ind := range r.Indicators {
		if !ind.Retired {
			out = append(out, ind)
		}
	}
	return out
}

// BaselineLabel describes the baseline: "nulmeting 2023: 7,5%".
func (ind *Indicator) BaselineLabel() string {
	if ind.Baseline == nil {
		return ""
	}
	return fmt.Sprintf("nulmeting %d: %s", ind.Baseline.Year, FormatNumber(ind.Baseline.Value, ind.IsPercent()))
}
