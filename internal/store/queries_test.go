package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// TestQueryNames checks that every query the Go code names is in a .sql
// file, and that every query in the files is named by the code.
func TestQueryNames(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	used := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || id.Name != "named" {
				return true
			}
			pos := fset.Position(call.Pos())
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: named takes a string literal, so that this test can check it", pos)
				return true
			}
			name, _ := strconv.Unquote(lit.Value)
			used[name] = pos.String()
			return true
		})
	}
	if len(used) < 100 {
		t.Fatalf("found %d query names in the code; the store uses more than 100", len(used))
	}
	for name, pos := range used {
		if _, ok := queries[name]; !ok {
			t.Errorf("%s: query %s is in no queries/*.sql file", pos, name)
		}
	}
	var unused []string
	for name := range queries {
		if _, ok := used[name]; !ok {
			unused = append(unused, name)
		}
	}
	sort.Strings(unused)
	for _, name := range unused {
		t.Errorf("query %s is in a .sql file but no code names it", name)
	}
}

func TestParseQueries(t *testing.T) {
	src := "-- Accounts.\n\n-- name: UserByID\n-- The whole user.\nSELECT id, email\n  FROM users\n  WHERE id = ?;\n\n-- name: Users\nSELECT id FROM users ORDER BY email\n"
	qs, err := parseQueries("a.sql", src)
	if err != nil {
		t.Fatal(err)
	}
	want := []namedQuery{
		{name: "UserByID", line: 3, text: "SELECT id, email\n  FROM users\n  WHERE id = ?"},
		{name: "Users", line: 9, text: "SELECT id FROM users ORDER BY email"},
	}
	if len(qs) != len(want) {
		t.Fatalf("got %d queries, want %d: %+v", len(qs), len(want), qs)
	}
	for i := range want {
		if qs[i] != want[i] {
			t.Errorf("query %d: got %+v, want %+v", i, qs[i], want[i])
		}
	}

	bad := map[string]string{
		"SELECT 1;\n-- name: A\nSELECT 2":              "a.sql:1: SQL before the first",
		"-- name: A\nSELECT 1\n-- name: A\nSELECT 2":   "a.sql:3: query A is named on line 1 already",
		"-- name: A\n-- only a comment\n-- name: B\nX": "a.sql:1: query A has no text",
		"-- name: lower\nSELECT 1":                     `a.sql:1: "lower" is not a query name`,
		"-- name: Two Words\nSELECT 1":                 `a.sql:1: "Two Words" is not a query name`,
		"-- name:\nSELECT 1":                           `a.sql:1: "" is not a query name`,
		"-- name: A\nSELECT 1; SELECT 2":               "a.sql:1: query A holds more than one statement",
		"-- name: A\n;":                                "a.sql:1: query A has no text",
	}
	for src, want := range bad {
		_, err := parseQueries("a.sql", src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got error %v, want one containing %q", src, err, want)
		}
	}
}

func TestLoadQueriesNamesUniqueAcrossFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"queries/a.sql": {Data: []byte("-- name: Users\nSELECT 1\n")},
		"queries/b.sql": {Data: []byte("-- name: Other\nSELECT 2\n\n-- name: Users\nSELECT 3\n")},
	}
	_, err := loadQueries(fsys)
	if err == nil || !strings.Contains(err.Error(), "b.sql:4: query Users is named in a.sql too") {
		t.Fatalf("got %v, want the second Users refused", err)
	}
	delete(fsys, "queries/b.sql")
	qs, err := loadQueries(fsys)
	if err != nil || qs["Users"] != "SELECT 1" {
		t.Fatalf("got %v, %v", qs, err)
	}
}

// FuzzParseQueries checks that the parser never panics, that what it
// accepts is well formed, and that writing the queries out again and
// parsing that gives the same queries.
func FuzzParseQueries(f *testing.F) {
	f.Add("-- name: A\nSELECT 1;\n")
	f.Add("-- header\n\n-- name: UserByID\nSELECT id\n  FROM users -- trailing\n  WHERE id = ?\n-- name: B\nDELETE FROM x;")
	f.Add("-- name: A\n-- name: B\nSELECT 1")
	f.Add("SELECT 1")
	f.Add("\r\n-- name: A\r\nSELECT ';'\r\n")
	f.Fuzz(func(t *testing.T, src string) {
		qs, err := parseQueries("f.sql", src)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		var b strings.Builder
		for _, q := range qs {
			if !validQueryName(q.name) || seen[q.name] {
				t.Fatalf("accepted name %q twice or invalid", q.name)
			}
			seen[q.name] = true
			if strings.TrimSpace(q.text) == "" || strings.Contains(q.text, ";") {
				t.Fatalf("accepted text %q of %s", q.text, q.name)
			}
			b.WriteString("-- name: " + q.name + "\n" + q.text + ";\n\n")
		}
		again, err := parseQueries("g.sql", b.String())
		if err != nil {
			t.Fatalf("written queries do not parse: %v\n%s", err, b.String())
		}
		if len(again) != len(qs) {
			t.Fatalf("got %d queries back, want %d", len(again), len(qs))
		}
		for i := range qs {
			if again[i].name != qs[i].name || again[i].text != qs[i].text {
				t.Fatalf("query %d: got %+v back, want %+v", i, again[i], qs[i])
			}
		}
	})
}

func TestInListAndBatch(t *testing.T) {
	if got, want := inList("SELECT a FROM t WHERE id IN (?) ORDER BY a", 3), "SELECT a FROM t WHERE id IN (?, ?, ?) ORDER BY a"; got != want {
		t.Errorf("inList: got %q, want %q", got, want)
	}
	if got, want := batch("INSERT INTO t (a, b, c) VALUES (?, ?, 0) ON CONFLICT (a) DO NOTHING", 2), "INSERT INTO t (a, b, c) VALUES (?, ?, 0), (?, ?, 0) ON CONFLICT (a) DO NOTHING"; got != want {
		t.Errorf("batch: got %q, want %q", got, want)
	}
	if got, want := batch("INSERT INTO t (a) VALUES (?)", 1), "INSERT INTO t (a) VALUES (?)"; got != want {
		t.Errorf("batch of one: got %q, want %q", got, want)
	}
}
