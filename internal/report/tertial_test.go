package report

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
)

func civil(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func tertialModel() *programme.Model {
	return &programme.Model{
		Name:  "Proef",
		Lines: []programme.Line{{Code: "L1", Name: "Bestaanszekerheid"}, {Code: "L2", Name: "Schulden"}},
		Interventions: []programme.Intervention{
			{Code: "L1-01", Line: "L1", Title: "Kindpakket", Leaders: []string{"an@example.org"}},
			{Code: "L1-02", Line: "L1", Title: "Stadjerspas"},
			{Code: "L2-01", Line: "L2", Title: "Vroegsignalering"},
		},
	}
}

func TestTertialBounds(t *testing.T) {
	for _, tc := range []struct {
		p        perspectief.Period
		from, to string
	}{{perspectief.Period{Year: 2025, Tertial: 1}, "2025-01-01", "2025-04-30"},
		{perspectief.Period{Year: 2025, Tertial: 2}, "2025-05-01", "2025-08-31"},
		{perspectief.Period{Year: 2024, Tertial: 3}, "2024-09-01", "2024-12-31"}} {
		from, to := TertialBounds(tc.p)
		if !from.Equal(civil(tc.from)) || !to.Equal(civil(tc.to)) {
			t.Errorf("%s: %s – %s", tc.p, from, to)
		}
	}
}

// TestTertialLines: only updates of the tertial count, the newest one wins,
// and an intervention without one says so; people by name.
func TestTertialLines(t *testing.T) {
	t2 := perspectief.Period{Year: 2025, Tertial: 2}
	at := func(s string) time.Time { return civil(s).Add(10 * time.Hour) }
	ups := []programme.Update{
		{ID: 1, Intervention: "L1-01", Period: t2, Status: programme.StatusOnTrack, Successes: "oud", CreatedAt: at("2025-06-01"), Author: "an@example.org"},
		{ID: 2, Intervention: "L1-01", Period: t2, Status: programme.StatusBehind, Concerns: "te weinig aanvragen", Escalated: true,
			EscalationReason: "capaciteit", CreatedAt: at("2025-08-20"), Author: "an@example.org"},
		{ID: 3, Intervention: "L1-02", Period: perspectief.Period{Year: 2025, Tertial: 1}, Status: programme.StatusOnTrack, CreatedAt: at("2025-04-20")},
		{ID: 4, Intervention: "L2-01", Period: perspectief.Period{Year: 2025, Tertial: 3}, Status: programme.StatusDone, CreatedAt: at("2025-09-20")},
	}
	lines := TertialLines(tertialModel(), ups, t2, map[string]string{"an@example.org": "An de Vries"})
	if len(lines) != 2 || len(lines[0].Interventions) != 2 || len(lines[1].Interventions) != 1 {
		t.Fatalf("lines: %+v", lines)
	}
	kp := lines[0].Interventions[0]
	if !kp.Reported || kp.Status != "achter" || kp.Concerns != "te weinig aanvragen" || kp.Successes != "" || !kp.Escalated ||
		kp.EscalationReason != "capaciteit" || kp.ReportedBy != "An de Vries" || len(kp.Leaders) != 1 || kp.Leaders[0] != "An de Vries" {
		t.Errorf("the newest update of T2 should count: %+v", kp)
	}
	for _, iv := range []TertialIntervention{lines[0].Interventions[1], lines[1].Interventions[0]} {
		if iv.Reported || iv.Status != "" || iv.StatusLabel != "Geen update over dit tertiaal" {
			t.Errorf("%s reported in another tertial only: %+v", iv.Title, iv)
		}
	}
}

func TestTertialMilestonesAndBudget(t *testing.T) {
	m := tertialModel()
	ms := []procesmonitor.Milestone{
		{Intervention: "L2-01", Title: "Convenant", Due: civil("2025-08-01"), Status: procesmonitor.StatusBusy, Owner: "an@example.org"},
		{Intervention: "L1-01", Title: "Klaar", Due: civil("2025-06-01"), Status: procesmonitor.StatusDone},
		{Intervention: "L1-01", Title: "Later", Due: civil("2025-09-15"), Status: procesmonitor.StatusPlanned},
	}
	lines := TertialLines(m, nil, perspectief.Period{Year: 2025, Tertial: 2}, nil)
	AddLateMilestones(lines, m, ms, civil("2025-08-31"), map[string]string{"an@example.org": "An de Vries"})
	if len(lines[0].Late) != 0 || len(lines[1].Late) != 1 {
		t.Fatalf("late: %+v / %+v", lines[0].Late, lines[1].Late)
	}
	if l := lines[1].Late[0]; l.Intervention != "Vroegsignalering" || l.DaysLate != 30 || l.Owner != "An de Vries" {
		t.Errorf("late milestone: %+v", l)
	}
	items := []procesmonitor.ItemForecast{
		{Code: "L1.1", Label: "Kindpakket", Line: "L1", Verdict: procesmonitor.Verdict{Kind: procesmonitor.VerdictHeadingOver, Label: "dreigt over", Explanation: "116%"}},
		{Code: "L2.1", Label: "Schuldhulp", Line: "L2", Verdict: procesmonitor.Verdict{Kind: procesmonitor.VerdictOK, Label: "binnen"}},
		{Code: "ORG", Label: "Organisatie", Verdict: procesmonitor.Verdict{Kind: procesmonitor.VerdictHeadingUnder, Label: "dreigt onder"}},
	}
	lines = AddBudgetSignals(lines, items)
	if len(lines) != 3 || len(lines[0].Budget) != 1 || lines[0].Budget[0].Item != "Kindpakket" || len(lines[1].Budget) != 0 ||
		lines[2].Name != "Programmabreed" || lines[2].Budget[0].Verdict != "dreigt onder" {
		t.Fatalf("budget signals: %+v", lines)
	}
}

// TestSelectTertialIndicators: a value counts when its period ended by the
// end of the tertial; New when that end lies within the tertial.
func TestSelectTertialIndicators(t *testing.T) {
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	a, b := reg.Indicators[0], reg.Indicators[1]
	ten := 10.0
	reg.Indicators[0].Targets = []indicator.Target{{Year: 2024, Goal: indicator.Number, Value: &ten, Margin: 1}, {Year: 2025, Goal: indicator.Number, Value: &ten, Margin: 1}}
	area := reg.Areas[0].Code
	per := func(s string) indicator.Period {
		p, err := indicator.ParsePeriod(s)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	val := func(ind, p string, v float64) indicator.Value {
		return indicator.Value{Indicator: ind, Period: per(p), Area: area, Group: indicator.TotalGroup, Value: v}
	}
	all := []indicator.Value{val(a.Code, "2024", 11), val(a.Code, "2025-05", 10.5), val(a.Code, "2025", 14), val(b.Code, "2024", 3)}
	pick := func(p perspectief.Period) []TertialIndicator {
		from, to := TertialBounds(p)
		byInd := map[string][]indicator.Value{}
		for _, v := range all {
			if !periodEnd(v.Period).After(to) {
				byInd[v.Indicator] = append(byInd[v.Indicator], v)
			}
		}
		return SelectTertialIndicators(reg, byInd, p.Year, from, to)
	}
	if got := pick(perspectief.Period{Year: 2024, Tertial: 2}); len(got) != 0 {
		t.Fatalf("2024 T2 has no value yet: %+v", got)
	}
	got := pick(perspectief.Period{Year: 2024, Tertial: 3})
	if len(got) != 2 || got[0].Code != a.Code || !got[0].New || got[0].Year != 2024 || got[0].Verdict != "gehaald" || !got[1].New {
		t.Fatalf("2024 T3: %+v", got)
	}
	got = pick(perspectief.Period{Year: 2025, Tertial: 2})
	if len(got) != 2 || !got[0].New || !strings.Contains(got[0].Latest, "mei 2025") || got[0].Year != 2024 || got[0].Verdict != "gehaald" ||
		got[1].Code != b.Code || got[1].New {
		t.Fatalf("2025 T2: %+v", got)
	}
	got = pick(perspectief.Period{Year: 2025, Tertial: 3})
	if len(got) != 2 || !got[0].New || got[0].Year != 2025 || got[0].Verdict != "niet gehaald" {
		t.Fatalf("2025 T3: %+v", got)
	}
}

// fakeTertialStore keeps versions in memory for the service test.
type fakeTertialStore struct{ vs []TertialVersion }

func (f *fakeTertialStore) SaveTertial(_ context.Context, t *TertialVersion) error {
	f.vs = append(f.vs, *t)
	return nil
}
func (f *fakeTertialStore) Tertials(_ context.Context, p string) ([]TertialVersion, error) {
	var out []TertialVersion
	for _, v := range f.vs {
		if p == "" || v.Period == p {
			out = append(out, v)
		}
	}
	return out, nil
}
func (f *fakeTertialStore) Tertial(_ context.Context, p string, n int) (*TertialVersion, error) {
	for _, v := range f.vs {
		if v.Period == p && v.Version == n {
			return &v, nil
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "niet gevonden")
}

func TestFreezeTertial(t *testing.T) {
	st := &fakeTertialStore{}
	ups := []programme.Update{{Intervention: "L1-01", Period: perspectief.Period{Year: 2025, Tertial: 2}, Status: programme.StatusAttention,
		Successes: "200 gezinnen bereikt", Escalated: true, EscalationReason: "Wachtlijst bij partner", CreatedAt: civil("2025-08-25"), Author: "an@example.org"}}
	s := NewTertialService(TertialSources{Programme: &fakeProgramme{tertialModel(), ups},
		Users: func(context.Context) ([]account.User, error) {
			return []account.User{{Email: "an@example.org", Name: "An de Vries"}}, nil
		}}, st)
	s.Now = func() time.Time { return time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC) }
	team := account.User{Email: "team@example.org", Name: "Team", Role: account.RoleTeam}
	steering := account.User{Email: "rg@example.org", Role: account.RoleSteering}
	if _, err := s.FreezeTertial(context.Background(), steering, "2025-T2", ""); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
		t.Fatalf("the regiegroep freezes: %v", err)
	}
	if _, err := s.Build(context.Background(), account.User{Role: account.RoleProjectLeader}, "2025-T2"); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
		t.Fatalf("a projectleider reads: %v", err)
	}
	if _, err := s.FreezeTertial(context.Background(), team, "2025-T3", ""); err != nil {
		t.Fatalf("the running tertial: %v", err)
	}
	if _, err := s.FreezeTertial(context.Background(), team, "2026-T1", ""); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		t.Fatalf("a future tertial: %v", err)
	}
	for want := 1; want <= 2; want++ {
		v, err := s.FreezeTertial(context.Background(), team, "2025-T2", "Regiegroep 15 september")
		if err != nil || v.Version != want || v.HTMLSHA256 == "" || v.PDF != nil {
			t.Fatalf("freeze %d: %+v %v", want, v, err)
		}
	}
	v, err := s.Version(context.Background(), steering, "2025-T2", 2)
	if err != nil {
		t.Fatal(err)
	}
	html := string(v.HTML)
	for _, want := range []string{"Tertiaalrapportage 2025 T2, versie 2", "vastgelegd op", "Kindpakket", "Wachtlijst bij partner", "200 gezinnen bereikt",
		"An de Vries", "Aandacht nodig", "1 escalatie", "1 van de 3 interventies", "Regiegroep 15 september", "lang=\"nl\""} {
		if !strings.Contains(html, want) {
			t.Errorf("the frozen report lacks %q", want)
		}
	}
	if strings.Contains(html, "an@example.org") {
		t.Error("the report shows an e-mail address where a name is known")
	}
	r, err := s.Build(context.Background(), steering, "2025-T3")
	if err != nil || !r.Ongoing || !r.AsOf.Equal(civil("2025-09-10")) || r.Reported != 0 {
		t.Fatalf("running tertial: %+v %v", r, err)
	}
}

