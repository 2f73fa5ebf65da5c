// Package archtest checks the dependency rule of docs/architecture.md: the
// domain packages know nothing of HTTP or SQL, and only cmd wires adapters.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/perspectief/perspectief"

var domain = []string{
	module,
	module + "/internal/programme",
	module + "/internal/account",
	module + "/internal/trend",
	module + "/internal/norms",
	module + "/internal/panelgen",
	module + "/internal/indicator",
	module + "/internal/chart",
	module + "/internal/geo",
	module + "/internal/tabular",
	module + "/internal/eligibility",
	module + "/internal/survey",
	module + "/internal/learning",
	module + "/internal/procesmonitor",
	module + "/internal/parquetcol",
	module + "/internal/wegingskader",
	module + "/internal/report",
}

// Third-party libraries may use net/http internally (parquet-go's brotli
// codec does), so the rule is checked on the project's own packages: none
// that a domain package builds on may import these directly.
var forbidden = []string{"net/http", "database/sql", module + "/internal/store", module + "/internal/web", module + "/internal/api"}

func TestDomainKnowsNoHTTPOrSQL(t *testing.T) {
	for _, pkg := range domain {
		out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}} {{join .Imports " "}}`, pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || (f[0] != module && !strings.HasPrefix(f[0], module+"/")) {
				continue
			}
			for _, imp := range f[1:] {
				for _, bad := range forbidden {
					if imp == bad {
						t.Errorf("%s (a dependency of domain package %s) imports %s", f[0], pkg, imp)
					}
				}
			}
		}
	}
}

func TestOnlyCmdWiresAdapters(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, imports := f[0], f[1:]
		if strings.HasPrefix(pkg, module+"/cmd/") || strings.HasPrefix(pkg, module+"/e2e") {
			continue
		}
		for _, imp := range imports {
			// web and api are both adapters; neither may build on the other.
			if (strings.HasSuffix(pkg, "/internal/web") && imp == module+"/internal/api") ||
				(strings.HasSuffix(pkg, "/internal/api") && imp == module+"/internal/web") {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}
