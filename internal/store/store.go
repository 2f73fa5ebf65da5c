// Package store is the SQL adapter of Perspectief: one implementation of the
// domain's Store interfaces over database/sql, for SQLite (the embedded
// default, pure Go) and PostgreSQL (production), with one set of migrations.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/perspectief/perspectief"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is an open, migrated Perspectief database.
type DB struct {
	*conn
	Path    string // the SQLite file, empty for PostgreSQL
	Created bool   // the schema was created by this Open
}

// conn is what the repositories share: the connection pool and the
// dialect. The helpers on it (tx, exec, query, ...) take queries with ?
// placeholders and rebind them.
type conn struct {
	db *sql.DB
	d  dialect
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a SQLite file path, or a
// postgres:// URL), creating a SQLite file when it does not exist, and runs
// the migrations that have not run yet.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, "")
}

// open is Open, running the migrations up to and including last ("" for
// all of them); tests of a migration stop before it to store old data.
func open(ctx context.Context, dsn, last string) (*DB, error) {
	var s *DB
	if IsPostgres(dsn) {
		db, err := sql.Open(postgresDialect.driver, dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(16)
		// Keep every connection the pool may open: the default of 2 idle
		// connections makes a busy server connect again for most queries.
		db.SetMaxIdleConns(16)
		s = &DB{conn: &conn{db: db, d: postgresDialect}}
	} else {
		path := strings.TrimPrefix(dsn, "sqlite://")
		if path == "" {
			return nil, perspectief.Errorf(perspectief.CodeInvalid, "geef een database op: een SQLite-bestand of een postgres://-adres")
		}
		if err := createPrivate(path); err != nil {
			return nil, fmt.Errorf("create sqlite %s: %w", path, err)
		}
		q := url.Values{}
		// WAL lets readers go on while a writer works; busy_timeout makes
		// concurrent writers wait instead of failing; foreign keys are off by
		// default in SQLite and the schema relies on them.
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "synchronous(NORMAL)")
		// temp_store keeps a statement's journal (a multi-row INSERT may
		// need one) in memory; cache_size gives each connection 16 MiB of
		// pages, so that pages read often are not read from the file again.
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", "cache_size(-16384)")
		q.Set("_txlock", "immediate")
		db, err := sql.Open(sqliteDialect.driver, "file:"+path+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		// Idle connections keep their page cache and parsed schema; the
		// default of 2 would close most connections of a busy server after
		// each query. The number of open connections stays unlimited, so
		// that a request holding one while it asks for another never waits
		// on the pool.
		db.SetMaxIdleConns(max(8, 4*runtime.GOMAXPROCS(0)))
		abs, _ := filepath.Abs(path)
		s = &DB{conn: &conn{db: db, d: sqliteDialect}, Path: abs}
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", s.d.name, err)
	}
	if err := s.migrate(ctx, last); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// Ping reports whether the database answers.
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// PoolStats is the state of the connection pool, for /metrics.
type PoolStats struct {
	MaxOpen      int           // the most connections allowed (0: no limit)
	Open         int           // connections open, in use or idle
	InUse        int           // connections running a query or transaction
	Idle         int           // open connections waiting for work
	WaitCount    int64         // times a query had to wait for a connection
	WaitDuration time.Duration // total time queries waited for one
}

// PoolStats reports the connection pool of this process.
func (s *DB) PoolStats() PoolStats {
	st := s.db.Stats()
	return PoolStats{MaxOpen: st.MaxOpenConnections, Open: st.OpenConnections, InUse: st.InUse, Idle: st.Idle, WaitCount: st.WaitCount, WaitDuration: st.WaitDuration}
}

// Dialect names the database kind: "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.d.name }

// migrate runs, in name order, every embedded migration that has not run,
// each in its own transaction together with its row in schema_migrations;
// with last set, it stops after the migration of that name.
func (s *DB) migrate(ctx context.Context, last string) error {
	unlock, err := s.d.lockMigrations(ctx, s.db)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := s.db.ExecContext(ctx, named("CreateSchemaMigrations")); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied := map[string]bool{}
	rows, err := s.db.QueryContext(ctx, named("AppliedMigrations"))
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		applied[n] = true
	}
	rows.Close()
	s.Created = len(applied) == 0
	for _, name := range names {
		base := filepath.Base(name)
		if last != "" && base > last {
			break
		}
		if applied[base] {
			continue
		}
		src, err := migrationFiles.ReadFile(name)
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			for _, stmt := range splitStatements(s.d.migration(string(src))) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w\n%s", base, err, stmt)
				}
			}
			_, err := tx.ExecContext(ctx, s.d.rebind(named("InsertAppliedMigration")), base, timeText(time.Now()))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// splitStatements splits a migration file on semicolons at the end of a
// line; migrations hold no semicolons inside statements.
func splitStatements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "--") || trim == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trim, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}

// tx runs fn in a transaction, committing when fn returns nil.
func (s *conn) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Exec, Query and QueryRow take queries with ? placeholders.
func (s *conn) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if tx != nil {
		return tx.ExecContext(ctx, s.d.rebind(q), args...)
	}
	return s.db.ExecContext(ctx, s.d.rebind(q), args...)
}

func (s *conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.d.rebind(q), args...)
}

func (s *conn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.d.rebind(q), args...)
}

// insertID runs an INSERT ... RETURNING id, which both databases support.
func (s *conn) insertID(ctx context.Context, tx *sql.Tx, q string, args ...any) (int64, error) {
	var id int64
	var err error
	if tx != nil {
		err = tx.QueryRowContext(ctx, s.d.rebind(q+" RETURNING id"), args...).Scan(&id)
	} else {
		err = s.db.QueryRowContext(ctx, s.d.rebind(q+" RETURNING id"), args...).Scan(&id)
	}
	return id, err
}

const timeLayout = "2006-01-02T15:04:05.000000000Z"

func timeText(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

// isUnique reports whether err is a unique-constraint violation in either
// database, so that it can become a conflict the user understands.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

func notFound(what, key string) error {
	return perspectief.Errorf(perspectief.CodeNotFound, "%s %q bestaat niet", what, key)
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }

// queryer is a database or a transaction: reads that must see the changes
// of the transaction they belong to take one.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *conn) queryIn(ctx context.Context, q queryer, query string, args ...any) (*sql.Rows, error) {
	return q.QueryContext(ctx, s.d.rebind(query), args...)
}

// createPrivate creates an empty database file readable and writable by
// its owner only (0600), so that the accounts, the audit log and the
// programme are not open to other users of the machine. SQLite gives its
// -wal and -shm files the mode of the database file. An existing file is
// left as it is: its mode is the operator's choice.
func createPrivate(path string) error {
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}
