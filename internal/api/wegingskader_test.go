package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// The wegingskader endpoints join the OpenAPI test's route list; setup
// seeds the demo round (1, closed) and its eight requests.
func init() {
	for _, r := range []route{
		{"GET", "/api/v1/wegingskader/frameworks", ""},
		{"POST", "/api/v1/wegingskader/frameworks", ""},
		{"GET", "/api/v1/wegingskader/frameworks/{version}", "/api/v1/wegingskader/frameworks/1"},
		{"GET", "/api/v1/wegingskader/requests", ""},
		{"POST", "/api/v1/wegingskader/requests", ""},
		{"GET", "/api/v1/wegingskader/requests/{id}", "/api/v1/wegingskader/requests/1"},
		{"PUT", "/api/v1/wegingskader/requests/{id}", "/api/v1/wegingskader/requests/1"},
		{"GET", "/api/v1/wegingskader/rounds", ""},
		{"POST", "/api/v1/wegingskader/rounds", ""},
		{"GET", "/api/v1/wegingskader/rounds/{id}", "/api/v1/wegingskader/rounds/1"},
		{"PUT", "/api/v1/wegingskader/rounds/{id}", "/api/v1/wegingskader/rounds/1"},
		{"POST", "/api/v1/wegingskader/rounds/{id}/open", "/api/v1/wegingskader/rounds/1/open"},
		{"POST", "/api/v1/wegingskader/rounds/{id}/close", "/api/v1/wegingskader/rounds/1/close"},
		{"GET", "/api/v1/wegingskader/rounds/{id}/scores", "/api/v1/wegingskader/rounds/1/scores"},
		{"PUT", "/api/v1/wegingskader/rounds/{id}/scores/{request}", "/api/v1/wegingskader/rounds/1/scores/1"},
		{"POST", "/api/v1/wegingskader/rounds/{id}/submit", "/api/v1/wegingskader/rounds/1/submit"},
		{"GET", "/api/v1/wegingskader/rounds/{id}/results", "/api/v1/wegingskader/rounds/1/results"},
		{"GET", "/api/v1/wegingskader/rounds/{id}/choice", "/api/v1/wegingskader/rounds/1/choice"},
		{"PUT", "/api/v1/wegingskader/rounds/{id}/fixes", "/api/v1/wegingskader/rounds/1/fixes"},
		{"POST", "/api/v1/wegingskader/rounds/{id}/decision", "/api/v1/wegingskader/rounds/1/decision"},
		{"POST", "/api/v1/wegingskader/rounds/{id}/grants", "/api/v1/wegingskader/rounds/1/grants"},
	} {
		if r.example == "" {
			r.example = r.path
		}
		routes = append(routes, r)
	}
}

type roundOut struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	Panel  []struct {
		Email     string  `json:"email"`
		Submitted *string `json:"ingediend_op"`
	} `json:"panel"`
}

type resultsOut struct {
	Visible   bool   `json:"zichtbaar"`
	Reason    string `json:"reden"`
	Aanvragen []struct {
		Aanvraag int64   `json:"aanvraag"`
		Score    float64 `json:"score"`
		Criteria []struct {
			Criterium string `json:"criterium"`
			Scores    []struct {
				Lid   string `json:"lid"`
				Score int    `json:"score"`
			} `json:"scores"`
			Anders bool `json:"ervaringsdeskundigen_anders"`
		} `json:"criteria"`
	} `json:"aanvragen"`
	Overlap []struct {
		A, B int64
	} `json:"overlap"`
}

type choiceOut struct {
	Gekozen   []int64  `json:"gekozen"`
	Bewezen   bool     `json:"bewezen"`
	MaxTekort *float64 `json:"max_tekort"`
	Bindend   []int    `json:"bindende_jaren"`
	Stability []struct {
		Criterium string   `json:"criterium"`
		Bewezen   bool     `json:"bewezen"`
		MaxTekort *float64 `json:"max_tekort"`
	} `json:"stabiliteit"`
}

const wkAPI = "/api/v1/wegingskader"

