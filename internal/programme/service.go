package programme

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// Store is what the programme service needs from storage. Every method that
// changes something writes an audit event (actor, before, after) in the same
// transaction as the change.
type Store interface {
	Model(ctx context.Context) (*Model, error)
	// ApplyModel replaces goals, lines, interventions and budget in one
	// transaction and stores the version it leaves, whose number it
	// returns. When c.Base is not NoBase and another version is the
	// newest, nothing changes and the error is StaleError. Progress
	// updates and comments are kept.
	ApplyModel(ctx context.Context, m *Model, actor string, c Change) (int, error)
	// CurrentVersion is the number of the newest version, 0 for none.
	CurrentVersion(ctx context.Context) (int, error)
	SaveIntervention(ctx context.Context, before, after Intervention, actor string) error
	// AddInterventions inserts new interventions after the existing ones,
	// in one transaction.
	AddInterventions(ctx context.Context, ivs []Intervention, actor string) error
	AddUpdate(ctx context.Context, u *Update) error
	Updates(ctx context.Context) ([]Update, error)
	AddComment(ctx context.Context, c *Comment) error
	Comments(ctx context.Context, kind, code string) ([]Comment, error)
	// Versions lists every stored version of the programme, oldest first,
	// without their models; Version returns one with its model. Every
	// change of the model (ReplaceModel, SaveIntervention, a decision)
	// stores a version in its own transaction.
	Versions(ctx context.Context) ([]Version, error)
	Version(ctx context.Context, number int) (*Version, error)
}

// Service holds the rules of the programme model: who may change what, and
// what a valid change is.
type Service struct {
	Store Store
	Now   func() time.Time
}

// NewService returns a service on s with the wall clock.
func NewService(s Store) *Service { return &Service{Store: s, Now: time.Now} }

// CurrentPeriod is the reporting period that contains today.
func (s *Service) CurrentPeriod() perspectief.Period { return perspectief.PeriodOf(s.Now()) }

// Model returns the whole programme.
func (s *Service) Model(ctx context.Context) (*Model, error) { return s.Store.Model(ctx) }

