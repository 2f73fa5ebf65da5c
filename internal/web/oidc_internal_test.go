package web

import (
	"strings"
	"testing"
)

// FuzzDecodeFlow reads arbitrary cookie values as a login flow: never a
// panic, never an empty state, nonce or verifier, and never a way back
// that leaves the site; what encode writes, decode reads back.
func FuzzDecodeFlow(f *testing.F) {
	f.Add("s.n.v." + "Lw")
	f.Add("s.n.v.Ly9ldmlsLmV4YW1wbGU") // "//evil.example"
	f.Add("...")
	f.Add("a.b.c.d.e")
	f.Fuzz(func(t *testing.T, v string) {
		fl, ok := decodeFlow(v)
		if !ok {
			return
		}
		if fl.State == "" || fl.Nonce == "" || fl.Verifier == "" {
			t.Fatalf("decodeFlow(%q) = %+v: an empty part", v, fl)
		}
		if fl.Back != localPath(fl.Back) || strings.HasPrefix(fl.Back, "//") {
			t.Fatalf("decodeFlow(%q): way back %q leaves the site", v, fl.Back)
		}
		again, ok := decodeFlow(fl.encode())
		if !ok || again != fl {
			t.Fatalf("round trip of %+v gave %+v, %v", fl, again, ok)
		}
	})
}

func TestClaimValues(t *testing.T) {
	claims := map[string]any{
		"groups":       []any{"team", 3.0, "beheer"},
		"role":         "lezer",
		"realm_access": map[string]any{"roles": []any{"perspectief-team"}},
		"a.b":          "flat wins",
	}
	cases := map[string][]string{
		"groups":             {"team", "beheer"},
		"role":               {"lezer"},
		"realm_access.roles": {"perspectief-team"},
		"a.b":                {"flat wins"},
		"realm_access":       nil,
		"missing.path":       nil,
		"":                   nil,
	}
	for path, want := range cases {
		got := claimValues(claimPath(claims, path))
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("claim %q: got %v, want %v", path, got, want)
		}
	}
}
