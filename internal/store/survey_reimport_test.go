package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/survey"
)

// TestSurveyReimportAddsNothing: the same CSV read twice stores its answers
// once; a longer export of the same tool adds only its new rows; with a
// respondent column, the respondent decides, and is not stored.
func TestSurveyReimportAddsNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ss, _ := surveyService(t, db)
		w, err := ss.CreateWave(ctx, admin, survey.WaveInput{Code: "papier-2025", Title: "Papier 2025", Questionnaire: "inwoners", Version: 1, Period: "2025", Access: survey.OpenLink})
		if err != nil {
			t.Fatal(err)
		}
		if err := ss.Publish(ctx, admin, w.Code); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			t.Helper()
			rs, err := db.Surveys().Responses(ctx, w.Code)
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}
		// Two identical rows are two respondents.
		file := "wijk,serieus,andere_hulp\nOosterparkwijk,mee eens,nee\nOosterparkwijk,mee eens,nee\nCentrum,oneens,ja\n"
		imp, err := ss.ImportCSV(ctx, admin, w.Code, "papier.csv", strings.NewReader(file))
		if err != nil || imp.Added != 3 || imp.Known != 0 || count() != 3 {
			t.Fatalf("first import: %+v %v; %d stored", imp, err, count())
		}
		imp, err = ss.ImportCSV(ctx, admin, w.Code, "papier.csv", strings.NewReader(file))
		if err != nil || imp.Added != 0 || imp.Known != 3 || count() != 3 {
			t.Fatalf("same file again: %+v %v; %d stored, want 3", imp, err, count())
		}
		// The export grew by one identical row and one new one.
		longer := file + "Oosterparkwijk,mee eens,nee\nCentrum,eens,nee\n"
		imp, err = ss.ImportCSV(ctx, admin, w.Code, "papier-2.csv", strings.NewReader(longer))
		if err != nil || imp.Added != 2 || imp.Known != 3 || count() != 5 {
			t.Fatalf("longer export: %+v %v; %d stored, want 5", imp, err, count())
		}

		// A respondent column: the id decides, whatever the row order.
		ids := "respondent,serieus\nR1,eens\nR2,oneens\n"
		if imp, err = ss.ImportCSV(ctx, admin, w.Code, "ids.csv", strings.NewReader(ids)); err != nil || imp.Added != 2 {
			t.Fatalf("with respondents: %+v %v", imp, err)
		}
		if imp, err = ss.ImportCSV(ctx, admin, w.Code, "ids.csv", strings.NewReader("respondent,serieus\nR2,oneens\nR1,eens\nR3,eens\n")); err != nil || imp.Added != 1 || count() != 8 {
			t.Fatalf("respondents again, reordered, one new: %+v %v; %d stored", imp, err, count())
		}
		_, err = ss.ImportCSV(ctx, admin, w.Code, "dubbel.csv", strings.NewReader("respondent,serieus\nR9,eens\nR9,oneens\n"))
		if d := perspectief.ErrorDetails(err); len(d) != 1 || !strings.Contains(d[0], "dubbel.csv:3: kolom respondent") || count() != 8 {
			t.Errorf("a respondent twice: %v %q", err, d)
		}
		// Responses from the form have no key and never clash.
		for range 2 {
			if err := db.Surveys().SubmitResponse(ctx, &survey.Response{Wave: w.Code, Date: "2025-06-16", Channel: survey.ChannelForm, Answers: map[string]string{"serieus": "eens"}}, ""); err != nil {
				t.Fatal(err)
			}
		}
		if count() != 10 {
			t.Errorf("after two form answers: %d, want 10", count())
		}
	})
}
