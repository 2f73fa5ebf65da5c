package report

import (
	"context"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
)

// Sources are where the chapters come from, one small interface per source.
// A nil source is not wired yet: its chapter says "nog geen gegevens" in
// the report instead of failing, so the report works before every part of
// Perspectief feeds it. cmd/perspectief fills this struct in one place.
type Sources struct {
	Programme  ProgrammeSource // required: the programme model and its progress
	Versions   VersionSource   // optional: the programme as it stood at the end of a past year
	Indicators IndicatorSource // trends and the operational-goal indicators
	TrendRuns  TrendRunSource  // optional: names the trendmonitor run behind the trends
	Spending   SpendingSource  // budget and spending per line (procesmonitor)
	Decisions  DecisionSource  // decisions of the wegingskader rounds
	Lessons    LessonSource    // lessons and decisions of the learning log
}

// ProgrammeSource gives the programme model and every progress update.
// store.Programmes and programme.Service satisfy it.
type ProgrammeSource interface {
	Model(ctx context.Context) (*programme.Model, error)
	Updates(ctx context.Context) ([]programme.Update, error)
}

// VersionSource lists the stored versions of the programme model, so that
// the report on a finished year shows the programme as it stood at the end
// of that year, not as later recalibrations made it. store.Programmes
// satisfies it.
type VersionSource interface {
	Versions(ctx context.Context) ([]programme.Version, error) // oldest first, without their models
	Version(ctx context.Context, number int) (*programme.Version, error)
}

// IndicatorSource gives the indicator register and its values (imported
// values and the trendmonitor's results). indicator.Service satisfies it.
type IndicatorSource interface {
	Register(ctx context.Context) (*indicator.Register, error)
	Values(ctx context.Context, f indicator.ValueFilter) ([]indicator.Value, error)
}

// TrendRunSource lists the stored trendmonitor runs. store.Trends satisfies
// it.
type TrendRunSource interface {
	TrendRuns(ctx context.Context) ([]indicator.TrendRun, error)
}

// SpendingSource gives, for one year, what each programme line had
// available, what was allocated to it (inzet) and what was spent; nothing
// when no spending is known for the year. The procesmonitor gives it through
// ProcesmonitorSpending (feeds.go).
type SpendingSource interface {
	Spending(ctx context.Context, year int) ([]Spending, error)
}

// Spending is one programme line's money in one year, in euros.
type Spending struct {
	Line string `json:"lijn"` // programme line code; "" for programme-wide money
	// Available is nil where the money is not divided over the lines (the
	// sources are the programme's as a whole).
	Available *float64 `json:"beschikbaar"`
	Allocated float64  `json:"inzet"`
	Spent     float64  `json:"besteed"`
}

// DecisionSource gives the decisions of the wegingskader rounds decided in
// one year. WegingskaderDecisions (feeds.go) gives them.
type DecisionSource interface {
	Decisions(ctx context.Context, year int) ([]Decision, error)
}

// Decision is the outcome of one wegingskader round.
type Decision struct {
	Round      string    `json:"ronde"`     // the round's name or number
	Date       time.Time `json:"datum"`     // the day the assessment team decided
	Granted    []Grant   `json:"toegekend"` // the requests granted
	Motivation string    `json:"motivering"`
}

// Grant is one granted request.
type Grant struct {
	Title  string  `json:"aanvraag"` // what was asked, and by whom
	Amount float64 `json:"bedrag"`   // euros granted
}

// LessonSource gives the learning log's lessons and decisions dated in one
// year. LearningLessons (feeds.go) gives them.
type LessonSource interface {
	Lessons(ctx context.Context, year int) ([]Lesson, error)
}

// Lesson is one entry of the learning log.
type Lesson struct {
	Date  time.Time `json:"datum"`
	Kind  string    `json:"soort"` // "les" or "besluit"; other kinds are shown under their own name
	Title string    `json:"titel"`
	Text  string    `json:"tekst"`
	Links []string  `json:"koppelingen,omitempty"` // what it concerns: goal, intervention, indicator or round codes
}
