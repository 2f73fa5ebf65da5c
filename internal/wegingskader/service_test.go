package wegingskader_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

type env struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	svc *wk.Service
	u   map[account.Role]account.User
}

func setup(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
		t.Fatal(err)
	}
	ps := programme.NewService(db.Programmes())
	ps.Now = func() time.Time { return now }
	svc := wk.NewService(db.Wegingskader(), ps)
	svc.Now = func() time.Time { return now }
	e := &env{t: t, ctx: ctx, db: db, svc: svc, u: map[account.Role]account.User{}}
	for _, a := range demo.Accounts {
		u, err := db.Accounts().UserByEmail(ctx, a.Email)
		if err != nil {
			t.Fatal(err)
		}
		e.u[a.Role] = *u
	}
	return e
}

func (e *env) request(title string, group wk.TargetGroup, goals []string, amounts wk.Amounts) *wk.Request {
	e.t.Helper()
	r, err := e.svc.AddRequest(e.ctx, e.u[account.RoleTeam], wk.Request{
		Applicant: "Stichting " + title, Title: title, Description: "Voorbeeld " + title,
		Amounts: amounts, TargetGroup: group, Goals: goals,
		Attachments: []wk.Attachment{{Title: "Begroting", Text: "Regel 1"}, {}},
	})
	if err != nil {
		e.t.Fatalf("add request %s: %v", title, err)
	}
	return r
}

