// Package programme is the programme model of the interventiemonitor: the
// doelenboom (ambitions, strategic, tactical and operational goals), the
// programme lines, the interventions with their canvas, the budget tables and
// the progress reported per tertial. It knows nothing of HTTP or SQL.
package programme

import (
	"strings"
	"time"

	"github.com/perspectief/perspectief"
)

// Level is a level of the doelenboom.
type Level string

const (
	LevelAmbition    Level = "ambitie"
	LevelStrategic   Level = "strategisch"
	LevelTactical    Level = "tactisch"
	LevelOperational Level = "operationeel"
)

// Levels lists the goal levels from the top of the tree down.
var Levels = []Level{LevelAmbition, LevelStrategic, LevelTactical, LevelOperational}

// depth orders levels; a goal may only be linked under a goal one level up.
func (l Level) depth() int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return -1
}

// Label is the Dutch name of the level.
func (l Level) Label() string {
	switch l {
	case LevelAmbition:
		return "Ambitie"
	case LevelStrategic:
		return "Strategisch doel"
	case LevelTactical:
		return "Tactisch doel"
	case LevelOperational:
		return "Operationeel doel"
	}
	return string(l)
}

// Model is the whole programme: what an import replaces and an export writes.
type Model struct {
	Name          string         `yaml:"naam" json:"naam"`
	Description   string         `yaml:"omschrijving,omitempty" json:"omschrijving,omitempty"`
	StartYear     int            `yaml:"startjaar" json:"startjaar"`
	EndYear       int            `yaml:"eindjaar" json:"eindjaar"`
	Goals         []Goal         `yaml:"doelen" json:"doelen"`
	Lines         []Line         `yaml:"lijnen" json:"lijnen"`
	Interventions []Intervention `yaml:"interventies" json:"interventies"`
	Budget        Budget         `yaml:"begroting" json:"begroting"`
}

// Goal is one node of the doelenboom. Parents names the goals one level up
// that it serves; the links are many-to-many and only what the data says.
type Goal struct {
	Code        string   `yaml:"code" json:"code"`
	Level       Level    `yaml:"niveau" json:"niveau"`
	Title       string   `yaml:"titel" json:"titel"`
	Description string   `yaml:"omschrijving,omitempty" json:"omschrijving,omitempty"`
	Expected    string   `yaml:"wat_zien_we,omitempty" json:"wat_zien_we,omitempty"`
	Parents     []string `yaml:"onder,omitempty" json:"onder,omitempty"`
}

// Line is a programme line (programmalijn).
type Line struct {
	Code        string `yaml:"code" json:"code"`
	Name        string `yaml:"naam" json:"naam"`
	Description string `yaml:"omschrijving,omitempty" json:"omschrijving,omitempty"`
}

// Intervention is one intervention of a programme line with its canvas.
type Intervention struct {
	Code  string `yaml:"code" json:"code"`
	Line  string `yaml:"lijn" json:"lijn"`
	Title string `yaml:"titel" json:"titel"`
	// Leaders are the e-mail addresses of the projectleider accounts that
	// edit the canvas and report progress; a beheerder or the programmateam
	// assigns them.
	Leaders []string `yaml:"projectleiders,omitempty" json:"projectleiders,omitempty"`
	// Owner is who owns the intervention, in words: "WIJ en gemeente",
	// "Stadjerspas (gemeente)". It grants no rights.
	Owner string `yaml:"eigenaar,omitempty" json:"eigenaar,omitempty"`
	// LegacyLeader is the one projectleider of files and stored versions
	// from before Leaders; Normalize moves it into Leaders.
	LegacyLeader string `yaml:"projectleider,omitempty" json:"projectleider,omitempty"`
	// Stage is where the intervention stands (onderzoek, pilot, opschalen,
	// borgen); its history is read from the programme's versions.
	Stage Stage `yaml:"fase,omitempty" json:"fase,omitempty"`
	// Area is where it works; Wijken (CBS codes) only with AreaWijken.
	Area             Area     `yaml:"gebied,omitempty" json:"gebied,omitempty"`
	Wijken           []string `yaml:"wijken,omitempty" json:"wijken,omitempty"`
	OperationalGoals []string `yaml:"operationele_doelen,omitempty" json:"operationele_doelen"`
	Canvas           Canvas   `yaml:"canvas" json:"canvas"`
}

// LedBy reports whether the account with e-mail address email is one of
// the intervention's projectleiders.
func (iv Intervention) LedBy(email string) bool {
	for _, l := range iv.Leaders {
		if strings.EqualFold(l, email) {
			return true
		}
	}
	return false
}

// Normalize moves the projectleider of an older file or version into
// Leaders, so that everything after reading sees one list.
func (m *Model) Normalize() {
	for i := range m.Interventions {
		iv := &m.Interventions[i]
		if iv.LegacyLeader != "" {
			if !iv.LedBy(iv.LegacyLeader) {
				iv.Leaders = append([]string{iv.LegacyLeader}, iv.Leaders...)
			}
			iv.LegacyLeader = ""
		}
	}
}

