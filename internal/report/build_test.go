package report

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

func TestBuildFromProgrammeAndIndicators(t *testing.T) {
	s, _ := testService()
	r, err := s.Build(context.Background(), 2024)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ongoing || r.Programme != "Testprogramma" || !r.MadeAt.Equal(now) {
		t.Errorf("report header: ongoing %v, programme %q, made %v", r.Ongoing, r.Programme, r.MadeAt)
	}

	// Trends: the values up to 2024 only, the suppressed year without a number.
	if len(r.Trends.Indicators) != 1 {
		t.Fatalf("trend indicators: %+v", r.Trends.Indicators)
	}
	ti := r.Trends.Indicators[0]
	if len(ti.Series) != 1 || ti.Series[0].Area != "GM0014" {
		t.Fatalf("trend series: %+v", ti.Series)
	}
	var years []int
	for _, p := range ti.Series[0].Points {
		years = append(years, p.Year)
		if p.Suppressed != (p.Value == nil) {
			t.Errorf("%d: suppressed %v with value %v", p.Year, p.Suppressed, p.Value)
		}
	}
	if !reflect.DeepEqual(years, []int{2021, 2022, 2023, 2024}) {
		t.Errorf("trend years %v, want 2021-2024 (2025 is after the report's year)", years)
	}
	want := "In 2024 was het aandeel 11,2%. Dat is 0,6 procentpunt lager dan in 2023 (11,8%). Sinds 2021 (12,5%) is het aandeel met 1,3 procentpunt gedaald. " +
		"Lager is beter, dus de laatste verandering is gunstig. Onderdrukt omdat het over te weinig huishoudens gaat: 2022."
	if ti.Description != want {
		t.Errorf("description\n got %q\nwant %q", ti.Description, want)
	}

	// Interventions: the year's last status, corrected texts, other years left out.
	ic := r.Interventions
	if len(ic.Lines) != 2 || len(ic.Lines[0].Interventions) != 2 || len(ic.Lines[1].Interventions) != 1 {
		t.Fatalf("lines: %+v", ic.Lines)
	}
	l101 := ic.Lines[0].Interventions[0]
	if l101.Status != "op_koers" || l101.Period != "2024-T3" {
		t.Errorf("L1-01: status %q from %q, want op_koers from 2024-T3", l101.Status, l101.Period)
	}
	if want := []Remark{{Periods: []string{"2024-T1", "2024-T3"}, Text: "Eerste passen uitgereikt."}}; !reflect.DeepEqual(l101.Successes, want) {
		t.Errorf("L1-01 successes %+v, want %+v", l101.Successes, want)
	}
	if want := []Remark{{Periods: []string{"2024-T2"}, Text: "Te weinig aanvragen bij werkende ouders."}}; !reflect.DeepEqual(l101.Concerns, want) {
		t.Errorf("L1-01 concerns %+v, want only the corrected text %+v", l101.Concerns, want)
	}
	l102 := ic.Lines[0].Interventions[1]
	if l102.Status != "" || l102.StatusLabel != "Geen update" || l102.Successes != nil {
		t.Errorf("L1-02 had no 2024 update: %+v", l102)
	}
	if l201 := ic.Lines[1].Interventions[0]; l201.Status != "achter" || l201.Period != "2024-T2" || len(l201.Successes) != 0 {
		t.Errorf("L2-01: %+v (its 2025 success must not count)", l201)
	}
	counts := map[string]int{}
	for _, c := range ic.Total {
		counts[c.Status] = c.Count
	}
	if counts["op_koers"] != 1 || counts["achter"] != 1 || counts[""] != 1 || counts["afgerond"] != 0 || len(ic.Total) != 6 {
		t.Errorf("total counts %+v", ic.Total)
	}

	// Goals: verdicts against the 2024 targets.
	if len(r.Goals.Goals) != 2 {
		t.Fatalf("goals: %+v", r.Goals.Goals)
	}
	o1 := r.Goals.Goals[0]
	if !reflect.DeepEqual(o1.Interventions, []string{"L1-01", "L1-02"}) || len(o1.Indicators) != 1 {
		t.Fatalf("O1: %+v", o1)
	}
	if gi := o1.Indicators[0]; gi.Latest != "1.100 (2024)" || gi.Verdict != "gehaald" || gi.Target != "stijging ten opzichte van de vorige meting" || *gi.Value != 1100 ||
		gi.Reason != "(voorbeeld) besluit 2024" || gi.Baseline != "nulmeting 2023: 1.000" {
		t.Errorf("O1 indicator: %+v", gi)
	}
	if gi := r.Goals.Goals[1].Indicators[0]; gi.Latest != "40 (2023)" || gi.Period != "2023" || gi.Target != "" || gi.Explanation != "Voor 2024 is geen streefwaarde vastgelegd." {
		t.Errorf("O2 indicator (its 2024 value is suppressed, it has no target): %+v", gi)
	}

	// Finance: the 2024 column; spending not wired.
	fc := r.Finance
	if fc.AvailableTotal != 750.5 || fc.AllocatedTotal != 800 || fc.Balance() != -49.5 || len(fc.Allocated) != 3 || fc.Allocated[2].Name != "Programmabreed" {
		t.Errorf("finance: %+v", fc)
	}
	if !strings.HasPrefix(fc.SpendingMissing, "Nog geen gegevens") || !strings.Contains(fc.SpendingMissing, "procesmonitor") {
		t.Errorf("spending without a source: %q", fc.SpendingMissing)
	}
	for _, why := range []string{r.Decisions.Missing, r.Lessons.Missing} {
		if !strings.HasPrefix(why, "Nog geen gegevens") {
			t.Errorf("a chapter without a source says %q", why)
		}
	}
}

