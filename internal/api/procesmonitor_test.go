package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/api"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func init() {
	routes = append(routes,
		route{"GET", "/api/v1/budget/years", "/api/v1/budget/years"},
		route{"GET", "/api/v1/budget/forecast", "/api/v1/budget/forecast"},
		route{"GET", "/api/v1/spending", "/api/v1/spending"},
		route{"POST", "/api/v1/spending", "/api/v1/spending"},
		route{"GET", "/api/v1/ledger-codes", "/api/v1/ledger-codes"},
		route{"PUT", "/api/v1/ledger-codes/{code}", "/api/v1/ledger-codes/6340100"},
		route{"DELETE", "/api/v1/ledger-codes/{code}", "/api/v1/ledger-codes/6340100"},
		route{"GET", "/api/v1/commitments", "/api/v1/commitments"},
		route{"PUT", "/api/v1/commitments/{year}", "/api/v1/commitments/2025"},
		route{"GET", "/api/v1/milestones", "/api/v1/milestones"},
		route{"GET", "/api/v1/interventions/{code}/milestones", "/api/v1/interventions/L1-01/milestones"},
		route{"POST", "/api/v1/interventions/{code}/milestones", "/api/v1/interventions/L1-01/milestones"},
		route{"PUT", "/api/v1/interventions/{code}/milestones/{id}", "/api/v1/interventions/L1-01/milestones/1"},
		route{"DELETE", "/api/v1/interventions/{code}/milestones/{id}", "/api/v1/interventions/L1-01/milestones/1"},
	)
}

// setupPM is setup with the procesmonitor and the demo's synthetic history.
func setupPM(t *testing.T, db *store.DB) *env {
	t.Helper()
	e := setup(t, db)
	if err := demo.SeedProcesmonitor(context.Background(), storetest.Demo(db), now); err != nil {
		t.Fatalf("seed procesmonitor: %v", err)
	}
	ps := programme.NewService(db.Programmes())
	ps.Now = e.accts.Now
	pm := procesmonitor.NewService(db.Procesmonitor(), ps)
	pm.Now = e.accts.Now
	h := &api.Handler{Programme: ps, Accounts: e.accts, Logger: slog.New(slog.NewTextHandler(e, nil)), Procesmonitor: pm}
	e.handler = h.Routes()
	return e
}

type yearOut struct {
	Jaar              int      `json:"jaar"`
	Beschikbaar       *float64 `json:"beschikbaar"`
	Ingezet           float64  `json:"ingezet"`
	Uitgegeven        *float64 `json:"uitgegeven"`
	Prognose          *float64 `json:"prognose"`
	Tekort            float64  `json:"tekort"`
	IngezetAanname    bool     `json:"ingezet_aanname"`
	BeschikbaarAannam bool     `json:"beschikbaar_aanname"`
}

type forecastOut struct {
	Jaar   int `json:"jaar"`
	Posten []struct {
		Code     string   `json:"code"`
		Ingezet  *float64 `json:"ingezet"`
		Prognose float64  `json:"prognose"`
		Methode  string   `json:"methode"`
		Uitleg   string   `json:"methode_uitleg"`
		Signaal  struct {
			Soort string `json:"soort"`
			Label string `json:"label"`
		} `json:"signaal"`
	} `json:"posten"`
	Totaal struct {
		Ingezet *float64 `json:"ingezet"`
	} `json:"totaal"`
}

type milestoneOut struct {
	ID     int64  `json:"id"`
	Iv     string `json:"interventie"`
	Titel  string `json:"titel"`
	Datum  string `json:"datum"`
	Status string `json:"status"`
	Staat  string `json:"staat"`
}

func TestBudgetYearsAndForecastAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupPM(t, db)
		rec := e.get("/api/v1/budget/years", reader)
		wantStatus(t, rec, http.StatusOK)
		years := decode[struct {
			Stand string    `json:"stand"`
			Jaren []yearOut `json:"jaren"`
		}](t, rec)
		if years.Stand != "2025-06-15" || len(years.Jaren) != 5 {
			t.Fatalf("years %+v, want 2024-2028 as of 2025-06-15", years)
		}
		y27 := years.Jaren[3]
		if y27.Jaar != 2027 || *y27.Beschikbaar != 800 || y27.Ingezet != 1700 || y27.Tekort != 900 || !y27.IngezetAanname || y27.Uitgegeven != nil {
			t.Errorf("2027 = %+v, want 800 available, 1.700 allocated as an assumption, 900 short", y27)
		}
		if y25 := years.Jaren[1]; y25.Prognose == nil || y25.Uitgegeven == nil || *y25.Uitgegeven <= 0 {
			t.Errorf("2025 = %+v, want spending and a forecast", y25)
		}
		line := decode[struct {
			Jaren []yearOut `json:"jaren"`
		}](t, e.get("/api/v1/budget/years?lijn=L2", expert))
		if l := line.Jaren[3]; l.Beschikbaar != nil || l.Ingezet != 400 || l.Tekort != 0 {
			t.Errorf("L2 2027 = %+v, want 400 allocated and no available of its own", l)
		}
		wantError(t, e.get("/api/v1/budget/years?lijn=L9", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/budget/years?jaar=2031", reader), http.StatusBadRequest, "invalid")
		wantError(t, e.get("/api/v1/budget/forecast?jaar=x", reader), http.StatusBadRequest, "invalid")

		fc := decode[forecastOut](t, e.get("/api/v1/budget/forecast", reader))
		signals := map[string]string{}
		for _, p := range fc.Posten {
			signals[p.Code] = p.Signaal.Soort
			if p.Code == "L1.1" && (p.Methode != "seizoen" || !strings.Contains(p.Uitleg, "In 2024 was op deze datum")) {
				t.Errorf("L1.1 forecast %+v, want a seasonal one from 2024", p)
			}
		}
		if fc.Jaar != 2025 || signals["L2.1"] != "dreigt_over" || signals["L1.3"] != "dreigt_onder" || signals["L3"] != "zonder_inzet" || *fc.Totaal.Ingezet != 2380 {
			t.Errorf("forecast signals %v, total %+v", signals, fc.Totaal)
		}
	})
}

func TestSpendingAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupPM(t, db)
		file := "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n2025-06-01,L1.2,100.50,Kindpassen,API-1\n2025-06-02,ORG,20,Zaal,API-2\n"
		post := func(role account.Role, ct, body string) *httptest.ResponseRecorder {
			return e.request(http.MethodPost, "/api/v1/spending?bestand=juni.csv", role, ct, []byte(body))
		}
		for _, role := range []account.Role{leader, expert, reader} {
			wantError(t, post(role, "text/csv", file), http.StatusForbidden, "forbidden")
		}
		wantError(t, post(team, jsonType, file), http.StatusUnsupportedMediaType, "invalid")
		rec := post(team, "text/csv; charset=utf-8", file)
		wantStatus(t, rec, http.StatusCreated)
		if res := decode[map[string]any](t, rec); res["nieuw"] != 2.0 || res["al_ingelezen"] != 0.0 || res["bestand"] != "juni.csv" {
			t.Errorf("first import %v", res)
		}
		rec = post(admin, "text/csv", file)
		wantStatus(t, rec, http.StatusOK)
		if res := decode[map[string]any](t, rec); res["nieuw"] != 0.0 || res["al_ingelezen"] != 2.0 {
			t.Errorf("second import %v", res)
		}
		bad := wantError(t, post(team, "text/csv", file+"2025-06-03,L1.2,1,x,API-1\n"), http.StatusUnprocessableEntity, "invalid")
		if len(bad.Error.Details) != 1 || !strings.HasPrefix(bad.Error.Details[0], `juni.csv:4: referentie: "API-1" staat al op regel 2`) {
			t.Errorf("details %v", bad.Error.Details)
		}
		list := decode[[]map[string]any](t, e.get("/api/v1/spending?jaar=2025&post=L1.2", reader))
		found := false
		for _, b := range list {
			found = found || b["referentie"] == "API-1" && b["bedrag_centen"] == 10050.0 && b["bedrag"] == 100.5
		}
		if !found {
			t.Errorf("API-1 not listed: %v", list)
		}
	})
}

func TestCommitmentsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupPM(t, db)
		body := map[string]any{"bedragen": map[string]float64{"L1.1": 250000.5, "L2.1": 0}}
		for _, role := range []account.Role{leader, expert, reader} {
			wantError(t, e.send(http.MethodPut, "/api/v1/commitments/2026", role, body), http.StatusForbidden, "forbidden")
		}
		rec := e.send(http.MethodPut, "/api/v1/commitments/2026", team, body)
		wantStatus(t, rec, http.StatusOK)
		cs := decode[[]map[string]any](t, rec)
		if len(cs) != 1 || cs[0]["lijn_of_post"] != "L1.1" || cs[0]["bedrag_centen"] != 25000050.0 || cs[0]["door"] != "programmateam@demo.perspectief.nl" {
			t.Errorf("commitments %v", cs)
		}
		wantError(t, e.send(http.MethodPut, "/api/v1/commitments/2026", team, map[string]any{"bedragen": map[string]float64{"L1.1": 1.234}}), http.StatusUnprocessableEntity, "invalid")
		wantError(t, e.send(http.MethodPut, "/api/v1/commitments/2026", team, `{"bedrag": {}}`), http.StatusBadRequest, "invalid")
		wantError(t, e.send(http.MethodPut, "/api/v1/commitments/1980", team, body), http.StatusUnprocessableEntity, "invalid")
	})
}

func TestMilestonesAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupPM(t, db)
		m := map[string]string{"titel": "Eerste brief herschreven", "datum": "2025-07-01", "eigenaar": "Lotte", "status": "bezig"}
		// L1-01 is the demo projectleider's, L3-01 nobody's.
		wantError(t, e.send(http.MethodPost, "/api/v1/interventions/L3-01/milestones", leader, m), http.StatusForbidden, "forbidden")
		wantError(t, e.send(http.MethodPost, "/api/v1/interventions/L1-01/milestones", expert, `not json`), http.StatusForbidden, "forbidden")
		wantError(t, e.send(http.MethodPost, "/api/v1/interventions/L9-99/milestones", team, m), http.StatusNotFound, "not_found")
		rec := e.send(http.MethodPost, "/api/v1/interventions/L1-01/milestones", leader, m)
		wantStatus(t, rec, http.StatusCreated)
		got := decode[milestoneOut](t, rec)
		if got.Iv != "L1-01" || got.Datum != "2025-07-01" || got.Staat != "bezig" {
			t.Fatalf("created %+v", got)
		}
		bad := wantError(t, e.send(http.MethodPost, "/api/v1/interventions/L1-01/milestones", leader, map[string]string{"titel": "", "datum": "1-7-2025"}), http.StatusUnprocessableEntity, "invalid")
		if len(bad.Error.Details) != 3 {
			t.Errorf("details %v, want titel, datum and eigenaar", bad.Error.Details)
		}
		path := fmt.Sprintf("/api/v1/interventions/L1-01/milestones/%d", got.ID)
		m["datum"] = "2025-06-01"
		rec = e.send(http.MethodPut, path, team, m)
		wantStatus(t, rec, http.StatusOK)
		if got := decode[milestoneOut](t, rec); got.Staat != "te_laat" {
			t.Errorf("moved into the past while busy: %+v, want te_laat", got)
		}
		soon := decode[[]milestoneOut](t, e.get("/api/v1/milestones?binnen=30", reader))
		if len(soon) == 0 || soon[0].Staat != "te_laat" {
			t.Errorf("?binnen=30 = %+v, want the late ones first", soon)
		}
		for _, x := range soon {
			if x.Staat == "gereed" || x.Staat == "vervallen" {
				t.Errorf("?binnen=30 lists a closed milestone: %+v", x)
			}
		}
		wantError(t, e.get("/api/v1/milestones?binnen=-1", reader), http.StatusBadRequest, "invalid")
		wantError(t, e.request(http.MethodDelete, path, reader, "", nil), http.StatusForbidden, "forbidden")
		wantStatus(t, e.request(http.MethodDelete, path, leader, "", nil), http.StatusNoContent)
		wantError(t, e.request(http.MethodDelete, path, leader, "", nil), http.StatusNotFound, "not_found")
		list := decode[[]milestoneOut](t, e.get("/api/v1/interventions/L1-01/milestones", reader))
		for _, x := range list {
			if x.ID == got.ID {
				t.Error("deleted milestone still listed")
			}
		}
	})
}
