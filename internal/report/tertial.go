package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
)

// The tertial report is what the regiegroep reads three times a year
// (monitoring plan 4.2): per programme line the status of every
// intervention in the tertial's progress update, its successes and
// concerns, the escalations, the milestones that are late, the budget
// signals of the procesmonitor and the verdicts of the indicators as they
// stood at the end of the tertial. It is frozen like the council dossier:
// numbered versions per tertial, HTML, PDF and the data as JSON, never
// changed afterwards.

// TertialSources are where a tertial report comes from. Programme is
// required; a nil Indicators or Procesmonitor leaves its part saying
// "nog geen gegevens".
type TertialSources struct {
	Programme     ProgrammeSource
	Indicators    IndicatorSource
	Procesmonitor TertialProcesmonitor
	// Users names people (e-mail → display name); nil shows addresses.
	Users func(ctx context.Context) ([]account.User, error)
}

// TertialProcesmonitor gives the milestones as they stood at a moment and
// the budget signals. procesmonitor.Service satisfies it.
type TertialProcesmonitor interface {
	MilestonesAt(ctx context.Context, end time.Time) ([]procesmonitor.Milestone, error)
	SignalsAt(ctx context.Context, year int, asOf time.Time) ([]procesmonitor.ItemForecast, error)
}

// TertialStore keeps the frozen tertial reports; store.Reports satisfies
// it. Every save writes an audit event in the same transaction.
type TertialStore interface {
	// SaveTertial stores a frozen report; CodeConflict when its period and
	// version exist already.
	SaveTertial(ctx context.Context, t *TertialVersion) error
	// Tertials lists the versions of a period ("" for every period), newest
	// first, without their files.
	Tertials(ctx context.Context, period string) ([]TertialVersion, error)
	// Tertial reads one version with its files; CodeNotFound when absent.
	Tertial(ctx context.Context, period string, version int) (*TertialVersion, error)
}

// TertialVersion is a frozen tertial report.
type TertialVersion struct {
	ID        int64
	Period    string // 2025-T2
	Version   int
	Note      string
	CreatedAt time.Time
	CreatedBy string // e-mail of who froze it

	HTML     []byte
	PDF      []byte // nil when no PDF could be made
	Snapshot []byte // the TertialReport as JSON

	HTMLSHA256, PDFSHA256, SnapshotSHA256 string
}

// Label names the version: "Tertiaalrapportage 2025 T2, versie 1".
func (t *TertialVersion) Label() string { return TertialLabel(t.Period, t.Version) }

// HasPDF reports whether the version holds a PDF.
func (t *TertialVersion) HasPDF() bool { return t.PDFSHA256 != "" }

// TertialLabel names a version by period and version.
func TertialLabel(period string, version int) string {
	p, err := perspectief.ParsePeriod(period)
	if err != nil {
		return fmt.Sprintf("Tertiaalrapportage %s, versie %d", period, version)
	}
	return fmt.Sprintf("Tertiaalrapportage %d T%d, versie %d", p.Year, p.Tertial, version)
}

// TertialReport is the content of a tertial report.
type TertialReport struct {
	Period    string        `json:"periode"`
	Label     string        `json:"label"`
	Programme string        `json:"programma"`
	From      time.Time     `json:"van"`        // the first day of the tertial
	To        time.Time     `json:"tot_en_met"` // its last day
	AsOf      time.Time     `json:"peildatum"`  // its last day, or the day made while it runs
	MadeAt    time.Time     `json:"gemaakt_op"`
	Ongoing   bool          `json:"lopend"`
	Lines     []TertialLine `json:"lijnen"`
	// Escalations counts the escalated updates, Late the late milestones
	// and Signals the budget warnings, over all lines.
	Escalations       int                `json:"escalaties"`
	Late              int                `json:"mijlpalen_te_laat"`
	Signals           int                `json:"begrotingssignalen"`
	Reported          int                `json:"gerapporteerd"` // interventions with an update in the tertial
	Interventions     int                `json:"interventies"`
	Indicators        []TertialIndicator `json:"indicatoren"`
	IndicatorsMissing string             `json:"indicatoren_ontbreken,omitempty"`
	BudgetMissing     string             `json:"begroting_ontbreekt,omitempty"`
	MilestonesMissing string             `json:"mijlpalen_ontbreken,omitempty"`
	Frozen            *Mark              `json:"vastgelegd,omitempty"`
}

