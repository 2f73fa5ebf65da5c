package procesmonitor

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/pending"
	"github.com/perspectief/perspectief/internal/programme"
)

// Store is what the procesmonitor needs from storage. Every method that
// changes something writes an audit event in the same transaction.
type Store interface {
	// Bookings returns the bookings of year (every year when 0), by date.
	Bookings(ctx context.Context, year int) ([]Booking, error)
	// BookingsByReference returns the stored bookings with these references.
	BookingsByReference(ctx context.Context, refs []string) (map[string]Booking, error)
	// AddBookings stores imp and its new bookings in one transaction and
	// sets imp.ID. A reference stored meanwhile is a conflict.
	AddBookings(ctx context.Context, imp *Import, bs []Booking) error
	Imports(ctx context.Context) ([]Import, error)

	// LedgerCodes returns the mapping of codes of the financial
	// administration, by code.
	LedgerCodes(ctx context.Context) ([]LedgerCode, error)
	// SaveLedgerCodes adds or replaces mappings in one transaction, each
	// change audited with its old and new destination.
	SaveLedgerCodes(ctx context.Context, cs []LedgerCode, actor string) error
	// DeleteLedgerCode removes a mapping (CodeNotFound when absent), audited.
	DeleteLedgerCode(ctx context.Context, code, actor string) error

	// Previewed spending files are kept under the kind UploadKind.
	pending.Store

	Commitments(ctx context.Context) ([]Commitment, error)
	// SetCommitments stores the amounts of one year; an amount of 0 removes
	// the row. Each change is audited with its old and new amount.
	SetCommitments(ctx context.Context, year int, cs []Commitment, actor string) error

	// Milestones returns the milestones of one intervention, or all when
	// intervention is "".
	Milestones(ctx context.Context, intervention string) ([]Milestone, error)
	Milestone(ctx context.Context, id int64) (*Milestone, error) // CodeNotFound when absent
	// AddMilestone stores a new milestone with the first entry of its
	// history; SaveMilestone adds an entry when the status or the date
	// changes (Changed).
	AddMilestone(ctx context.Context, m *Milestone) error
	SaveMilestone(ctx context.Context, before, after Milestone) error
	// MilestoneHistory returns the history of the milestones of one
	// intervention, or of all when intervention is "", oldest first.
	MilestoneHistory(ctx context.Context, intervention string) ([]MilestoneChange, error)
	DeleteMilestone(ctx context.Context, m Milestone, actor string) error
}

// Programme is where the budget tables and interventions come from.
type Programme interface {
	Model(ctx context.Context) (*programme.Model, error)
}

// Service holds the procesmonitor's rules: who may change what, and what a
// valid change is.
type Service struct {
	Store     Store
	Programme Programme
	Now       func() time.Time
}

// NewService returns a service with the wall clock.
func NewService(st Store, p Programme) *Service {
	return &Service{Store: st, Programme: p, Now: time.Now}
}

// Today is the current Dutch calendar date.
func (s *Service) Today() time.Time { return Civil(s.Now()) }

// Overview computes the money of the programme as of today, with the
// forecast of year (the current year when 0). Every role may read it.
func (s *Service) Overview(ctx context.Context, year int) (*programme.Model, *Overview, error) {
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, nil, err
	}
	bs, err := s.Store.Bookings(ctx, 0)
	if err != nil {
		return nil, nil, err
	}
	cs, err := s.Store.Commitments(ctx)
	if err != nil {
		return nil, nil, err
	}
	today := s.Today()
	if year == 0 {
		year = today.Year()
	}
	o := Compute(m, bs, cs, today, year)
	if !slices.Contains(o.Years, year) {
		return nil, nil, perspectief.Errorf(perspectief.CodeInvalid, "Jaar %d valt buiten de begroting (%s).", year, yearRange(o.Years))
	}
	return m, o, nil
}

func yearRange(ys []int) string {
	if len(ys) == 0 {
		return "er is nog geen begroting"
	}
	return fmt.Sprintf("%d t/m %d", ys[0], ys[len(ys)-1])
}

// Bookings lists the bookings of year (all years when 0).
func (s *Service) Bookings(ctx context.Context, year int) ([]Booking, error) {
	return s.Store.Bookings(ctx, year)
}

// Imports lists the imported spending files, newest first.
func (s *Service) Imports(ctx context.Context) ([]Import, error) { return s.Store.Imports(ctx) }

