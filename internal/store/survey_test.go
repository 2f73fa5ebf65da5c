package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/survey"
)

func surveyService(t *testing.T, db *store.DB) (*survey.Service, *survey.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	saveDefaultRegister(t, db)
	ss := survey.NewService(db.Surveys(), nil, db.Indicators())
	ss.Now = func() time.Time { return time.Date(2025, 6, 16, 21, 30, 0, 0, time.UTC) }
	qs, err := survey.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := ss.SaveQuestionnaire(ctx, admin, qs[0])
	if err != nil {
		t.Fatalf("save questionnaire: %v %v", err, perspectief.ErrorDetails(err))
	}
	return ss, q
}

var (
	admin  = account.User{Email: "bea@example.nl", Role: account.RoleAdmin}
	expert = account.User{Email: "erik@example.nl", Role: account.RoleExpert}
)

// TestSurveyWaveLifecycle: a draft wave can change, a published one never;
// a personal link works once; a response keeps only the day; results go
// into the indicator register.
func TestSurveyWaveLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ss, q := surveyService(t, db)
		if q.Version != 1 {
			t.Fatalf("first questionnaire version %d, want 1", q.Version)
		}
		// Saving the same questionnaire again makes no new version; a
		// changed one does.
		if same, created, _ := ss.SaveQuestionnaire(ctx, admin, q); created || same.Version != 1 {
			t.Errorf("saving the same questionnaire: created %v, version %d; want no new version", created, same.Version)
		}
		q2 := *q
		q2.Questions = append([]survey.Question(nil), q.Questions...)
		q2.Questions[0].Text = "Ik voelde me serieus genomen."
		if v2, created, err := ss.SaveQuestionnaire(ctx, admin, &q2); err != nil || !created || v2.Version != 2 {
			t.Fatalf("changed questionnaire: version %v created %v err %v, want 2", v2, created, err)
		}
		if old, _ := db.Surveys().Questionnaire(ctx, "inwoners", 1); old.Questions[0].Text == "Ik voelde me serieus genomen." {
			t.Error("version 1 changed when version 2 was saved")
		}

		in := survey.WaveInput{Code: "inwoners-2025", Title: "Inwoners 2025", Questionnaire: "inwoners", Version: 1, Period: "2025", Access: survey.Tokens}
		w, err := ss.CreateWave(ctx, admin, in)
		if err != nil {
			t.Fatalf("create wave: %v %v", err, perspectief.ErrorDetails(err))
		}
		if _, err := ss.CreateWave(ctx, admin, in); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("second wave with the same code: err %v, want conflict", err)
		}
		in.Title = "Inwoners voorjaar 2025"
		if _, err := ss.UpdateWave(ctx, admin, in); err != nil {
			t.Fatalf("update draft: %v", err)
		}
		if err := ss.Publish(ctx, expert, w.Code); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("ervaringsdeskundige publishes: err %v, want forbidden", err)
		}
		if err := ss.Publish(ctx, admin, w.Code); err != nil {
			t.Fatal(err)
		}
		// Published: the service refuses, and so does the store on its own.
		in.Title = "Iets anders"
		if _, err := ss.UpdateWave(ctx, admin, in); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("update published wave via service: err %v, want conflict", err)
		}
		pw, _ := db.Surveys().Wave(ctx, w.Code)
		pw.Title, pw.Version = "Iets anders", 2
		if err := db.Surveys().UpdateWave(ctx, pw, "x"); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("update published wave in the store: err %v, want conflict", err)
		}
		if got, _ := db.Surveys().Wave(ctx, w.Code); got.Title != "Inwoners voorjaar 2025" || got.Version != 1 || got.PublishedAt == nil {
			t.Errorf("published wave now %+v, want title and version unchanged", got)
		}
		if err := ss.Publish(ctx, admin, w.Code); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("publish twice: err %v, want conflict", err)
		}

		// Personal links: each works once.
		tokens, err := ss.IssueTokens(ctx, admin, w.Code, 3)
		if err != nil || len(tokens) != 3 {
			t.Fatalf("tokens: %v %v", tokens, err)
		}
		f, err := ss.OpenForm(ctx, tokens[0])
		if err != nil {
			t.Fatalf("open form: %v", err)
		}
		if err := ss.Submit(ctx, f, "WK001404", map[string]string{"serieus": "eens", "andere_hulp": "ja"}); err != nil {
			t.Fatalf("submit: %v %v", err, perspectief.ErrorDetails(err))
		}
		if _, err := ss.OpenForm(ctx, tokens[0]); err != survey.ErrUsed {
			t.Errorf("open a used link: %v, want ErrUsed", err)
		}
		if err := ss.Submit(ctx, f, "", map[string]string{"serieus": "eens"}); err != survey.ErrUsed {
			t.Errorf("submit twice with one link: %v, want ErrUsed", err)
		}
		if _, err := ss.OpenForm(ctx, w.LinkKey); err != survey.ErrUnknownLink {
			t.Errorf("the open link of a token wave: %v, want unknown", err)
		}
		f2, _ := ss.OpenForm(ctx, tokens[1])
		err = ss.Submit(ctx, f2, "Atlantis", map[string]string{"serieus": "misschien"})
		if d := perspectief.ErrorDetails(err); len(d) != 2 {
			t.Errorf("bad answers: details %q, want area and answer", d)
		}
		if issued, used, _ := db.Surveys().TokenCounts(ctx, w.Code); issued != 3 || used != 1 {
			t.Errorf("tokens issued %d used %d, want 3 and 1", issued, used)
		}

		rs, err := db.Surveys().Responses(ctx, w.Code)
		if err != nil || len(rs) != 1 {
			t.Fatalf("responses %v %v", rs, err)
		}
		// 21:30 UTC on 16 June is 23:30 in Groningen: still the 16th.
		if r := rs[0]; r.Date != "2025-06-16" || r.Area != "WK001404" || r.Channel != "formulier" || r.Answers["serieus"] != "eens" {
			t.Errorf("stored response %+v", r)
		}
		// Nothing of the link is kept with the answer, and the audit event
		// has no exact time.
		log, _ := db.Accounts().AuditLog(ctx, 1, 0)
		if log[0].Actor != "anoniem" || log[0].At.Format("15:04:05") != "00:00:00" || strings.Contains(log[0].After+log[0].Before, tokens[0]) {
			t.Errorf("audit of an answer: %+v", log[0])
		}

		// A CSV import and the results in the register.
		csv := "wijk,serieus,andere_hulp\n"
		for i := 0; i < 12; i++ {
			csv += "Oosterparkwijk,mee eens,nee\n"
		}
		imp, err := ss.ImportCSV(ctx, admin, w.Code, "papier.csv", strings.NewReader(csv))
		if err != nil || len(imp.Responses) != 12 {
			t.Fatalf("import: %v %v", err, perspectief.ErrorDetails(err))
		}
		n, skipped, err := ss.PushToRegister(ctx, admin, w.Code)
		if err != nil {
			t.Fatalf("push: %v", err)
		}
		if n == 0 || len(skipped) != 0 {
			t.Errorf("pushed %d values, skipped %v", n, skipped)
		}
		vals, _ := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "tactisch_1_serieus_genomen", Period: indicator.YearPeriod(2025)})
		got := map[string]indicator.Value{}
		for _, v := range vals {
			got[v.Area] = v
		}
		if v := got["GM0014"]; v.Suppressed || v.Value != 100 || *v.Den != 13 || !strings.Contains(v.Source, "inwoners-2025") || !strings.Contains(v.Note, "Wilson") {
			t.Errorf("gemeente value %+v, want 100%% of 13 with source and interval", v)
		}
		if v := got["WK001404"]; v.Suppressed || *v.Den != 13 {
			t.Errorf("Oosterparkwijk value %+v, want 13 answers", v)
		}
		vals, _ = indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(ctx, indicator.ValueFilter{Indicator: "tactisch_2_andere_voorzieningen", Area: "GM0014"})
		if len(vals) != 1 || vals[0].Value < 7.69 || vals[0].Value > 7.70 {
			t.Errorf("andere voorzieningen: %+v, want 1 of 13 = 7.7%%", vals)
		}

		if err := ss.Close(ctx, admin, w.Code); err != nil {
			t.Fatal(err)
		}
		if _, err := ss.OpenForm(ctx, tokens[2]); err != survey.ErrClosed {
			t.Errorf("link of a closed wave: %v, want ErrClosed", err)
		}
	})
}
