package api_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// POST takes the JSON that GET gives for one indicator; PUT changes it,
// targets included; bad input is refused with the field named and stores
// nothing.
func TestIndicatorRegisterAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupIndicators(t, db)
		ctx := context.Background()
		versions := func() int {
			vs, err := db.Indicators().RegisterVersions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(vs)
		}
		// The JSON of an existing indicator, with a new code, adds a copy.
		rec := e.get("/api/v1/indicators/moeite_met_rondkomen", reader)
		wantStatus(t, rec, http.StatusOK)
		var one map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &one); err != nil {
			t.Fatal(err)
		}
		if one["soort"] != "omgevingsindicator" || one["nulmeting"] == nil {
			t.Errorf("moeite_met_rondkomen: soort %v, nulmeting %v", one["soort"], one["nulmeting"])
		}
		before := versions()

		bad := clone(one)
		bad["code"], bad["richting"] = "Met Spatie", "opzij"
		bad["targets"] = []any{map[string]any{"jaar": 2026, "doel": "getal", "waarde": nil, "marge": 0, "reden": ""}}
		p := wantError(t, e.request(http.MethodPost, "/api/v1/indicators", team, jsonType, mustJSON(t, bad)), http.StatusUnprocessableEntity, "invalid")
		got := strings.Join(p.Error.Details, "|")
		for _, want := range []string{`code: "Met Spatie" is geen geldige code`, `richting: "opzij" moet omhoog, omlaag of geen zijn`, "targets[0].waarde: ontbreekt bij doel getal"} {
			if !strings.Contains(got, want) {
				t.Errorf("missing %q in %s", want, got)
			}
		}
		wantError(t, e.request(http.MethodPost, "/api/v1/indicators", team, jsonType, mustJSON(t, one)), http.StatusConflict, "conflict")
		wantError(t, e.request(http.MethodPost, "/api/v1/indicators", reader, jsonType, mustJSON(t, one)), http.StatusForbidden, "forbidden")
		if n := versions(); n != before {
			t.Fatalf("refused requests made %d versions", n-before)
		}

		add := clone(one)
		add["code"] = "moeite_kopie"
		add["targets"] = []any{map[string]any{"jaar": 2026, "doel": "getal", "waarde": 6.5, "marge": 0.5, "reden": "(voorbeeld) API"}}
		rec = e.request(http.MethodPost, "/api/v1/indicators?reden=Kopie", team, jsonType, mustJSON(t, add))
		wantStatus(t, rec, http.StatusCreated)
		if loc := rec.Header().Get("Location"); loc != "/api/v1/indicators/moeite_kopie" {
			t.Errorf("Location %q", loc)
		}
		created := decode[indicatorOut](t, rec)
		if created.Code != "moeite_kopie" || len(created.Targets) != 1 || created.Targets[0].Jaar != 2026 {
			t.Errorf("created %+v", created)
		}

		// PUT: a wrong code in the body, and a retirement without reason, are refused.
		upd := clone(add)
		upd["code"] = "ander"
		p = wantError(t, e.request(http.MethodPut, "/api/v1/indicators/moeite_kopie", team, jsonType, mustJSON(t, upd)), http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(strings.Join(p.Error.Details, "|"), "code: de code van een indicator kan niet veranderen") {
			t.Errorf("details %v", p.Error.Details)
		}
		upd["code"], upd["vervallen"] = "moeite_kopie", true
		p = wantError(t, e.request(http.MethodPut, "/api/v1/indicators/moeite_kopie", team, jsonType, mustJSON(t, upd)), http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(strings.Join(p.Error.Details, "|"), "reden: vul in waarom de indicator vervalt") {
			t.Errorf("details %v", p.Error.Details)
		}
		upd["targets"] = []any{map[string]any{"jaar": 2025, "doel": "daling", "waarde": nil, "marge": 0, "reden": "(voorbeeld)"}}
		rec = e.request(http.MethodPut, "/api/v1/indicators/moeite_kopie?reden=Dubbel", team, jsonType, mustJSON(t, upd))
		wantStatus(t, rec, http.StatusOK)
		var after map[string]any
		json.Unmarshal(rec.Body.Bytes(), &after)
		if after["vervallen"] != true || len(after["targets"].([]any)) != 1 {
			t.Errorf("after PUT %v", after)
		}
		// The typology filters the list.
		for _, ind := range decode[[]indicatorOut](t, e.get("/api/v1/indicators?soort=omgevingsindicator&type=impact", reader)) {
			if ind.Soort != "omgevingsindicator" || ind.Type != "impact" {
				t.Errorf("filtered list holds %s (%s, %s)", ind.Code, ind.Soort, ind.Type)
			}
		}
		wantError(t, e.get("/api/v1/indicators?type=proces", reader), http.StatusBadRequest, "invalid")
		// A retired indicator is still listed, as vervallen.
		rec = e.get("/api/v1/indicators", reader)
		if !strings.Contains(rec.Body.String(), `"code":"moeite_kopie"`) {
			t.Error("the retired indicator left the register")
		}
		if n := versions(); n != before+2 {
			t.Errorf("%d new versions, want 2", n-before)
		}
	})
}

func clone(m map[string]any) map[string]any { return maps.Clone(m) }
