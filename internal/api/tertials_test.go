package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func init() {
	routes = append(routes,
		route{"GET", "/api/v1/tertial-reports", "/api/v1/tertial-reports"},
		route{"POST", "/api/v1/tertial-reports", "/api/v1/tertial-reports"},
		route{"GET", "/api/v1/tertial-reports/{period}/versions/{version}", "/api/v1/tertial-reports/2025-T1/versions/1"},
	)
}

// TestTertialReportsAPI: the frozen tertial reports in the API, with the
// roles of the page and every answer checked against the document; bad
// input names its parameter and freezes nothing.
func TestTertialReportsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupAll(t, db)
		k := newContract(t, e)
		const v1 = "/api/v1"
		get := func(docPath, path string, role account.Role, status int) *httptest.ResponseRecorder {
			t.Helper()
			return k.call(http.MethodGet, docPath, v1+path, role, "", nil, status)
		}
		freeze := func(role account.Role, body any, status int) *httptest.ResponseRecorder {
			t.Helper()
			return k.call(http.MethodPost, "/tertial-reports", v1+"/tertial-reports", role, "", body, status)
		}
		param := func(rec *httptest.ResponseRecorder, status int, name string) {
			t.Helper()
			p := wantError(t, rec, status, "invalid")
			if !containsDetail(p.Error.Details, name+": ") {
				t.Errorf("invalid-params %v, want %s", p.Error.Details, name)
			}
		}

		// Nothing frozen yet: an empty list, never null.
		if rec := get("/tertial-reports", "/tertial-reports", steer, http.StatusOK); strings.TrimSpace(rec.Body.String()) != "[]" {
			t.Errorf("no versions yet: %s", rec.Body.String())
		}
		for _, role := range []account.Role{reader, leader, expert} {
			wantError(t, get("/tertial-reports", "/tertial-reports", role, http.StatusForbidden), http.StatusForbidden, "forbidden")
		}
		param(get("/tertial-reports", "/tertial-reports?periode=2025-T5", steer, http.StatusBadRequest), http.StatusBadRequest, "periode")

		// Freezing: beheerder and programmateam, not the regiegroep.
		wantError(t, freeze(steer, map[string]string{"periode": "2025-T1"}, http.StatusForbidden), http.StatusForbidden, "forbidden")
		wantError(t, freeze(leader, map[string]string{"periode": "2025-T1"}, http.StatusForbidden), http.StatusForbidden, "forbidden")
		param(freeze(team, map[string]string{"periode": "2025-T5"}, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "periode")
		param(freeze(team, map[string]string{"periode": "2026-T1"}, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "periode")
		param(freeze(team, map[string]string{"periode": "2025-T1", "notitie": strings.Repeat("x", 1001)}, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "notitie")
		freeze(team, `{"periode": 2025}`, http.StatusBadRequest)
		if rec := get("/tertial-reports", "/tertial-reports", steer, http.StatusOK); strings.TrimSpace(rec.Body.String()) != "[]" {
			t.Fatalf("refused requests froze something: %s", rec.Body.String())
		}

		for want := 1; want <= 2; want++ {
			rec := freeze(team, map[string]string{"periode": "2025-T1", "notitie": "Regiegroep (voorbeeld)"}, http.StatusCreated)
			if loc := rec.Header().Get("Location"); loc != "/api/v1/tertial-reports/2025-T1/versions/"+string(rune('0'+want)) {
				t.Errorf("Location %q", loc)
			}
		}
		freeze(admin, map[string]string{"periode": "2025-T2"}, http.StatusCreated)

		list := get("/tertial-reports", "/tertial-reports?periode=2025-T1&limit=1", steer, http.StatusOK)
		var vs []map[string]any
		if err := json.Unmarshal(list.Body.Bytes(), &vs); err != nil {
			t.Fatal(err)
		}
		if len(vs) != 1 || list.Header().Get("X-Total-Count") != "2" || vs[0]["versie"] != 2.0 || vs[0]["rapport"] != nil {
			t.Errorf("versions of 2025-T1, one a page: %s (total %s)", list.Body.String(), list.Header().Get("X-Total-Count"))
		}
		if all := get("/tertial-reports", "/tertial-reports", steer, http.StatusOK); all.Header().Get("X-Total-Count") != "3" {
			t.Errorf("every version: %s", all.Body.String())
		}

		one := get("/tertial-reports/{period}/versions/{version}", "/tertial-reports/2025-T1/versions/1", steer, http.StatusOK)
		var got struct {
			Period string `json:"periode"`
			Report struct {
				Period string `json:"periode"`
				Lines  []struct {
					Code          string `json:"code"`
					Interventions []struct {
						Code        string `json:"code"`
						StatusLabel string `json:"status_label"`
					} `json:"interventies"`
				} `json:"lijnen"`
				Interventions int `json:"interventies"`
				Frozen        struct {
					Version int    `json:"versie"`
					By      string `json:"vastgelegd_door"`
				} `json:"vastgelegd"`
			} `json:"rapport"`
		}
		if err := json.Unmarshal(one.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Period != "2025-T1" || got.Report.Period != "2025-T1" || len(got.Report.Lines) == 0 || got.Report.Interventions == 0 ||
			got.Report.Lines[0].Interventions[0].StatusLabel == "" || got.Report.Frozen.Version != 1 || strings.Contains(got.Report.Frozen.By, "@") {
			t.Errorf("version 1 of 2025-T1: %.800s", one.Body.String())
		}

		wantError(t, get("/tertial-reports/{period}/versions/{version}", "/tertial-reports/2025-T1/versions/9", steer, http.StatusNotFound), http.StatusNotFound, "not_found")
		wantError(t, get("/tertial-reports/{period}/versions/{version}", "/tertial-reports/2024-T3/versions/1", steer, http.StatusNotFound), http.StatusNotFound, "not_found")
		param(get("/tertial-reports/{period}/versions/{version}", "/tertial-reports/2025-T4/versions/1", steer, http.StatusBadRequest), http.StatusBadRequest, "period")
		param(get("/tertial-reports/{period}/versions/{version}", "/tertial-reports/2025-T1/versions/een", steer, http.StatusBadRequest), http.StatusBadRequest, "version")
		wantError(t, get("/tertial-reports/{period}/versions/{version}", "/tertial-reports/2025-T1/versions/1", reader, http.StatusForbidden), http.StatusForbidden, "forbidden")
	})
}
