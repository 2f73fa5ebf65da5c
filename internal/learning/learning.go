// Package learning is the leerlogboek of the programme: signals from
// ervaringsdeskundigen, professionals, partners and residents, the lessons
// drawn from them and the decisions taken, each dated, with its author and
// source, and linked to the goals, lines, interventions, indicators and
// wegingskader rounds it concerns. A decision can recalibrate the programme;
// the change is stored as a new version of the programme model. It knows
// nothing of HTTP or SQL.
package learning

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/perspectief/perspectief/internal/programme"
)

// Kind is the kind of entry.
type Kind string

const (
	Signal   Kind = "signaal" // something noticed: what people tell, what the figures show
	Lesson   Kind = "les"     // what the programme learns from signals
	Decision Kind = "besluit" // what the programme decides; may recalibrate it
)

// Kinds in the order of the filter.
var Kinds = []Kind{Signal, Lesson, Decision}

// Label is the Dutch name of the kind.
func (k Kind) Label() string {
	switch k {
	case Signal:
		return "Signaal"
	case Lesson:
		return "Les"
	case Decision:
		return "Besluit"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Signal || k == Lesson || k == Decision }

// Source is where an entry comes from.
type Source string

// Sources of the monitoring plan's learning cycle, and the monitors
// themselves for what the figures show.
var Sources = []struct {
	Code  Source
	Label string
}{
	{"ervaringsdeskundigen", "Ervaringsdeskundigen"},
	{"professionals", "Professionals"},
	{"partners", "Partners"},
	{"inwoners", "Inwoners"},
	{"monitoring", "Monitoring en onderzoek"},
	{"programmateam", "Programmateam"},
}

// Label is the Dutch name of the source.
func (s Source) Label() string {
	for _, x := range Sources {
		if x.Code == s {
			return x.Label
		}
	}
	return string(s)
}

// Valid reports whether s is a known source.
func (s Source) Valid() bool {
	for _, x := range Sources {
		if x.Code == s {
			return true
		}
	}
	return false
}

// Entry is one item of the learning log. Entries are never changed: a
// correction or a follow-up is a new entry that refers to the earlier one.
type Entry struct {
	ID            int64     `json:"id"`
	Kind          Kind      `json:"soort"`
	Date          time.Time `json:"datum"` // the day it happened or was decided (UTC midnight)
	Title         string    `json:"titel"`
	Text          string    `json:"tekst"`
	Source        Source    `json:"bron"`
	Author        string    `json:"auteur"`
	AuthorName    string    `json:"auteur_naam"`
	Goals         []string  `json:"doelen"`
	Lines         []string  `json:"lijnen"`
	Interventions []string  `json:"interventies"`
	Indicators    []string  `json:"indicatoren"`
	// Rounds are wegingskader rounds by their code, kept as text: the
	// wegingskader lives in its own part of Perspectief.
	Rounds []string `json:"rondes"`
	// Basis are the entries this one builds on: the signals of a lesson,
	// the lessons of a decision.
	Basis []int64 `json:"basis"`
	// Changes is the recalibration a decision makes; Version the programme
	// version it produced (0 for none).
	Changes   []Change  `json:"herijking"`
	Version   int       `json:"programmaversie"`
	CreatedAt time.Time `json:"vastgelegd"`
}

// Link kinds, as stored and as used in a filter.
const (
	LinkGoal         = "doel"
	LinkLine         = "lijn"
	LinkIntervention = "interventie"
	LinkIndicator    = "indicator"
	LinkRound        = "ronde"
	LinkBasis        = "basis"
)

// Filter selects entries; empty fields select everything. Query matches
// entries that contain every word of it, in any field, ignoring case and
// accents.
type Filter struct {
	Query        string
	Kind         Kind
	Goal         string
	Line         string
	Intervention string
	Indicator    string
	Round        string
	From, To     time.Time // by Date, inclusive; zero: open
	Limit        int       // 0: all
}

// Normalize folds text for the search: lowercase, accents dropped (é → e),
// anything but letters and digits a single space. The store keeps every
// entry's text in this form and matches the query's words against it.
func Normalize(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// SearchText is what the search looks through for e: its words, author,
// source and the codes it links to.
func SearchText(e *Entry) string {
	parts := []string{string(e.Kind), e.Title, e.Text, e.Author, e.AuthorName, e.Source.Label()}
	for _, l := range [][]string{e.Goals, e.Lines, e.Interventions, e.Indicators, e.Rounds} {
		parts = append(parts, l...)
	}
	return " " + Normalize(strings.Join(parts, " ")) + " "
}

// QueryWords splits a search query into normalized words.
func QueryWords(q string) []string { return strings.Fields(Normalize(q)) }

// Change is one part of a recalibration: add, change or stop an
// intervention or a goal. For add and change, Intervention or Goal holds
// the whole new state.
type Change struct {
	Action       Action                  `json:"actie"`
	Target       string                  `json:"onderdeel"` // interventie or doel
	Code         string                  `json:"code"`
	Intervention *programme.Intervention `json:"interventie,omitempty"`
	Goal         *programme.Goal         `json:"doel,omitempty"`
}

// Action is what a change does.
type Action string

const (
	Add    Action = "toevoegen"
	Modify Action = "wijzigen"
	Stop   Action = "stoppen"
)

// Label is the Dutch description of the action.
func (a Action) Label() string {
	switch a {
	case Add:
		return "Toevoegen"
	case Modify:
		return "Wijzigen"
	case Stop:
		return "Stoppen"
	}
	return string(a)
}

// Targets of a change.
const (
	TargetIntervention = "interventie"
	TargetGoal         = "doel"
)
