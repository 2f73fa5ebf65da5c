package programme_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func amount(f float64) *float64 { return &f }

func TestValidateStageAreaAndNumbers(t *testing.T) {
	m := readGood(t)
	iv := &m.Interventions[0]
	iv.Stage, iv.Area, iv.Wijken = "proef", programme.AreaWijken, []string{"WK001410", "WK009999", "WK001410"}
	iv.Canvas.Results = []programme.Result{
		{Code: "R1", Description: "Bereik", Amount: amount(150)},                          // no unit, no year
		{Code: "R2", Description: "Iets", Year: 2026},                                     // year without a number
		{Code: "R3", Description: "Ok", Amount: amount(10), Unit: "gezinnen", Year: 2025}, // fine
	}
	m.Interventions[1].Area, m.Interventions[1].Wijken = programme.AreaNoord, []string{"WK001410"}
	var got []string
	for _, e := range m.Validate() {
		got = append(got, e.Path+": "+e.Message)
	}
	want := []string{
		`interventies[0].fase: fase "proef" bestaat niet`,
		`interventies[0].wijken[1]: wijk "WK009999" bestaat niet`,
		`interventies[0].wijken[2]: wijk Noordwest staat er twee keer`,
		`interventies[0].canvas.beoogde_resultaten[0].eenheid: een resultaat met een aantal heeft een eenheid nodig`,
		`interventies[0].canvas.beoogde_resultaten[0].jaar: een resultaat met een aantal heeft een jaar nodig`,
		`interventies[0].canvas.beoogde_resultaten[1].aantal: er is een jaar (2026) maar geen aantal`,
		`interventies[1].wijken: wijken horen alleen bij gebied "wijken"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
}

func TestInArea(t *testing.T) {
	gemeente := programme.Intervention{Area: programme.AreaMunicipality}
	noord := programme.Intervention{Area: programme.AreaNoord}
	vinkhuizen := programme.Intervention{Area: programme.AreaWijken, Wijken: []string{"WK001410"}} // Noordwest
	zuid := programme.Intervention{Area: programme.AreaWijken, Wijken: []string{"WK001407"}}       // Zuidwest
	none := programme.Intervention{}
	cases := []struct {
		filter string
		want   []bool // gemeente, noord, vinkhuizen, zuid, none
	}{
		{"", []bool{true, true, true, true, true}},
		{"gemeente", []bool{true, false, false, false, false}},
		{"noord", []bool{false, true, true, false, false}},
		{"WK001410", []bool{false, true, true, false, false}},
		{"WK001407", []bool{false, false, false, true, false}},
		{"WK001400", []bool{false, false, false, false, false}},
	}
	for _, c := range cases {
		for i, iv := range []programme.Intervention{gemeente, noord, vinkhuizen, zuid, none} {
			if got := iv.InArea(c.filter); got != c.want[i] {
				t.Errorf("filter %q, intervention %d (%s): got %v", c.filter, i, iv.AreaLabel(), got)
			}
		}
	}
	if programme.ValidAreaFilter("WK123456") || !programme.ValidAreaFilter("noord") {
		t.Error("ValidAreaFilter")
	}
	if got := vinkhuizen.AreaLabel(); got != "Noordwest" {
		t.Errorf("AreaLabel = %q, want the wijk's name", got)
	}
}

func TestVerdicts(t *testing.T) {
	iv := programme.Intervention{Code: "L3-04", Canvas: programme.Canvas{Results: []programme.Result{
		{Code: "R1", Description: "Huishoudens", Unit: "huishoudens per jaar", Amount: amount(150), Year: 2026},
		{Code: "R2", Description: "Vast onderdeel van het aanbod"},
		{Code: "R3", Description: "Aanvragen", Unit: "aanvragen", Amount: amount(400), Year: 2025},
		{Code: "R4", Description: "Nog niet gemeten", Unit: "gezinnen", Amount: amount(10), Year: 2026},
	}}}
	at := func(y, tt int, vals ...string) programme.Update {
		u := programme.Update{Intervention: "L3-04", Period: perspectief.Period{Year: y, Tertial: tt}, CreatedAt: time.Date(y, time.Month(tt*4), 1, 0, 0, 0, 0, time.UTC)}
		for i := 0; i < len(vals); i += 2 {
			u.Values = append(u.Values, programme.ResultValue{Result: vals[i], Value: vals[i+1]})
		}
		return u
	}
	ups := []programme.Update{
		at(2025, 3, "R1", "160", "R3", "380"), // later period listed first: order of the slice must not matter
		at(2025, 1, "R1", "90", "R2", "Afspraken met WIJ gemaakt", "R3", "420"),
		{Intervention: "L1-01", Period: perspectief.Period{Year: 2026, Tertial: 1}, Values: []programme.ResultValue{{Result: "R4", Value: "99"}}},
	}
	now := perspectief.Period{Year: 2026, Tertial: 1}
	vs := programme.Verdicts(iv, ups, now)
	want := []struct {
		v        programme.Verdict
		sentence string
	}{
		{programme.VerdictMet, "Gehaald: 160 huishoudens per jaar gemeld in"},
		{programme.VerdictQualitative, "Kwalitatief resultaat; laatst gemeld"},
		{programme.VerdictNotMet, "Niet gehaald: 380 aanvragen gemeld in"},
		{programme.VerdictNoMeasure, "Doel: 10 gezinnen in 2026. Er is nog geen waarde gemeld."},
	}
	for i, w := range want {
		if vs[i].Verdict != w.v || !strings.HasPrefix(vs[i].Sentence, w.sentence) {
			t.Errorf("result %s: %s %q, want %s %q", vs[i].Result.Code, vs[i].Verdict, vs[i].Sentence, w.v, w.sentence)
		}
	}
	// Before the target year ends, a shortfall says "nog niet".
	vs = programme.Verdicts(iv, ups[1:2], perspectief.Period{Year: 2025, Tertial: 1})
	if vs[0].Verdict != programme.VerdictNotMet || !strings.HasPrefix(vs[0].Sentence, "Nog niet gehaald: 90 huishoudens per jaar") || !strings.Contains(vs[0].Sentence, "nog 60 te gaan") {
		t.Errorf("early shortfall: %s %q", vs[0].Verdict, vs[0].Sentence)
	}
	var c programme.VerdictCount
	c.Add(programme.Verdicts(iv, ups, now))
	if c != (programme.VerdictCount{Met: 1, NotMet: 1, NoMeasure: 1}) {
		t.Errorf("count = %+v", c)
	}
}

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]float64{"150": 150, "1.250": 1250, "87,5": 87.5, " 1.250,5 ": 1250.5, "0.125": 0.125, "2.5": 2.5} {
		if got, ok := programme.ParseAmount(in); !ok || got != want {
			t.Errorf("ParseAmount(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "veel", "NaN", "Inf", "1e999", "12 huishoudens"} {
		if got, ok := programme.ParseAmount(in); ok {
			t.Errorf("ParseAmount(%q) = %v, want refused", in, got)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"150", "1.250", "87,5", "-3", "1e3", ",", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := programme.ParseAmount(s)
		if ok {
			if v != v || v > 1e308 || v < -1e308 {
				t.Fatalf("ParseAmount(%q) = %v", s, v)
			}
			// What FormatAmount writes reads back the same.
			if back, ok := programme.ParseAmount(programme.FormatAmount(v)); !ok || back != v {
				if !strings.Contains(programme.FormatAmount(v), "e") {
					t.Fatalf("round trip of %v via %q: %v %v", v, programme.FormatAmount(v), back, ok)
				}
			}
		}
	})
}

// TestEditStageHistoryAndArchive edits an intervention twice in the app,
// refuses a bad edit whole, stops the intervention, and reads its stage
// history and archive from the versions, on both databases.
func TestEditStageHistoryAndArchive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := programme.NewService(db.Programmes())
		u := users()
		team := u[account.RoleTeam]
		if _, err := svc.Import(ctx, team, readGood(t), programme.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		setStage := func(base int, st programme.Stage, reason string) (int, error) {
			return svc.Edit(ctx, team, base, reason, "De interventie", func(m *programme.Model) (string, error) {
				iv := m.Interventions[0]
				iv.Stage, iv.Area = st, programme.AreaNoord
				return m.PutIntervention(iv.Code, iv)
			})
		}
		if _, err := svc.Edit(ctx, u[account.RoleProjectLeader], 1, "x", "De interventie", func(m *programme.Model) (string, error) { return "", nil }); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("projectleider edits the programme: %v", err)
		}
		v2, err := setStage(1, programme.StagePilot, "Pilot gestart in Noord")
		if err != nil {
			t.Fatal(err, perspectief.ErrorFields(err))
		}
		// Bad input: an unknown stage and no reason; nothing changes.
		_, err = setStage(v2, "proef", " ")
		fields := perspectief.ErrorFields(err)
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(fields) != 2 || fields[0].Path != "reden" || fields[1].Path != "fase" {
			t.Fatalf("bad edit: %v %+v", err, fields)
		}
		if _, err := setStage(v2-1, programme.StageScaleUp, "oud"); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Fatalf("stale edit: %v", err)
		}
		if cur, _ := svc.CurrentVersion(ctx); cur != v2 {
			t.Fatalf("a refused edit stored version %d", cur)
		}
		if _, err := setStage(v2, programme.StageScaleUp, "Opschalen naar de hele gemeente"); err != nil {
			t.Fatal(err)
		}
		h, err := svc.StageHistory(ctx, "I1")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range h {
			got = append(got, string(c.Stage)+" by "+c.By+": "+c.Reason)
		}
		want := " by programmateam@example.nl: Programmabestand ingelezen|pilot by programmateam@example.nl: Pilot gestart in Noord|opschalen by programmateam@example.nl: Opschalen naar de hele gemeente"
		if strings.Join(got, "|") != want {
			t.Errorf("stage history = %q, want %q", strings.Join(got, "|"), want)
		}

		// Stopping the intervention leaves an archive with its last state.
		if _, err := svc.Archived(ctx, "I1"); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Fatalf("archive of a current intervention: %v", err)
		}
		cur, _ := svc.CurrentVersion(ctx)
		if _, err := svc.Edit(ctx, team, cur, "Gestopt: opgegaan in I2 (voorbeeld)", "De interventie", func(m *programme.Model) (string, error) {
			return m.RemoveIntervention("I1")
		}); err != nil {
			t.Fatal(err)
		}
		a, err := svc.Archived(ctx, "I1")
		if err != nil {
			t.Fatal(err)
		}
		if a.Intervention.Stage != programme.StageScaleUp || a.Ended.Reason != "Gestopt: opgegaan in I2 (voorbeeld)" || a.Ended.Kind != programme.VersionEdit || a.Line.Name != "Lijn een" {
			t.Errorf("archive = %+v", a)
		}
		if _, err := svc.Archived(ctx, "NOOIT"); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("archive of an unknown intervention: %v", err)
		}
	})
}

// TestOldVersionJSONReads: a version stored before stages, areas and
// numeric results reads with none of them.
func TestOldVersionJSONReads(t *testing.T) {
	old := `{"naam":"P","startjaar":2024,"eindjaar":2026,"doelen":[],"lijnen":[{"code":"L1","naam":"Lijn"}],
	"interventies":[{"code":"I1","lijn":"L1","titel":"T","projectleider":"a@b.nl","operationele_doelen":[],"canvas":{"doelstelling":"d","aanpak":"a","beoogde_resultaten":[{"code":"R1","omschrijving":"x","eenheid":"huishoudens","streefwaarde":"150 in 2026"}]}}],
	"begroting":{"beschikbaar":[],"inzet":[]}}`
	var m programme.Model
	if err := json.Unmarshal([]byte(old), &m); err != nil {
		t.Fatal(err)
	}
	m.Normalize()
	iv := m.Interventions[0]
	if iv.Stage != "" || iv.Area != "" || iv.Canvas.Results[0].Numeric() || iv.Leaders[0] != "a@b.nl" {
		t.Errorf("old version read as %+v", iv)
	}
	if fe := m.Validate(); len(fe) > 0 {
		t.Errorf("old version no longer valid: %v", fe)
	}
	if got := programme.Verdicts(iv, nil, perspectief.Period{Year: 2026, Tertial: 1}); got[0].Verdict != programme.VerdictQualitative {
		t.Errorf("a result without a number is judged: %+v", got[0])
	}
}

// TestFacetsStored: stage, area, wijken and numeric results survive the
// store on both databases, and the programme file round trip.
func TestFacetsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := readGood(t)
		m.Interventions[0].Stage, m.Interventions[0].Area, m.Interventions[0].Wijken = programme.StagePilot, programme.AreaWijken, []string{"WK001410", "WK001404"}
		m.Interventions[1].Stage, m.Interventions[1].Area = programme.StageEmbed, programme.AreaNoord
		m.Interventions[1].Canvas.Results = append(m.Interventions[1].Canvas.Results, programme.Result{Code: "R2", Description: "Huishoudens", Unit: "huishoudens per jaar", Amount: amount(87.5), Year: 2026})
		if _, err := db.Programmes().ApplyModel(ctx, m, "test", programme.Change{Base: programme.NoBase, Kind: programme.VersionImport, Reason: "test"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Programmes().Model(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d := programme.Diff(m, got); len(d) > 0 {
			t.Errorf("stored model differs: %+v", d)
		}
		r := got.Interventions[1].Canvas.Results
		if r[0].Numeric() || !r[1].Numeric() || *r[1].Amount != 87.5 || r[1].Year != 2026 {
			t.Errorf("results = %+v", r)
		}
		if w := got.Interventions[0].Wijken; len(w) != 2 || w[0] != "WK001410" {
			t.Errorf("wijken = %v", w)
		}
		var buf strings.Builder
		if err := programme.WriteFile(&buf, got); err != nil {
			t.Fatal(err)
		}
		back, err := programme.ReadFile("terug.yaml", strings.NewReader(buf.String()))
		if err != nil {
			t.Fatal(err, perspectief.ErrorDetails(err))
		}
		if d := programme.Diff(got, back); len(d) > 0 {
			t.Errorf("file round trip differs: %+v", d)
		}
	})
}
