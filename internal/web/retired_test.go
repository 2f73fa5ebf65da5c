package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestRetiredIndicatorUploadRefused: once an indicator is retired, an
// upload naming it is refused whole, naming the indicator, line and
// column; nothing is stored, not even the good lines, and the indicator
// keeps showing its old values.
func TestRetiredIndicatorUploadRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
			t.Fatal(err)
		}
		const code, other = "moeite_met_rondkomen", "o3_vroegsignalen"
		stored := func(code string) []indicator.Value {
			vs, err := db.Indicators().StoredValues(ctx, indicator.ValueFilter{Indicator: code})
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
		before := stored(code)
		if len(before) == 0 {
			t.Fatalf("the demo has no values of %s", code)
		}
		inds := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
		if _, err := inds.RetireIndicator(ctx, account.User{Email: team, Role: account.RoleTeam}, code, "Opgegaan in een andere indicator"); err != nil {
			t.Fatal(err)
		}
		reg, err := inds.Register(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ind, _ := reg.Indicator(code)
		others := len(stored(other))

		c := s.login(team)
		csv := "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n" +
			other + ",2031-Q1,GM0014,totaal,3,,,,Eigen registratie,\n" +
			code + ",2031,GM0014,,14,,,,OIS,\n"
		r := c.uploadTo("/indicatoren/inlezen", "juni.csv", []byte(csv))
		wantStatus(t, r, http.StatusUnprocessableEntity, "retired indicator")
		mustContain(t, r, "Het bestand juni.csv is geweigerd; er is niets ingelezen.",
			"juni.csv:3: indicator: ‘"+ind.Name+"’ ("+code+") is vervallen en neemt geen nieuwe waarden aan")
		if tokenField.MatchString(r.Body) {
			t.Error("a refused file has a confirm button")
		}
		if n := len(stored(code)); n != len(before) {
			t.Errorf("%d values of the retired indicator, want the %d it had", n, len(before))
		}
		if n := len(stored(other)); n != others {
			t.Errorf("the good line was stored: %d values, want %d", n, others)
		}
		page := c.get("/indicatoren/" + code)
		wantStatus(t, page, http.StatusOK, "retired indicator's page")
		mustContain(t, page, "Deze indicator is vervallen", before[len(before)-1].Period.String())
	})
}
