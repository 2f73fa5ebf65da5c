package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/perspectief/perspectief/internal/api"
)

// The OpenAPI document names the installation's own contact when one is
// set, and the project otherwise; the rest of the document stays the same.
func TestOpenAPIContact(t *testing.T) {
	get := func(h *api.Handler) map[string]any {
		t.Helper()
		rec := httptest.NewRecorder()
		h.Routes().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /api/openapi.json: %d", rec.Code)
		}
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatalf("the document is no JSON: %v", err)
		}
		return doc
	}
	contact := func(doc map[string]any) map[string]any {
		return doc["info"].(map[string]any)["contact"].(map[string]any)
	}
	shipped := get(&api.Handler{})
	// The shipped address is in .invalid (RFC 2606), so it cannot be
	// mistaken for a real one; an installation sets its own.
	if c := contact(shipped); c["name"] != "Perspectief" || c["email"] != "api@perspectief.invalid" {
		t.Errorf("shipped contact = %v, want the project's", c)
	}
	own := get(&api.Handler{Contact: &api.Contact{Name: "Team Informatievoorziening", Email: "api@gemeente.test"}})
	if c := contact(own); c["name"] != "Team Informatievoorziening" || c["email"] != "api@gemeente.test" || c["url"] != nil {
		t.Errorf("contact = %v, want the installation's", c)
	}
	if len(own["paths"].(map[string]any)) != len(shipped["paths"].(map[string]any)) || own["info"].(map[string]any)["version"] != shipped["info"].(map[string]any)["version"] {
		t.Error("setting the contact changed more of the document than info.contact")
	}
}
