// Package reminder decides which reminders of the tertial rhythm are due:
// to each intervention's projectleiders when the update of a tertial is
// due, and a weekly digest of what is missing to the programme team. It
// sends them through a Sender exactly once per recipient, kind and period,
// across restarts and instances, by claiming each in a Store first. It
// knows nothing of SMTP or SQL.
package reminder

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// Kinds of message.
const (
	KindReminder = "herinnering" // to a projectleider, once per tertial
	KindDigest   = "overzicht"   // to a programmateam member, once per week
)

// Settings say when reminders go out: from DaysBefore days before the end
// of a tertial until DaysAfter days after it.
type Settings struct {
	DaysBefore, DaysAfter int
}

// DefaultSettings: two weeks before the end of the tertial to three weeks
// after it.
func DefaultSettings() Settings { return Settings{DaysBefore: 14, DaysAfter: 21} }

// Validate checks the settings; the message names the flags' meaning.
func (s Settings) Validate() error {
	if s.DaysBefore < 0 || s.DaysBefore > 120 || s.DaysAfter < 0 || s.DaysAfter > 120 {
		return perspectief.Errorf(perspectief.CodeInvalid, "de dagen voor en na het einde van het tertiaal moeten tussen 0 en 120 liggen, niet %d en %d", s.DaysBefore, s.DaysAfter)
	}
	return nil
}

// End is the last day of tertial p (April 30, August 31, December 31).
func End(p perspectief.Period) time.Time {
	first := time.Date(p.Year, time.Month((p.Tertial-1)*4+1), 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 4, -1)
}

// DueTertial is the tertial whose update is due on day, and whether there
// is one: the current or the previous tertial when day lies in its window.
func (s Settings) DueTertial(day time.Time) (perspectief.Period, bool) {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	cur := perspectief.PeriodOf(d)
	for _, p := range []perspectief.Period{cur, cur.Prev()} {
		end := End(p)
		if !d.Before(end.AddDate(0, 0, -s.DaysBefore)) && !d.After(end.AddDate(0, 0, s.DaysAfter)) {
			return p, true
		}
	}
	return perspectief.Period{}, false
}

// Message is one e-mail: to whom, its key (Kind, Period, To) and text.
type Message struct {
	Kind    string
	Period  string // the tertial (herinnering) or the ISO week (overzicht)
	To      string
	Name    string // the recipient's display name
	Subject string
	Body    string
	// Interventions are the codes the message names.
	Interventions []string
}

// Plan lists the messages due on day: a reminder to every projectleider
// (active account) with an intervention lacking the update of the due
// tertial, and a digest of every such intervention to each active
// programmateam member. siteURL, when set, is put in the messages as
// where to report.
func Plan(m *programme.Model, ups []programme.Update, users []account.User, day time.Time, s Settings, siteURL string) []Message {
	p, ok := s.DueTertial(day)
	if !ok {
		return nil
	}
	missing := programme.Missing(m, ups, p)
	if len(missing) == 0 {
		return nil
	}
	active := map[string]account.User{}
	var team []account.User
	for _, u := range users {
		if u.Disabled() {
			continue
		}
		active[strings.ToLower(u.Email)] = u
		if u.Role == account.RoleTeam {
			team = append(team, u)
		}
	}
	end := End(p)
	byLeader := map[string][]programme.Intervention{}
	for _, iv := range missing {
		for _, l := range iv.Leaders {
			if u, ok := active[strings.ToLower(l)]; ok && u.Role == account.RoleProjectLeader {
				byLeader[u.Email] = append(byLeader[u.Email], iv)
			}
		}
	}
	var out []Message
	leaders := make([]string, 0, len(byLeader))
	for e := range byLeader {
		leaders = append(leaders, e)
	}
	sort.Strings(leaders)
	for _, e := range leaders {
		ivs := byLeader[e]
		u := active[strings.ToLower(e)]
		var b strings.Builder
		fmt.Fprintf(&b, "Beste %s,\n\nDe voortgangsupdate over %s is nodig; het tertiaal eindigt op %s. Voor deze interventies staat hij nog open:\n\n", u.DisplayName(), p.Label(), dutchDate(end))
		for _, iv := range ivs {
			fmt.Fprintf(&b, "- %s %s%s\n", iv.Code, iv.Title, link(siteURL, "/interventies/"+iv.Code+"/voortgang"))
		}
		b.WriteString("\nU ziet dit ook op uw pagina Mijn interventies.\n\nPerspectief\n")
		out = append(out, Message{Kind: KindReminder, Period: p.String(), To: u.Email, Name: u.DisplayName(),
			Subject: fmt.Sprintf("Voortgangsupdate %s nodig", p), Body: b.String(), Interventions: codes(ivs)})
	}
	year, week := day.ISOWeek()
	for _, u := range team {
		var b strings.Builder
		fmt.Fprintf(&b, "Beste %s,\n\nVoor %s (het tertiaal eindigt op %s) ontbreekt nog de voortgangsupdate van %d interventie(s):\n\n", u.DisplayName(), p.Label(), dutchDate(end), len(missing))
		for _, iv := range missing {
			who := "geen projectleider"
			if len(iv.Leaders) > 0 {
				names := make([]string, len(iv.Leaders))
				for i, l := range iv.Leaders {
					names[i] = l
					if a, ok := active[strings.ToLower(l)]; ok {
						names[i] = a.DisplayName()
					}
				}
				who = strings.Join(names, ", ")
			}
			fmt.Fprintf(&b, "- %s %s (%s)%s\n", iv.Code, iv.Title, who, link(siteURL, "/interventies/"+iv.Code))
		}
		b.WriteString("\nPerspectief\n")
		out = append(out, Message{Kind: KindDigest, Period: fmt.Sprintf("%04d-W%02d", year, week), To: u.Email, Name: u.DisplayName(),
			Subject: fmt.Sprintf("Weekoverzicht: %d voortgangsupdate(s) over %s ontbreken", len(missing), p), Body: b.String(), Interventions: codes(missing)})
	}
	return out
}

