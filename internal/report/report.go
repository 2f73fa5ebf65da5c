// Package report makes the yearly progress report (voortgangsrapportage) of
// the programme: it assembles chapters from the programme, the indicators
// and the other sources (see Sources), renders them as one self-contained,
// accessible HTML document (which headless Chromium prints to PDF), freezes
// a report as a numbered council dossier, and exports the report's
// aggregates as an open-data package. It knows nothing of HTTP or SQL.
package report

import "time"

// Chapter keys: stable names used in addresses, the database and the
// snapshot of a dossier.
const (
	Intro         = "inleiding"
	Trends        = "trends"
	Interventions = "interventies"
	Goals         = "doelen"
	Finance       = "financien"
	Decisions     = "wegingskader"
	Lessons       = "leerlogboek"
)

// Chapter is a chapter of the report in its fixed order.
type Chapter struct {
	Key, Title string
}

// Chapters lists the chapters in the order of the report.
var Chapters = []Chapter{
	{Intro, "Inleiding"},
	{Trends, "Armoede in Groningen: de trends"},
	{Interventions, "De interventies per programmalijn"},
	{Goals, "Operationele doelen en hun indicatoren"},
	{Finance, "Begroting en besteding"},
	{Decisions, "Besluiten volgens het wegingskader"},
	{Lessons, "Lessen en besluiten uit het leerlogboek"},
}

// ChapterTitle returns the title of a chapter, and false for an unknown key.
func ChapterTitle(key string) (string, bool) {
	for _, c := range Chapters {
		if c.Key == key {
			return c.Title, true
		}
	}
	return "", false
}

// Report is one yearly report: everything the document shows, so that the
// JSON of a Report is the data a frozen dossier was made from and renders
// to the same document again.
type Report struct {
	Year      int       `json:"jaar"`
	Programme string    `json:"programma"`
	MadeAt    time.Time `json:"gemaakt_op"`
	Ongoing   bool      `json:"lopend_jaar"` // the year had not ended when the report was made
	// ProgrammeNote says which version of the programme the chapters on
	// interventions, goals and budget follow, when that is not simply the
	// current one.
	ProgrammeNote string               `json:"programmaversie,omitempty"`
	Dossier       *Mark                `json:"raadsdossier,omitempty"`
	Narratives    map[string]Narrative `json:"teksten"` // by chapter key

	Trends        TrendChapter        `json:"trends"`
	Interventions InterventionChapter `json:"interventies"`
	Goals         GoalChapter         `json:"doelen"`
	Finance       FinanceChapter      `json:"financien"`
	Decisions     DecisionChapter     `json:"wegingskader"`
	Lessons       LessonChapter       `json:"leerlogboek"`
}

// Mark says that a report is a frozen council dossier.
type Mark struct {
	Version  int       `json:"versie"`
	FrozenAt time.Time `json:"vastgelegd_op"`
	FrozenBy string    `json:"vastgelegd_door"`
	Note     string    `json:"notitie,omitempty"`
}

// Narrative is the team's own text for one chapter of one year's report.
type Narrative struct {
	Year      int       `json:"jaar"`
	Chapter   string    `json:"hoofdstuk"`
	Text      string    `json:"tekst"`
	Version   int       `json:"versie"` // 1 for the first text, one more with every change
	UpdatedAt time.Time `json:"gewijzigd_op"`
	UpdatedBy string    `json:"gewijzigd_door"`
}

// Missing reports, per chapter key, why a chapter has no data ("" when it
// has), for pages that list the chapters.
func (r *Report) Missing() map[string]string {
	return map[string]string{
		Trends:        r.Trends.Missing,
		Interventions: r.Interventions.Missing,
		Goals:         r.Goals.Missing,
		Finance:       r.Finance.Missing,
		Decisions:     r.Decisions.Missing,
		Lessons:       r.Lessons.Missing,
	}
}

// TrendChapter holds the mission- and strategic-level indicators: how
// poverty in the gemeente develops.
type TrendChapter struct {
	Missing    string           `json:"geen_gegevens,omitempty"`
	Sources    []string         `json:"bronnen,omitempty"`
	Indicators []TrendIndicator `json:"indicatoren,omitempty"`
	// Groups says, per breakdown of the trendmonitor, where a low income
	// is most common (the first sentence introduces them); Usage how the
	// use of the Participatiewet, the Jeugdwet and the Wmo moved.
	Groups []string `json:"groepen,omitempty"`
	Usage  []string `json:"gebruik,omitempty"`
	// Differences compares the wijken, household types and income sources
	// on low income, in the first and the latest year.
	Differences *Differences `json:"verschillen,omitempty"`
}

// TrendIndicator is one indicator's yearly series up to the report's year
// for the gemeente (and the gemeente's older borders, where the register
// has them), with a generated description of its direction.
type TrendIndicator struct {
	Code        string        `json:"code"`
	Name        string        `json:"naam"`
	Definition  string        `json:"definitie"`
	Unit        string        `json:"eenheid"`
	Direction   string        `json:"goede_richting"`
	Source      string        `json:"bron"`
	Series      []TrendSeries `json:"reeksen"` // the first is the one described
	Description string        `json:"beschrijving"`
}

// TrendSeries is the yearly series of one area.
type TrendSeries struct {
	Area     string  `json:"gebied"`
	AreaName string  `json:"gebied_naam"`
	Points   []Point `json:"waarden"`
}

// Point is one year's value. A suppressed value carries no number.
type Point struct {
	Year       int      `json:"jaar"`
	Value      *float64 `json:"waarde"`
	Suppressed bool     `json:"onderdrukt,omitempty"`
	Secondary  bool     `json:"secundair,omitempty"` // suppressed so that a small cell cannot be recomputed
	Num        *float64 `json:"teller,omitempty"`
	Den        *float64 `json:"noemer,omitempty"`
}

