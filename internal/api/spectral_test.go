package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/api"
)

// The served OpenAPI document is held to the NL GOV API Design Rules 2.1 by
// the rules' own Spectral ruleset (docs/standards/adr-2.1-spectral.yaml).
// Spectral is an npm package that scripts/test installs in e2e/; without it
// the test is skipped, or fails when PERSPECTIEF_REQUIRE_SPECTRAL=1 (as in
// scripts/test and CI).
const (
	spectralBin = "../../e2e/node_modules/.bin/spectral"
	adrRuleset  = "../../docs/standards/adr-2.1-spectral.yaml"
)

// acceptedWarnings are the ruleset's warnings that docs/api.md explains
// (section "NL GOV API Design Rules"); any other warning fails the test.
var acceptedWarnings = map[string]string{
	"nlgov:servers-use-https": "/api/v1", // a relative server URL: the document is served by each installation
}

func TestDesignRules(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(spectralBin); err != nil {
		if os.Getenv("PERSPECTIEF_REQUIRE_SPECTRAL") == "1" {
			t.Fatalf("spectral is not installed (%v); run npm ci in e2e/", err)
		}
		t.Skipf("spectral is not installed (%v); run npm ci in e2e/ or bash scripts/test", err)
	}
	// The document as the API serves it; no database is needed for that.
	h := (&api.Handler{}).Routes()
	e := &env{t: t, handler: h}
	rec := e.get("/api/v1/openapi.json", noToken)
	wantStatus(t, rec, http.StatusOK)
	doc := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(doc, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(spectralBin, "lint", "--ruleset", adrRuleset, "--format", "json", "--quiet", "--fail-severity", "error", doc)
	out, err := cmd.Output()
	var results []struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Severity int    `json:"severity"` // 0 error, 1 warning, 2 info, 3 hint
		Path     []any  `json:"path"`
	}
	if jerr := json.Unmarshal(out, &results); jerr != nil {
		t.Fatalf("spectral output is not JSON (%v, exit %v): %s", jerr, err, out)
	}
	for _, r := range results {
		switch r.Severity {
		case 0:
			t.Errorf("design rule error %s at %v: %s", r.Code, r.Path, r.Message)
		case 1:
			if at, ok := acceptedWarnings[r.Code]; !ok || !strings.Contains(r.Message, `"`+at+`"`) {
				t.Errorf("design rule warning %s at %v: %s (fix it, or explain it in docs/api.md and accept it here)", r.Code, r.Path, r.Message)
			}
		}
	}
	if err != nil && !t.Failed() {
		t.Errorf("spectral failed without reporting a rule: %v", err)
	}
}
