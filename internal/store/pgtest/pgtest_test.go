package pgtest

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestDSNRoundTrip(t *testing.T) {
	dsn := DSN(t)
	if !strings.HasPrefix(dsn, "postgres://") {
		t.Errorf("DSN %q is not a postgres:// URL", dsn)
	}
	db := open(t, dsn)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE huishouden (id serial PRIMARY KEY, gemeente text NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO huishouden (gemeente) VALUES ($1), ($2)`, "Groningen", "Één"); err != nil {
		t.Fatal(err)
	}
	var n int
	var upper string
	if err := db.QueryRowContext(ctx, `SELECT count(*), upper(min(gemeente) FILTER (WHERE gemeente LIKE 'É%')) FROM huishouden`).Scan(&n, &upper); err != nil {
		t.Fatal(err)
	}
	if n != 2 || upper != "ÉÉN" {
		t.Errorf("got count %d, upper %q; want 2, %q", n, upper, "ÉÉN")
	}
	var enc string
	if err := db.QueryRowContext(ctx, `SHOW server_encoding`).Scan(&enc); err != nil || enc != "UTF8" {
		t.Errorf("server_encoding = %q (%v), want UTF8", enc, err)
	}
}

func TestDSNIsolated(t *testing.T) {
	a, b := open(t, DSN(t)), open(t, DSN(t))
	ctx := context.Background()
	var nameA, nameB string
	if err := a.QueryRowContext(ctx, `SELECT current_database()`).Scan(&nameA); err != nil {
		t.Fatal(err)
	}
	if err := b.QueryRowContext(ctx, `SELECT current_database()`).Scan(&nameB); err != nil {
		t.Fatal(err)
	}
	if nameA == nameB {
		t.Fatalf("both DSNs lead to database %q", nameA)
	}
	if _, err := a.ExecContext(ctx, `CREATE TABLE only_in_a (x int)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_in_a'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("table created through the first DSN is visible through the second")
	}
}

func TestDSNDroppedAfterTest(t *testing.T) {
	var name string
	t.Run("inner", func(t *testing.T) {
		db := open(t, DSN(t))
		if err := db.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		// The connection stays open on purpose: the drop must not care.
	})
	if name == "" {
		t.Fatal("inner test did not get a database")
	}
	var exists bool
	if err := srv.admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("database %s still exists after its test ended", name)
	}
}

func TestDSNParallel(t *testing.T) {
	for i := range 4 {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			db := open(t, DSN(t))
			if _, err := db.Exec(`CREATE TABLE t (x int)`); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// recorder captures what unavailable does instead of ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = fmt.Sprint(args...) }
func (r *recorder) Fatal(args ...any) { r.failed = fmt.Sprint(args...) }

func TestUnavailable(t *testing.T) {
	t.Setenv(EnvRequire, "")
	r := &recorder{TB: t}
	unavailable(r, "no binaries")
	if r.skipped == "" || r.failed != "" {
		t.Errorf("without %s: skipped %q, failed %q; want a skip", EnvRequire, r.skipped, r.failed)
	}

	t.Setenv(EnvRequire, "1")
	r = &recorder{TB: t}
	unavailable(r, "no binaries")
	if r.failed == "" || r.skipped != "" || !strings.Contains(r.failed, "no binaries") {
		t.Errorf("with %s=1: skipped %q, failed %q; want a failure naming the reason", EnvRequire, r.skipped, r.failed)
	}
}

func TestDatabaseName(t *testing.T) {
	long := "TestSomething/" + strings.Repeat("Ä very long sub-test name ", 10)
	seen := map[string]bool{}
	for _, in := range []string{"TestX", "TestX", long, "Test/#01", ""} {
		got := databaseName(in)
		if len(got) > 63 {
			t.Errorf("databaseName(%q) = %q, longer than 63 bytes", in, got)
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
				t.Errorf("databaseName(%q) = %q has %q", in, got, r)
			}
		}
		if seen[got] {
			t.Errorf("databaseName gave %q twice", got)
		}
		seen[got] = true
	}
}

func TestWithDatabase(t *testing.T) {
	got, err := withDatabase("postgres://u:p@db.example:5433/postgres?sslmode=require&dbname=other", "pgtest_x")
	if err != nil {
		t.Fatal(err)
	}
	if want := "postgres://u:p@db.example:5433/pgtest_x?sslmode=require"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := withDatabase("host=localhost dbname=x", "y"); err == nil {
		t.Error("key=value DSN accepted")
	}
}

const helperEnv = "PGTEST_HELPER_KILLED"

// TestServerGoneWhenKilled checks the watchdog: a test binary killed with
// SIGKILL, which runs no cleanup at all, must not leave its server running
// or its directory behind.
func TestServerGoneWhenKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second server")
	}
	if bindir, tried := findBinaries(); bindir == "" {
		unavailable(t, "no PostgreSQL server binaries found (looked at "+strings.Join(tried, ", ")+")")
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKilled$", "-test.v")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, EnvServer+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, helperEnv+"=1")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	found := map[string]string{}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(2 * time.Minute)
	for found["DIR"] == "" || found["DSN"] == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("helper exited before reporting its server; got %v", found)
			}
			if k, v, ok := strings.Cut(line, "="); ok && strings.HasPrefix(k, "PGTEST_") {
				found[strings.TrimPrefix(k, "PGTEST_")] = v
			}
		case <-timeout:
			t.Fatal("helper did not report its server in time")
		}
	}
	go func() {
		for range lines {
		}
	}()

	dir := found["DIR"]
	pidFile, err := os.ReadFile(filepath.Join(dir, "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(pidFile), "\n", 2)[0])
	if err != nil {
		t.Fatalf("postmaster.pid: %v", err)
	}
	db := open(t, found["DSN"])
	if err := db.Ping(); err != nil {
		t.Fatalf("helper's database not reachable: %v", err)
	}
	db.Close()

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	deadline := time.Now().Add(time.Minute)
	for {
		_, statErr := os.Stat(dir)
		if errors.Is(statErr, os.ErrNotExist) && !running(pid) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("a minute after SIGKILL: directory %s stat error %v, postmaster %d running %v", dir, statErr, pid, running(pid))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// running reports whether a process exists and is not a zombie: an
// orphaned postmaster is reaped by PID 1, which on some machines takes its
// time.
func running(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist) // no /proc: trust kill(2)
	}
	// The state follows the parenthesised command name.
	if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}

// TestHelperKilled is the test binary that TestServerGoneWhenKilled kills.
func TestHelperKilled(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("only run as a helper process")
	}
	dsn := DSN(t)
	fmt.Printf("PGTEST_DIR=%s\nPGTEST_DSN=%s\n", srv.local.dir, dsn)
	time.Sleep(5 * time.Minute)
}