func codes(ivs []programme.Intervention) []string {
	out := make([]string, len(ivs))
	for i, iv := range ivs {
		out[i] = iv.Code
	}
	return out
}

func link(site, path string) string {
	if site == "" {
		return ""
	}
	return ": " + strings.TrimRight(site, "/") + path
}

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

func dutchDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// Store is the sent-log: a message is claimed before it is sent, so that
// no other run (a restart, a second instance) sends it too.
type Store interface {
	// Claim records that a message with this key is being sent; false
	// when it was claimed before.
	Claim(ctx context.Context, kind, period, recipient string, at time.Time) (bool, error)
	// Sent marks a claimed message as delivered to the mail server.
	Sent(ctx context.Context, kind, period, recipient string, at time.Time) error
	// Release gives up a claim whose message could not be sent, so that
	// a later run tries again.
	Release(ctx context.Context, kind, period, recipient string) error
	// WasSent reports whether the message with this key went out.
	WasSent(ctx context.Context, kind, period, recipient string) (bool, error)
}

// Sender delivers a message.
type Sender interface {
	Send(ctx context.Context, msg Message) error
}

// Service plans and sends the reminders.
type Service struct {
	Programme *programme.Service
	Users     func(ctx context.Context) ([]account.User, error)
	Store     Store
	Sender    Sender // nil: nothing is sent; the app shows the list
	Settings  Settings
	SiteURL   string
	Now       func() time.Time
	// Tertials lists the frozen tertial reports, announced to the
	// regiegroep (TertialNotices); nil announces none.
	Tertials func(ctx context.Context) ([]FrozenReport, error)
}

// Due lists the messages due now, each with whether it was sent already;
// any logged-in beheerder or programmateam member may see them.
func (s *Service) Due(ctx context.Context, u account.User) ([]Item, error) {
	if err := account.Require(u.CanEditProgramme(), "de herinneringen bekijkt"); err != nil {
		return nil, err
	}
	msgs, err := s.plan(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(msgs))
	for i, m := range msgs {
		sent, err := s.Store.WasSent(ctx, m.Kind, m.Period, m.To)
		if err != nil {
			return nil, err
		}
		out[i] = Item{Message: m, Sent: sent}
	}
	return out, nil
}

// Item is a due message and whether it went out.
type Item struct {
	Message
	Sent bool
}

func (s *Service) plan(ctx context.Context) ([]Message, error) {
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	ups, err := s.Programme.Updates(ctx)
	if err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	msgs := Plan(m, ups, users, s.Now(), s.Settings, s.SiteURL)
	if s.Tertials != nil {
		rs, err := s.Tertials(ctx)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, TertialNotices(rs, users, s.Now(), s.SiteURL)...)
	}
	return msgs, nil
}

// Run sends every due message that no run sent before and returns how
// many it sent. A message that fails is released for the next run; the
// first failure is returned after the others were tried.
func (s *Service) Run(ctx context.Context) (int, error) {
	if s.Sender == nil {
		return 0, nil
	}
	msgs, err := s.plan(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	var first error
	for _, msg := range msgs {
		ok, err := s.Store.Claim(ctx, msg.Kind, msg.Period, msg.To, s.Now().UTC())
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		if err := s.Sender.Send(ctx, msg); err != nil {
			if rerr := s.Store.Release(context.WithoutCancel(ctx), msg.Kind, msg.Period, msg.To); rerr != nil {
				return sent, rerr
			}
			if first == nil {
				first = fmt.Errorf("sending %s %s to %s: %w", msg.Kind, msg.Period, msg.To, err)
			}
			continue
		}
		if err := s.Store.Sent(ctx, msg.Kind, msg.Period, msg.To, s.Now().UTC()); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, first
}