func TestBuildWithEverySource(t *testing.T) {
	s, _ := testService()
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC) }
	s.Sources.Spending = fakeSpending{{Line: "", Allocated: 90000, Spent: 80000}, {Line: "L1", Available: f(300000), Allocated: 300000, Spent: 150000}}
	s.Sources.Decisions = fakeDecisions{
		{Round: "2024-2", Date: day(10, 1), Granted: []Grant{{Title: "Buurtkas Selwerd", Amount: 12500}}, Motivation: "Past bij de criteria."},
		{Round: "Ronde 1 2024", Date: day(3, 1), Granted: []Grant{{Title: "Schuldhulpmaatjes", Amount: 20000}, {Title: "Taalcafé", Amount: 5000}}},
	}
	s.Sources.Lessons = fakeLessons{
		{Date: day(5, 1), Kind: "les", Title: "Bellen werkt beter dan brieven", Text: "Eerste alinea.\n\nTweede alinea.", Links: []string{"L1-02", "O1"}},
		{Date: day(9, 1), Kind: "besluit", Title: "Kindpas ook voor 18-jarigen"},
	}
	r, err := s.Build(context.Background(), 2024)
	if err != nil {
		t.Fatal(err)
	}
	if m := r.Missing(); m[Finance] != "" || r.Finance.SpendingMissing != "" || m[Decisions] != "" || m[Lessons] != "" {
		t.Fatalf("wired sources still missing: %+v, spending %q", m, r.Finance.SpendingMissing)
	}
	if r.Finance.Spending[0].Line != "L1" || r.Finance.Spending[1].Name != "Programmabreed" || r.Finance.SpendingTotal.Spent != 230000 || *r.Finance.SpendingTotal.Available != 300000 {
		t.Errorf("spending in line order with its total: %+v %+v", r.Finance.Spending, r.Finance.SpendingTotal)
	}
	if r.Decisions.Rounds[0].Round != "Ronde 1 2024" || r.Decisions.Granted != 37500 {
		t.Errorf("decisions oldest first, 37.500 granted: %+v", r.Decisions)
	}
	if g := r.Lessons.Groups(); len(g) != 2 || g[0].Title != "Besluiten" || g[1].Title != "Lessen" {
		t.Errorf("lesson groups: %+v", g)
	}
	doc, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	html := string(doc)
	for _, want := range []string{
		"Ronde 1 2024, besloten op 1 maart 2024", "Ronde 2024-2, besloten op 1 oktober 2024", "€ 37.500", "€ 12.500",
		"In 2024 besliste het beoordelingsteam in 2 rondes volgens het wegingskader; samen kregen 3 aanvragen € 37.500 toegekend.",
		"Bellen werkt beter dan brieven", "gaat over L1-02 en O1", "<p>Tweede alinea.</p>",
		"<td>300</td><td>300</td><td>150</td><td>50%</td>",    // L1 in thousands, and the share of the inzet spent
		"Programmabreed</th><td>–</td><td>90</td><td>80</td>", // no available of its own
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered report lacks %q", want)
		}
	}
	if strings.Contains(html, "Nog geen gegevens") {
		t.Error("a report with every source says 'Nog geen gegevens'")
	}
}

