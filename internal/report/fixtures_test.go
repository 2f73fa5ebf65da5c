package report

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
)

// now is in 2025, so 2024 is a finished year and 2025 an ongoing one.
var now = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

type fakeProgramme struct {
	m   *programme.Model
	ups []programme.Update
}

func (f *fakeProgramme) Model(context.Context) (*programme.Model, error)     { return f.m, nil }
func (f *fakeProgramme) Updates(context.Context) ([]programme.Update, error) { return f.ups, nil }

type fakeIndicators struct {
	reg  *indicator.Register
	vals []indicator.Value
}

func (f *fakeIndicators) Register(context.Context) (*indicator.Register, error) { return f.reg, nil }

func (f *fakeIndicators) Values(_ context.Context, flt indicator.ValueFilter) ([]indicator.Value, error) {
	var out []indicator.Value
	for _, v := range f.vals {
		if flt.Indicator != "" && v.Indicator != flt.Indicator || flt.Group != "" && v.Group != flt.Group {
			continue
		}
		if flt.Gemeente && !f.reg.IsGemeente(v.Area) {
			continue
		}
		out = append(out, v)
	}
	indicator.SortValuesByIndicator(out)
	return out, nil
}

type fakeSpending []Spending

func (f fakeSpending) Spending(context.Context, int) ([]Spending, error) { return slices.Clone(f), nil }

type fakeDecisions []Decision

func (f fakeDecisions) Decisions(context.Context, int) ([]Decision, error) {
	return slices.Clone(f), nil
}

type fakeLessons []Lesson

func (f fakeLessons) Lessons(context.Context, int) ([]Lesson, error) { return slices.Clone(f), nil }

// memStore keeps narratives and dossiers in memory, with the store's rules.
type memStore struct {
	narratives map[string]Narrative
	dossiers   []Dossier
}

func newMemStore() *memStore { return &memStore{narratives: map[string]Narrative{}} }

func (m *memStore) Narratives(_ context.Context, year int) ([]Narrative, error) {
	var out []Narrative
	for _, n := range m.narratives {
		if n.Year == year {
			out = append(out, n)
		}
	}
	return out, nil
}

func (m *memStore) SaveNarrative(_ context.Context, n Narrative) error {
	key := itoa(n.Year) + "/" + n.Chapter
	if m.narratives[key].Version != n.Version-1 {
		return perspectief.Errorf(perspectief.CodeConflict, "changed meanwhile")
	}
	m.narratives[key] = n
	return nil
}

func (m *memStore) SaveDossier(_ context.Context, d *Dossier) error {
	for _, x := range m.dossiers {
		if x.Year == d.Year && x.Version == d.Version {
			return perspectief.Errorf(perspectief.CodeConflict, "exists")
		}
	}
	m.dossiers = append(m.dossiers, *d)
	return nil
}

func (m *memStore) Dossiers(_ context.Context, year int) ([]Dossier, error) {
	var out []Dossier
	for _, d := range m.dossiers {
		if year == 0 || d.Year == year {
			out = append(out, d)
		}
	}
	return out, nil
}