// Intervention returns one intervention by code.
func (s *Service) Intervention(ctx context.Context, code string) (*Model, *Intervention, error) {
	m, err := s.Store.Model(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i := range m.Interventions {
		if m.Interventions[i].Code == code {
			return m, &m.Interventions[i], nil
		}
	}
	return nil, nil, perspectief.Errorf(perspectief.CodeNotFound, "interventie %q bestaat niet", code)
}

// UpdateCanvas replaces the canvas of an intervention.
func (s *Service) UpdateCanvas(ctx context.Context, u account.User, code string, c Canvas) error {
	_, iv, err := s.Intervention(ctx, code)
	if err != nil {
		return err
	}
	if err := account.Require(u.CanEditIntervention(iv.Leaders), "het canvas van deze interventie wijzigt"); err != nil {
		return err
	}
	c.Objective, c.Approach = strings.TrimSpace(c.Objective), strings.TrimSpace(c.Approach)
	c.Audience, c.Partners = strings.TrimSpace(c.Audience), strings.TrimSpace(c.Partners)
	if fe := ValidateCanvas(c); len(fe) > 0 {
		return perspectief.Invalid("Het canvas is niet opgeslagen.", fe)
	}
	after := *iv
	after.Canvas = c
	return s.Store.SaveIntervention(ctx, *iv, after, u.Email)
}

// AssignLeaders sets the projectleiders and the free-text owner of an
// intervention. Only a beheerder or the programmateam may; every
// projectleider must be one of eligible (the active projectleider
// accounts), named once. The change is a new version of the programme.
func (s *Service) AssignLeaders(ctx context.Context, u account.User, code string, leaders []string, owner string, eligible []account.User) error {
	if err := account.Require(u.CanAssignLeaders(), "projectleiders toewijst"); err != nil {
		return err
	}
	_, iv, err := s.Intervention(ctx, code)
	if err != nil {
		return err
	}
	ok := map[string]string{}
	for _, e := range eligible {
		if e.Role == account.RoleProjectLeader && !e.Disabled() {
			ok[strings.ToLower(e.Email)] = e.Email
		}
	}
	var fe []FieldError
	seen := map[string]bool{}
	var clean []string
	for _, l := range leaders {
		key := strings.ToLower(strings.TrimSpace(l))
		switch {
		case key == "":
		case ok[key] == "":
			fe = append(fe, FieldError{Path: "projectleiders", Message: fmt.Sprintf("het account %s is geen actieve projectleider", l)})
		case !seen[key]:
			seen[key] = true
			clean = append(clean, ok[key])
		}
	}
	owner = strings.TrimSpace(owner)
	if n := len([]rune(owner)); n > 200 {
		fe = append(fe, FieldError{Path: "eigenaar", Message: fmt.Sprintf("de eigenaar is %s tekens lang; het mogen er hoogstens 200 zijn", numfmt.Count(n))})
	}
	if len(fe) > 0 {
		return perspectief.Invalid("De projectleiders zijn niet opgeslagen.", fe)
	}
	after := *iv
	after.Leaders, after.Owner = clean, owner
	return s.Store.SaveIntervention(ctx, *iv, after, u.Email)
}

// Led returns the interventions of which the account with e-mail address
// email is a projectleider, in programme order.
func (m *Model) Led(email string) []Intervention {
	var out []Intervention
	for _, iv := range m.Interventions {
		if iv.LedBy(email) {
			out = append(out, iv)
		}
	}
	return out
}

// ReportProgress appends a progress update. Values may only name intended
// results of the intervention's canvas.
func (s *Service) ReportProgress(ctx context.Context, u account.User, up Update) (*Update, error) {
	_, iv, err := s.Intervention(ctx, up.Intervention)
	if err != nil {
		return nil, err
	}
	if err := account.Require(u.CanEditIntervention(iv.Leaders), "voortgang van deze interventie rapporteert"); err != nil {
		return nil, err
	}
	var fe []FieldError
	if up.Period.IsZero() {
		fe = append(fe, FieldError{Path: "periode", Message: "kies een periode"})
	} else if s.CurrentPeriod().Before(up.Period) {
		fe = append(fe, FieldError{Path: "periode", Message: fmt.Sprintf("periode %s ligt in de toekomst", up.Period)})
	}
	if !up.Status.Valid() {
		fe = append(fe, FieldError{Path: "status", Message: fmt.Sprintf("status %q bestaat niet; kies op_koers, aandacht_nodig, achter, afgerond of niet_gestart", up.Status)})
	}
	up.Narrative, up.Successes, up.Concerns = strings.TrimSpace(up.Narrative), strings.TrimSpace(up.Successes), strings.TrimSpace(up.Concerns)
	if up.Narrative == "" {
		fe = append(fe, FieldError{Path: "toelichting", Message: "schrijf een korte toelichting"})
	}
	fe = append(fe, checkEscalation(&up)...)
	known := map[string]Result{}
	for _, r := range iv.Canvas.Results {
		known[r.Code] = r
	}
	var vals []ResultValue
	for _, v := range up.Values {
		v.Value = strings.TrimSpace(v.Value)
		r, ok := known[v.Result]
		if !ok {
			fe = append(fe, FieldError{Path: "resultaten." + v.Result, Message: fmt.Sprintf("beoogd resultaat %q hoort niet bij deze interventie", v.Result)})
			continue
		}
		if msg := checkReportedValue(r, v.Value); msg != "" {
			fe = append(fe, FieldError{Path: "resultaten." + v.Result, Message: "resultaat " + v.Result + ": " + msg})
			continue
		}
		if v.Value != "" {
			vals = append(vals, v)
		}
	}
	up.Values = vals
	if len(fe) > 0 {
		return nil, perspectief.Invalid("De voortgang is niet opgeslagen.", fe)
	}
	up.Author = u.Email
	up.CreatedAt = s.Now().UTC()
	if err := s.Store.AddUpdate(ctx, &up); err != nil {
		return nil, err
	}
	return &up, nil
}

// Comment adds advice or a remark to a goal ("doel") or an intervention
// ("interventie").
func (s *Service) Comment(ctx context.Context, u account.User, kind, code, text string) (*Comment, error) {
	if err := account.Require(u.CanComment(), "advies of een opmerking toevoegt"); err != nil {
		return nil, err
	}
	m, err := s.Store.Model(ctx)
	if err != nil {
		return nil, err
	}
	if !m.has(kind, code) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "%s %q bestaat niet", kind, code)
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, perspectief.Invalid("De opmerking is niet opgeslagen.", []FieldError{{Path: "tekst", Message: "de tekst is leeg"}})
	}
	if len(text) > 5000 {
		return nil, perspectief.Invalid("De opmerking is niet opgeslagen.", []FieldError{{Path: "tekst", Message: "de tekst is langer dan 5.000 tekens"}})
	}
	c := &Comment{TargetKind: kind, TargetCode: code, Text: text, Author: u.Email, AuthorRole: string(u.Role), CreatedAt: s.Now().UTC()}
	if err := s.Store.AddComment(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Rollup computes the roll-up for period p (the current period when zero).
func (s *Service) Rollup(ctx context.Context, p perspectief.Period) (*Model, Rollup, error) {
	return s.RollupIn(ctx, p, "")
}

// RollupIn is the roll-up of the interventions that work in area (see
// Intervention.InArea; "" for all). The model it returns keeps every
// intervention.
func (s *Service) RollupIn(ctx context.Context, p perspectief.Period, area string) (*Model, Rollup, error) {
	if !ValidAreaFilter(area) {
		return nil, Rollup{}, perspectief.Errorf(perspectief.CodeNotFound, "gebied %q bestaat niet", area)
	}
	if p.IsZero() {
		p = s.CurrentPeriod()
	}
	m, err := s.Store.Model(ctx)
	if err != nil {
		return nil, Rollup{}, err
	}
	ups, err := s.Store.Updates(ctx)
	if err != nil {
		return nil, Rollup{}, err
	}
	ru := ComputeRollup(m.FilterArea(area), ups, p)
	if area != "" {
		ru.UnservedGoals = nil // a goal unserved in one area may be served elsewhere
	}
	return m, ru, nil
}

// History returns all updates of an intervention, newest first.
func (s *Service) History(ctx context.Context, code string) ([]Update, error) {
	ups, err := s.Store.Updates(ctx)
	if err != nil {
		return nil, err
	}
	return History(ups, code), nil
}

func (m *Model) has(kind, code string) bool {
	switch kind {
	case "doel":
		for _, g := range m.Goals {
			if g.Code == code {
				return true
			}
		}
	case "interventie":
		for _, iv := range m.Interventions {
			if iv.Code == code {
				return true
			}
		}
	}
	return false
}

// Updates returns every progress update, in the order they were made.
func (s *Service) Updates(ctx context.Context) ([]Update, error) { return s.Store.Updates(ctx) }

// Comments returns the advice and remarks on a goal ("doel") or an
// intervention ("interventie"), oldest first. Every role may read them.
func (s *Service) Comments(ctx context.Context, kind, code string) ([]Comment, error) {
	return s.Store.Comments(ctx, kind, code)
}

// Versions lists the programme's versions, oldest first.
func (s *Service) Versions(ctx context.Context) ([]Version, error) { return s.Store.Versions(ctx) }

// Version returns one version with its model and what differs between it
// and the current programme.
func (s *Service) Version(ctx context.Context, number int) (*Version, []Difference, error) {
	v, err := s.Store.Version(ctx, number)
	if err != nil {
		return nil, nil, err
	}
	cur, err := s.Store.Model(ctx)
	if err != nil {
		return nil, nil, err
	}
	return v, Diff(v.Model, cur), nil
}

// MaxEscalationReason is the longest reason of an escalation, in characters.
const MaxEscalationReason = 2000

// checkEscalation: an escalated update needs a reason; a reason without
// the flag is dropped, so that nothing reads as escalated that is not.
func checkEscalation(up *Update) []FieldError {
	up.EscalationReason = strings.TrimSpace(up.EscalationReason)
	switch n := utf8.RuneCountInString(up.EscalationReason); {
	case !up.Escalated:
		up.EscalationReason = ""
	case n == 0:
		return []FieldError{{Path: "escalatie_reden", Message: "geef de reden om naar de regiegroep te escaleren"}}
	case n > MaxEscalationReason:
		return []FieldError{{Path: "escalatie_reden", Message: "de reden is " + numfmt.Format(float64(n), 0, numfmt.Dutch) + " tekens lang; het mogen er hoogstens " + numfmt.Format(MaxEscalationReason, 0, numfmt.Dutch) + " zijn"}}
	}
	return nil
}

// Escalations lists the escalated progress updates, newest first, for the
// regiegroep and the programme's managers.
func (s *Service) Escalations(ctx context.Context, u account.User) ([]Update, error) {
	if err := account.Require(u.CanSeeEscalations(), "de escalaties leest"); err != nil {
		return nil, err
	}
	ups, err := s.Store.Updates(ctx)
	if err != nil {
		return nil, err
	}
	var out []Update
	for i := len(ups) - 1; i >= 0; i-- {
		if ups[i].Escalated {
			out = append(out, ups[i])
		}
	}
	return out, nil
}