func code(err error) perspectief.Code { return perspectief.ErrorCode(err) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func want(t *testing.T, err error, c perspectief.Code, what string) {
	t.Helper()
	if code(err) != c {
		t.Fatalf("%s: err %v (code %q), want %q", what, err, code(err), c)
	}
}

// fill scores every criterion of every request of the round with value v.
func (e *env) fill(u account.User, round int64, reqs []int64, v int) {
	e.t.Helper()
	f, err := e.svc.Framework(e.ctx, 0)
	must(e.t, err)
	for _, id := range reqs {
		var in []wk.ScoreInput
		for _, c := range f.Criteria {
			val := v
			in = append(in, wk.ScoreInput{Criterion: c.Code, Value: &val, Motivation: u.Name + " vindt " + c.Code})
		}
		must(e.t, e.svc.SaveScores(e.ctx, u, round, id, in))
	}
}

func TestRoundLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		admin, team, leader, expert, reader := e.u[account.RoleAdmin], e.u[account.RoleTeam], e.u[account.RoleProjectLeader], e.u[account.RoleExpert], e.u[account.RoleReader]

		_, err := e.svc.AddRequest(e.ctx, reader, wk.Request{})
		want(t, err, perspectief.CodeForbidden, "lezer registers a request")
		_, err = e.svc.AddRequest(e.ctx, team, wk.Request{Title: "x", Goals: []string{"O1"}, TargetGroup: "kinderen", Amounts: wk.Amounts{2026: -1}})
		want(t, err, perspectief.CodeInvalid, "bad request")
		details := strings.Join(perspectief.ErrorDetails(err), "\n")
		for _, w := range []string{"aanvrager: vul de aanvrager in", `tactische_doelen[0]: "O1" is geen tactisch doel`, "doelgroep: kies een doelgroep", "bedragen.2026"} {
			if !strings.Contains(details, w) {
				t.Errorf("details lack %q:\n%s", w, details)
			}
		}

		a := e.request("Huiswerkklas", wk.GroupFamilies, []string{"T1", "T5"}, wk.Amounts{2026: 50_000, 2027: 30_000})
		b := e.request("Schuldmaatje", wk.GroupOther, []string{"T4"}, wk.Amounts{2026: 40_000})
		if a.Attachments == nil || len(a.Attachments) != 1 {
			t.Errorf("empty attachment rows should be dropped: %+v", a.Attachments)
		}

		in := wk.RoundInput{Name: "Voorjaar 2026", Budget: wk.Amounts{2026: 60_000, 2027: 30_000},
			Panel: []string{team.Email, expert.Email}, Requests: []int64{a.ID, b.ID}}
		_, err = e.svc.AddRound(e.ctx, leader, in)
		want(t, err, perspectief.CodeForbidden, "projectleider prepares a round")
		_, err = e.svc.AddRound(e.ctx, team, wk.RoundInput{Name: "x", Budget: wk.Amounts{2026: 1}, Panel: []string{reader.Email}, Requests: []int64{a.ID}})
		want(t, err, perspectief.CodeInvalid, "lezer on the panel, request asks 2027 without budget")
		details = strings.Join(perspectief.ErrorDetails(err), "\n")
		if !strings.Contains(details, "lezer en kan niet in een panel") || !strings.Contains(details, "vraagt geld voor 2027, maar de ronde heeft geen budget voor 2027") {
			t.Errorf("details: %s", details)
		}
		noExpert := in
		noExpert.Panel = []string{team.Email}
		r, err := e.svc.AddRound(e.ctx, team, noExpert)
		must(t, err)
		if r.FrameworkVersion != 1 {
			t.Errorf("framework version %d, want 1 (the shipped framework, stored now)", r.FrameworkVersion)
		}
		want(t, e.svc.OpenRound(e.ctx, team, r.ID), perspectief.CodeInvalid, "open without an ervaringsdeskundige")
		r, err = e.svc.UpdateRound(e.ctx, team, r.ID, in)
		must(t, err)

		// In preparation only managers see the round.
		for role, ok := range map[account.Role]bool{account.RoleAdmin: true, account.RoleTeam: true, account.RoleExpert: false, account.RoleReader: false} {
			_, err := e.svc.Round(e.ctx, e.u[role], r.ID)
			if (err == nil) != ok {
				t.Errorf("%s reads a round in preparation: %v", role, err)
			}
		}
		want(t, e.svc.OpenRound(e.ctx, expert, r.ID), perspectief.CodeForbidden, "expert opens")
		must(t, e.svc.OpenRound(e.ctx, team, r.ID))
		_, err = e.svc.UpdateRequest(e.ctx, team, a.ID, *a)
		want(t, err, perspectief.CodeConflict, "change a request in an open round")

		// Open: the panel reads it, others do not.
		for role, ok := range map[account.Role]bool{account.RoleAdmin: true, account.RoleTeam: true, account.RoleExpert: true, account.RoleProjectLeader: false, account.RoleReader: false} {
			_, err := e.svc.Round(e.ctx, e.u[role], r.ID)
			if (err == nil) != ok {
				t.Errorf("%s reads an open round: %v", role, err)
			}
		}
		_, err = e.svc.Sheet(e.ctx, leader, r.ID)
		want(t, err, perspectief.CodeForbidden, "non-member's sheet")
		v := 2
		err = e.svc.SaveScores(e.ctx, admin, r.ID, a.ID, []wk.ScoreInput{{Criterion: "1a", Value: &v, Motivation: "x"}})
		want(t, err, perspectief.CodeForbidden, "beheerder off the panel scores")
		bad := 4
		err = e.svc.SaveScores(e.ctx, team, r.ID, a.ID, []wk.ScoreInput{{Criterion: "1a", Value: &bad}, {Criterion: "9z", Value: &v}})
		want(t, err, perspectief.CodeInvalid, "score out of scale")
		if d := strings.Join(perspectief.ErrorDetails(err), "\n"); !strings.Contains(d, "score 4 ligt buiten de schaal 0-3 van 1a") || !strings.Contains(d, `criterium "9z" bestaat niet`) {
			t.Errorf("details: %s", d)
		}

		// Blind: Pim (programmateam) scores everything 3; Erik has saved
		// drafts of 0 but not handed in.
		e.fill(team, r.ID, []int64{a.ID}, 3)
		want(t, e.svc.Submit(e.ctx, team, r.ID), perspectief.CodeInvalid, "hand in with a request unscored")
		e.fill(team, r.ID, []int64{b.ID}, 3)
		e.fill(expert, r.ID, []int64{a.ID, b.ID}, 0)

		o, err := e.svc.Outcome(e.ctx, team, r.ID)
		must(t, err)
		if o.Visible || len(o.Results.Requests) != 0 || !strings.Contains(o.Reason, "pas als u uw eigen scores hebt ingediend") {
			t.Fatalf("before handing in Pim sees scores: visible %v, %q", o.Visible, o.Reason)
		}
		sh, err := e.svc.Sheet(e.ctx, team, r.ID)
		must(t, err)
		if sh.Missing() != 0 || sh.Scores[a.ID]["1a"].Value != 3 {
			t.Errorf("Pim's own sheet: missing %d, 1a = %d", sh.Missing(), sh.Scores[a.ID]["1a"].Value)
		}
		must(t, e.svc.Submit(e.ctx, team, r.ID))
		want(t, e.svc.SaveScores(e.ctx, team, r.ID, a.ID, nil), perspectief.CodeConflict, "change after handing in")

		// After handing in Pim sees what was handed in: his own scores;
		// Erik's drafts stay hidden.
		o, err = e.svc.Outcome(e.ctx, team, r.ID)
		must(t, err)
		if !o.Visible {
			t.Fatal("after handing in Pim sees nothing")
		}
		for _, cr := range o.Results.Requests[0].Criteria {
			if len(cr.Scores) != 1 || cr.Scores[0].Member.Email != team.Email {
				t.Fatalf("Pim sees %+v; Erik's drafts must stay hidden", cr.Scores)
			}
		}
		// Erik has not handed in: he sees nothing of Pim.
		o, err = e.svc.Outcome(e.ctx, expert, r.ID)
		must(t, err)
		if o.Visible || len(o.Results.Requests) != 0 {
			t.Fatal("Erik sees scores before handing in his own")
		}
		// The beheerder, not on the panel, sees no scores while open.
		o, err = e.svc.Outcome(e.ctx, admin, r.ID)
		must(t, err)
		if o.Visible {
			t.Fatal("a manager off the panel sees scores while the round is open")
		}
		// Nor does the audit log show them.
		log, err := db.Accounts().AuditLog(e.ctx, 200, 0)
		must(t, err)
		for _, ev := range log {
			if strings.Contains(ev.After, "Pim Programma vindt") || strings.Contains(ev.After, "Erik Ervaring vindt") {
				t.Fatalf("the audit log shows a motivation while the round is open: %s %s", ev.Action, ev.After)
			}
		}

		// The round cannot close before an ervaringsdeskundige handed in.
		want(t, e.svc.CloseRound(e.ctx, team, r.ID), perspectief.CodeConflict, "close without an ervaringsdeskundige")
		e.fill(expert, r.ID, []int64{a.ID}, 1)
		must(t, e.svc.Submit(e.ctx, expert, r.ID))
		want(t, e.svc.CloseRound(e.ctx, expert, r.ID), perspectief.CodeForbidden, "expert closes")
		must(t, e.svc.CloseRound(e.ctx, team, r.ID))
		want(t, e.svc.SaveScores(e.ctx, expert, r.ID, a.ID, nil), perspectief.CodeConflict, "score after closing")

		log, err = db.Accounts().AuditLog(e.ctx, 5, 0)
		must(t, err)
		if !strings.Contains(log[0].After, "Erik Ervaring vindt") {
			t.Errorf("closing should write the handed-in scores to the audit log: %s", log[0].After)
		}

		// Closed: everyone reads it, lezer included, with all scores.
		for _, role := range account.Roles {
			o, err := e.svc.Outcome(e.ctx, e.u[role], r.ID)
			if err != nil || !o.Visible {
				t.Fatalf("%s after closing: %v, visible %v", role, err, o != nil && o.Visible)
			}
		}
		o, err = e.svc.Outcome(e.ctx, reader, r.ID)
		must(t, err)
		cr := o.Results.Requests[0].Criteria[0]
		if len(cr.Scores) != 2 || !cr.Divergent || cr.Spread != 2 {
			t.Errorf("request A, 1a: %d scores, divergent %v, spread %d; want 2, divergent (3 against 1), 2", len(cr.Scores), cr.Divergent, cr.Spread)
		}

		// Choose: A scores higher than B but both do not fit 2026.
		cv, err := e.svc.Choice(e.ctx, reader, r.ID)
		must(t, err)
		if got := cv.Choice.Chosen(); !slices.Equal(got, []int64{a.ID}) {
			t.Errorf("proposal %v, want only A", got)
		}
		if len(cv.Scenarios) != 2*9 {
			t.Errorf("%d stability scenarios, want 18 (9 weights, up and down)", len(cv.Scenarios))
		}
		want(t, e.svc.SetFixes(e.ctx, reader, r.ID, map[int64]wk.Fix{b.ID: wk.FixIn}), perspectief.CodeForbidden, "lezer fixes")
		want(t, e.svc.SetFixes(e.ctx, expert, r.ID, map[int64]wk.Fix{a.ID: wk.FixIn, b.ID: wk.FixIn}), perspectief.CodeConflict, "fixes over budget")
		must(t, e.svc.SetFixes(e.ctx, expert, r.ID, map[int64]wk.Fix{b.ID: wk.FixIn}))
		cv, err = e.svc.Choice(e.ctx, team, r.ID)
		must(t, err)
		if got := cv.Choice.Chosen(); !slices.Equal(got, []int64{b.ID}) {
			t.Errorf("with B fixed in: %v, want only B", got)
		}
		must(t, e.svc.SetFixes(e.ctx, team, r.ID, nil))

		_, err = e.svc.Decide(e.ctx, expert, r.ID, "Zo")
		want(t, err, perspectief.CodeForbidden, "expert decides")
		_, err = e.svc.Decide(e.ctx, team, r.ID, "  ")
		want(t, err, perspectief.CodeInvalid, "decide without motivation")
		d, err := e.svc.Decide(e.ctx, team, r.ID, "De huiswerkklas bereikt kinderen direct.")
		must(t, err)
		if !slices.Equal(d.Chosen, []int64{a.ID}) || d.DecidedBy != team.Email || !d.DecidedAt.Equal(now) {
			t.Errorf("decision %+v", d)
		}
		_, err = e.svc.Decide(e.ctx, team, r.ID, "nog eens")
		want(t, err, perspectief.CodeConflict, "decide twice")

		// Grant: A becomes an intervention of line L1.
		_, err = e.svc.Grant(e.ctx, expert, r.ID, map[int64]string{a.ID: "L1"})
		want(t, err, perspectief.CodeForbidden, "expert grants")
		_, err = e.svc.Grant(e.ctx, team, r.ID, map[int64]string{a.ID: "L9"})
		want(t, err, perspectief.CodeInvalid, "grant into an unknown line")
		gs, err := e.svc.Grant(e.ctx, team, r.ID, map[int64]string{a.ID: "L1"})
		must(t, err)
		m, err := e.svc.Programme.Model(e.ctx)
		must(t, err)
		if len(gs) != 1 {
			t.Fatalf("grants %+v", gs)
		}
		_, iv, err := e.svc.Programme.Intervention(e.ctx, gs[0].Intervention)
		must(t, err)
		if iv.Line != "L1" || iv.Title != "Huiswerkklas" || iv.Canvas.Partners != "Stichting Huiswerkklas" || !strings.Contains(iv.Canvas.Approach, "Voorjaar 2026") {
			t.Errorf("intervention %+v", iv)
		}
		if last := m.Interventions[len(m.Interventions)-1]; last.Code != gs[0].Intervention {
			t.Errorf("the new intervention %s is not last in the programme", gs[0].Intervention)
		}
		_, err = e.svc.Grant(e.ctx, team, r.ID, map[int64]string{a.ID: "L1"})
		want(t, err, perspectief.CodeConflict, "grant twice")
		rd, err := e.svc.Round(e.ctx, reader, r.ID)
		must(t, err)
		if rd.Status != wk.StatusDecided || len(rd.Grants) != 1 || rd.Grants[0].Line != "L1" {
			t.Errorf("round after granting: %s, %+v", rd.Status, rd.Grants)
		}
	})
}

func TestFrameworkVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		team := e.u[account.RoleTeam]
		fs, err := e.svc.Frameworks(e.ctx)
		must(t, err)
		if len(fs) != 1 || fs[0].Version != 1 || fs[0].CreatedBy != "" {
			t.Fatalf("before anything is stored: %d versions, first %d by %q", len(fs), fs[0].Version, fs[0].CreatedBy)
		}
		req := e.request("A", wk.GroupFamilies, []string{"T1"}, wk.Amounts{2026: 10})
		r1, err := e.svc.AddRound(e.ctx, team, wk.RoundInput{Name: "een", Budget: wk.Amounts{2026: 10}, Panel: []string{e.u[account.RoleExpert].Email}, Requests: []int64{req.ID}})
		must(t, err)

		src := strings.Replace(string(wk.DefaultSource()), "gewicht: 3", "gewicht: 4", 1)
		_, err = e.svc.AddFramework(e.ctx, e.u[account.RoleExpert], "nieuw.yaml", []byte(src))
		want(t, err, perspectief.CodeForbidden, "expert uploads a framework")
		_, err = e.svc.AddFramework(e.ctx, team, "nieuw.yaml", []byte("perspectief_wegingskader: 1\nkader: {naam: x}\n"))
		want(t, err, perspectief.CodeInvalid, "framework without criteria")
		f2, err := e.svc.AddFramework(e.ctx, team, "nieuw.yaml", []byte(src))
		must(t, err)
		if f2.Version != 2 || f2.TotalWeight() != 14 {
			t.Errorf("new version %d with total weight %v, want 2 and 14", f2.Version, f2.TotalWeight())
		}
		r2, err := e.svc.AddRound(e.ctx, team, wk.RoundInput{Name: "twee", Budget: wk.Amounts{2026: 10}, Panel: []string{e.u[account.RoleExpert].Email}, Requests: []int64{req.ID}})
		must(t, err)
		old, err := e.svc.Round(e.ctx, team, r1.ID)
		must(t, err)
		if old.FrameworkVersion != 1 || r2.FrameworkVersion != 2 {
			t.Errorf("rounds use versions %d and %d, want 1 (kept) and 2 (newest)", old.FrameworkVersion, r2.FrameworkVersion)
		}
		raw, v, err := e.svc.FrameworkSource(e.ctx, 1)
		must(t, err)
		if v != 1 || !strings.Contains(string(raw), "gewicht: 3") {
			t.Error("version 1 lost its file")
		}
	})
}