func (m *memStore) Dossier(_ context.Context, year, version int) (*Dossier, error) {
	for _, d := range m.dossiers {
		if d.Year == year && d.Version == version {
			return &d, nil
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "no dossier")
}

func f(v float64) *float64 { return &v }

// testModel is a small programme: two lines, three interventions, two
// operational goals and a budget for 2024.
func testModel() *programme.Model {
	return &programme.Model{
		Name: "Testprogramma", StartYear: 2024, EndYear: 2026,
		Goals: []programme.Goal{
			{Code: "O1", Level: programme.LevelOperational, Title: "Regelingen zijn eenvoudiger"},
			{Code: "O2", Level: programme.LevelOperational, Title: "Schulden worden eerder gezien"},
		},
		Lines: []programme.Line{{Code: "L1", Name: "Inkomen"}, {Code: "L2", Name: "Schulden"}},
		Interventions: []programme.Intervention{
			{Code: "L1-01", Line: "L1", Title: "Kindpas", OperationalGoals: []string{"O1"}},
			{Code: "L1-02", Line: "L1", Title: "Eenvoudige brieven", OperationalGoals: []string{"O1"}},
			{Code: "L2-01", Line: "L2", Title: "Vroegsignalering", OperationalGoals: []string{"O2"}},
		},
		Budget: programme.Budget{
			Available: []programme.BudgetRow{{Label: "Rijksmiddelen", Amounts: programme.Amounts{2024: 500, 2025: 500}}, {Label: "Eigen middelen", Amounts: programme.Amounts{2024: 250.5}}},
			Allocated: []programme.BudgetRow{
				{Label: "Kindpas", Line: "L1", Amounts: programme.Amounts{2024: 300}},
				{Label: "Schuldhulp", Line: "L2", Amounts: programme.Amounts{2024: 400}},
				{Label: "Organisatie", Amounts: programme.Amounts{2024: 100}, Note: "programmabreed"},
			},
		},
	}
}

func update(code string, p perspectief.Period, st programme.Status, success, concern string, at time.Time) programme.Update {
	return programme.Update{Intervention: code, Period: p, Status: st, Narrative: "x", Successes: success, Concerns: concern, CreatedAt: at}
}

func testUpdates() []programme.Update {
	t1, t2, t3 := perspectief.Period{Year: 2024, Tertial: 1}, perspectief.Period{Year: 2024, Tertial: 2}, perspectief.Period{Year: 2024, Tertial: 3}
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 9, 0, 0, 0, time.UTC) }
	return []programme.Update{
		update("L1-01", t1, programme.StatusOnTrack, "Eerste passen uitgereikt.", "", day(4, 20)),
		update("L1-01", t2, programme.StatusAttention, "", "Te weinig aanvragen.", day(8, 20)),
		// A correction of T2: it replaces the first T2 update.
		update("L1-01", t2, programme.StatusAttention, "", "Te weinig aanvragen bij werkende ouders.", day(8, 28)),
		update("L1-01", t3, programme.StatusOnTrack, "Eerste passen uitgereikt.", "", day(12, 10)),
		update("L2-01", t2, programme.StatusBehind, "", "De aanbesteding liep uit.", day(8, 1)),
		// 2023 and 2025 updates stay out of the 2024 report.
		update("L1-02", perspectief.Period{Year: 2023, Tertial: 3}, programme.StatusDone, "Oud succes.", "", time.Date(2023, 12, 1, 9, 0, 0, 0, time.UTC)),
		update("L2-01", perspectief.Period{Year: 2025, Tertial: 1}, programme.StatusOnTrack, "Later succes.", "", time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)),
	}
}

func testRegister() *indicator.Register {
	return &indicator.Register{
		Indicators: []indicator.Indicator{
			{Code: "huishoudens_110", Name: "Huishoudens tot 110%", Unit: "procent", Type: "impact", Kind: "effect", Level: "strategisch", Direction: indicator.Down, Source: "CBS"},
			{Code: "gebruik", Name: "Gebruik regelingen", Unit: "aantal", Type: "output", Kind: "prestatie", Level: "operationeel", Direction: indicator.Up, Goals: []string{"O1"},
				Baseline: &indicator.Baseline{Year: 2023, Value: 1000},
				Targets:  []indicator.Target{{Year: 2024, Goal: indicator.Increase, Reason: "(voorbeeld) besluit 2024"}}},
			{Code: "aanmeldingen", Name: "Aanmeldingen schuldhulp", Unit: "aantal", Type: "output", Kind: "prestatie", Level: "operationeel", Direction: indicator.Up, Goals: []string{"O2"}},
		},
		Areas: []indicator.Area{{Code: "GM0014", Name: "Gemeente Groningen", Kind: "cbs", Level: "gemeente"}},
	}
}

func yv(ind string, year int, v float64) indicator.Value {
	return indicator.Value{Indicator: ind, Period: indicator.YearPeriod(year), Area: "GM0014", Group: indicator.TotalGroup, Value: v}
}

func testValues() []indicator.Value {
	sup := yv("huishoudens_110", 2022, 0)
	sup.Suppressed, sup.Value = true, 0
	h21 := yv("huishoudens_110", 2021, 12.5)
	h21.Num, h21.Den = f(125), f(1000)
	return []indicator.Value{
		h21, sup, yv("huishoudens_110", 2023, 11.8), yv("huishoudens_110", 2024, 11.2),
		// After the report's year: must not appear in the 2024 report.
		yv("huishoudens_110", 2025, 99),
		yv("gebruik", 2023, 1000), yv("gebruik", 2024, 1100),
		// A suppressed latest value: the report shows the one before.
		yv("aanmeldingen", 2023, 40), func() indicator.Value { v := yv("aanmeldingen", 2024, 0); v.Suppressed = true; return v }(),
	}
}

// testService is a service on the fixtures with only the programme and the
// indicators wired.
func testService() (*Service, *memStore) {
	st := newMemStore()
	s := NewService(Sources{
		Programme:  &fakeProgramme{m: testModel(), ups: testUpdates()},
		Indicators: &fakeIndicators{reg: testRegister(), vals: testValues()},
	}, st)
	s.Now = func() time.Time { return now }
	return s, st
}

func countOf(s, sub string) int { return strings.Count(s, sub) }