// Canvas follows the canvas method of the monitoring plan (annex 3): what the
// intervention wants to reach, what it does, for whom, with whom, and which
// results it must deliver to contribute to the goals.
type Canvas struct {
	Objective string   `yaml:"doelstelling" json:"doelstelling"`
	Approach  string   `yaml:"aanpak" json:"aanpak"`
	Audience  string   `yaml:"doelgroep,omitempty" json:"doelgroep,omitempty"`
	Partners  string   `yaml:"partners,omitempty" json:"partners,omitempty"`
	Results   []Result `yaml:"beoogde_resultaten,omitempty" json:"beoogde_resultaten"`
}

// Result is an intended result (beoogd resultaat) whose value is reported
// with each progress update. A numeric result has an Amount in Unit to reach
// in Year ("150 huishoudens per jaar in 2026"), against which the reported
// values are judged (see Verdicts); a qualitative result has no Amount and
// is reported in words. Target is the older free-text target, kept as a
// note.
type Result struct {
	Code        string   `yaml:"code" json:"code"`
	Description string   `yaml:"omschrijving" json:"omschrijving"`
	Unit        string   `yaml:"eenheid,omitempty" json:"eenheid,omitempty"`
	Target      string   `yaml:"streefwaarde,omitempty" json:"streefwaarde,omitempty"`
	Amount      *float64 `yaml:"aantal,omitempty" json:"aantal,omitempty"`
	Year        int      `yaml:"jaar,omitempty" json:"jaar,omitempty"`
}

// Numeric reports whether r has a number to reach.
func (r Result) Numeric() bool { return r.Amount != nil }

// Budget holds the programme's budget tables in thousands of euros per year.
type Budget struct {
	Available []BudgetRow `yaml:"beschikbaar" json:"beschikbaar"`
	Allocated []BudgetRow `yaml:"inzet" json:"inzet"`
}

// BudgetRow is one row of a budget table. Line is empty for rows that are not
// tied to a programme line (funding sources, programme-wide organisation).
//
// The procesmonitor reads three optional fields. Code names an item, so that
// bookings from the financial administration can be matched to it. From and
// To bound the years a source (or an item) runs, both inclusive, 0 meaning
// "not bounded": a grant that ends in 2026 has To 2026. Structural is the
// yearly amount that carries on after the last year in Amounts, up to To:
// the structural part of a source, or of an item the planning assumes will
// continue. Years filled in from Structural are a planning assumption and
// are shown as such.
type BudgetRow struct {
	Code       string   `yaml:"code,omitempty" json:"code,omitempty"`
	Label      string   `yaml:"post" json:"post"`
	Line       string   `yaml:"lijn,omitempty" json:"lijn,omitempty"`
	Amounts    Amounts  `yaml:"bedragen" json:"bedragen"` // thousands of euros per year
	Note       string   `yaml:"toelichting,omitempty" json:"toelichting,omitempty"`
	From       int      `yaml:"van,omitempty" json:"van,omitempty"`
	To         int      `yaml:"tot_en_met,omitempty" json:"tot_en_met,omitempty"`
	Structural *float64 `yaml:"structureel,omitempty" json:"structureel,omitempty"` // thousands of euros per year
}

// Status is the state of an intervention reported in a progress update.
type Status string

const (
	StatusOnTrack   Status = "op_koers"
	StatusAttention Status = "aandacht_nodig"
	StatusBehind    Status = "achter"
	StatusDone      Status = "afgerond"
	StatusNotStared Status = "niet_gestart"
)

// Statuses in the order the roll-up shows them.
var Statuses = []Status{StatusOnTrack, StatusAttention, StatusBehind, StatusDone, StatusNotStared}

// Label is the Dutch label of the status.
func (s Status) Label() string {
	switch s {
	case StatusOnTrack:
		return "Op koers"
	case StatusAttention:
		return "Aandacht nodig"
	case StatusBehind:
		return "Achter"
	case StatusDone:
		return "Afgerond"
	case StatusNotStared:
		return "Niet gestart"
	}
	return "Geen update"
}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Update is a progress report on an intervention for one period. Updates are
// append-only: a later update for the same period supersedes an earlier one
// in the roll-up, but both stay in the history.
type Update struct {
	ID           int64
	Intervention string
	Period       perspectief.Period
	Status       Status
	Narrative    string
	Successes    string
	Concerns     string
	// Escalated flags the update for the regiegroep ("escaleren naar
	// regiegroep"); EscalationReason says why and is required with it.
	Escalated        bool
	EscalationReason string
	Values           []ResultValue
	Author           string
	CreatedAt        time.Time
}

// ResultValue is the reported value of an intended result.
type ResultValue struct {
	Result string `json:"resultaat"`
	Value  string `json:"waarde"`
}

// Comment is advice or a remark on a goal or an intervention, typically from
// the team of ervaringsdeskundigen.
type Comment struct {
	ID         int64
	TargetKind string // "doel" or "interventie"
	TargetCode string
	Text       string
	Author     string
	AuthorRole string
	CreatedAt  time.Time
}
