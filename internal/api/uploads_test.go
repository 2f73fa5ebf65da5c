package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func init() {
	routes = append(routes,
		route{"POST", "/api/v1/indicator-values", "/api/v1/indicator-values"},
		route{"POST", "/api/v1/trend-runs", "/api/v1/trend-runs"},
	)
}

// exposedTable is a trendmonitor table in which the sum WK001401 =
// BU00140100 + BU00140101 + BU00140102 gives the suppressed BU00140102
// away; secondary suppression hides BU00140101 (30 households, fewer than
// 40).
const exposedTable = `indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt
huishoudens_110,2024,gemeente,GM0014,totaal,11,74,14.864864864864865,0
huishoudens_110,2024,wijk,WK001401,totaal,11,74,14.864864864864865,0
huishoudens_110,2024,buurt,BU00140100,totaal,6,40,15,0
huishoudens_110,2024,buurt,BU00140101,totaal,5,30,16.666666666666668,0
huishoudens_110,2024,buurt,BU00140102,totaal,,,,1
`

// uncountedTable exposes a cell of minderjarigen_110, for which no row
// gives the household counts the rule compares.
const uncountedTable = `indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt
minderjarigen_110,2024,wijk,WK001401,totaal,9,50,18,0
minderjarigen_110,2024,buurt,BU00140100,totaal,5,25,20,0
minderjarigen_110,2024,buurt,BU00140101,totaal,4,20,20,0
minderjarigen_110,2024,buurt,BU00140102,totaal,,,,1
`

const valuesCSV = "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n" +
	"o3_vroegsignalen,2024-Q3,GM0014,totaal,3,,,,Eigen registratie,\n" +
	"moeite_met_rondkomen,2024,GM0014,,14,,,,OIS,\n"

func TestIndicatorValuesUpload(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupIndicators(t, db)
		post := func(path string, role account.Role, ct, body string) *httptest.ResponseRecorder {
			return e.request(http.MethodPost, path, role, ct, []byte(body))
		}
		count := func() int {
			vals, err := db.Indicators().StoredValues(context.Background(), indicator.ValueFilter{Indicator: "o3_vroegsignalen"})
			if err != nil {
				t.Fatal(err)
			}
			return len(vals)
		}
		const path = "/api/v1/indicator-values?bestand=juni.csv"
		wantError(t, post(path, reader, "text/csv", valuesCSV), http.StatusForbidden, "forbidden")
		wantError(t, post(path, team, jsonType, valuesCSV), http.StatusUnsupportedMediaType, "invalid")

		bad := valuesCSV + "o3_vroegsignalen,2024-Q4,GM0014,totaal,drie,,,,x,\n"
		p := wantError(t, post(path, team, "text/csv", bad), http.StatusUnprocessableEntity, "invalid")
		if strings.Join(p.Error.Details, "|") != `juni.csv:4: waarde: "drie" is geen getal (gebruik bijvoorbeeld 12.5 of 12,5, zonder punten voor duizendtallen)` {
			t.Errorf("details %q", p.Error.Details)
		}
		if n := count(); n != 0 {
			t.Fatalf("a refused file stored %d values", n)
		}

		rec := post(path, team, "text/csv; charset=utf-8", valuesCSV)
		wantStatus(t, rec, http.StatusCreated)
		out := decode[struct {
			File       string   `json:"bestand"`
			Rows       int      `json:"rijen"`
			New        int      `json:"nieuw"`
			Replaced   int      `json:"vervangen"`
			Indicators []string `json:"indicatoren"`
		}](t, rec)
		if out.File != "juni.csv" || out.Rows != 2 || out.New != 2 || out.Replaced != 0 || strings.Join(out.Indicators, ",") != "moeite_met_rondkomen,o3_vroegsignalen" {
			t.Errorf("answer %+v", out)
		}
		if n := count(); n != 1 {
			t.Errorf("stored %d values of o3_vroegsignalen, want 1", n)
		}
		// The same file again replaces what it stored.
		rec = post(path, team, "text/csv", valuesCSV)
		wantStatus(t, rec, http.StatusCreated)
		if !strings.Contains(rec.Body.String(), `"vervangen":2`) {
			t.Errorf("second upload: %s", rec.Body.String())
		}
	})
}

func TestTrendRunUpload(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupIndicators(t, db)
		runs := func() int {
			rs, err := db.Trends().TrendRuns(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}
		const path = "/api/v1/trend-runs?bestand=cbs.csv"
		wantError(t, e.request(http.MethodPost, path, reader, "text/csv", []byte(exposedTable)), http.StatusForbidden, "forbidden")

		bad := strings.Replace(exposedTable, "gemeente,GM0014", "gemeente,GM14", 1)
		p := wantError(t, e.request(http.MethodPost, path, team, "text/csv", []byte(bad)), http.StatusUnprocessableEntity, "invalid")
		if len(p.Error.Details) != 1 || p.Error.Details[0] != `cbs.csv:2: kolom gebied: geen code van een gemeente: "GM14"` {
			t.Errorf("details %q", p.Error.Details)
		}
		p = wantError(t, e.request(http.MethodPost, path, team, "text/csv", []byte(uncountedTable)), http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(p.Error.Detail, "1 sommen") || strings.Join(p.Error.Details, "|") != "minderjarigen_110 2024 buurt BU00140100 totaal|minderjarigen_110 2024 buurt BU00140101 totaal" {
			t.Errorf("refusal %q %q", p.Error.Detail, p.Error.Details)
		}
		if n := runs(); n != 0 {
			t.Fatalf("refused tables stored %d runs", n)
		}

		rec := e.request(http.MethodPost, path, team, "text/csv", []byte(exposedTable))
		wantStatus(t, rec, http.StatusCreated)
		out := decode[struct {
			Run       int64    `json:"run"`
			Rows      int      `json:"rijen"`
			Years     []int    `json:"jaren"`
			Gemeenten []string `json:"gemeenten"`
			Exposed   int      `json:"blootgestelde_sommen"`
			Hidden    int      `json:"secundair_onderdrukt"`
		}](t, rec)
		if out.Run == 0 || out.Rows != 5 || len(out.Years) != 1 || out.Years[0] != 2024 || strings.Join(out.Gemeenten, ",") != "GM0014" || out.Exposed != 1 || out.Hidden != 1 {
			t.Errorf("answer %+v", out)
		}
		cells, err := db.Trends().TrendValues(context.Background(), indicator.TrendFilter{Area: "BU00140101"})
		if err != nil || len(cells) != 1 || !cells[0].Secondary {
			t.Errorf("BU00140101 stored as %+v (%v), want hidden by secondary suppression", cells, err)
		}
	})
}
