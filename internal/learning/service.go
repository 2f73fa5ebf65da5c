package learning

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// Store keeps the learning log. Every change writes an audit event in the
// same transaction.
type Store interface {
	// AddEntry stores a signal, lesson or decision without recalibration.
	AddEntry(ctx context.Context, e *Entry) error
	// AddDecision stores a decision together with the recalibrated
	// programme m and the version it makes, in one transaction, and sets
	// e.Version.
	AddDecision(ctx context.Context, e *Entry, m *programme.Model) error
	Entries(ctx context.Context, f Filter) ([]Entry, error)
	Entry(ctx context.Context, id int64) (*Entry, error) // CodeNotFound when absent
	// CitedBy lists the entries that build on entry id.
	CitedBy(ctx context.Context, id int64) ([]Entry, error)
}

// Reader is what other parts (the yearly report) need from the log.
type Reader interface {
	Entries(ctx context.Context, f Filter) ([]Entry, error)
	Entry(ctx context.Context, id int64) (*Entry, error)
}

// ModelReader gives the current programme, to check links and to
// recalibrate.
type ModelReader interface {
	Model(ctx context.Context) (*programme.Model, error)
}

// IndicatorChecker reports whether an indicator code exists; nil skips
// the check.
type IndicatorChecker func(ctx context.Context, code string) bool

// RoundChecker reports whether a wegingskader round with this code (its
// number) exists; nil checks only the form of the code.
type RoundChecker func(ctx context.Context, code string) bool

// Service holds the rules of the learning log.
type Service struct {
	Store      Store
	Programme  ModelReader
	Indicators IndicatorChecker
	Rounds     RoundChecker
	Now        func() time.Time
}

// NewService returns a service with the wall clock.
func NewService(s Store, m ModelReader) *Service {
	return &Service{Store: s, Programme: m, Now: time.Now}
}

var _ Reader = (*Service)(nil)

// Entries returns the entries that match f, newest first.
func (s *Service) Entries(ctx context.Context, f Filter) ([]Entry, error) {
	return s.Store.Entries(ctx, f)
}

// Entry returns one entry.
func (s *Service) Entry(ctx context.Context, id int64) (*Entry, error) { return s.Store.Entry(ctx, id) }

// CitedBy lists the entries that build on entry id.
func (s *Service) CitedBy(ctx context.Context, id int64) ([]Entry, error) {
	return s.Store.CitedBy(ctx, id)
}

// MayAdd reports whether u may add an entry of kind k.
func MayAdd(u account.User, k Kind) bool {
	switch k {
	case Signal:
		return u.CanRecordSignal()
	case Lesson:
		return u.CanRecordLesson()
	case Decision:
		return u.CanDecide()
	}
	return false
}

var roundRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`)

// Limits on the text of an entry.
const (
	MaxTitle = 200
	MaxText  = 10000
)

// Add records an entry. A decision with changes recalibrates the
// programme: the changes are applied to the current programme, checked as
// a whole, and stored with the decision as a new programme version; when
// anything is wrong, nothing is stored.
func (s *Service) Add(ctx context.Context, u account.User, e Entry) (*Entry, error) {
	if !e.Kind.Valid() {
		return nil, perspectief.Invalid("Er is niets vastgelegd.", []programme.FieldError{{Path: "soort", Message: fmt.Sprintf("soort %q is onbekend: kies signaal, les of besluit", e.Kind)}})
	}
	if err := account.Require(MayAdd(u, e.Kind), "een "+strings.ToLower(e.Kind.Label())+" vastlegt"); err != nil {
		return nil, err
	}
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	var fe fieldErrors
	fe.checkText(&e, now)
	ivs := fe.checkProgrammeLinks(&e, m)
	s.checkOtherLinks(ctx, &fe, &e)
	if err := s.checkBasis(ctx, &fe, &e); err != nil {
		return nil, err
	}
	if len(e.Changes) > 0 && e.Kind != Decision {
		fe.add("herijking", "alleen een besluit kan het programma herijken")
	}
	var recal *programme.Model
	if len(fe) == 0 && len(e.Changes) > 0 && e.Kind == Decision {
		var cfe []programme.FieldError
		recal, cfe = Apply(m, e.Changes)
		fe = append(fe, cfe...)
		if len(fe) == 0 && len(programme.Diff(m, recal)) == 0 {
			fe.add("herijking", "de herijking verandert niets aan het programma")
		}
	}
	if len(fe) > 0 {
		return nil, perspectief.Invalid("Er is niets vastgelegd.", fe)
	}
	e.linkChanges(ivs)
	e.ID, e.Version = 0, 0
	e.Author, e.AuthorName, e.CreatedAt = u.Email, u.Name, now
	if recal != nil {
		if err := s.Store.AddDecision(ctx, &e, recal); err != nil {
			return nil, err
		}
		return &e, nil
	}
	if err := s.Store.AddEntry(ctx, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// fieldErrors collects the problems of an entry, one per field and reason.
type fieldErrors []programme.FieldError

func (fe *fieldErrors) add(path, format string, args ...any) {
	*fe = append(*fe, programme.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

// checkText checks the date, title, text and source of e, trimming the
// texts and keeping the day of the date only.
func (fe *fieldErrors) checkText(e *Entry, now time.Time) {
	e.Title, e.Text = strings.TrimSpace(e.Title), strings.TrimSpace(e.Text)
	switch {
	case e.Date.IsZero():
		fe.add("datum", "vul de datum in")
	case e.Date.After(now.Add(24 * time.Hour)):
		fe.add("datum", "de datum ligt in de toekomst")
	case e.Date.Year() < 2000:
		fe.add("datum", "de datum ligt voor 2000")
	}
	e.Date = time.Date(e.Date.Year(), e.Date.Month(), e.Date.Day(), 0, 0, 0, 0, time.UTC)
	if e.Title == "" {
		fe.add("titel", "vul een titel in")
	} else if len([]rune(e.Title)) > MaxTitle {
		fe.add("titel", "de titel is langer dan %s tekens", numfmt.Count(MaxTitle))
	}
	if e.Text == "" {
		fe.add("tekst", "beschrijf wat er is gezien, geleerd of besloten")
	} else if len([]rune(e.Text)) > MaxText {
		fe.add("tekst", "de tekst is langer dan %s tekens", numfmt.Count(MaxText))
	}
	if !e.Source.Valid() {
		fe.add("bron", "kies een bron")
	}
}

// checkProgrammeLinks checks the goals, lines and interventions e links to
// against the current programme m. It returns the line of every
// intervention.
func (fe *fieldErrors) checkProgrammeLinks(e *Entry, m *programme.Model) map[string]string {
	goals, lines, ivs := map[string]bool{}, map[string]bool{}, map[string]string{}
	for _, g := range m.Goals {
		goals[g.Code] = true
	}
	for _, l := range m.Lines {
		lines[l.Code] = true
	}
	for _, iv := range m.Interventions {
		ivs[iv.Code] = iv.Line
	}
	e.Goals = cleanCodes(e.Goals)
	for _, g := range e.Goals {
		if !goals[g] {
			fe.add("doelen", "doel %q staat niet in de doelenboom", g)
		}
	}
	e.Interventions = cleanCodes(e.Interventions)
	for _, c := range e.Interventions {
		if _, ok := ivs[c]; !ok {
			fe.add("interventies", "interventie %q bestaat niet", c)
		}
	}
	e.Lines = cleanCodes(e.Lines)
	for _, l := range e.Lines {
		if !lines[l] {
			fe.add("lijnen", "programmalijn %q bestaat niet", l)
		}
	}
	// An entry about an intervention is about its line too, so that the
	// filter by line finds it; the line is stored with the entry, as it was
	// on the day the entry was made.
	for _, c := range e.Interventions {
		if l := ivs[c]; l != "" && !slices.Contains(e.Lines, l) {
			e.Lines = append(e.Lines, l)
		}
	}
	return ivs
}

// checkOtherLinks checks the indicators and assessment rounds e names.
func (s *Service) checkOtherLinks(ctx context.Context, fe *fieldErrors, e *Entry) {
	e.Indicators = cleanCodes(e.Indicators)
	for _, c := range e.Indicators {
		if s.Indicators != nil && !s.Indicators(ctx, c) {
			fe.add("indicatoren", "indicator %q staat niet in het register", c)
		}
	}
	e.Rounds = cleanCodes(e.Rounds)
	for _, r := range e.Rounds {
		if !roundRE.MatchString(r) {
			fe.add("rondes", "rondecode %q is ongeldig: letters, cijfers en . _ / - (hoogstens 40 tekens)", r)
		} else if s.Rounds != nil && !s.Rounds(ctx, r) {
			fe.add("rondes", "ronde %q bestaat niet in het wegingskader", r)
		}
	}
}

// checkBasis checks that the entries e is based on exist.
func (s *Service) checkBasis(ctx context.Context, fe *fieldErrors, e *Entry) error {
	e.Basis = slices.Compact(slices.Sorted(slices.Values(e.Basis)))
	for _, id := range e.Basis {
		if _, err := s.Store.Entry(ctx, id); err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeNotFound {
				return err
			}
			fe.add("basis", "logboekitem %d bestaat niet", id)
		}
	}
	return nil
}

// linkChanges makes a decision about what it changes: the filter by goal,
// line or intervention finds it there.
func (e *Entry) linkChanges(ivs map[string]string) {
	for _, c := range e.Changes {
		switch c.Target {
		case TargetIntervention:
			e.Interventions = addCode(e.Interventions, c.Code)
			e.Lines = addCode(e.Lines, ivs[c.Code])
			if c.Intervention != nil {
				e.Lines = addCode(e.Lines, c.Intervention.Line)
			}
		case TargetGoal:
			e.Goals = addCode(e.Goals, c.Code)
		}
	}
}

func addCode(cs []string, c string) []string {
	if c == "" || slices.Contains(cs, c) {
		return cs
	}
	return append(cs, c)
}

// cleanCodes trims codes, drops empty ones and duplicates, keeping order.
func cleanCodes(cs []string) []string {
	var out []string
	for _, c := range cs {
		c = strings.TrimSpace(c)
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
