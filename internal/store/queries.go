package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// The store's SQL lives in queries/*.sql, one file per feature, as named
// queries in the style of goyesql: a line "-- name: SomeQuery" starts a
// query, the lines up to the next name are its text. Other lines starting
// with "--" are comments and are left out, a trailing semicolon is dropped.
// Every query is written once for both databases with ? placeholders, which
// the dialect rebinds (dialect.go). Go code names a query with named; a test
// checks that every name used exists and every query is used.

//go:embed queries/*.sql
var queryFiles embed.FS

// queries holds every named query, loaded once at start.
var queries = mustLoadQueries(queryFiles)

// named returns the text of a named query. An unknown name is a programming
// error that the tests catch, so it panics.
func named(name string) string {
	q, ok := queries[name]
	if !ok {
		panic("store: no query named " + name)
	}
	return q
}

func mustLoadQueries(fsys fs.FS) map[string]string {
	qs, err := loadQueries(fsys)
	if err != nil {
		panic(err)
	}
	return qs
}

// loadQueries reads every queries/*.sql file of fsys; a name is unique
// across the files.
func loadQueries(fsys fs.FS) (map[string]string, error) {
	files, err := fs.Glob(fsys, "queries/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	all := map[string]string{}
	where := map[string]string{}
	for _, f := range files {
		src, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		qs, err := parseQueries(path.Base(f), string(src))
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			if other, ok := where[q.name]; ok {
				return nil, fmt.Errorf("%s:%d: query %s is named in %s too", path.Base(f), q.line, q.name, other)
			}
			where[q.name] = path.Base(f)
			all[q.name] = q.text
		}
	}
	return all, nil
}

// namedQuery is one query of a file, with the line of its name.
type namedQuery struct {
	name, text string
	line       int
}

const nameMarker = "-- name:"

// parseQueries splits the text of one .sql file into its named queries, in
// file order. file is used in error messages only.
func parseQueries(file, src string) ([]namedQuery, error) {
	var out []namedQuery
	seen := map[string]int{}
	var cur *namedQuery
	var body []string
	finish := func() error {
		if cur == nil {
			return nil
		}
		text := strings.TrimSpace(strings.Join(body, "\n"))
		text = strings.TrimSpace(strings.TrimSuffix(text, ";"))
		if text == "" {
			return fmt.Errorf("%s:%d: query %s has no text", file, cur.line, cur.name)
		}
		if strings.Contains(text, ";") {
			return fmt.Errorf("%s:%d: query %s holds more than one statement", file, cur.line, cur.name)
		}
		cur.text = text
		out = append(out, *cur)
		return nil
	}
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		trim := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(trim, nameMarker); ok {
			if err := finish(); err != nil {
				return nil, err
			}
			name := strings.TrimSpace(rest)
			if !validQueryName(name) {
				return nil, fmt.Errorf("%s:%d: %q is not a query name (letters and digits, starting with a capital)", file, n, name)
			}
			if first, ok := seen[name]; ok {
				return nil, fmt.Errorf("%s:%d: query %s is named on line %d already", file, n, name, first)
			}
			seen[name] = n
			cur, body = &namedQuery{name: name, line: n}, nil
			continue
		}
		if trim == "" || strings.HasPrefix(trim, "--") {
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%s:%d: SQL before the first %q line", file, n, nameMarker+" Name")
		}
		body = append(body, strings.TrimRight(line, " \t\r"))
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return out, nil
}

// validQueryName accepts Go-like exported identifiers of ASCII letters and
// digits.
func validQueryName(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// The only SQL built at run time is of two kinds, because its size is known
// at run time only: a list of values (IN) and a batch of rows inserted in
// one statement. Both start from a named query that is valid SQL as written.

// inList widens the one placeholder of "IN (?)" in q to n placeholders.
func inList(q string, n int) string {
	const one = "IN (?)"
	if !strings.Contains(q, one) || n < 1 {
		panic("store: inList needs a query with " + one + " and at least one value")
	}
	return strings.Replace(q, one, "IN ("+strings.TrimSuffix(strings.Repeat("?, ", n), ", ")+")", 1)
}

// batch repeats the one row of values of the INSERT q ("VALUES (...)")
// n times, so that one statement inserts n rows.
func batch(q string, n int) string {
	const values = "VALUES ("
	i := strings.Index(q, values)
	if i < 0 || n < 1 {
		panic("store: batch needs an INSERT with " + values + "...) and at least one row")
	}
	start := i + len(values) - 1
	end := start + strings.IndexByte(q[start:], ')') + 1
	row := q[start:end]
	return q[:start] + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + q[end:]
}

// rowBatches are the arguments of a multi-row INSERT (a named query with
// one row of cols placeholders), made before the transaction starts, so
// that a large import holds SQLite's one write lock only while it writes.
type rowBatches struct {
	query string // the named INSERT with one row of values
	cols  int    // placeholders per row
	size  int    // rows per full batch
	args  [][]any
	part  []any
}

func newRowBatches(query string, cols, size int) *rowBatches {
	return &rowBatches{query: query, cols: cols, size: size}
}

// add appends one row of cols arguments.
func (b *rowBatches) add(row ...any) {
	if b.part == nil {
		b.part = make([]any, 0, b.cols*b.size)
	}
	b.part = append(b.part, row...)
	if len(b.part) == b.cols*b.size {
		b.args = append(b.args, b.part)
		b.part = nil
	}
}

// batchExecer runs statements: a transaction, or a connection of its own.
type batchExecer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// exec inserts every row; the full batches share one prepared statement.
// wrap may turn a driver error into the caller's message (nil: as is).
func (b *rowBatches) exec(ctx context.Context, d dialect, on batchExecer, wrap func(error) error) error {
	all := b.args
	if len(b.part) > 0 {
		all = append(all[:len(all):len(all)], b.part)
	}
	var full *sql.Stmt
	for _, args := range all {
		n := len(args) / b.cols
		var err error
		if n == b.size {
			if full == nil {
				if full, err = on.PrepareContext(ctx, d.rebind(batch(b.query, n))); err != nil {
					return err
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = on.ExecContext(ctx, d.rebind(batch(b.query, n)), args...)
		}
		if err != nil {
			if wrap != nil {
				return wrap(err)
			}
			return err
		}
	}
	return nil
}

// setColumn sets column col of every row to v: a value known only inside
// the transaction, such as the id of the row the batch belongs to.
func (b *rowBatches) setColumn(col int, v any) {
	set := func(args []any) {
		for i := col; i < len(args); i += b.cols {
			args[i] = v
		}
	}
	for _, args := range b.args {
		set(args)
	}
	set(b.part)
}