// TertialLine is one programme line (or "Programmabreed" for the budget
// signals of items on no line).
type TertialLine struct {
	Code          string                `json:"code"`
	Name          string                `json:"naam"`
	Interventions []TertialIntervention `json:"interventies"`
	Late          []LateMilestone       `json:"mijlpalen_te_laat"`
	Budget        []BudgetSignal        `json:"begrotingssignalen"`
}

// TertialIntervention is one intervention's update of the tertial.
type TertialIntervention struct {
	Code             string    `json:"code"`
	Title            string    `json:"titel"`
	Leaders          []string  `json:"projectleiders"` // names
	Reported         bool      `json:"gerapporteerd"`
	Status           string    `json:"status"` // programme.Status; "" without an update
	StatusLabel      string    `json:"status_label"`
	Narrative        string    `json:"toelichting,omitempty"`
	Successes        string    `json:"successen,omitempty"`
	Concerns         string    `json:"zorgen,omitempty"`
	Escalated        bool      `json:"geescaleerd"`
	EscalationReason string    `json:"reden_escalatie,omitempty"`
	ReportedBy       string    `json:"gerapporteerd_door,omitempty"`
	ReportedAt       time.Time `json:"gerapporteerd_op,omitzero"`
}

// LateMilestone is a milestone still open after its date at the end of the
// tertial.
type LateMilestone struct {
	Intervention string    `json:"interventie"` // the intervention's title
	Title        string    `json:"titel"`
	Due          time.Time `json:"datum"`
	Owner        string    `json:"eigenaar"`
	DaysLate     int       `json:"dagen_te_laat"`
}

// BudgetSignal is a warning of the procesmonitor's forecast for an item.
type BudgetSignal struct {
	Item        string `json:"post"` // the item's label
	Verdict     string `json:"oordeel"`
	Kind        string `json:"soort"`
	Explanation string `json:"uitleg"`
}

// TertialIndicator is an indicator's verdict with the values known at the
// end of the tertial.
type TertialIndicator struct {
	Code        string `json:"code"`
	Name        string `json:"naam"`
	Latest      string `json:"laatste_waarde"`
	Target      string `json:"streefwaarde,omitempty"`
	Year        int    `json:"oordeel_jaar"` // the year whose target the verdict judges
	Verdict     string `json:"oordeel"`
	Explanation string `json:"uitleg"`
	New         bool   `json:"nieuw_dit_tertiaal"` // the latest value is of a period that ends in the tertial
}

// TertialBounds are the first and last day of a tertial.
func TertialBounds(p perspectief.Period) (from, to time.Time) {
	from = time.Date(p.Year, time.Month((p.Tertial-1)*4+1), 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, 4, -1)
}

// periodEnd is the last day of an indicator period.
func periodEnd(p indicator.Period) time.Time {
	first, months := 1, 12
	switch p.Kind {
	case indicator.Tertial:
		first, months = (p.N-1)*4+1, 4
	case indicator.Quarter:
		first, months = (p.N-1)*3+1, 3
	case indicator.Month:
		first, months = p.N, 1
	}
	return time.Date(p.Year, time.Month(first), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, -1)
}

// TertialService makes, freezes and reads tertial reports.
type TertialService struct {
	Sources TertialSources
	Store   TertialStore
	// PDF prints a self-contained HTML document (headless.PDF); nil where
	// Chromium is absent.
	PDF func(ctx context.Context, html []byte) ([]byte, error)
	Now func() time.Time
}

// NewTertialService returns a service with the wall clock.
func NewTertialService(src TertialSources, st TertialStore) *TertialService {
	return &TertialService{Sources: src, Store: st, Now: time.Now}
}

// CanRead says why u may not read tertial reports: the regiegroep, the
// beheerder and the programmateam may.
func (s *TertialService) CanRead(u account.User) error {
	return account.Require(u.CanSeeEscalations(), "de tertiaalrapportage leest")
}

// CanFreeze says why u may not freeze a tertial report: the beheerder and
// the programmateam may.
func (s *TertialService) CanFreeze(u account.User) error {
	return account.Require(u.CanEditProgramme(), "een tertiaalrapportage vastlegt")
}