func TestWegingskaderAPIRoles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		const ok, created, no = http.StatusOK, http.StatusCreated, http.StatusForbidden
		request := map[string]any{"aanvrager": "A", "titel": "B", "omschrijving": "C", "bedragen": map[string]int{"2026": 1000}, "doelgroep": "overige", "tactische_doelen": []string{"T1"}}
		checks := []struct {
			method, path string
			body         any
			want         [6]int // beheerder, programmateam, projectleider, ervaringsdeskundige, lezer, regiegroep
		}{
			{"GET", wkAPI + "/frameworks", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", wkAPI + "/frameworks/1", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", wkAPI + "/requests", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", wkAPI + "/requests/1", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"POST", wkAPI + "/requests", request, [6]int{created, created, no, no, no, no}},
			{"PUT", wkAPI + "/requests/1", request, [6]int{http.StatusConflict, http.StatusConflict, no, no, no, no}},
			{"GET", wkAPI + "/rounds", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", wkAPI + "/rounds/1", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", wkAPI + "/rounds/1/results", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", wkAPI + "/rounds/1/choice", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", wkAPI + "/rounds/1/scores", nil, [6]int{no, ok, ok, ok, no, no}},
			{"PUT", wkAPI + "/rounds/1/fixes", map[string]any{"vastgezet": map[string]string{}}, [6]int{ok, ok, ok, ok, no, no}},
			{"POST", wkAPI + "/rounds", map[string]any{"naam": "x", "budget": map[string]int{"2026": 1}, "panel": []string{}, "aanvragen": []int{}}, [6]int{created, created, no, no, no, no}},
			{"POST", wkAPI + "/rounds/1/decision", map[string]any{"motivering": ""}, [6]int{http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, no, no, no, no}},
		}
		for i, role := range account.Roles {
			for _, c := range checks {
				var rec = e.get(c.path, role)
				if c.method != "GET" {
					rec = e.send(c.method, c.path, role, c.body)
				}
				if rec.Code != c.want[i] {
					t.Errorf("%s %s as %s: %d, want %d: %s", c.method, c.path, role, rec.Code, c.want[i], rec.Body.String())
				}
			}
		}
		// A framework file is YAML; the role is checked before it is read.
		for i, role := range account.Roles {
			rec := e.request(http.MethodPost, wkAPI+"/frameworks", role, "application/yaml", wk.DefaultSource())
			if want := [6]int{created, created, no, no, no, no}[i]; rec.Code != want {
				t.Errorf("POST frameworks as %s: %d, want %d", role, rec.Code, want)
			}
		}
		rec := e.request(http.MethodPost, wkAPI+"/frameworks", admin, "application/yaml", []byte("perspectief_wegingskader: 1\nkader:\n  naam: x\n  criteria: []\n"))
		body := wantError(t, rec, http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(strings.Join(body.Error.Details, " "), "wegingskader.yaml:4: kader.criteria: het kader heeft geen criteria") {
			t.Errorf("details %v should name file, line and field", body.Error.Details)
		}
	})
}

