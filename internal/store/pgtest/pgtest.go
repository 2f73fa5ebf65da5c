// Package pgtest gives each test a fresh, empty PostgreSQL database.
//
// Use it from a test:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		db, err := sql.Open("pgx", pgtest.DSN(t))
//		...
//	}
//
// The server comes from one of two places:
//
//   - PERSPECTIEF_TEST_PG, if set, is a postgres:// URL of an existing server
//     whose user may CREATE DATABASE (PostgreSQL 13 or later, for
//     DROP DATABASE ... WITH (FORCE)). Databases are created and dropped on it.
//   - Otherwise the first DSN call in a test binary initdb's a throw-away
//     server in a temporary directory, reachable only over a unix socket in
//     that directory, and shared by every test in the binary. As root the
//     server runs as the "postgres" user, since initdb and postgres refuse to
//     run as root.
//
// If no PostgreSQL server binaries are found, DSN skips the test, unless
// PERSPECTIEF_REQUIRE_PG=1 (set by scripts/test and thus CI), in which case it
// fails it: a CI run that silently skipped every database test would prove
// nothing.
//
// A throw-away server is stopped and its directory removed by Main after the
// tests ran. A watchdog process removes both as well if the test binary dies
// without reaching that point (SIGKILL, the -timeout panic, a Ctrl-C), so Main
// is strongly recommended but not the only line of defence. What the watchdog
// cannot survive is being killed itself (for example a kill of every process
// on the machine, or a reboot mid-test); such leftovers are directories named
// pgtest-* in the temporary directory (/tmp when running as root).
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// Environment variables that steer pgtest.
const (
	// EnvServer names an existing server (a postgres:// URL) to create the
	// test databases on, instead of starting a throw-away one.
	EnvServer = "PERSPECTIEF_TEST_PG"
	// EnvRequire, when "1", turns "no PostgreSQL available" from a skip into
	// a test failure.
	EnvRequire = "PERSPECTIEF_REQUIRE_PG"
)

// server is where test databases are created: either an external server or
// the throw-away one of this test binary.
type server struct {
	adminDSN string  // URL of a maintenance database on the server
	admin    *sql.DB // pool on adminDSN, used for CREATE/DROP DATABASE
	local    *localServer
	// createOptions go after CREATE DATABASE name. FILE_COPY (PostgreSQL
	// 15+) copies the tiny template's files instead of WAL-logging each
	// page; measured here it was never slower and at times much faster.
	createOptions string
}

var (
	setupOnce  sync.Once
	srv        *server
	setupErr   error  // the server should be there but is not: fatal
	skipReason string // no server to be had: skip (or fatal, see EnvRequire)

	// startNote tells, once, in the log of the test that caused it, where
	// the server came from and how long starting it took.
	startNote     string
	startNoteOnce sync.Once

	shutdownOnce sync.Once
)

// DSN returns a postgres:// URL, usable with database/sql's "pgx" driver, of a
// brand-new empty database created for this test only. The database is
// dropped when the test ends, with FORCE so that connections the test leaked
// do not keep it alive.
func DSN(tb testing.TB) string {
	tb.Helper()
	s := getServer(tb)

	name := databaseName(tb.Name())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+quoteIdent(name)+s.createOptions); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(name)+" WITH (FORCE)"); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	dsn, err := withDatabase(s.adminDSN, name)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// Main runs the tests and then stops the throw-away server, if one was
// started, and removes its directory. Call it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		// A server left behind is a bug worth a red run, not just a line in
		// a log nobody reads.
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func getServer(tb testing.TB) *server {
	tb.Helper()
	setupOnce.Do(setup)
	if startNote != "" {
		startNoteOnce.Do(func() { tb.Log(startNote) })
	}
	switch {
	case skipReason != "":
		unavailable(tb, skipReason)
	case setupErr != nil:
		tb.Fatal(setupErr)
	}
	return srv
}