// Periods lists the tertials a report can be made for, newest first: the
// current one back to the programme's start.
func (s *TertialService) Periods(ctx context.Context) ([]perspectief.Period, error) {
	m, err := s.Sources.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	cur := perspectief.PeriodOf(s.Now().In(datefmt.Amsterdam))
	first := perspectief.Period{Year: cur.Year, Tertial: 1}
	if m.StartYear > 0 && m.StartYear <= cur.Year {
		first.Year = m.StartYear
	}
	var out []perspectief.Period
	for p := cur; !p.Before(first); p = p.Prev() {
		out = append(out, p)
	}
	return out, nil
}

// CheckPeriod reads a period and refuses one after the current tertial.
func (s *TertialService) CheckPeriod(period string) (perspectief.Period, error) {
	p, err := perspectief.ParsePeriod(period)
	if err != nil {
		return p, err
	}
	if cur := perspectief.PeriodOf(s.Now().In(datefmt.Amsterdam)); cur.Before(p) {
		return p, perspectief.Errorf(perspectief.CodeInvalid, "Tertiaal %s ligt in de toekomst: een tertiaalrapportage kan gaan over %s of eerder.", p, cur)
	}
	return p, nil
}

// Build makes the report of a tertial from the current data.
func (s *TertialService) Build(ctx context.Context, u account.User, period string) (*TertialReport, error) {
	if err := s.CanRead(u); err != nil {
		return nil, err
	}
	p, err := s.CheckPeriod(period)
	if err != nil {
		return nil, err
	}
	m, err := s.Sources.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	ups, err := s.Sources.Programme.Updates(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	today := procesmonitor.Civil(now)
	from, to := TertialBounds(p)
	r := &TertialReport{Period: p.String(), Label: p.Label(), Programme: m.Name, From: from, To: to, AsOf: to, MadeAt: now}
	if today.Before(to) {
		r.AsOf, r.Ongoing = today, true
	}
	names, err := s.names(ctx)
	if err != nil {
		return nil, err
	}
	r.Lines = TertialLines(m, ups, p, names)
	if pm := s.Sources.Procesmonitor; pm == nil {
		r.MilestonesMissing = notWired("de procesmonitor (mijlpalen)")
		r.BudgetMissing = notWired("de procesmonitor (begroting)")
	} else {
		// Every milestone as it stood when the tertial ended (now, while it
		// runs): one reached later was late then.
		end := now
		if !r.Ongoing {
			end = time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, datefmt.Amsterdam)
		}
		ms, err := pm.MilestonesAt(ctx, end)
		if err != nil {
			return nil, err
		}
		AddLateMilestones(r.Lines, m, ms, r.AsOf, names)
		items, err := pm.SignalsAt(ctx, p.Year, r.AsOf)
		if err != nil {
			return nil, err
		}
		r.Lines = AddBudgetSignals(r.Lines, items)
	}
	if src := s.Sources.Indicators; src == nil {
		r.IndicatorsMissing = notWired("het indicatorenregister")
	} else if r.Indicators, r.IndicatorsMissing, err = tertialIndicators(ctx, src, p); err != nil {
		return nil, err
	}
	for _, l := range r.Lines {
		r.Late += len(l.Late)
		r.Signals += len(l.Budget)
		for _, iv := range l.Interventions {
			r.Interventions++
			if iv.Reported {
				r.Reported++
			}
			if iv.Escalated {
				r.Escalations++
			}
		}
	}
	return r, nil
}

func (s *TertialService) names(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	if s.Sources.Users == nil {
		return out, nil
	}
	us, err := s.Sources.Users(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		if u.Name != "" {
			out[strings.ToLower(u.Email)] = u.Name
		}
	}
	return out, nil
}

func nameOf(names map[string]string, email string) string {
	if n, ok := names[strings.ToLower(email)]; ok {
		return n
	}
	return email
}

