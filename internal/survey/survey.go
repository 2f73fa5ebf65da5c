// Package survey holds the experience surveys (ervaringsonderzoek) of the
// programme: questionnaires tied to goals and indicators, waves (metingen)
// that are published and then never changed, anonymous responses from the
// public form or a CSV import, and the results per question with a Wilson
// interval and small cells suppressed. It knows nothing of HTTP or SQL.
package survey

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Audience is who a questionnaire is for.
type Audience string

const (
	Residents Audience = "inwoners"    // residents who used a scheme
	Staff     Audience = "medewerkers" // professionals of the gemeente, WIJ and partners
)

// Label is the Dutch name of the audience.
func (a Audience) Label() string {
	switch a {
	case Residents:
		return "Inwoners die een regeling gebruikten"
	case Staff:
		return "Medewerkers"
	}
	return string(a)
}

// Kind is the answer scale of a question.
type Kind string

const (
	Agree  Kind = "eens"       // five-point agree scale
	YesNo  Kind = "janee"      // yes or no
	Grade  Kind = "cijfer"     // a report mark from 0 to 10; 7 or more counts
	Health Kind = "gezondheid" // how one's health is, from zeer slecht to zeer goed
	Open   Kind = "open"       // an answer in the respondent's own words; not counted
)

// MaxOpenAnswer bounds an answer in one's own words, in characters.
const MaxOpenAnswer = 1000

// GradeCounts is the lowest mark that counts as satisfied on a Grade
// question: the share with a 7 or more, as CBS reports satisfaction with
// life on its 0-10 scale.
const GradeCounts = 7

// Answers. Every scale also has DontKnow, which is stored but not counted
// in n: someone who does not know has no opinion to share.
const (
	StronglyDisagree = "helemaal_oneens"
	Disagree         = "oneens"
	Neutral          = "neutraal"
	Agrees           = "eens"
	StronglyAgree    = "helemaal_eens"
	Yes              = "ja"
	No               = "nee"
	DontKnow         = "weet_niet"
)

// Option is one answer a question offers.
type Option struct {
	Value string
	Label string
	Agree bool // counts as agreeing in the results
}

var agreeOptions = []Option{
	{StronglyDisagree, "Helemaal mee oneens", false},
	{Disagree, "Mee oneens", false},
	{Neutral, "Niet mee eens en niet mee oneens", false},
	{Agrees, "Mee eens", true},
	{StronglyAgree, "Helemaal mee eens", true},
	{DontKnow, "Weet ik niet", false},
}

var yesNoOptions = []Option{
	{Yes, "Ja", true},
	{No, "Nee", false},
	{DontKnow, "Weet ik niet", false},
}

// The five steps of the usual question on health as experienced ("Hoe is
// over het algemeen uw gezondheid?"); good and very good count.
var healthOptions = []Option{
	{"zeer_goed", "Zeer goed", true},
	{"goed", "Goed", true},
	{"gaat_wel", "Gaat wel", false},
	{"slecht", "Slecht", false},
	{"zeer_slecht", "Zeer slecht", false},
	{DontKnow, "Weet ik niet", false},
}

var gradeOptions = func() []Option {
	out := make([]Option, 0, 12)
	for g := range 11 {
		label := strconv.Itoa(g)
		switch g {
		case 0:
			label = "0: heel slecht"
		case 10:
			label = "10: uitstekend"
		}
		out = append(out, Option{Value: strconv.Itoa(g), Label: label, Agree: g >= GradeCounts})
	}
	return append(out, Option{DontKnow, "Weet ik niet", false})
}()

// Options lists the answers of the scale, in the order the form shows them;
// an open question has none.
func (k Kind) Options() []Option {
	switch k {
	case Agree:
		return agreeOptions
	case YesNo:
		return yesNoOptions
	case Grade:
		return gradeOptions
	case Health:
		return healthOptions
	}
	return nil
}

// Valid reports whether k is a known scale.
func (k Kind) Valid() bool {
	return k == Agree || k == YesNo || k == Grade || k == Health || k == Open
}

// Label describes the scale in words, for the pages that show a
// questionnaire.
func (k Kind) Label() string {
	switch k {
	case Agree:
		return "vijf antwoorden, van helemaal mee oneens tot helemaal mee eens"
	case YesNo:
		return "ja of nee"
	case Grade:
		return "een cijfer van 0 tot en met 10"
	case Health:
		return "vijf antwoorden, van zeer goed tot zeer slecht"
	case Open:
		return "open vraag: een antwoord in eigen woorden"
	}
	return string(k)
}

// Counted reports whether answers to k are counted into a share: every
// scale but the open question.
func (k Kind) Counted() bool { return k != Open }

// CountsAs says in words which answers make up the share, for the results
// page and the register.
func (k Kind) CountsAs() string {
	switch k {
	case Agree:
		return "mee eens of helemaal mee eens"
	case YesNo:
		return "ja"
	case Grade:
		return "een " + strconv.Itoa(GradeCounts) + " of hoger"
	case Health:
		return "goed of zeer goed"
	}
	return ""
}

// CleanOpen tidies an answer in one's own words: spaces trimmed, control
// characters other than line breaks removed. It reports false when the
// answer is longer than MaxOpenAnswer or not UTF-8.
func CleanOpen(v string) (string, bool) {
	if !utf8.ValidString(v) {
		return "", false
	}
	v = strings.Map(func(r rune) rune {
		if r == '\n' || !unicode.IsControl(r) {
			return r
		}
		if r == '\t' {
			return ' '
		}
		return -1
	}, strings.ReplaceAll(v, "\r\n", "\n"))
	v = strings.TrimSpace(v)
	return v, utf8.RuneCountInString(v) <= MaxOpenAnswer
}

