// Package archtest checks the dependency rule of docs/architecture.md: the
// domain packages know nothing of HTTP or SQL, only cmd wires adapters, and
// only internal/store holds SQL.
package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
	module + "/internal/pending",
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

// TestFeaturePagesStandAlone: each feature's pages (internal/web/*web) build
// on the web core and the domain, never on another feature's pages, and the
// core knows no feature; only package site puts them together.
func TestFeaturePagesStandAlone(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"/internal/web/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	isFeature := func(p string) bool {
		return strings.HasPrefix(p, module+"/internal/web/") && strings.HasSuffix(p, "web")
	}
	features := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, imports := f[0], f[1:]
		if isFeature(pkg) {
			features++
		}
		for _, imp := range imports {
			switch {
			case isFeature(pkg) && isFeature(imp):
				t.Errorf("feature pages %s import feature pages %s", pkg, imp)
			case pkg == module+"/internal/web" && strings.HasPrefix(imp, module+"/internal/web/"):
				t.Errorf("the web core imports %s", imp)
			case isFeature(imp) && pkg != module+"/internal/web/site":
				t.Errorf("%s mounts feature pages %s; only internal/web/site does", pkg, imp)
			}
		}
	}
	if features < 9 {
		t.Errorf("found %d feature page packages under internal/web, want the 9 of docs/architecture.md", features)
	}
}

// sqlDrivers are the packages that talk to a database.
var sqlDrivers = []string{"database/sql", "database/sql/driver", "modernc.org/sqlite", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/stdlib", "github.com/lib/pq"}

// sqlText matches SQL statements and clauses in a string literal. SQL in
// this code base is written in capitals, so Dutch or English prose ("select
// a file from the list") does not match.
var sqlText = regexp.MustCompile(`\b(SELECT\s[\s\S]*?\bFROM\b|INSERT\s+INTO\b|DELETE\s+FROM\b|UPDATE\s+\w+\s+SET\b|CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)\b|ALTER\s+TABLE\b|DROP\s+(TABLE|INDEX)\b|WITH\s+RECURSIVE\b|WHERE\s+\w+\s*(=|IN\b|LIKE\b|IS\b))`)

// TestOnlyStoreHoldsSQL parses every Go file of the module (tests too):
// outside internal/store none imports a database package or holds SQL in a
// string literal.
func TestOnlyStoreHoldsSQL(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{.Dir}}|{{join .GoFiles " "}} {{join .TestGoFiles " "}} {{join .XTestGoFiles " "}}`, module+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	files := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		pkg, dir := parts[0], parts[1]
		if pkg == module+"/internal/store" || strings.HasPrefix(pkg, module+"/internal/store/") {
			continue
		}
		for _, name := range strings.Fields(parts[2]) {
			files++
			path := filepath.Join(dir, name)
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); slices.Contains(sqlDrivers, p) {
					t.Errorf("%s imports %s: only internal/store talks to the database", path, p)
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					s = lit.Value
				}
				if m := sqlText.FindString(s); m != "" {
					t.Errorf("%s holds SQL (%q): queries belong in internal/store", path, firstLine(m))
				}
				return true
			})
		}
	}
	if files < 100 {
		t.Fatalf("only %d files checked: go list output not understood", files)
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