// TertialLines lists every intervention per line with the update it
// reported for period: the newest update of that tertial, none when it
// reported nothing for it (an update of another tertial does not count).
func TertialLines(m *programme.Model, ups []programme.Update, p perspectief.Period, names map[string]string) []TertialLine {
	latest := map[string]programme.Update{}
	for _, u := range ups {
		if u.Period != p {
			continue
		}
		if old, ok := latest[u.Intervention]; !ok || u.CreatedAt.After(old.CreatedAt) || u.CreatedAt.Equal(old.CreatedAt) && u.ID > old.ID {
			latest[u.Intervention] = u
		}
	}
	var out []TertialLine
	for _, l := range m.Lines {
		tl := TertialLine{Code: l.Code, Name: l.Name}
		for _, iv := range m.Interventions {
			if iv.Line != l.Code {
				continue
			}
			ti := TertialIntervention{Code: iv.Code, Title: iv.Title, StatusLabel: "Geen update over dit tertiaal"}
			for _, e := range iv.Leaders {
				ti.Leaders = append(ti.Leaders, nameOf(names, e))
			}
			if u, ok := latest[iv.Code]; ok {
				ti.Reported, ti.Status, ti.StatusLabel = true, string(u.Status), u.Status.Label()
				ti.Narrative, ti.Successes, ti.Concerns = u.Narrative, u.Successes, u.Concerns
				ti.Escalated, ti.EscalationReason = u.Escalated, u.EscalationReason
				ti.ReportedBy, ti.ReportedAt = nameOf(names, u.Author), u.CreatedAt
			}
			tl.Interventions = append(tl.Interventions, ti)
		}
		out = append(out, tl)
	}
	return out
}

// AddLateMilestones puts each milestone that is late on asOf (open, its
// date passed) with its intervention's line, by date.
func AddLateMilestones(lines []TertialLine, m *programme.Model, ms []procesmonitor.Milestone, asOf time.Time, names map[string]string) {
	late := procesmonitor.NeedsAttention(ms, asOf, 0).Late
	procesmonitor.SortMilestones(late)
	for _, x := range late {
		for _, iv := range m.Interventions {
			if iv.Code != x.Intervention {
				continue
			}
			for i := range lines {
				if lines[i].Code == iv.Line {
					lines[i].Late = append(lines[i].Late, LateMilestone{Intervention: iv.Title, Title: x.Title, Due: x.Due,
						Owner: nameOf(names, x.Owner), DaysLate: int(asOf.Sub(x.Due).Hours() / 24)})
				}
			}
		}
	}
}

// AddBudgetSignals puts each item whose forecast warns with its line; the
// warnings of items on no line go to a line "Programmabreed" at the end.
func AddBudgetSignals(lines []TertialLine, items []procesmonitor.ItemForecast) []TertialLine {
	for _, it := range items {
		if !it.Verdict.Warn() {
			continue
		}
		sig := BudgetSignal{Item: it.Label, Verdict: it.Verdict.Label, Kind: string(it.Verdict.Kind), Explanation: it.Verdict.Explanation}
		i := slices.IndexFunc(lines, func(l TertialLine) bool { return l.Code == it.Line })
		if i < 0 {
			lines = append(lines, TertialLine{Code: it.Line, Name: "Programmabreed"})
			i = len(lines) - 1
		}
		lines[i].Budget = append(lines[i].Budget, sig)
	}
	return lines
}

// tertialIndicators judges every indicator of the register against the
// target of the tertial's year with the values whose period ended by the
// end of the tertial.
func tertialIndicators(ctx context.Context, src IndicatorSource, p perspectief.Period) ([]TertialIndicator, string, error) {
	reg, err := src.Register(ctx)
	if err != nil {
		return nil, "", err
	}
	if len(reg.Indicators) == 0 {
		if reg, err = indicator.DefaultRegister(); err != nil {
			return nil, "", err
		}
	}
	vals, err := src.Values(ctx, indicator.ValueFilter{Group: indicator.TotalGroup, Gemeente: true})
	if err != nil {
		return nil, "", err
	}
	from, to := TertialBounds(p)
	byInd := map[string][]indicator.Value{}
	for _, v := range vals {
		if !periodEnd(v.Period).After(to) {
			byInd[v.Indicator] = append(byInd[v.Indicator], v)
		}
	}
	out := SelectTertialIndicators(reg, byInd, p.Year, from, to)
	if len(out) == 0 {
		return nil, "Nog geen gegevens: geen indicator heeft een waarde van voor het eind van dit tertiaal.", nil
	}
	return out, "", nil
}

