package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/api"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func init() {
	routes = append(routes,
		route{"GET", "/api/v1/indicator-register/versions", "/api/v1/indicator-register/versions"},
		route{"GET", "/api/v1/indicator-register/versions/{n}", "/api/v1/indicator-register/versions/1"},
		route{"POST", "/api/v1/indicator-register/versions/{n}/restore", "/api/v1/indicator-register/versions/1/restore"},
	)
}

// registerVersion is a version of the register as a client reads it.
type registerVersion struct {
	Number  int    `json:"versie"`
	Kind    string `json:"soort"`
	Code    string `json:"indicator"`
	Reason  string `json:"reden"`
	Door    string `json:"door"`
	Changes []struct {
		Code, Naam, Wijziging string
		Velden                []string
	} `json:"wijzigingen"`
	Indicators []map[string]any `json:"indicatoren"`
}

// TestRegisterVersionsAPI: the register's versions are listed in pages
// (an empty list, never null, before there are any), one version comes
// with its indicators, and restoring an old one makes a new version equal
// to it, audited, leaving the versions between. Unknown versions are 404,
// other roles 403, and nothing changes on a refusal.
func TestRegisterVersionsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Before any version: an empty list.
		e := setup(t, db)
		e.handler = (&api.Handler{Programme: programme.NewService(db.Programmes()), Accounts: e.accts, Logger: slog.New(slog.NewTextHandler(e, nil)),
			Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())}).Routes()
		rec := e.get("/api/v1/indicator-register/versions", reader)
		wantStatus(t, rec, http.StatusOK)
		if body := strings.TrimSpace(rec.Body.String()); body != "[]" {
			t.Errorf("no versions: %s, want []", body)
		}
		if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
			t.Fatal(err)
		}
		const code = "moeite_met_rondkomen"
		one := decode[map[string]any](t, e.get("/api/v1/indicators/"+code, reader))
		oldName := one["naam"].(string)
		one["naam"] = "Hernoemd via de API"
		wantStatus(t, e.send(http.MethodPut, "/api/v1/indicators/"+code+"?reden=Nieuwe+naam", team, one), http.StatusOK)

		list := e.get("/api/v1/indicator-register/versions", reader)
		wantStatus(t, list, http.StatusOK)
		vs := decode[[]registerVersion](t, list)
		if len(vs) != 2 || vs[0].Number != 1 || vs[1].Number != 2 || vs[1].Kind != "gewijzigd" || vs[1].Code != code || vs[1].Reason != "Nieuwe naam" ||
			len(vs[1].Changes) != 1 || vs[1].Indicators != nil || list.Header().Get("X-Total-Count") != "2" {
			t.Fatalf("versions: %+v (X-Total-Count %q)", vs, list.Header().Get("X-Total-Count"))
		}
		paged := e.get("/api/v1/indicator-register/versions?limit=1&page=2", reader)
		wantStatus(t, paged, http.StatusOK)
		if p := decode[[]registerVersion](t, paged); len(p) != 1 || p[0].Number != 2 || !strings.Contains(paged.Header().Get("Link"), `rel="prev"`) {
			t.Errorf("page 2 of 1: %+v, Link %q", p, paged.Header().Get("Link"))
		}
		wantError(t, e.get("/api/v1/indicator-register/versions?limit=0", reader), http.StatusBadRequest, "invalid")

		v1 := decode[registerVersion](t, e.get("/api/v1/indicator-register/versions/1", reader))
		if v1.Number != 1 || len(v1.Indicators) == 0 || nameOf(v1.Indicators, code) != oldName {
			t.Fatalf("version 1: %d indicators, %s named %q", len(v1.Indicators), code, nameOf(v1.Indicators, code))
		}
		for _, bad := range []string{"99", "0", "een"} {
			p := wantError(t, e.get("/api/v1/indicator-register/versions/"+bad, reader), http.StatusNotFound, "not_found")
			if !strings.Contains(p.Error.Message, "van het indicatorenregister bestaat niet") {
				t.Errorf("%s: %q", bad, p.Error.Message)
			}
		}

		// Restoring: not for a reader, not an unknown version, not the
		// current one; nothing changes on a refusal.
		wantError(t, e.request(http.MethodPost, "/api/v1/indicator-register/versions/1/restore", reader, "", nil), http.StatusForbidden, "forbidden")
		wantError(t, e.request(http.MethodPost, "/api/v1/indicator-register/versions/99/restore", team, "", nil), http.StatusNotFound, "not_found")
		wantError(t, e.request(http.MethodPost, "/api/v1/indicator-register/versions/2/restore", team, "", nil), http.StatusUnprocessableEntity, "invalid")
		if n := len(decode[[]registerVersion](t, e.get("/api/v1/indicator-register/versions", reader))); n != 2 {
			t.Fatalf("refused restores made %d versions", n-2)
		}

		rec = e.request(http.MethodPost, "/api/v1/indicator-register/versions/1/restore?reden=Naam+terug", team, "", nil)
		wantStatus(t, rec, http.StatusCreated)
		v3 := decode[registerVersion](t, rec)
		if v3.Number != 3 || v3.Kind != "teruggezet" || v3.Reason != "Naam terug" || rec.Header().Get("Location") != "/api/v1/indicator-register/versions/3" ||
			nameOf(v3.Indicators, code) != oldName || len(v3.Indicators) != len(v1.Indicators) || len(v3.Changes) != 1 || v3.Changes[0].Code != code {
			t.Fatalf("restored: %+v, Location %q", v3, rec.Header().Get("Location"))
		}
		if now := decode[map[string]any](t, e.get("/api/v1/indicators/"+code, reader)); now["naam"] != oldName {
			t.Errorf("after the restore the indicator is named %q", now["naam"])
		}
		// History stays: version 2 still holds the new name.
		if v2 := decode[registerVersion](t, e.get("/api/v1/indicator-register/versions/2", reader)); nameOf(v2.Indicators, code) != "Hernoemd via de API" {
			t.Errorf("version 2 was rewritten: %q", nameOf(v2.Indicators, code))
		}
		evs, err := db.Accounts().AuditLog(ctx, 20, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ev := range evs {
			b, _ := json.Marshal(ev)
			if strings.Contains(string(b), "teruggezet") && strings.Contains(string(b), "Naam terug") {
				found = true
			}
		}
		if !found {
			t.Error("the restore is not in the audit log")
		}
	})
}

func nameOf(inds []map[string]any, code string) string {
	for _, ind := range inds {
		if ind["code"] == code {
			s, _ := ind["naam"].(string)
			return s
		}
	}
	return ""
}
