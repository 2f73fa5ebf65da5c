package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func isoDay(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestProgrammeVersions: an import, a canvas edit and a recalibrating
// decision each leave a version with what changed, and every earlier state
// can be read back whole.
func TestProgrammeVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := smallModel(t)
		if err := db.Programmes().ReplaceModel(ctx, m, "team@example.nl"); err != nil {
			t.Fatal(err)
		}
		ps := programme.NewService(db.Programmes())
		team := account.User{Email: "team@example.nl", Name: "Team", Role: account.RoleTeam}
		c := m.Interventions[0].Canvas
		c.Approach = "Regelingen samenvoegen en één formulier maken."
		if err := ps.UpdateCanvas(ctx, team, "I1", c); err != nil {
			t.Fatal(err)
		}
		ls := learning.NewService(db.Learning(), db.Programmes())
		lesson, err := ls.Add(ctx, team, learning.Entry{Kind: learning.Lesson, Date: isoDay("2025-05-01"), Title: "Pauzeknop werkt niet los", Text: "Zonder schuldhulp helpt een pauze weinig.", Source: learning.Source("professionals"), Interventions: []string{"I2"}})
		if err != nil {
			t.Fatalf("lesson: %v %v", err, perspectief.ErrorDetails(err))
		}
		dec, err := ls.Add(ctx, team, learning.Entry{
			Kind: learning.Decision, Date: isoDay("2025-06-01"), Title: "Pauzeknop stoppen, budgetcoach erbij",
			Text: "We stoppen de pauzeknop en beginnen met budgetcoaches.", Source: learning.Source("programmateam"),
			Basis: []int64{lesson.ID},
			Changes: []learning.Change{
				{Action: learning.Stop, Target: learning.TargetIntervention, Code: "I2"},
				{Action: learning.Add, Target: learning.TargetIntervention, Code: "I3", Intervention: &programme.Intervention{
					Line: "L2", Title: "Budgetcoach", OperationalGoals: []string{"O1"},
					Canvas: programme.Canvas{Objective: "Rust in de financiën.", Approach: "Coaches in de wijk."}}},
			},
		})
		if err != nil {
			t.Fatalf("decision: %v %v", err, perspectief.ErrorDetails(err))
		}
		if dec.Version != 3 {
			t.Errorf("decision made version %d, want 3 (import 1, canvas 2)", dec.Version)
		}
		vs, err := db.Programmes().Versions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		kinds := []string{}
		for _, v := range vs {
			kinds = append(kinds, v.Kind)
		}
		if !reflect.DeepEqual(kinds, []string{"import", "canvas", "besluit"}) {
			t.Fatalf("version kinds %v, want import, canvas, besluit", kinds)
		}
		v3 := vs[2]
		if v3.Decision != dec.ID || !reflect.DeepEqual(v3.Lessons, []int64{lesson.ID}) || v3.Reason != dec.Title || v3.Actor != team.Email {
			t.Errorf("version 3 = %+v, want decision %d, lessons [%d], reason and actor", v3, dec.ID, lesson.ID)
		}
		want := []programme.Difference{
			{Kind: "interventie", Code: "I3", Title: "Budgetcoach", Change: programme.Added},
			{Kind: "interventie", Code: "I2", Title: "Pauzeknop", Change: programme.Removed},
		}
		if !reflect.DeepEqual(v3.Changes, want) {
			t.Errorf("version 3 changes %+v, want %+v", v3.Changes, want)
		}
		if d := vs[1].Changes; len(d) != 1 || d[0].Code != "I1" || !slices.Equal(d[0].Fields, []string{"canvas.aanpak"}) {
			t.Errorf("version 2 changes %+v, want I1 canvas.aanpak", d)
		}
		// Version 1 is the programme as imported, whole.
		v1, err := db.Programmes().Version(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v1.Model, m) {
			t.Errorf("version 1 model differs from the import")
		}
		// Against the current programme, version 1 differs in I1's canvas,
		// I2 and I3.
		_, diff, err := ps.Version(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(diff) != 3 {
			t.Errorf("version 1 against now: %+v, want 3 differences", diff)
		}
		if _, err := db.Programmes().Version(ctx, 9); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("version 9: err %v, want not found", err)
		}
		cur, _ := db.Programmes().Model(ctx)
		if len(cur.Interventions) != 2 || cur.Interventions[1].Code != "I3" {
			t.Errorf("current interventions %+v, want I1 and I3", cur.Interventions)
		}
		// A decision whose change would break the programme stores nothing.
		_, err = ls.Add(ctx, team, learning.Entry{Kind: learning.Decision, Date: isoDay("2025-06-02"), Title: "Fout", Text: "x", Source: "programmateam",
			Changes: []learning.Change{{Action: learning.Add, Target: learning.TargetIntervention, Code: "I4", Intervention: &programme.Intervention{Line: "L9", Title: "x"}}}})
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Fatalf("bad recalibration: err %v, want invalid", err)
		}
		if all, _ := db.Learning().Entries(ctx, learning.Filter{}); len(all) != 2 {
			t.Errorf("after a refused decision the log has %d entries, want 2", len(all))
		}
		if vs, _ := db.Programmes().Versions(ctx); len(vs) != 3 {
			t.Errorf("after a refused decision there are %d versions, want 3", len(vs))
		}
		log, _ := db.Accounts().AuditLog(ctx, 5, 0)
		if log[0].Action != "herijkt" || log[1].Entity != "leerlogboek" {
			t.Errorf("audit log starts with %s %s, %s %s; want herijkt programma, leerlogboek", log[0].Action, log[0].Entity, log[1].Action, log[1].Entity)
		}
	})
}

func TestLearningFilterAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Programmes().ReplaceModel(ctx, smallModel(t), "x@example.nl"); err != nil {
			t.Fatal(err)
		}
		ls := learning.NewService(db.Learning(), db.Programmes())
		team := account.User{Email: "team@example.nl", Name: "Pim", Role: account.RoleTeam}
		expert := account.User{Email: "erik@example.nl", Name: "Erik", Role: account.RoleExpert}
		add := func(u account.User, e learning.Entry) *learning.Entry {
			t.Helper()
			got, err := ls.Add(ctx, u, e)
			if err != nil {
				t.Fatalf("add %q: %v %v", e.Title, err, perspectief.ErrorDetails(err))
			}
			return got
		}
		s1 := add(expert, learning.Entry{Kind: learning.Signal, Date: isoDay("2025-01-10"), Title: "Brieven te moeilijk", Text: "Inwoners begrijpen de brief over de énergietoeslag niet.", Source: "ervaringsdeskundigen", Interventions: []string{"I1"}})
		add(team, learning.Entry{Kind: learning.Signal, Date: isoDay("2025-03-05"), Title: "Wachtlijst schuldhulp", Text: "Partners melden lange wachttijden.", Source: "partners", Goals: []string{"O2"}, Rounds: []string{"2025-1"}})
		add(team, learning.Entry{Kind: learning.Lesson, Date: isoDay("2025-04-20"), Title: "Taal eerst testen", Text: "Brieven laten lezen door ervaringsdeskundigen.", Source: "programmateam", Basis: []int64{s1.ID}, Indicators: []string{"tactisch_3_weten_waarheen"}})

		titles := func(f learning.Filter) []string {
			t.Helper()
			es, err := db.Learning().Entries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range es {
				out = append(out, e.Title)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    learning.Filter
			want []string
		}{
			{"all, newest first", learning.Filter{}, []string{"Taal eerst testen", "Wachtlijst schuldhulp", "Brieven te moeilijk"}},
			{"kind", learning.Filter{Kind: learning.Signal}, []string{"Wachtlijst schuldhulp", "Brieven te moeilijk"}},
			{"accent and case folded", learning.Filter{Query: "ENERGIETOESLAG"}, []string{"Brieven te moeilijk"}},
			{"every word must match", learning.Filter{Query: "brieven ervaringsdeskundigen"}, []string{"Taal eerst testen", "Brieven te moeilijk"}},
			{"no match", learning.Filter{Query: "brieven wachttijden"}, nil},
			{"a LIKE wildcard is just a character", learning.Filter{Query: "%"}, []string{"Taal eerst testen", "Wachtlijst schuldhulp", "Brieven te moeilijk"}},
			{"line via the intervention", learning.Filter{Line: "L1"}, []string{"Brieven te moeilijk"}},
			{"intervention", learning.Filter{Intervention: "I1"}, []string{"Brieven te moeilijk"}},
			{"goal", learning.Filter{Goal: "O2"}, []string{"Wachtlijst schuldhulp"}},
			{"round", learning.Filter{Round: "2025-1"}, []string{"Wachtlijst schuldhulp"}},
			{"indicator", learning.Filter{Indicator: "tactisch_3_weten_waarheen"}, []string{"Taal eerst testen"}},
			{"period", learning.Filter{From: isoDay("2025-02-01"), To: isoDay("2025-03-31")}, []string{"Wachtlijst schuldhulp"}},
			{"period bounds inclusive", learning.Filter{From: isoDay("2025-01-10"), To: isoDay("2025-01-10")}, []string{"Brieven te moeilijk"}},
			{"limit", learning.Filter{Limit: 1}, []string{"Taal eerst testen"}},
		} {
			if got := titles(c.f); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}
		cited, err := db.Learning().CitedBy(ctx, s1.ID)
		if err != nil || len(cited) != 1 || cited[0].Title != "Taal eerst testen" {
			t.Errorf("cited by: %+v %v, want the lesson", cited, err)
		}
		e, err := db.Learning().Entry(ctx, s1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Author != expert.Email || e.AuthorName != "Erik" || !slices.Equal(e.Lines, []string{"L1"}) || !e.Date.Equal(isoDay("2025-01-10")) {
			t.Errorf("entry read back: %+v", e)
		}
	})
}

// TestLearningRoles: an ervaringsdeskundige may add signals only; a reader
// nothing; the programme team everything.
func TestLearningRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Programmes().ReplaceModel(ctx, smallModel(t), "x@example.nl"); err != nil {
			t.Fatal(err)
		}
		ls := learning.NewService(db.Learning(), db.Programmes())
		entry := func(k learning.Kind) learning.Entry {
			return learning.Entry{Kind: k, Date: isoDay("2025-01-10"), Title: "t", Text: "x", Source: "inwoners"}
		}
		for _, c := range []struct {
			role account.Role
			kind learning.Kind
			ok   bool
		}{
			{account.RoleAdmin, learning.Decision, true},
			{account.RoleTeam, learning.Lesson, true},
			{account.RoleTeam, learning.Decision, true},
			{account.RoleExpert, learning.Signal, true},
			{account.RoleExpert, learning.Lesson, false},
			{account.RoleExpert, learning.Decision, false},
			{account.RoleProjectLeader, learning.Signal, false},
			{account.RoleReader, learning.Signal, false},
		} {
			u := account.User{Email: string(c.role) + "@example.nl", Role: c.role}
			_, err := ls.Add(ctx, u, entry(c.kind))
			if c.ok && err != nil {
				t.Errorf("%s adds %s: %v", c.role, c.kind, err)
			}
			if !c.ok && perspectief.ErrorCode(err) != perspectief.CodeForbidden {
				t.Errorf("%s adds %s: err %v, want forbidden", c.role, c.kind, err)
			}
		}
	})
}
