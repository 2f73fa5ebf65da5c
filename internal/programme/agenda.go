package programme

import (
	"context"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// Agenda is what a projectleider has to do and to read: their
// interventions, which of them still need the update of the period, and
// the advice and remarks others left on them since a moment (the last
// visit).
type Agenda struct {
	Period perspectief.Period
	// Due are the interventions without an update for Period yet; Given
	// those with one.
	Due, Given []Intervention
	// Advice is what others wrote on the interventions after Since,
	// oldest first.
	Advice []Comment
	Since  time.Time
}

// AgendaFor builds the agenda of the account with e-mail address email in
// period p, from every update and the comments on the account's
// interventions. Comments the account wrote itself are not news to it.
func AgendaFor(m *Model, ups []Update, comments []Comment, email string, p perspectief.Period, since time.Time) Agenda {
	a := Agenda{Period: p, Since: since}
	missing := map[string]bool{}
	for _, iv := range Missing(m, ups, p) {
		missing[iv.Code] = true
	}
	mine := map[string]bool{}
	for _, iv := range m.Led(email) {
		mine[iv.Code] = true
		if missing[iv.Code] {
			a.Due = append(a.Due, iv)
		} else {
			a.Given = append(a.Given, iv)
		}
	}
	for _, c := range comments {
		if c.TargetKind == "interventie" && mine[c.TargetCode] && c.CreatedAt.After(since) && !strings.EqualFold(c.Author, email) {
			a.Advice = append(a.Advice, c)
		}
	}
	return a
}

// Missing lists, per intervention without an update for period p, the
// intervention: what the reminders and the programme team's digest name.
func Missing(m *Model, ups []Update, p perspectief.Period) []Intervention {
	given := map[string]bool{}
	for _, u := range ups {
		if u.Period == p {
			given[u.Intervention] = true
		}
	}
	var out []Intervention
	for _, iv := range m.Interventions {
		if !given[iv.Code] {
			out = append(out, iv)
		}
	}
	return out
}

// Agenda is the agenda of u in the current period: u's interventions, and
// the advice on them since since.
func (s *Service) Agenda(ctx context.Context, u account.User, since time.Time) (*Model, Agenda, error) {
	m, err := s.Store.Model(ctx)
	if err != nil {
		return nil, Agenda{}, err
	}
	ups, err := s.Store.Updates(ctx)
	if err != nil {
		return nil, Agenda{}, err
	}
	var cs []Comment
	for _, iv := range m.Led(u.Email) {
		c, err := s.Store.Comments(ctx, "interventie", iv.Code)
		if err != nil {
			return nil, Agenda{}, err
		}
		cs = append(cs, c...)
	}
	return m, AgendaFor(m, ups, cs, u.Email, s.CurrentPeriod(), since), nil
}
