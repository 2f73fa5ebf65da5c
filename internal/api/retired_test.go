package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestRetiredIndicatorValuesRefused: POST /indicator-values with a value
// of a retired indicator is 422 naming the file, line, column and the
// indicator by name and code; nothing of the file is stored.
func TestRetiredIndicatorValuesRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := setupIndicators(t, db)
		inds := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
		const code = "moeite_met_rondkomen"
		if _, err := inds.RetireIndicator(ctx, account.User{Email: "team@example.nl", Role: account.RoleTeam}, code, "Vervangen"); err != nil {
			t.Fatal(err)
		}
		count := func(code string) int {
			vals, err := db.Indicators().StoredValues(ctx, indicator.ValueFilter{Indicator: code})
			if err != nil {
				t.Fatal(err)
			}
			return len(vals)
		}
		before, others := count(code), count("o3_vroegsignalen")
		reg, err := inds.Register(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ind, _ := reg.Indicator(code)
		rec := e.request(http.MethodPost, "/api/v1/indicator-values?bestand=juni.csv", team, "text/csv", []byte(valuesCSV))
		p := wantError(t, rec, http.StatusUnprocessableEntity, "invalid")
		want := "juni.csv:3: indicator: ‘" + ind.Name + "’ (" + code + ") is vervallen en neemt geen nieuwe waarden aan"
		if !slices.Equal(p.Error.Details, []string{want}) {
			t.Errorf("details %q\nwant %q", p.Error.Details, want)
		}
		if count(code) != before || count("o3_vroegsignalen") != others {
			t.Error("a refused file stored values")
		}
		// Its old values stay readable.
		vals := e.get("/api/v1/indicators/"+code+"/values", reader)
		wantStatus(t, vals, http.StatusOK)
		if got := len(decode[[]map[string]any](t, vals)); got != before || before == 0 {
			t.Errorf("%d old values read back, want %d", got, before)
		}
	})
}