// Option returns the option with value v.
func (k Kind) Option(v string) (Option, bool) {
	for _, o := range k.Options() {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}

// Questionnaire is one version of a vragenlijst. Versions are never changed:
// saving a questionnaire with an existing code makes the next version.
type Questionnaire struct {
	Code     string   `yaml:"code" json:"code"`
	Version  int      `yaml:"-" json:"versie"`
	Title    string   `yaml:"titel" json:"titel"`
	Audience Audience `yaml:"doelgroep" json:"doelgroep"`
	Intro    string   `yaml:"inleiding,omitempty" json:"inleiding,omitempty"`
	// Whole is the area code of everyone asked (the gemeente, GM0014); the
	// results of all answers together are stored as its indicator values.
	Whole string `yaml:"totaalgebied" json:"totaalgebied"`
	// AreaQuestion is asked first when set, with Areas as its choices, so
	// that the results can be shown per area.
	AreaQuestion string     `yaml:"gebiedsvraag,omitempty" json:"gebiedsvraag,omitempty"`
	Areas        []Area     `yaml:"gebieden,omitempty" json:"gebieden"`
	Questions    []Question `yaml:"vragen" json:"vragen"`
	CreatedAt    time.Time  `yaml:"-" json:"aangemaakt"`
	CreatedBy    string     `yaml:"-" json:"aangemaakt_door"`
}

// Area is a choice of the area question.
type Area struct {
	Code string `yaml:"code" json:"code"`
	Name string `yaml:"naam" json:"naam"`
}

// Question is one statement or question. Goals names the goals of the
// doelenboom it tells something about, Indicator the register's indicator
// whose value is the share that agrees.
type Question struct {
	Code      string   `yaml:"code" json:"code"`
	Text      string   `yaml:"tekst" json:"tekst"`
	Help      string   `yaml:"uitleg,omitempty" json:"uitleg,omitempty"`
	Kind      Kind     `yaml:"soort" json:"soort"`
	Goals     []string `yaml:"doelen,omitempty" json:"doelen"`
	Indicator string   `yaml:"indicator,omitempty" json:"indicator,omitempty"`
}

// Question returns the question with code c.
func (q *Questionnaire) Question(c string) (*Question, bool) {
	for i := range q.Questions {
		if q.Questions[i].Code == c {
			return &q.Questions[i], true
		}
	}
	return nil, false
}

// AreaName is the name of area code c, or c itself.
func (q *Questionnaire) AreaName(c string) string {
	for _, a := range q.Areas {
		if a.Code == c {
			return a.Name
		}
	}
	return c
}

// HasArea reports whether c is one of the area choices.
func (q *Questionnaire) HasArea(c string) bool {
	return slices.ContainsFunc(q.Areas, func(a Area) bool { return a.Code == c })
}

// Status is where a wave is in its life.
type Status string

const (
	Draft     Status = "concept"      // can still change; takes no answers
	Published Status = "gepubliceerd" // takes answers; never changes again
	Closed    Status = "gesloten"     // takes no more answers
)

// Label is the Dutch status shown on pages.
func (s Status) Label() string {
	switch s {
	case Draft:
		return "Concept"
	case Published:
		return "Gepubliceerd, open voor antwoorden"
	case Closed:
		return "Gesloten"
	}
	return string(s)
}

// Access says who may answer a published wave.
type Access string

const (
	// OpenLink: anyone with the wave's link (a QR code on a flyer, a link
	// in a newsletter) may answer, as often as they like.
	OpenLink Access = "open"
	// Tokens: every answer needs a personal link that the team hands out;
	// each works once.
	Tokens Access = "tokens"
)

// Label is the Dutch description of the access.
func (a Access) Label() string {
	switch a {
	case OpenLink:
		return "Open link: iedereen met de link kan antwoorden"
	case Tokens:
		return "Persoonlijke links: elke link werkt één keer"
	}
	return string(a)
}

// DefaultMinN is the smallest number of answers shown as a result: fewer
// say too little and could point at a person in a small area.
const DefaultMinN = 10

// Wave is one meting: a questionnaire version put to a group in a period.
// Once published it never changes; it can only be closed.
type Wave struct {
	Code          string     `json:"code"`
	Title         string     `json:"titel"`
	Questionnaire string     `json:"vragenlijst"`
	Version       int        `json:"vragenlijst_versie"`
	Period        string     `json:"periode"` // the indicator period the results describe, e.g. 2025
	Access        Access     `json:"toegang"`
	LinkKey       string     `json:"-"` // the secret part of the open link; empty for token waves
	MinN          int        `json:"minimum_n"`
	Note          string     `json:"toelichting"`
	Status        Status     `json:"status"`
	CreatedAt     time.Time  `json:"aangemaakt"`
	CreatedBy     string     `json:"aangemaakt_door"`
	PublishedAt   *time.Time `json:"gepubliceerd,omitempty"`
	ClosedAt      *time.Time `json:"gesloten,omitempty"`
}

// Response is one filled-in questionnaire. It holds no account, address,
// token or time of day: only the day, the area the respondent chose to
// give, and how it came in.
type Response struct {
	ID      int64
	Wave    string
	Area    string // "" when not given
	Date    string // YYYY-MM-DD
	Channel string // "formulier" or "import"
	Answers map[string]string
	// Key identifies a response read from a file, so that reading the
	// same file again adds nothing: a hash, never the respondent id
	// itself. Empty for the form.
	Key string
}

// Channels of a response.
const (
	ChannelForm   = "formulier"
	ChannelImport = "import"
)