// fakeTertialPM keeps milestones with their history; its MilestonesAt is
// the procesmonitor's rule.
type fakeTertialPM struct {
	ms []procesmonitor.Milestone
	hs []procesmonitor.MilestoneChange
}

func (f fakeTertialPM) MilestonesAt(_ context.Context, end time.Time) ([]procesmonitor.Milestone, error) {
	return procesmonitor.MilestonesAt(f.ms, f.hs, end), nil
}
func (f fakeTertialPM) SignalsAt(context.Context, int, time.Time) ([]procesmonitor.ItemForecast, error) {
	return nil, nil
}

// TestTertialMilestoneDoneLater: a milestone reached after the tertial
// ended was late in that tertial's report, and is not in a later one; one
// added after the end is not in the report at all.
func TestTertialMilestoneDoneLater(t *testing.T) {
	at := func(s string) time.Time { return civil(s).Add(9 * time.Hour) }
	pm := fakeTertialPM{
		ms: []procesmonitor.Milestone{
			{ID: 1, Intervention: "L2-01", Title: "Convenant", Due: civil("2025-07-01"), Owner: "an@example.org", Status: procesmonitor.StatusDone},
			{ID: 2, Intervention: "L1-01", Title: "Nieuw na T2", Due: civil("2025-06-01"), Owner: "x", Status: procesmonitor.StatusPlanned},
		},
		hs: []procesmonitor.MilestoneChange{
			{Milestone: 1, Status: procesmonitor.StatusPlanned, Due: civil("2025-07-01"), At: at("2025-02-01")},
			{Milestone: 1, Status: procesmonitor.StatusBusy, Due: civil("2025-07-01"), At: at("2025-06-15")},
			{Milestone: 1, Status: procesmonitor.StatusDone, Due: civil("2025-07-01"), At: at("2025-09-03")},
			{Milestone: 2, Status: procesmonitor.StatusPlanned, Due: civil("2025-06-01"), At: at("2025-09-05")},
		},
	}
	s := NewTertialService(TertialSources{Programme: &fakeProgramme{tertialModel(), nil}, Procesmonitor: pm,
		Users: func(context.Context) ([]account.User, error) {
			return []account.User{{Email: "an@example.org", Name: "An de Vries"}}, nil
		}}, &fakeTertialStore{})
	s.Now = func() time.Time { return time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC) }
	steering := account.User{Email: "rg@example.org", Role: account.RoleSteering}
	r, err := s.Build(context.Background(), steering, "2025-T2")
	if err != nil {
		t.Fatal(err)
	}
	if r.Late != 1 || len(r.Lines[1].Late) != 1 || len(r.Lines[0].Late) != 0 {
		t.Fatalf("2025 T2 should show the convenant late and nothing of L1: %d late, %+v / %+v", r.Late, r.Lines[0].Late, r.Lines[1].Late)
	}
	if l := r.Lines[1].Late[0]; l.Title != "Convenant" || l.DaysLate != 61 || l.Owner != "An de Vries" {
		t.Errorf("late milestone at the end of T2: %+v", l)
	}
	html, err := RenderTertial(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "Convenant") {
		t.Error("the report does not show the milestone that was late")
	}
	// In the running tertial the convenant is done; the new milestone is late.
	r, err = s.Build(context.Background(), steering, "2025-T3")
	if err != nil {
		t.Fatal(err)
	}
	if r.Late != 1 || len(r.Lines[0].Late) != 1 || r.Lines[0].Late[0].Title != "Nieuw na T2" {
		t.Errorf("2025 T3: %+v / %+v", r.Lines[0].Late, r.Lines[1].Late)
	}
}