func TestWegingskaderAPIBlindRound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		rec := e.send("POST", wkAPI+"/requests", team, map[string]any{"aanvrager": "Stichting Test", "titel": "Voorleesproject", "omschrijving": "Voorlezen thuis.",
			"bedragen": map[string]int{"2026": 8000}, "doelgroep": "gezinnen", "tactische_doelen": []string{"T1", "T6"}})
		wantStatus(t, rec, http.StatusCreated)
		req := decode[wk.Request](t, rec)
		rec = e.send("POST", wkAPI+"/rounds", team, map[string]any{"naam": "API-ronde", "budget": map[string]int{"2026": 10000},
			"panel": []string{"programmateam@demo.perspectief.nl", "ervaringsdeskundige@demo.perspectief.nl"}, "aanvragen": []int64{req.ID}})
		wantStatus(t, rec, http.StatusCreated)
		rd := decode[roundOut](t, rec)
		base := wkAPI + "/rounds/" + strconv.FormatInt(rd.ID, 10)
		wantError(t, e.get(base, reader), http.StatusForbidden, "forbidden")
		rec = e.send("POST", base+"/open", team, nil)
		wantStatus(t, rec, http.StatusOK)
		if decode[roundOut](t, rec).Status != "open" {
			t.Fatal("not open")
		}
		wantError(t, e.get(base, leader), http.StatusForbidden, "forbidden")

		fill := func(role account.Role, v int) {
			var scores []map[string]any
			for _, c := range []string{"1a", "1b", "1c", "1d", "1e", "1f", "2", "3", "4"} {
				scores = append(scores, map[string]any{"criterium": c, "score": v, "motivering": string(role) + " over " + c})
			}
			rec := e.send("PUT", base+"/scores/"+strconv.FormatInt(req.ID, 10), role, map[string]any{"scores": scores})
			wantStatus(t, rec, http.StatusOK)
		}
		bad := e.send("PUT", base+"/scores/"+strconv.FormatInt(req.ID, 10), team, map[string]any{"scores": []map[string]any{{"criterium": "1a", "score": 9}}})
		wantError(t, bad, http.StatusUnprocessableEntity, "invalid")
		fill(team, 3)
		fill(expert, 1)
		wantStatus(t, e.send("POST", base+"/submit", team, nil), http.StatusOK)

		// The ervaringsdeskundige has not handed in: blind.
		res := decode[resultsOut](t, e.get(base+"/results", expert))
		if res.Visible || len(res.Aanvragen) != 0 || !strings.Contains(res.Reason, "pas als u uw eigen scores hebt ingediend") {
			t.Fatalf("blind phase broken: %+v", res)
		}
		// The programmateam handed in and sees only handed-in scores.
		res = decode[resultsOut](t, e.get(base+"/results", team))
		if !res.Visible || len(res.Aanvragen[0].Criteria[0].Scores) != 1 {
			t.Fatalf("after handing in: %+v", res)
		}
		wantError(t, e.send("PUT", base+"/scores/"+strconv.FormatInt(req.ID, 10), team, map[string]any{"scores": []any{}}), http.StatusConflict, "conflict")
		wantError(t, e.send("POST", base+"/close", team, nil), http.StatusConflict, "conflict")
		wantError(t, e.get(base+"/choice", team), http.StatusConflict, "conflict")
		wantStatus(t, e.send("POST", base+"/submit", expert, nil), http.StatusOK)
		wantError(t, e.send("POST", base+"/close", expert, nil), http.StatusForbidden, "forbidden")
		rec = e.send("POST", base+"/close", team, nil)
		wantStatus(t, rec, http.StatusOK)

		res = decode[resultsOut](t, e.get(base+"/results", reader))
		if !res.Visible || len(res.Aanvragen[0].Criteria[0].Scores) != 2 || !res.Aanvragen[0].Criteria[0].Anders {
			t.Fatalf("closed round for the lezer: %+v", res)
		}
		ch := decode[choiceOut](t, e.get(base+"/choice", reader))
		if len(ch.Gekozen) != 1 || ch.Gekozen[0] != req.ID || !ch.Bewezen || ch.MaxTekort == nil || *ch.MaxTekort != 0 || len(ch.Stability) != 18 {
			t.Errorf("choice %+v", ch)
		}
		for _, sc := range ch.Stability {
			if !sc.Bewezen || sc.MaxTekort == nil || *sc.MaxTekort != 0 {
				t.Errorf("scenario %+v: want proven, max_tekort 0", sc)
			}
		}
		rec = e.send("PUT", base+"/fixes", expert, map[string]any{"vastgezet": map[string]string{strconv.FormatInt(req.ID, 10): "uit"}})
		wantStatus(t, rec, http.StatusOK)
		if ch := decode[choiceOut](t, rec); len(ch.Gekozen) != 0 {
			t.Errorf("fixed out but still chosen: %+v", ch)
		}
		wantError(t, e.send("PUT", base+"/fixes", expert, map[string]any{"vastgezet": map[string]string{strconv.FormatInt(req.ID, 10): "misschien"}}), http.StatusUnprocessableEntity, "invalid")
		wantStatus(t, e.send("PUT", base+"/fixes", team, map[string]any{"vastgezet": map[string]string{}}), http.StatusOK)
		rec = e.send("POST", base+"/decision", team, map[string]any{"motivering": "Voorlezen werkt."})
		wantStatus(t, rec, http.StatusCreated)
		rec = e.send("POST", base+"/grants", team, map[string]any{"lijnen": map[string]string{strconv.FormatInt(req.ID, 10): "L2"}})
		wantStatus(t, rec, http.StatusCreated)
		gs := decode[[]wk.Grant](t, rec)
		if len(gs) != 1 || !strings.HasPrefix(gs[0].Intervention, "L2-") {
			t.Fatalf("grants %+v", gs)
		}
		wantStatus(t, e.get("/api/v1/interventions/"+gs[0].Intervention, reader), http.StatusOK)
		rd = decode[roundOut](t, e.get(base, reader))
		if rd.Status != "besloten" {
			t.Errorf("status %s after the decision", rd.Status)
		}
	})
}
