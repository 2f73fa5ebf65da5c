package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	website "github.com/perspectief/perspectief/internal/web/site"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/survey"
)

// newLearningSite is newSite with the demo's indicators, surveys and
// learning log, and a log the test can read.
func newLearningSite(t *testing.T, db *store.DB) (*site, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	s := newSite(t, db, func(w *website.Server) { w.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	if err := demo.SeedSurveysAndLearning(context.Background(), storetest.Demo(db), now); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return s, &log
}

var surveyLink = regexp.MustCompile(`/enquete/([a-z0-9]{12})`)

// openLink reads the wave's public link from its page, as the team would.
func openLink(t *testing.T, s *site, wave string) string {
	t.Helper()
	r := s.login(team).get("/enquetes/" + wave)
	wantStatus(t, r, http.StatusOK, "wave page")
	m := surveyLink.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no public link on the wave page:\n%s", text(r.Body))
	}
	return "/enquete/" + m[1]
}

// fillIn opens the public form without a login and returns the browser and
// the form's token.
func fillIn(t *testing.T, s *site, link string) (*client, string) {
	t.Helper()
	c := s.client()
	r := c.get(link)
	wantStatus(t, r, http.StatusOK, "GET "+link)
	if r.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("survey form Referrer-Policy %q, want no-referrer", r.Header.Get("Referrer-Policy"))
	}
	return c, formCSRF(t, r.Body)
}

func TestPublicSurveyForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, log := newLearningSite(t, db)
		wave := demo.ResidentWave(now)
		link := openLink(t, s, wave)
		before := s.login(reader).get("/enquetes/" + wave + "/resultaten")
		mustContain(t, before, "200 ingevulde vragenlijsten", "Wilson")

		c, token := fillIn(t, s, link)
		// Without the form's token the answers are refused.
		r := c.postRaw(link, url.Values{"v-serieus": {"eens"}})
		wantStatus(t, r, http.StatusForbidden, "post without token")
		// A wrong answer comes back with the other answers kept.
		r = c.postRaw(link, url.Values{"csrf": {token}, "gebied": {"WK001404"}, "v-serieus": {"misschien"}, "v-waarheen": {"helemaal_eens"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad answer")
		mustContain(t, r, "Fout:", "Vraag 2: Kies een van de antwoorden")
		if !strings.Contains(r.Body, `value="helemaal_eens" checked`) || !strings.Contains(r.Body, `value="WK001404" selected`) {
			t.Error("the answers given are not kept after an error")
		}
		r = c.postRaw(link, url.Values{"csrf": {token}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "nothing answered")
		mustContain(t, r, "Beantwoord minstens één vraag")

		// The open question takes text, within its limit.
		form := c.get(link)
		if !strings.Contains(form.Body, `<textarea id="vraag-beter" name="v-beter" rows="5" maxlength="1000"`) {
			t.Error("the open question has no text field of at most 1000 characters")
		}
		r = c.postRaw(link, url.Values{"csrf": {token}, "v-serieus": {"eens"}, "v-beter": {strings.Repeat("x", 1001)}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "an open answer that is too long")
		mustContain(t, r, "Vraag 13: Uw antwoord is te lang; hoogstens 1.000 tekens")
		if !strings.Contains(r.Body, `href="#vraag-beter"`) {
			t.Error("the error summary does not link to the open question's field")
		}
		r = c.postRaw(link, url.Values{"csrf": {token}, "gebied": {"WK001404"}, "v-serieus": {"eens"}, "v-andere_hulp": {"ja"}, "v-beter": {"  Een vast aanspreekpunt\r\nzou fijn zijn.  "}})
		wantStatus(t, r, http.StatusSeeOther, "good answers")
		if r.Location != "/enquete/bedankt" {
			t.Errorf("after answering: redirect to %q", r.Location)
		}
		mustContain(t, c.get("/enquete/bedankt"), "Bedankt voor uw antwoorden")

		after := s.login(reader).get("/enquetes/" + wave + "/resultaten")
		mustContain(t, after, "201 ingevulde vragenlijsten")
		// The newest response holds only a day, an area and a channel.
		rs, _ := db.Surveys().Responses(context.Background(), wave)
		last := rs[len(rs)-1]
		if last.Date != "2025-06-16" || last.Area != "WK001404" || last.Channel != "formulier" || len(last.Answers) != 3 ||
			last.Answers["beter"] != "Een vast aanspreekpunt\nzou fijn zijn." {
			t.Errorf("stored response %+v", last)
		}
		// The team reads the answers in respondents' own words; a lezer
		// only sees how many there are.
		mine := s.login(team).get("/enquetes/" + wave + "/resultaten")
		mustContain(t, mine, "Wat kan er beter aan de hulp die u kreeg?", "Een vast aanspreekpunt zou fijn zijn.", "Telt mee: mee eens of helemaal mee eens.")
		mustNotContain(t, after, "Een vast aanspreekpunt")
		mustContain(t, s.login(reader).get("/enquetes/"+wave+"/resultaten"), "Alleen het programmateam, de beheerder en de ervaringsdeskundigen lezen de antwoorden")
		// The link's secret never reaches the log, even when a request fails.
		s.web.Surveys.Store = failingStore{db.Surveys()}
		c.get(link)
		if !strings.Contains(log.String(), "/enquete/") {
			t.Fatalf("the failing request was not logged: %s", log.String())
		}
		if strings.Contains(log.String(), strings.TrimPrefix(link, "/enquete/")) {
			t.Errorf("the log holds the link's secret:\n%s", log.String())
		}
	})
}

// failingStore makes every survey read fail, to see what gets logged.
type failingStore struct{ store.Surveys }

func (failingStore) WaveByLink(context.Context, string) (*survey.Wave, error) {
	return nil, errPing
}

func TestSurveyLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newLearningSite(t, db)
		ctx := context.Background()
		staff := "medewerkers-2025"
		tokens, err := s.web.Surveys.IssueTokens(ctx, account.User{Email: team, Role: account.RoleTeam}, staff, 1)
		if err != nil {
			t.Fatal(err)
		}
		link := "/enquete/" + tokens[0]
		c, token := fillIn(t, s, link)
		mustContain(t, c.get(link), "Uw persoonlijke link werkt één keer")
		r := c.postRaw(link, url.Values{"csrf": {token}, "v-ruimte_maatwerk": {"oneens"}})
		wantStatus(t, r, http.StatusSeeOther, "first answer with a personal link")
		r = c.get(link)
		wantStatus(t, r, http.StatusConflict, "second use of a personal link")
		mustContain(t, r, "al ingevuld")
		wantStatus(t, c.get("/enquete/abcdefghjkmn"), http.StatusNotFound, "unknown link")
		wantStatus(t, c.get("/enquete/bad"), http.StatusNotFound, "malformed link")

		// A closed wave takes no answers.
		link = openLink(t, s, demo.ResidentWave(now))
		tm := s.login(team)
		wantStatus(t, tm.post("/enquetes/"+demo.ResidentWave(now)+"/sluiten", nil), http.StatusSeeOther, "close")
		r = c.get(link)
		wantStatus(t, r, http.StatusGone, "closed wave")
		mustContain(t, r, "gesloten")
	})
}

func TestSurveyPagesPerRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newLearningSite(t, db)
		wave := demo.ResidentWave(now)
		for role, email := range byRole {
			c := s.login(email)
			manage := role == account.RoleAdmin || role == account.RoleTeam
			r := c.get("/enquetes")
			wantStatus(t, r, http.StatusOK, string(role)+" GET /enquetes")
			if strings.Contains(r.Body, `href="/enquetes/nieuw"`) != manage {
				t.Errorf("%s: offered Nieuwe meting = %v, want %v", role, !manage, manage)
			}
			wantStatus(t, c.get("/enquetes/"+wave+"/resultaten"), http.StatusOK, string(role)+" results")
			want := http.StatusForbidden
			if manage {
				want = http.StatusOK
			}
			wantStatus(t, c.get("/enquetes/nieuw"), want, string(role)+" GET /enquetes/nieuw")
			if !manage {
				wantStatus(t, c.post("/enquetes/"+wave+"/indicatoren", nil), http.StatusForbidden, string(role)+" push results")
			}
		}

		// The team makes a wave, changes it while a draft, publishes it, and
		// then cannot change it any more.
		tm := s.login(team)
		r := tm.post("/enquetes/nieuw", url.Values{"code": {"Fout!"}, "titel": {""}, "vragenlijst": {"inwoners@1"}, "periode": {"2025-X"}, "toegang": {"open"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad wave")
		mustContain(t, r, "Code", "De titel ontbreekt")
		form := url.Values{"code": {"najaar"}, "titel": {"Najaar"}, "vragenlijst": {"inwoners@1"}, "periode": {"2025-T3"}, "toegang": {"tokens"}, "minimum_n": {"10"}}
		wantStatus(t, tm.post("/enquetes/nieuw", form), http.StatusSeeOther, "create wave")
		form.Set("titel", "Najaar 2025")
		wantStatus(t, tm.post("/enquetes/najaar/bewerken", form), http.StatusSeeOther, "edit draft")
		mustContain(t, tm.get("/enquetes/najaar"), "Najaar 2025", "Concept")
		wantStatus(t, tm.post("/enquetes/najaar/publiceren", nil), http.StatusSeeOther, "publish")
		wantStatus(t, tm.get("/enquetes/najaar/bewerken"), http.StatusConflict, "edit form of a published wave")
		form.Set("titel", "Anders")
		wantStatus(t, tm.post("/enquetes/najaar/bewerken", form), http.StatusUnprocessableEntity, "edit a published wave")
		mustNotContain(t, tm.get("/enquetes/najaar"), "Anders")

		// Personal links are shown once.
		r = tm.post("/enquetes/najaar/links", url.Values{"aantal": {"3"}})
		wantStatus(t, r, http.StatusOK, "make links")
		if n := len(surveyLink.FindAllString(r.Body, -1)); n != 3 {
			t.Errorf("%d links shown, want 3", n)
		}

		// A CSV with a bad cell is refused with its line and column.
		r = tm.uploadTo("/enquetes/najaar/import", "antwoorden.csv", []byte("serieus,wijk\n4,Centrum\n7,Centrum\n"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad CSV")
		mustContain(t, r, "antwoorden.csv:3: kolom serieus")
		r = tm.uploadTo("/enquetes/najaar/import", "antwoorden.csv", []byte("serieus,wijk\n4,Centrum\n5,Centrum\n"))
		wantStatus(t, r, http.StatusSeeOther, "good CSV")
		mustContain(t, tm.get("/enquetes/najaar"), "Antwoorden 2")

		// Results into the register: the indicator page shows the wave as source.
		wantStatus(t, tm.post("/enquetes/"+wave+"/indicatoren", nil), http.StatusSeeOther, "push results")
		mustContain(t, tm.get("/indicatoren/tactisch_1_serieus_genomen"), "Ervaringsonderzoek Ervaring inwoners 2025")

		// The QR code is an SVG with a title.
		r = tm.get("/enquetes/" + wave + "/qr.svg")
		wantStatus(t, r, http.StatusOK, "QR")
		if r.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(r.Body, "<title") {
			t.Errorf("QR: %s %.80s", r.Header.Get("Content-Type"), r.Body)
		}
	})
}
