package api_test

import (
	"context"
	"github.com/perspectief/perspectief/internal/indicator"
	"log/slog"
	"net/http"
	"testing"

	"github.com/perspectief/perspectief/internal/api"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// The OpenAPI test walks the shared route list; the indicator endpoints
// join it here.
func init() {
	routes = append(routes,
		route{"GET", "/api/v1/indicators", "/api/v1/indicators"},
		route{"GET", "/api/v1/indicators/{code}/values", "/api/v1/indicators/moeite_met_rondkomen/values"},
		route{"POST", "/api/v1/indicators", "/api/v1/indicators"},
		route{"GET", "/api/v1/indicators/{code}", "/api/v1/indicators/moeite_met_rondkomen"},
		route{"PUT", "/api/v1/indicators/{code}", "/api/v1/indicators/moeite_met_rondkomen"},
	)
}

type indicatorOut struct {
	Code     string   `json:"code"`
	Naam     string   `json:"naam"`
	Eenheid  string   `json:"eenheid"`
	Type     string   `json:"type"`
	Soort    string   `json:"soort"`
	Richting string   `json:"richting"`
	Doelen   []string `json:"doelen"`
	Eigenaar string   `json:"eigenaar"`
	Targets  []struct {
		Jaar int    `json:"jaar"`
		Doel string `json:"doel"`
	} `json:"targets"`
}

type valueOut struct {
	Periode    string   `json:"periode"`
	Gebied     string   `json:"gebied"`
	Groep      string   `json:"groep"`
	Waarde     *float64 `json:"waarde"`
	Teller     *float64 `json:"teller"`
	Noemer     *float64 `json:"noemer"`
	Marge      *float64 `json:"marge"`
	Bron       string   `json:"bron"`
	Onderdrukt bool     `json:"onderdrukt"`
}

// setupIndicators is setup with the indicator register seeded and wired.
func setupIndicators(t *testing.T, db *store.DB) *env {
	t.Helper()
	e := setup(t, db)
	if err := demo.SeedIndicators(context.Background(), db.Indicators()); err != nil {
		t.Fatalf("seed indicators: %v", err)
	}
	ps := programme.NewService(db.Programmes())
	ps.Now = e.accts.Now
	h := &api.Handler{Programme: ps, Accounts: e.accts, Logger: slog.New(slog.NewTextHandler(e, nil)), Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())}
	e.handler = h.Routes()
	return e
}

func TestIndicators(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupIndicators(t, db)

		wantError(t, e.get("/api/v1/indicators", noToken), http.StatusUnauthorized, "unauthorized")
		wantError(t, e.get("/api/v1/indicators/moeite_met_rondkomen/values", noToken), http.StatusUnauthorized, "unauthorized")

		rec := e.get("/api/v1/indicators", reader)
		wantStatus(t, rec, http.StatusOK)
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", cc)
		}
		inds := decode[[]indicatorOut](t, rec)
		byCode := map[string]indicatorOut{}
		for _, ind := range inds {
			if ind.Doelen == nil || ind.Targets == nil {
				t.Errorf("%s: doelen and targets must be lists, not null", ind.Code)
			}
			byCode[ind.Code] = ind
		}
		for _, code := range []string{"moeite_met_rondkomen", "huishoudens_110"} {
			ind, ok := byCode[code]
			if !ok {
				t.Errorf("register lacks %s", code)
				continue
			}
			if ind.Naam == "" || ind.Type == "" || ind.Soort == "" || ind.Richting == "" {
				t.Errorf("%s: incomplete entry %+v", code, ind)
			}
		}

		rec = e.get("/api/v1/indicators/moeite_met_rondkomen/values?gebied=ois_selwerd&periode=2014", reader)
		wantStatus(t, rec, http.StatusOK)
		vals := decode[[]valueOut](t, rec)
		if len(vals) != 1 {
			t.Fatalf("got %d values, want 1: %+v", len(vals), vals)
		}
		v := vals[0]
		if v.Periode != "2014" || v.Gebied != "ois_selwerd" || v.Groep != "totaal" || v.Waarde == nil || *v.Waarde != 17 || v.Onderdrukt {
			t.Errorf("value = %+v, want 17 for ois_selwerd 2014 totaal", v)
		}
		if v.Bron == "" {
			t.Errorf("value without bron: %+v", v)
		}

		// Every year of the table, filtered by area and group.
		rec = e.get("/api/v1/indicators/moeite_met_rondkomen/values?gebied=ois_selwerd&groep=totaal", reader)
		wantStatus(t, rec, http.StatusOK)
		if vals := decode[[]valueOut](t, rec); len(vals) != 3 {
			t.Errorf("got %d values of ois_selwerd, want 3 (2014, 2016, 2018): %+v", len(vals), vals)
		}

		// An indicator without values answers an empty list, not null.
		rec = e.get("/api/v1/indicators/moeite_met_rondkomen/values?periode=1999", reader)
		wantStatus(t, rec, http.StatusOK)
		if body := rec.Body.String(); body != "[]" && body != "[]\n" {
			t.Errorf("no values: body %q, want []", body)
		}

		wantError(t, e.get("/api/v1/indicators/bestaat_niet/values", reader), http.StatusNotFound, "not_found")
		wantError(t, e.get("/api/v1/indicators/moeite_met_rondkomen/values?periode=2014-X1", reader), http.StatusBadRequest, "invalid")
	})
}
