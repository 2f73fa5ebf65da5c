package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func init() {
	routes = append(routes,
		route{"GET", "/api/v1/programme/versions", "/api/v1/programme/versions"},
		route{"GET", "/api/v1/programme/versions/{n}", "/api/v1/programme/versions/1"},
		route{"GET", "/api/v1/learning", "/api/v1/learning"},
		route{"POST", "/api/v1/learning", "/api/v1/learning"},
		route{"GET", "/api/v1/learning/{id}", "/api/v1/learning/1"},
		route{"GET", "/api/v1/surveys", "/api/v1/surveys"},
		route{"GET", "/api/v1/surveys/{code}/results", "/api/v1/surveys/inwoners-2025/results"},
		route{"POST", "/api/v1/surveys/{code}/responses", "/api/v1/surveys/inwoners-2025/responses"},
	)
}

// setupLearning is setup with the demo's surveys and learning log (and the
// rest of the demo: see setupAll).
func setupLearning(t *testing.T, db *store.DB) *env {
	t.Helper()
	return setupAll(t, db)
}

// entryBody is a learning log entry as the API sends it: its day is a date.
type entryBody struct {
	learning.Entry
	Date string `json:"datum"`
}

func TestLearningAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupLearning(t, db)

		rec := e.get("/api/v1/learning?soort=besluit", account.RoleReader)
		wantStatus(t, rec, http.StatusOK)
		var es []entryBody
		if err := json.Unmarshal(rec.Body.Bytes(), &es); err != nil {
			t.Fatal(err)
		}
		if len(es) != 2 || es[1].Version != 2 || len(es[1].Changes) != 2 {
			t.Fatalf("decisions: %+v, want 2 with the older one making version 2", es)
		}
		rec = e.get("/api/v1/learning?zoek=pauzeknop&lijn=L2", account.RoleReader)
		wantStatus(t, rec, http.StatusOK)
		_ = json.Unmarshal(rec.Body.Bytes(), &es)
		if len(es) == 0 {
			t.Error("search pauzeknop in L2 finds nothing")
		}
		wantError(t, e.get("/api/v1/learning?van=gisteren", account.RoleReader), http.StatusBadRequest, "invalid")

		signal := map[string]any{"soort": "signaal", "datum": "2025-06-01", "titel": "Formulier te lang", "tekst": "Inwoners haken af.", "bron": "inwoners", "interventies": []string{"L1-01"}}
		wantError(t, e.send(http.MethodPost, "/api/v1/learning", account.RoleReader, signal), http.StatusForbidden, "forbidden")
		rec = e.send(http.MethodPost, "/api/v1/learning", account.RoleExpert, signal)
		wantStatus(t, rec, http.StatusCreated)
		var got entryBody
		_ = json.Unmarshal(rec.Body.Bytes(), &got)
		if got.ID == 0 || len(got.Lines) != 1 || got.Lines[0] != "L1" || got.Date != "2025-06-01" {
			t.Errorf("created entry %+v, want an id, line L1 from the intervention and datum 2025-06-01", got)
		}
		decision := map[string]any{"soort": "besluit", "datum": "2025-06-02", "titel": "Stop", "tekst": "x", "bron": "programmateam",
			"herijking": []map[string]any{{"actie": "stoppen", "onderdeel": "interventie", "code": "L1-01"}}}
		wantError(t, e.send(http.MethodPost, "/api/v1/learning", account.RoleExpert, decision), http.StatusForbidden, "forbidden")
		rec = e.send(http.MethodPost, "/api/v1/learning", account.RoleTeam, decision)
		wantStatus(t, rec, http.StatusCreated)
		_ = json.Unmarshal(rec.Body.Bytes(), &got)
		if got.Version != 3 {
			t.Errorf("decision made version %d, want 3", got.Version)
		}

		rec = e.get("/api/v1/programme/versions/2", account.RoleReader)
		wantStatus(t, rec, http.StatusOK)
		var v struct {
			Versie    int                    `json:"versie"`
			Soort     string                 `json:"soort"`
			Programma *programme.Model       `json:"programma"`
			Sinds     []programme.Difference `json:"verschil_met_nu"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &v)
		if v.Versie != 2 || v.Soort != "besluit" || v.Programma == nil || len(v.Sinds) != 1 || v.Sinds[0].Code != "L1-01" {
			t.Errorf("version 2: %+v, want the decision's version, differing from now in L1-01", v)
		}
		wantError(t, e.get("/api/v1/programme/versions/99", account.RoleReader), http.StatusNotFound, "not_found")
	})
}

func TestSurveyAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupLearning(t, db)
		wave := demo.ResidentWave(now)
		rec := e.get("/api/v1/surveys", account.RoleReader)
		wantStatus(t, rec, http.StatusOK)
		if !strings.Contains(rec.Body.String(), `"antwoorden":200`) || strings.Contains(rec.Body.String(), "link_key") {
			t.Errorf("surveys: %s", rec.Body.String())
		}
		rec = e.get("/api/v1/surveys/"+wave+"/results", account.RoleReader)
		wantStatus(t, rec, http.StatusOK)
		var res struct {
			Ingevuld int `json:"ingevuld"`
			Vragen   []struct {
				Code      string `json:"code"`
				Totaal    map[string]any
				PerGebied []map[string]any `json:"per_gebied"`
			} `json:"vragen"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &res)
		// The shipped questionnaire has 13 questions; the open one is not
		// counted, and its answers never leave through the API.
		if res.Ingevuld != 200 || len(res.Vragen) != 12 {
			t.Fatalf("results: %d responses, %d questions; want 200 and 12", res.Ingevuld, len(res.Vragen))
		}
		if strings.Contains(rec.Body.String(), "Sneller antwoord") || strings.Contains(rec.Body.String(), `"beter"`) {
			t.Errorf("the results hand out answers in respondents' own words")
		}
		for _, c := range res.Vragen[0].PerGebied {
			if c["gebied"] == "WK001413" && (c["onderdrukt"] != true || c["n"] != nil) {
				t.Errorf("Meerdorpen (6 answers) shown: %v", c)
			}
		}
		csv := "serieus,andere_hulp\n4,ja\n"
		req := func(role account.Role, body string) *http.Response {
			r := e.request(http.MethodPost, "/api/v1/surveys/"+wave+"/responses?bestand=papier.csv", role, "text/csv", []byte(body))
			return r.Result()
		}
		if r := req(account.RoleExpert, csv); r.StatusCode != http.StatusForbidden {
			t.Errorf("expert imports: %d", r.StatusCode)
		}
		rec = e.request(http.MethodPost, "/api/v1/surveys/"+wave+"/responses?bestand=papier.csv", account.RoleTeam, "text/csv", []byte("serieus\n9\n"))
		wantError(t, rec, http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(rec.Body.String(), "papier.csv:2: kolom serieus") {
			t.Errorf("refusal does not name line and column: %s", rec.Body.String())
		}
		if r := req(account.RoleTeam, csv); r.StatusCode != http.StatusCreated {
			t.Errorf("team imports: %d", r.StatusCode)
		}
	})
}