// Synthetic reports whether any stored spending is the demo's made-up
// history, which every page showing it must say.
func (s *Service) Synthetic(ctx context.Context) (bool, error) {
	imps, err := s.Store.Imports(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(imps, func(i Import) bool { return i.Synthetic }), nil
}

// ImportResult says what an import did.
type ImportResult struct {
	File  string
	Added int
	Known int // skipped: already stored with the same date, code and amount
}

// ImportBookings reads a spending export and stores the bookings whose
// reference is new, in one transaction. A booking whose reference is
// stored with the same date, code and amount is skipped, so the same export
// imported twice changes nothing; one stored with other data refuses the
// whole file. Only beheerder and programmateam may import.
func (s *Service) ImportBookings(ctx context.Context, u account.User, name string, r io.Reader) (ImportResult, error) {
	return s.importBookings(ctx, u, name, r, false)
}

// ImportSynthetic is ImportBookings for the demo's made-up history: the
// import is marked synthetic, so the pages say so.
func (s *Service) ImportSynthetic(ctx context.Context, u account.User, name string, r io.Reader) (ImportResult, error) {
	return s.importBookings(ctx, u, name, r, true)
}

func (s *Service) importBookings(ctx context.Context, u account.User, name string, r io.Reader, synthetic bool) (ImportResult, error) {
	res := ImportResult{File: name}
	if err := s.CanImportSpending(u); err != nil {
		return res, err
	}
	data, err := readAllLimited(name, r)
	if err != nil {
		return res, err
	}
	p, fresh, err := s.plan(ctx, name, data)
	if err != nil {
		return res, err
	}
	if err := p.refuseUnmapped(); err != nil {
		return res, err
	}
	return s.store(ctx, u, p, fresh, synthetic)
}

// store adds the new bookings of a checked file, with its import row.
func (s *Service) store(ctx context.Context, u account.User, p *SpendingPlan, fresh []Booking, synthetic bool) (ImportResult, error) {
	res := ImportResult{File: p.File, Known: p.Known}
	if len(fresh) == 0 {
		return res, nil // everything was there already: nothing changes, nothing to audit
	}
	imp := &Import{File: p.File, At: s.Now().UTC(), Actor: u.Email, Added: len(fresh), Known: p.Known, Synthetic: synthetic}
	if err := s.Store.AddBookings(ctx, imp, fresh); err != nil {
		return res, err
	}
	res.Added = len(fresh)
	return res, nil
}

// CommitmentInput is one amount of a commitments form: the code and the
// amount in euros as typed ("" means 0).
type CommitmentInput struct {
	Target string
	Amount string
}

// Commitments returns every stored commitment.
func (s *Service) Commitments(ctx context.Context) ([]Commitment, error) {
	return s.Store.Commitments(ctx)
}

// SetCommitments stores the committed amounts of one year for the items
// given. Only beheerder and programmateam may. Every problem is reported
// as "code: message" and nothing is stored when there is one.
func (s *Service) SetCommitments(ctx context.Context, u account.User, year int, in []CommitmentInput) error {
	if err := account.Require(u.CanEditProgramme(), "vastgelegde bedragen wijzigt"); err != nil {
		return err
	}
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return err
	}
	first, last := Horizon(m, s.Today())
	if year < first || year > last {
		return perspectief.Errorf(perspectief.CodeInvalid, "Jaar %d valt buiten de begroting (%d t/m %d).", year, first, last)
	}
	resolve := resolver(Targets(m))
	var details []FieldError
	var cs []Commitment
	seen := map[string]bool{}
	for _, c := range in {
		code, ok := resolve(strings.TrimSpace(c.Target))
		if !ok {
			details = append(details, FieldError{Path: clip(c.Target), Message: "geen post of programmalijn van de begroting"})
			continue
		}
		if seen[code] {
			details = append(details, FieldError{Path: code, Message: "staat er twee keer"})
			continue
		}
		seen[code] = true
		var cents int64
		if a := strings.TrimSpace(c.Amount); a != "" {
			if cents, err = ParseAmount(a); err != nil {
				details = append(details, FieldError{Path: code, Message: err.Error()})
				continue
			}
		}
		if cents < 0 {
			details = append(details, FieldError{Path: code, Message: "een vastgelegd bedrag kan niet negatief zijn"})
			continue
		}
		cs = append(cs, Commitment{Target: code, Year: year, Cents: cents, UpdatedAt: s.Now().UTC(), Actor: u.Email})
	}
	if len(details) > 0 {
		return perspectief.Invalid("De vastgelegde bedragen zijn niet opgeslagen.", details)
	}
	return s.Store.SetCommitments(ctx, year, cs, u.Email)
}

// Milestones returns the milestones of an intervention ("" for all), by
// due date.
func (s *Service) Milestones(ctx context.Context, intervention string) ([]Milestone, error) {
	ms, err := s.Store.Milestones(ctx, intervention)
	if err != nil {
		return nil, err
	}
	SortMilestones(ms)
	return ms, nil
}

// MilestoneHistory returns the changes of status and date of an
// intervention's milestones ("" for all), oldest first.
func (s *Service) MilestoneHistory(ctx context.Context, intervention string) ([]MilestoneChange, error) {
	return s.Store.MilestoneHistory(ctx, intervention)
}

// MilestonesAt returns every milestone as it stood at the moment end (see
// MilestonesAt), by due date.
func (s *Service) MilestonesAt(ctx context.Context, end time.Time) ([]Milestone, error) {
	ms, err := s.Store.Milestones(ctx, "")
	if err != nil {
		return nil, err
	}
	hs, err := s.Store.MilestoneHistory(ctx, "")
	if err != nil {
		return nil, err
	}
	ms = MilestonesAt(ms, hs, end)
	SortMilestones(ms)
	return ms, nil
}

