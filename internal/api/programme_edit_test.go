package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func init() {
	routes = append(routes,
		route{"PUT", "/api/v1/goals/{code}", "/api/v1/goals/O1"},
		route{"POST", "/api/v1/budget/{table}/rows", "/api/v1/budget/inzet/rows"},
		route{"PUT", "/api/v1/budget/{table}/rows/{n}", "/api/v1/budget/inzet/rows/1"},
	)
}

// TestGoalAndBudgetEdits: goals and budget rows through the API with the
// rules of the forms; a refused change names its fields and stores
// nothing (the programme's version stays).
func TestGoalAndBudgetEdits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		version := func() int {
			t.Helper()
			n, err := strconv.Atoi(strings.Trim(e.get("/api/v1/programme", reader).Header().Get("ETag"), `"`))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		refused := func(rec *httptest.ResponseRecorder, status int, code string, fields ...string) {
			t.Helper()
			p := wantError(t, rec, status, code)
			for _, f := range fields {
				if !containsDetail(p.Error.Details, f+": ") {
					t.Errorf("invalid-params %v, want %s", p.Error.Details, f)
				}
			}
		}
		edit := func(method, path string, role account.Role, body map[string]any) *httptest.ResponseRecorder {
			t.Helper()
			return e.send(method, "/api/v1"+path, role, body)
		}
		base := version()
		goal := map[string]any{"code": "O1", "niveau": "operationeel", "titel": "Nieuwe titel", "onder": []string{"T1"}}

		refused(edit("PUT", "/goals/O1", reader, map[string]any{"doel": goal, "reden": "x", "basisversie": base}), http.StatusForbidden, "forbidden")
		refused(edit("PUT", "/goals/O1", leader, map[string]any{"doel": goal, "reden": "x", "basisversie": base}), http.StatusForbidden, "forbidden")
		refused(edit("PUT", "/goals/O1", team, map[string]any{"doel": goal, "reden": "x"}), http.StatusUnprocessableEntity, "invalid", "basisversie")
		refused(edit("PUT", "/goals/O1", team, map[string]any{"doel": goal, "reden": "", "basisversie": base}), http.StatusUnprocessableEntity, "invalid", "reden")
		refused(edit("PUT", "/goals/O1", team, map[string]any{"doel": map[string]any{"code": "O2", "niveau": "operationeel", "titel": "x"}, "reden": "x", "basisversie": base}),
			http.StatusUnprocessableEntity, "invalid", "doel.code")
		bad := map[string]any{"code": "O1", "niveau": "hoog", "titel": "", "onder": []string{"T99"}}
		refused(edit("PUT", "/goals/O1", team, map[string]any{"doel": bad, "reden": "x", "basisversie": base}), http.StatusUnprocessableEntity, "invalid", "niveau", "titel", "onder[0]")
		refused(edit("PUT", "/goals/O1", team, map[string]any{"doel": goal, "reden": "x", "basisversie": base - 1}), http.StatusConflict, "conflict")
		wantStatus(t, e.send("PUT", "/api/v1/goals/O1", team, `{"doel": "O1"}`), http.StatusBadRequest)
		if v := version(); v != base {
			t.Fatalf("refused goal edits made version %d from %d", v, base)
		}
		if strings.Contains(e.get("/api/v1/goals/O1", reader).Body.String(), "Nieuwe titel") {
			t.Fatal("a refused goal was stored")
		}
		rec := edit("PUT", "/goals/O1", team, map[string]any{"doel": goal, "reden": "Scherper", "basisversie": base})
		wantStatus(t, rec, http.StatusOK)
		if got := decode[map[string]any](t, rec); got["titel"] != "Nieuwe titel" || version() != base+1 {
			t.Errorf("changed goal %v, version %d", got, version())
		}

		// Budget rows: the table and the row must exist.
		base = version()
		row := map[string]any{"post": "Voorlezen thuis", "lijn": "L2", "bedragen": map[string]float64{"2025": 40}}
		refused(edit("POST", "/budget/elders/rows", team, map[string]any{"regel": row, "reden": "x", "basisversie": base}), http.StatusNotFound, "not_found")
		refused(edit("PUT", "/budget/inzet/rows/999", team, map[string]any{"regel": row, "reden": "x", "basisversie": base}), http.StatusNotFound, "not_found")
		refused(edit("PUT", "/budget/inzet/rows/0", team, map[string]any{"regel": row, "reden": "x", "basisversie": base}), http.StatusNotFound, "not_found")
		refused(edit("POST", "/budget/inzet/rows", reader, map[string]any{"regel": row, "reden": "x", "basisversie": base}), http.StatusForbidden, "forbidden")
		badRow := map[string]any{"post": " ", "lijn": "L9", "bedragen": map[string]float64{"2025": 1e12}}
		refused(edit("POST", "/budget/inzet/rows", team, map[string]any{"regel": badRow, "reden": "x", "basisversie": base}), http.StatusUnprocessableEntity, "invalid", "post", "lijn", "bedragen")
		refused(edit("PUT", "/budget/inzet/rows/2", team, map[string]any{"regel": badRow, "reden": "x", "basisversie": base}), http.StatusUnprocessableEntity, "invalid", "post", "lijn")
		refused(edit("POST", "/budget/inzet/rows", team, map[string]any{"regel": row, "reden": "x"}), http.StatusUnprocessableEntity, "invalid", "basisversie")
		wantStatus(t, e.send("POST", "/api/v1/budget/inzet/rows", team, `{"regel": {"bedragen": {"2025": "veel"}}}`), http.StatusBadRequest)
		before := e.get("/api/v1/budget", reader).Body.String()
		if v := version(); v != base {
			t.Fatalf("refused budget edits made version %d from %d", v, base)
		}
		rec = edit("POST", "/budget/inzet/rows", team, map[string]any{"regel": row, "reden": "Nieuwe post", "basisversie": base})
		wantStatus(t, rec, http.StatusCreated)
		loc := rec.Header().Get("Location")
		if !strings.HasPrefix(loc, "/api/v1/budget/inzet/rows/") || decode[map[string]any](t, rec)["post"] != "Voorlezen thuis" {
			t.Fatalf("new row at %q: %s", loc, rec.Body.String())
		}
		row["bedragen"] = map[string]float64{"2025": 45, "2026": -10}
		rec = edit("PUT", strings.TrimPrefix(loc, "/api/v1"), team, map[string]any{"regel": row, "reden": "Bijgesteld", "basisversie": base + 1})
		wantStatus(t, rec, http.StatusOK)
		after := e.get("/api/v1/budget", reader).Body.String()
		if after == before || !strings.Contains(after, `"post":"Voorlezen thuis","lijn":"L2","bedragen":{"2025":45,"2026":-10}`) || version() != base+2 {
			t.Errorf("budget after the edits (version %d): %s", version(), after)
		}
	})
}