// InterventionChapter shows every intervention per programme line with its
// status at the end of the year (or its latest status in an ongoing year).
type InterventionChapter struct {
	Missing string        `json:"geen_gegevens,omitempty"`
	Total   []StatusCount `json:"totaal,omitempty"`
	Lines   []LineReport  `json:"lijnen,omitempty"`
}

// StatusCount is the number of interventions with one status; Status ""
// counts those without an update in the year.
type StatusCount struct {
	Status string `json:"status"`
	Label  string `json:"omschrijving"`
	Count  int    `json:"aantal"`
}

// LineReport is one programme line.
type LineReport struct {
	Code          string               `json:"code"`
	Name          string               `json:"naam"`
	Counts        []StatusCount        `json:"per_status"`
	Interventions []InterventionReport `json:"interventies"`
}

// InterventionReport is one intervention's year.
type InterventionReport struct {
	Code        string   `json:"code"`
	Title       string   `json:"titel"`
	Status      string   `json:"status"` // "" when there was no update in the year
	StatusLabel string   `json:"status_omschrijving"`
	Period      string   `json:"periode,omitempty"` // of the update the status comes from
	Successes   []Remark `json:"successen,omitempty"`
	Concerns    []Remark `json:"zorgen,omitempty"`
	Stage       string   `json:"fase,omitempty"`   // the stage's label, "" when not recorded
	Area        string   `json:"gebied,omitempty"` // where it works, in words
	// Results are the verdicts on the numeric intended results at the end
	// of the year (reports frozen before they existed have none).
	Results []ResultReport `json:"resultaten,omitempty"`
}

// ResultReport is the verdict on one numeric intended result.
type ResultReport struct {
	Code     string `json:"code"`
	Verdict  string `json:"oordeel"` // gehaald, niet_gehaald, geen_meting
	Label    string `json:"oordeel_omschrijving"`
	Sentence string `json:"toelichting"`
}

// Remark is a success or concern, with the tertials that reported it.
type Remark struct {
	Periods []string `json:"perioden"`
	Text    string   `json:"tekst"`
}

// GoalChapter shows each operational goal with its indicators and their
// target verdicts for the year.
type GoalChapter struct {
	Missing string       `json:"geen_gegevens,omitempty"`
	Goals   []GoalReport `json:"doelen,omitempty"`
	// Tactical are the survey indicators of the tactical goals with their
	// waves and intervals.
	Tactical []TacticalIndicator `json:"tactische_indicatoren,omitempty"`
}

// GoalReport is one operational goal.
type GoalReport struct {
	Code          string          `json:"code"`
	Title         string          `json:"titel"`
	Interventions []string        `json:"interventies"`
	Indicators    []GoalIndicator `json:"indicatoren"`
}

// GoalIndicator is an indicator of a goal with its verdict for the year.
type GoalIndicator struct {
	Code        string   `json:"code"`
	Name        string   `json:"naam"`
	Unit        string   `json:"eenheid"`
	Value       *float64 `json:"waarde"` // the latest value up to the year, if any
	Period      string   `json:"periode,omitempty"`
	Latest      string   `json:"laatste_waarde"` // the value in words: "12,5% (2024)" or "nog geen waarde"
	Target      string   `json:"streefwaarde"`   // "" when the year has no target
	Verdict     string   `json:"oordeel"`        // gehaald, niet gehaald, onbekend
	Explanation string   `json:"toelichting"`
	Reason      string   `json:"reden,omitempty"`     // why the target: the decision it comes from
	Baseline    string   `json:"nulmeting,omitempty"` // "nulmeting 2018: 7%"
}

// FinanceChapter holds the programme's budget for the year (from the
// programme model, in thousands of euros) and the spending per line.
type FinanceChapter struct {
	Missing         string        `json:"geen_gegevens,omitempty"` // no budget tables for the year
	Available       []BudgetRow   `json:"beschikbaar,omitempty"`
	AvailableTotal  float64       `json:"beschikbaar_totaal"`
	Allocated       []BudgetGroup `json:"inzet,omitempty"`
	AllocatedTotal  float64       `json:"inzet_totaal"`
	SpendingMissing string        `json:"besteding_geen_gegevens,omitempty"`
	Spending        []LineMoney   `json:"besteding,omitempty"`
	SpendingTotal   LineMoney     `json:"besteding_totaal"`
}

// Balance is what is available minus what is allocated.
func (f FinanceChapter) Balance() float64 { return f.AvailableTotal - f.AllocatedTotal }

// BudgetRow is one row of a budget table in thousands of euros.
type BudgetRow struct {
	Label  string  `json:"post"`
	Note   string  `json:"toelichting,omitempty"`
	Amount float64 `json:"bedrag"`
}

// BudgetGroup is the allocation of one programme line, or of the programme
// as a whole (Code "").
type BudgetGroup struct {
	Code     string      `json:"lijn"`
	Name     string      `json:"naam"`
	Rows     []BudgetRow `json:"posten"`
	Subtotal float64     `json:"subtotaal"`
}

// LineMoney is a line's spending in euros, with the line's name.
type LineMoney struct {
	Spending
	Name string `json:"naam"`
}

// DecisionChapter lists the wegingskader rounds decided in the year.
type DecisionChapter struct {
	Missing string     `json:"geen_gegevens,omitempty"`
	Rounds  []Decision `json:"rondes,omitempty"`
	Granted float64    `json:"toegekend_totaal"` // euros
}

// LessonChapter lists the learning log's lessons and decisions of the year.
type LessonChapter struct {
	Missing string   `json:"geen_gegevens,omitempty"`
	Lessons []Lesson `json:"lessen,omitempty"`
}