// Attention returns the milestones that are late or due within days.
func (s *Service) Attention(ctx context.Context, days int) (Attention, error) {
	if days < 0 || days > 366 {
		return Attention{}, perspectief.Errorf(perspectief.CodeInvalid, "Het aantal dagen vooruit moet tussen 0 en 366 liggen, niet %d.", days)
	}
	ms, err := s.Store.Milestones(ctx, "")
	if err != nil {
		return Attention{}, err
	}
	return NeedsAttention(ms, s.Today(), days), nil
}

// intervention finds an intervention and checks that u may plan it.
func (s *Service) intervention(ctx context.Context, u account.User, code string) (*programme.Intervention, error) {
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	for i := range m.Interventions {
		if iv := &m.Interventions[i]; iv.Code == code {
			return iv, account.Require(u.CanEditIntervention(iv.Leaders), "de planning van deze interventie wijzigt")
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "interventie %q bestaat niet", code)
}

// CanPlan reports whether u may add, change and remove the milestones of an
// intervention owned by owner: the same people who edit its canvas.
func CanPlan(u account.User, leaders []string) bool { return u.CanEditIntervention(leaders) }

// Milestone returns one milestone of an intervention.
func (s *Service) Milestone(ctx context.Context, intervention string, id int64) (*Milestone, error) {
	ms, err := s.Store.Milestone(ctx, id)
	if err != nil {
		return nil, err
	}
	if ms.Intervention != intervention {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "mijlpaal %d hoort niet bij interventie %q", id, intervention)
	}
	return ms, nil
}

// AddMilestone adds a milestone to an intervention.
func (s *Service) AddMilestone(ctx context.Context, u account.User, intervention string, in MilestoneInput) (*Milestone, error) {
	if _, err := s.intervention(ctx, u, intervention); err != nil {
		return nil, err
	}
	m, fe := ParseMilestone(in)
	if len(fe) > 0 {
		return nil, perspectief.Invalid("De mijlpaal is niet opgeslagen.", fe)
	}
	m.Intervention, m.UpdatedAt, m.Actor = intervention, s.Now().UTC(), u.Email
	if err := s.Store.AddMilestone(ctx, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// UpdateMilestone replaces the fields of a milestone.
func (s *Service) UpdateMilestone(ctx context.Context, u account.User, intervention string, id int64, in MilestoneInput) (*Milestone, error) {
	if _, err := s.intervention(ctx, u, intervention); err != nil {
		return nil, err
	}
	before, err := s.Milestone(ctx, intervention, id)
	if err != nil {
		return nil, err
	}
	after, fe := ParseMilestone(in)
	if len(fe) > 0 {
		return nil, perspectief.Invalid("De mijlpaal is niet opgeslagen.", fe)
	}
	after.ID, after.Intervention, after.UpdatedAt, after.Actor = id, intervention, s.Now().UTC(), u.Email
	if err := s.Store.SaveMilestone(ctx, *before, after); err != nil {
		return nil, err
	}
	return &after, nil
}

// DeleteMilestone removes a milestone.
func (s *Service) DeleteMilestone(ctx context.Context, u account.User, intervention string, id int64) error {
	if _, err := s.intervention(ctx, u, intervention); err != nil {
		return err
	}
	m, err := s.Milestone(ctx, intervention, id)
	if err != nil {
		return err
	}
	return s.Store.DeleteMilestone(ctx, *m, u.Email)
}

// LineEuros is the money of one programme line ("" for the programme as a
// whole) in one year, in euros.
type LineEuros struct {
	Line string
	// Available is nil where the money is not divided over the lines (no
	// source is tied to the line).
	Available *float64
	Allocated float64
	Spent     float64
}

// eurosPerUnit converts the budget tables' thousands of euros to euros.
const eurosPerUnit = 1000

// YearInEuros gives each line's money in year in euros: what is
// allocated, what was spent, and what is available where sources are tied
// to a line. A year without any spending, or outside the budget, has none,
// so that a reader says so rather than showing zeros.
func (s *Service) YearInEuros(ctx context.Context, year int) ([]LineEuros, error) {
	_, o, err := s.Overview(ctx, year)
	if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
		return nil, nil // the year lies outside the budget
	}
	if err != nil {
		return nil, err
	}
	var out []LineEuros
	spent := false
	for _, l := range o.Lines {
		f, ok := l.FiguresOf(year)
		if !ok {
			continue
		}
		e := LineEuros{Line: l.Code, Allocated: f.Allocated * eurosPerUnit, Spent: f.Spent * eurosPerUnit}
		if f.HasAvailable {
			v := f.Available * eurosPerUnit
			e.Available = &v
		}
		spent = spent || f.Spent != 0
		out = append(out, e)
	}
	if !spent {
		return nil, nil
	}
	return out, nil
}