// unavailable skips the test, or fails it when PostgreSQL is required.
func unavailable(tb testing.TB, reason string) {
	tb.Helper()
	if os.Getenv(EnvRequire) == "1" {
		tb.Fatal("pgtest: " + reason + " (" + EnvRequire + "=1, so this is a failure, not a skip)")
		return
	}
	tb.Skip("pgtest: " + reason + " (set " + EnvRequire + "=1 to fail instead of skip)")
}

func setup() {
	s := &server{}
	var note string
	if dsn := os.Getenv(EnvServer); dsn != "" {
		// Validate the URL form up front: per-test DSNs are derived from it.
		if _, err := withDatabase(dsn, "x"); err != nil {
			setupErr = fmt.Errorf("pgtest: %s: %v", EnvServer, err)
			return
		}
		s.adminDSN = dsn
	} else {
		bindir, tried := findBinaries()
		if bindir == "" {
			skipReason = "no PostgreSQL server binaries found (looked at " + strings.Join(tried, ", ") +
				") and " + EnvServer + " is not set"
			return
		}
		start := time.Now()
		l, err := startLocal(bindir)
		if err != nil {
			setupErr = err
			return
		}
		s.local = l
		s.adminDSN = l.dsn("postgres")
		note = fmt.Sprintf("pgtest: started a throw-away PostgreSQL from %s in %s, in %v",
			bindir, l.dir, time.Since(start).Round(time.Millisecond))
	}

	var version int
	db, err := sql.Open("pgx", s.adminDSN)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = db.QueryRowContext(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version)
		cancel()
	}
	if err == nil && version < 130000 {
		err = fmt.Errorf("server version %d is older than PostgreSQL 13, which DROP DATABASE ... WITH (FORCE) needs", version)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		if s.local != nil {
			err = fmt.Errorf("%w\nserver log:\n%s", err, s.local.log())
			s.local.stop()
		}
		setupErr = fmt.Errorf("pgtest: connect to %s: %w", redact(s.adminDSN), err)
		return
	}
	if version >= 150000 {
		s.createOptions = " STRATEGY = FILE_COPY"
	}
	s.admin = db
	srv = s
	startNote = note
}

func shutdown() error {
	var err error
	shutdownOnce.Do(func() {
		if srv == nil {
			return
		}
		srv.admin.Close()
		if srv.local != nil {
			err = srv.local.stop()
		}
	})
	return err
}

// databaseName makes a unique, valid and still recognisable database name
// for a test, so that a leftover database on a shared server can be traced
// back to the test that made it.
func databaseName(testName string) string {
	var b strings.Builder
	b.WriteString("pgtest_")
	lastUnderscore := true
	for _, r := range strings.ToLower(testName) {
		if b.Len() >= 40 {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			lastUnderscore = false
		} else if !lastUnderscore {
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	if !lastUnderscore {
		b.WriteByte('_')
	}
	// Random rather than a counter: test binaries of several packages may
	// share one server through PERSPECTIEF_TEST_PG.
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	b.WriteString(hex.EncodeToString(rnd[:]))
	return b.String() // at most 7+40+1+12 = 60 bytes, under PostgreSQL's 63
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// withDatabase returns serverDSN with its database replaced by name.
func withDatabase(serverDSN, name string) (string, error) {
	u, err := url.Parse(serverDSN)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", errors.New("want a postgres:// URL (key=value connection strings are not supported)")
	}
	u.Path = "/" + name
	u.RawPath = ""
	if q := u.Query(); q.Has("dbname") || q.Has("database") {
		q.Del("dbname")
		q.Del("database")
		u.RawQuery = encodeQuery(q)
	}
	return u.String(), nil
}

// encodeQuery is url.Values.Encode but leaves slashes alone, so that a unix
// socket directory in host= stays readable in logs.
func encodeQuery(q url.Values) string {
	return strings.ReplaceAll(q.Encode(), "%2F", "/")
}

// redact hides a password in a DSN that goes into an error message.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}