func TestBuildRefusesYearsWithoutAReport(t *testing.T) {
	s, _ := testService()
	for _, y := range []int{1989, 2026} {
		if _, err := s.Build(context.Background(), y); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("year %d: err %v, want invalid", y, err)
		}
	}
	r, err := s.Build(context.Background(), 2025)
	if err != nil || !r.Ongoing {
		t.Errorf("2025 is the current year: ongoing %v, err %v", r != nil && r.Ongoing, err)
	}
}

// TestSnapshotRendersTheSameDocument proves that a dossier's JSON is the
// whole of what its document was made from.
func TestSnapshotRendersTheSameDocument(t *testing.T) {
	s, _ := testService()
	s.Sources.Lessons = fakeLessons{{Date: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Kind: "les", Title: "Een les", Text: "Tekst."}}
	r, err := s.Build(context.Background(), 2024)
	if err != nil {
		t.Fatal(err)
	}
	r.Narratives[Trends] = Narrative{Year: 2024, Chapter: Trends, Text: "De armoede daalt.", UpdatedAt: now, UpdatedBy: "team@example.nl"}
	first, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := FromSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Render(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(again) {
		t.Error("the report rendered from its JSON snapshot differs from the original")
	}
}

type fakeVersions []programme.Version

func (f fakeVersions) Versions(context.Context) ([]programme.Version, error) {
	out := make([]programme.Version, len(f))
	for i, v := range f {
		v.Model = nil
		out[i] = v
	}
	return out, nil
}

func (f fakeVersions) Version(_ context.Context, n int) (*programme.Version, error) {
	for _, v := range f {
		if v.Number == n {
			return &v, nil
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "no version %d", n)
}

// TestReportFollowsTheProgrammeOfItsYear: a recalibration in 2025 stopped
// L2-01; the report on 2024 still shows it, the one on 2025 does not.
func TestReportFollowsTheProgrammeOfItsYear(t *testing.T) {
	old := testModel()
	cur := testModel()
	cur.Interventions = cur.Interventions[:2] // L2-01 stopped
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	has := func(r *Report, code string) bool {
		for _, l := range r.Interventions.Lines {
			for _, iv := range l.Interventions {
				if iv.Code == code {
					return true
				}
			}
		}
		return false
	}
	cases := []struct {
		name     string
		versions fakeVersions
		year     int
		want     bool
		note     string
	}{
		{"version of the year's end", fakeVersions{{Number: 1, CreatedAt: at(2023, 5, 1), Model: old}, {Number: 2, CreatedAt: at(2025, 3, 1), Model: cur}}, 2024, true, "programmaversie 1 van 1 mei 2023"},
		{"ongoing year: the current programme", fakeVersions{{Number: 1, CreatedAt: at(2023, 5, 1), Model: old}, {Number: 2, CreatedAt: at(2025, 3, 1), Model: cur}}, 2025, false, ""},
		{"nothing changed since", fakeVersions{{Number: 1, CreatedAt: at(2023, 5, 1), Model: cur}}, 2024, false, ""},
		{"versions kept only later: the oldest", fakeVersions{{Number: 1, CreatedAt: at(2025, 2, 1), Model: old}, {Number: 2, CreatedAt: at(2025, 3, 1), Model: cur}}, 2024, true, "oudste bewaarde versie van het programma (versie 1 van 1 februari 2025)"},
	}
	for _, c := range cases {
		s, _ := testService()
		s.Sources.Programme = &fakeProgramme{m: cur, ups: testUpdates()}
		s.Sources.Versions = c.versions
		r, err := s.Build(context.Background(), c.year)
		if err != nil {
			t.Fatal(err)
		}
		if has(r, "L2-01") != c.want || !strings.Contains(r.ProgrammeNote, c.note) || (c.note == "") != (r.ProgrammeNote == "") {
			t.Errorf("%s: L2-01 shown %v, want %v; note %q", c.name, has(r, "L2-01"), c.want, r.ProgrammeNote)
		}
	}
}
