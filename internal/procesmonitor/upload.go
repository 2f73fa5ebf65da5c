package procesmonitor

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/pending"
	"github.com/perspectief/perspectief/internal/programme"
)

// A spending export goes in two steps in the web pages: PreviewSpending
// reads it with the current mapping, says what it would add and which
// codes it cannot map, and keeps the file in the database under a one-time
// token; MapAndPreview stores mappings for those codes and previews the
// kept file again; ConfirmSpending stores it, all or nothing, once every
// code maps. The CLI and the API import in one step (ImportBookings),
// refusing a file with an unmapped code.

// UploadKind is the kind of a kept spending file.
const UploadKind = "uitgaven"

// UploadTTL is how long a previewed file waits for its confirmation.
const UploadTTL = pending.TTL

// SpendingPlan says what a spending file would change.
type SpendingPlan struct {
	File  string
	Token string // set by a preview: confirms this file
	Rows  int    // bookings in the file
	Added int    // bookings with a new reference
	Known int    // bookings stored already with the same data
	Cents int64  // the total of the added bookings
	// Targets sums the added bookings per item or line, Interventions
	// per intervention the mapping names, both by code.
	Targets       []Sum
	Interventions []Sum
	Unmapped      []Unmapped
}

// Sum is a number of bookings and their total.
type Sum struct {
	Code  string
	Count int
	Cents int64
}

// Ready reports whether the file can be stored: every code maps.
func (p *SpendingPlan) Ready() bool { return len(p.Unmapped) == 0 }

// refuseUnmapped refuses a file with an unmapped code, naming the lines.
func (p *SpendingPlan) refuseUnmapped() error {
	probs := &perspectief.Problems{File: p.File, Max: maxCSVErrors}
	for _, u := range p.Unmapped {
		for _, l := range u.Lines {
			probs.Add(l, "lijn_of_post", unmappedMessage, clip(u.Code))
		}
	}
	return probs.Refuse()
}

// CanImportSpending says why u may not import spending or change the
// mapping of codes; nil when u may (beheerder, programmateam).
func (s *Service) CanImportSpending(u account.User) error {
	return account.Require(u.CanEditProgramme(), "uitgaven inleest of codes uit de financiële administratie koppelt")
}