// SelectTertialIndicators gives the verdict of each indicator with a value
// in vals (by indicator, only periods that ended by to), in register order;
// New marks those whose latest value is of a period that ended between
// from and to. Targets are yearly and judged on yearly values, so the
// verdict is of the latest year up to year with a yearly value (the
// year itself when there is none: "nog geen waarde").
func SelectTertialIndicators(reg *indicator.Register, vals map[string][]indicator.Value, year int, from, to time.Time) []TertialIndicator {
	var out []TertialIndicator
	for i := range reg.Indicators {
		ind := &reg.Indicators[i]
		if len(vals[ind.Code]) == 0 {
			continue
		}
		judged := year
		if y := latestYearly(reg, vals[ind.Code], year); y != 0 {
			judged = y
		}
		gi := goalIndicator(reg, ind, vals[ind.Code], judged)
		ti := TertialIndicator{Code: ind.Code, Name: ind.Name, Latest: gi.Latest, Target: gi.Target, Year: judged, Verdict: gi.Verdict, Explanation: gi.Explanation}
		if gi.Period != "" {
			if pp, err := indicator.ParsePeriod(gi.Period); err == nil {
				end := periodEnd(pp)
				ti.New = !end.Before(from) && !end.After(to)
			}
		}
		out = append(out, ti)
	}
	return out
}

// FreezeTertial makes the report of a tertial as it stands now into its
// next numbered version: HTML, PDF where Chromium is available and the
// data as JSON, stored together and never changed afterwards.
func (s *TertialService) FreezeTertial(ctx context.Context, u account.User, period, note string) (*TertialVersion, error) {
	if err := s.CanFreeze(u); err != nil {
		return nil, err
	}
	note, problem := checkNote(note)
	if problem != "" {
		return nil, perspectief.Invalid("De tertiaalrapportage is niet vastgelegd.", []perspectief.FieldError{{Path: "notitie", Message: problem}})
	}
	r, err := s.Build(ctx, u, period)
	if err != nil {
		return nil, err
	}
	prev, err := s.Store.Tertials(ctx, r.Period)
	if err != nil {
		return nil, err
	}
	version := nextVersion(prev, func(t TertialVersion) int { return t.Version })
	r.Frozen = &Mark{Version: version, FrozenAt: r.MadeAt, FrozenBy: frozenBy(u), Note: note}
	f, err := freezeFiles(ctx, r, RenderTertial, s.PDF)
	if err != nil {
		return nil, err
	}
	t := &TertialVersion{Period: r.Period, Version: version, Note: note, CreatedAt: r.MadeAt, CreatedBy: u.Email,
		HTML: f.HTML, PDF: f.PDF, Snapshot: f.Snapshot, HTMLSHA256: f.HTMLSHA256, PDFSHA256: f.PDFSHA256, SnapshotSHA256: f.SnapshotSHA256}
	if err := s.Store.SaveTertial(ctx, t); err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeConflict {
			return nil, perspectief.Errorf(perspectief.CodeConflict, "Tegelijk is er een andere tertiaalrapportage over %s vastgelegd. Probeer het opnieuw; ze krijgt dan het volgende nummer.", r.Period)
		}
		return nil, err
	}
	return t, nil
}

// Versions lists the frozen versions of a period ("" for all), newest first.
func (s *TertialService) Versions(ctx context.Context, u account.User, period string) ([]TertialVersion, error) {
	if err := s.CanRead(u); err != nil {
		return nil, err
	}
	return s.Store.Tertials(ctx, period)
}

// Version returns one frozen version with its files.
func (s *TertialService) Version(ctx context.Context, u account.User, period string, version int) (*TertialVersion, error) {
	if err := s.CanRead(u); err != nil {
		return nil, err
	}
	return s.Store.Tertial(ctx, period, version)
}

// MakePDF prints a rendered tertial report.
func (s *TertialService) MakePDF(ctx context.Context, html []byte) ([]byte, error) {
	if s.PDF == nil {
		return nil, ErrNoBrowser
	}
	return s.PDF(ctx, html)
}

// latestYearly is the latest year up to year of which the main series has
// a yearly value that may be shown; 0 when none.
func latestYearly(reg *indicator.Register, vals []indicator.Value, year int) int {
	_, series := reg.MainSeries(vals, indicator.TotalGroup)
	best := 0
	for _, v := range series {
		if v.Period.Kind == indicator.Year && !v.Suppressed && v.Period.Year <= year {
			best = max(best, v.Period.Year)
		}
	}
	return best
}
