package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// The register ties moeite_met_rondkomen to S2; its page and the doelenboom
// show the indicator with its latest gemeente value next to the goal.
func TestGoalIndicators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(reader)
		const link = `href="/indicatoren/moeite_met_rondkomen"`

		if err := demo.SeedIndicators(context.Background(), db.Indicators()); err != nil {
			t.Fatalf("seed indicators: %v", err)
		}

		r := c.get("/doelen/S2")
		wantStatus(t, r, http.StatusOK, "GET /doelen/S2")
		if !strings.Contains(r.Body, link) {
			t.Errorf("goal page S2 lacks %s", link)
		}
		mustContain(t, r, "Indicatoren bij dit doel", "7% (2018)")
		if !strings.Contains(r.Body, `href="/indicatoren?doel=S2"`) {
			t.Errorf("goal page S2 lacks the link to its indicator overview")
		}

		r = c.get("/doelenboom")
		wantStatus(t, r, http.StatusOK, "GET /doelenboom")
		if !strings.Contains(r.Body, link) {
			t.Errorf("doelenboom lacks %s", link)
		}
	})
}