func readAllLimited(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

// plan reads a file with the current mapping and compares it with what is
// stored. A reference stored with other data refuses the whole file.
func (s *Service) plan(ctx context.Context, name string, data []byte) (*SpendingPlan, []Booking, error) {
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(Targets(m)) == 0 {
		return nil, nil, perspectief.Errorf(perspectief.CodeInvalid, "Er is nog geen programma met programmalijnen en posten; lees eerst een programma in.")
	}
	cs, err := s.Store.LedgerCodes(ctx)
	if err != nil {
		return nil, nil, err
	}
	f, err := ReadSpending(name, bytes.NewReader(data), NewMapping(m, cs).Resolve, s.Today())
	if err != nil {
		return nil, nil, err
	}
	p := &SpendingPlan{File: name, Rows: len(f.Bookings), Unmapped: f.Unmapped}
	for _, u := range f.Unmapped {
		p.Rows += u.Count
	}
	refs := make([]string, len(f.Bookings))
	for i, b := range f.Bookings {
		refs[i] = b.Reference
	}
	stored, err := s.Store.BookingsByReference(ctx, refs)
	if err != nil {
		return nil, nil, err
	}
	var fresh []Booking
	targets, ivs := map[string]*Sum{}, map[string]*Sum{}
	probs := &perspectief.Problems{File: name, Max: maxCSVErrors}
	for _, b := range f.Bookings {
		old, ok := stored[b.Reference]
		switch {
		case !ok:
			fresh = append(fresh, b)
			p.Cents += b.Cents
			addSum(targets, b.Target, b.Cents)
			if b.Intervention != "" {
				addSum(ivs, b.Intervention, b.Cents)
			}
		case old.Date.Equal(b.Date) && old.Target == b.Target && old.Cents == b.Cents:
			p.Known++
		default:
			probs.Add(b.Line, "referentie", "%q is al ingelezen met andere gegevens (%s, %s, € %s); een correctie is een nieuwe boeking met een eigen referentie",
				clip(b.Reference), old.Date.Format("2006-01-02"), old.Target, FormatCents(old.Cents))
		}
	}
	if err := probs.Refuse(); err != nil {
		return nil, nil, err
	}
	p.Added = len(fresh)
	p.Targets, p.Interventions = sums(targets), sums(ivs)
	return p, fresh, nil
}

func addSum(m map[string]*Sum, code string, cents int64) {
	if m[code] == nil {
		m[code] = &Sum{Code: code}
	}
	m[code].Count++
	m[code].Cents += cents
}

func sums(m map[string]*Sum) []Sum {
	out := make([]Sum, 0, len(m))
	for _, v := range m {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b Sum) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// PreviewSpending checks an uploaded spending file and says what it would
// add and which codes do not map; the file is kept for ConfirmSpending and
// MapAndPreview under the plan's token. Nothing is stored as bookings.
func (s *Service) PreviewSpending(ctx context.Context, u account.User, name string, data []byte) (*SpendingPlan, error) {
	if err := s.CanImportSpending(u); err != nil {
		return nil, err
	}
	if len(data) > MaxCSVBytes {
		probs := &perspectief.Problems{File: name}
		probs.AddLine(fmt.Sprintf("%s:1: het bestand is groter dan %d MB", name, MaxCSVBytes>>20))
		return nil, probs.Refuse()
	}
	p, _, err := s.plan(ctx, name, data)
	if err != nil {
		return nil, err
	}
	p.Token, err = s.keep(ctx, u, name, data)
	return p, err
}

// MapAndPreview stores the mappings typed on a preview page for its
// unmapped codes (all or none) and previews the file kept under token
// again, under a new token. When a mapping is refused, the plan of the
// file as before comes back with the refusal, so that the page can show
// both.
func (s *Service) MapAndPreview(ctx context.Context, u account.User, token string, in []LedgerInput) (*SpendingPlan, error) {
	if err := s.CanImportSpending(u); err != nil {
		return nil, err
	}
	f, err := s.take(ctx, u, token)
	if err != nil {
		return nil, err
	}
	mapErr := s.SaveLedgerCodes(ctx, u, in)
	if mapErr != nil && perspectief.ErrorCode(mapErr) != perspectief.CodeInvalid {
		return nil, mapErr
	}
	p, err := s.PreviewSpending(ctx, u, f.FileName, f.Content)
	if err != nil {
		return nil, err
	}
	return p, mapErr
}

// ConfirmSpending stores the bookings of the file previewed under token,
// all or nothing; a file with a code that does not map is refused.
func (s *Service) ConfirmSpending(ctx context.Context, u account.User, token string) (ImportResult, error) {
	if err := s.CanImportSpending(u); err != nil {
		return ImportResult{}, err
	}
	f, err := s.take(ctx, u, token)
	if err != nil {
		return ImportResult{}, err
	}
	p, fresh, err := s.plan(ctx, f.FileName, f.Content)
	if err != nil {
		return ImportResult{}, err
	}
	if err := p.refuseUnmapped(); err != nil {
		return ImportResult{}, err
	}
	return s.store(ctx, u, p, fresh, false)
}

// keep stores a previewed file under a new one-time token.
func (s *Service) keep(ctx context.Context, u account.User, name string, data []byte) (string, error) {
	return pending.Keep(ctx, s.Store, s.Now().UTC(), UploadKind, u.Email, name, data)
}

// take returns the file previewed under token, once.
func (s *Service) take(ctx context.Context, u account.User, token string) (pending.File, error) {
	return pending.Take(ctx, s.Store, s.Now().UTC(), UploadKind, u.Email, token)
}

// LedgerCodes returns the mapping of codes of the financial
// administration, by code. Every role may read it.
func (s *Service) LedgerCodes(ctx context.Context) ([]LedgerCode, error) {
	return s.Store.LedgerCodes(ctx)
}

// LedgerCode returns one mapping; CodeNotFound when the code is not mapped.
func (s *Service) LedgerCode(ctx context.Context, code string) (*LedgerCode, error) {
	cs, err := s.Store.LedgerCodes(ctx)
	if err != nil {
		return nil, err
	}
	key := NormalizeLedgerCode(code)
	for i := range cs {
		if cs[i].Code == key {
			return &cs[i], nil
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "Code %q staat niet in de koppeling.", clip(code))
}

// SaveLedgerCodes adds or replaces mappings, all or none: a problem with
// any of them stores nothing and names it ("codes[1].bestemming" when more
// than one is given, else the field).
func (s *Service) SaveLedgerCodes(ctx context.Context, u account.User, in []LedgerInput) error {
	if err := s.CanImportSpending(u); err != nil {
		return err
	}
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return err
	}
	var fe []FieldError
	var cs []LedgerCode
	seen := map[string]bool{}
	for i, li := range in {
		c, errs := CheckLedgerCode(m, li)
		if c.Code != "" && seen[c.Code] {
			errs = append(errs, FieldError{Path: "code", Message: "staat er twee keer"})
		}
		seen[c.Code] = true
		for _, e := range errs {
			if len(in) > 1 {
				e.Path = "codes[" + strconv.Itoa(i) + "]." + e.Path
			}
			fe = append(fe, e)
		}
		c.UpdatedAt, c.Actor = s.Now().UTC(), u.Email
		cs = append(cs, c)
	}
	if len(fe) > 0 {
		return perspectief.Invalid("De koppeling is niet opgeslagen.", fe)
	}
	if len(cs) == 0 {
		return nil
	}
	return s.Store.SaveLedgerCodes(ctx, cs, u.Email)
}

// DeleteLedgerCode removes a mapping. Bookings read with it keep their
// item, line and intervention.
func (s *Service) DeleteLedgerCode(ctx context.Context, u account.User, code string) error {
	if err := s.CanImportSpending(u); err != nil {
		return err
	}
	return s.Store.DeleteLedgerCode(ctx, NormalizeLedgerCode(code), u.Email)
}

// InterventionSpending is what was spent on one intervention in a year,
// as far as the mapping of codes names interventions.
type InterventionSpending struct {
	Intervention string
	Count        int
	Cents        int64
}

// SpendingPerIntervention sums the bookings of year (all years when 0)
// per intervention, in the order of the programme's interventions; the
// bookings without one are the last row, with Intervention "".
func (s *Service) SpendingPerIntervention(ctx context.Context, year int) ([]InterventionSpending, error) {
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	bs, err := s.Store.Bookings(ctx, year)
	if err != nil {
		return nil, err
	}
	return PerIntervention(m.Interventions, bs), nil
}

// PerIntervention sums bookings per intervention, in the order of ivs;
// an intervention without bookings is left out, and the bookings without
// an intervention (or with one no longer in ivs) are the last row, with
// Intervention "".
func PerIntervention(ivs []programme.Intervention, bs []Booking) []InterventionSpending {
	sum := map[string]*InterventionSpending{}
	for _, b := range bs {
		k := b.Intervention
		if k != "" && !slices.ContainsFunc(ivs, func(iv programme.Intervention) bool { return iv.Code == k }) {
			k = ""
		}
		if sum[k] == nil {
			sum[k] = &InterventionSpending{Intervention: k}
		}
		sum[k].Count++
		sum[k].Cents += b.Cents
	}
	var out []InterventionSpending
	for _, iv := range ivs {
		if s, ok := sum[iv.Code]; ok {
			out = append(out, *s)
		}
	}
	if s, ok := sum[""]; ok {
		out = append(out, *s)
	}
	return out
}
