// Package wegingskader is the weighing framework of perspectieflijn 2 of
// 'Toekomst met perspectief': the framework's criteria as versioned data,
// the funding requests (aanvragen) it weighs, and the assessment rounds
// (beoordelingsrondes) in which a panel that includes ervaringsdeskundigen
// scores every request blind, compares them in samenhang and chooses, within
// the budget of every year, what the poverty budget pays for. It knows
// nothing of HTTP or SQL.
package wegingskader

import (
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/account"
)

// TargetGroup is the group a request is aimed at, in the three groups that
// criterion 3 of the framework names.
type TargetGroup string

const (
	GroupFamilies    TargetGroup = "gezinnen"        // families with minor children
	GroupYoungAdults TargetGroup = "jongvolwassenen" // young adults
	GroupOther       TargetGroup = "overige"         // other persons and households
)

// TargetGroups lists the groups in the order of the framework.
var TargetGroups = []TargetGroup{GroupFamilies, GroupYoungAdults, GroupOther}

// Label is the Dutch name of the group.
func (g TargetGroup) Label() string {
	switch g {
	case GroupFamilies:
		return "Gezinnen met minderjarige kinderen"
	case GroupYoungAdults:
		return "Jongvolwassenen"
	case GroupOther:
		return "Overige personen en huishoudens"
	}
	return string(g)
}

// Valid reports whether g is one of the three groups.
func (g TargetGroup) Valid() bool {
	for _, x := range TargetGroups {
		if x == g {
			return true
		}
	}
	return false
}

// Amounts are whole euros per year.
type Amounts map[int]int64

// Years lists the years with an amount, in order.
func (a Amounts) Years() []int { return sortedYears(a) }

// Total is the sum over all years.
func (a Amounts) Total() int64 {
	var t int64
	for _, v := range a {
		t += v
	}
	return t
}

// Attachment is a document that came with a request, kept as text.
type Attachment struct {
	Title string `json:"titel"`
	Text  string `json:"tekst"`
}

// Request is a funding request (aanvraag).
type Request struct {
	ID          int64        `json:"id"`
	Applicant   string       `json:"aanvrager"`
	Title       string       `json:"titel"`
	Description string       `json:"omschrijving"`
	Amounts     Amounts      `json:"bedragen"` // euros per year
	TargetGroup TargetGroup  `json:"doelgroep"`
	Goals       []string     `json:"tactische_doelen"` // codes of tactical goals of the programme
	Attachments []Attachment `json:"bijlagen"`
	CreatedAt   time.Time    `json:"aangemaakt_op"`
	CreatedBy   string       `json:"aangemaakt_door"`
}

// Status is the phase of a round.
type Status string

const (
	StatusDraft   Status = "concept"  // being prepared; only managers see it
	StatusOpen    Status = "open"     // the panel scores, blind
	StatusClosed  Status = "gesloten" // scores are final; the panel compares and chooses
	StatusDecided Status = "besloten" // the decision is recorded
)

// Label is the Dutch name of the status.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "In voorbereiding"
	case StatusOpen:
		return "Beoordelen"
	case StatusClosed:
		return "Gesloten: vergelijken en kiezen"
	case StatusDecided:
		return "Besloten"
	}
	return string(s)
}

// Fix is what the panel decided about a request before the optimiser runs.
type Fix string

const (
	FixNone Fix = ""    // the optimiser decides
	FixIn   Fix = "in"  // always in the choice
	FixOut  Fix = "uit" // never in the choice
)

// Member is a panel member of a round. Role is the member's role when they
// were put on the panel: whether someone judged as ervaringsdeskundige must
// not change when their account changes later.
type Member struct {
	Email       string       `json:"email"`
	Name        string       `json:"naam"`
	Role        account.Role `json:"rol"`
	SubmittedAt *time.Time   `json:"ingediend_op"`
}

// Expert reports whether the member sits on the panel as ervaringsdeskundige.
func (m Member) Expert() bool { return m.Role == account.RoleExpert }

// Submitted reports whether the member handed in their scores.
func (m Member) Submitted() bool { return m.SubmittedAt != nil }

// Round is an assessment round (beoordelingsronde).
type Round struct {
	ID               int64         `json:"id"`
	Name             string        `json:"naam"`
	Description      string        `json:"omschrijving"`
	FrameworkVersion int           `json:"kaderversie"`
	Budget           Amounts       `json:"budget"` // euros per year; the years of the round
	Status           Status        `json:"status"`
	Panel            []Member      `json:"panel"`
	Requests         []int64       `json:"aanvragen"`
	Fixed            map[int64]Fix `json:"vastgezet"`
	CreatedAt        time.Time     `json:"aangemaakt_op"`
	CreatedBy        string        `json:"aangemaakt_door"`
	OpenedAt         *time.Time    `json:"geopend_op"`
	ClosedAt         *time.Time    `json:"gesloten_op"`
	Decision         *Decision     `json:"besluit"`
	Grants           []Grant       `json:"toekenningen"`
}

// Member returns the panel member with this e-mail address.
func (r *Round) Member(email string) (Member, bool) {
	for _, m := range r.Panel {
		if strings.EqualFold(m.Email, email) {
			return m, true
		}
	}
	return Member{}, false
}

// HasRequest reports whether the request is part of the round.
func (r *Round) HasRequest(id int64) bool {
	for _, x := range r.Requests {
		if x == id {
			return true
		}
	}
	return false
}

// Years lists the budget years of the round.
func (r *Round) Years() []int { return r.Budget.Years() }

// Score is one panel member's score of one request on one criterion.
type Score struct {
	Request    int64     `json:"aanvraag"`
	Member     string    `json:"lid"` // e-mail address
	Criterion  string    `json:"criterium"`
	Value      int       `json:"score"`
	Motivation string    `json:"motivering"`
	UpdatedAt  time.Time `json:"bijgewerkt_op"`
}

// Decision is the panel's recorded choice.
type Decision struct {
	Chosen     []int64       `json:"gekozen"`
	Fixed      map[int64]Fix `json:"vastgezet"`
	Total      float64       `json:"totaalscore"`
	Motivation string        `json:"motivering"`
	DecidedBy  string        `json:"besloten_door"`
	DecidedAt  time.Time     `json:"besloten_op"`
}

// Grant records the intervention of the programme that a granted request
// became.
type Grant struct {
	Request      int64     `json:"aanvraag"`
	Intervention string    `json:"interventie"`
	Line         string    `json:"lijn"`
	GrantedBy    string    `json:"toegekend_door"`
	GrantedAt    time.Time `json:"toegekend_op"`
}
