package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// port only names the socket file: the server listens on no TCP port at
// all, so parallel test binaries cannot collide and nothing is exposed on
// the network. Each server has a socket directory of its own.
const port = 5432

// localServer is a throw-away PostgreSQL cluster in a temporary directory.
type localServer struct {
	bindir string
	dir    string              // the temporary directory: socket, log, data/
	cred   *syscall.Credential // whom to run PostgreSQL as; nil: as ourselves
	dog    *exec.Cmd           // watchdog, see startWatchdog
	dogIn  io.WriteCloser      // closing it (or dying) triggers the watchdog
}

func (l *localServer) dataDir() string { return filepath.Join(l.dir, "data") }
func (l *localServer) logFile() string { return filepath.Join(l.dir, "postgres.log") }

func (l *localServer) dsn(database string) string {
	q := url.Values{}
	q.Set("host", l.dir)
	q.Set("port", strconv.Itoa(port))
	q.Set("user", "postgres")
	q.Set("sslmode", "disable")
	return "postgres:///" + database + "?" + encodeQuery(q)
}

// log returns the server's log, for error messages.
func (l *localServer) log() string {
	b, err := os.ReadFile(l.logFile())
	if err != nil {
		return "(no server log: " + err.Error() + ")"
	}
	return string(b)
}

// findBinaries returns the directory holding initdb, pg_ctl and postgres, or
// "" and the places it looked.
func findBinaries() (bindir string, tried []string) {
	ok := func(dir string) bool {
		for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() {
				return false
			}
		}
		return true
	}

	// pg_config can come from a client package of another major version than
	// the installed server (Debian's libpq-dev), so its answer is checked.
	tried = append(tried, "pg_config --bindir")
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); dir != "" && ok(dir) {
			return dir, tried
		}
	}

	// Debian and Ubuntu keep server binaries off PATH, one directory per
	// major version; the newest one wins.
	tried = append(tried, "/usr/lib/postgresql/*/bin")
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, dir := range dirs {
		if ok(dir) {
			return dir, tried
		}
	}

	tried = append(tried, "initdb on PATH")
	if p, err := exec.LookPath("initdb"); err == nil {
		if dir := filepath.Dir(p); ok(dir) {
			return dir, tried
		}
	}
	return "", tried
}

// versionOf extracts N from /usr/lib/postgresql/N/bin; 0 if not a number.
func versionOf(bindir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(bindir)), 64)
	return v
}

// startLocal creates, starts and returns a throw-away cluster. On failure
// nothing is left running and the error carries the tools' output.
func startLocal(bindir string) (*localServer, error) {
	l := &localServer{bindir: bindir}
	owner := -1
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("pgtest: running as root, PostgreSQL binaries found in %s, but no \"postgres\" user to run them as (initdb refuses root): %v", bindir, err)
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("pgtest: user postgres has a non-numeric uid %q or gid %q", u.Uid, u.Gid)
		}
		// A Credential rather than runuser/su: no dependency on PAM or on
		// the user's login shell, and no shell quoting of arguments.
		l.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		owner = int(uid)
	}

	dir, err := os.MkdirTemp(tempBase(l.cred != nil), "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	l.dir = dir
	if l.cred != nil {
		if err := os.Chown(dir, owner, int(l.cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: %w", err)
		}
	}
	if err := l.startWatchdog(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}

	fail := func(err error) (*localServer, error) {
		l.stop()
		return nil, err
	}

	// initdb: trust auth because the socket lives in a directory only the
	// server's user can enter; C collation for results that sort the same
	// everywhere, a UTF-8 ctype so that upper()/lower()/ILIKE handle Dutch
	// diacritics; no fsync since the data is thrown away.
	var initErr error
	for _, ctype := range []string{"C.UTF-8", "C"} {
		out, err := l.run(2*time.Minute, "initdb", "-D", l.dataDir(), "-U", "postgres",
			"--auth=trust", "--encoding=UTF8", "--locale=C", "--lc-ctype="+ctype, "--no-sync")
		if err == nil {
			initErr = nil
			break
		}
		initErr = fmt.Errorf("pgtest: initdb (as %s) in %s failed: %v\n%s", l.runAs(), bindir, err, out)
		if !strings.Contains(string(out), "locale") {
			break
		}
	}
	if initErr != nil {
		return fail(initErr)
	}

	conf := fmt.Sprintf(`
# pgtest: a throw-away server for tests.
listen_addresses = ''
unix_socket_directories = '%s'
port = %d
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
`, strings.ReplaceAll(l.dir, "'", "''"), port)
	f, err := os.OpenFile(filepath.Join(l.dataDir(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(conf)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fail(fmt.Errorf("pgtest: configure server: %w", err))
	}

	out, err := l.run(90*time.Second, "pg_ctl", "start", "-w", "-t", "60", "-D", l.dataDir(), "-l", l.logFile())
	if err != nil {
		return fail(fmt.Errorf("pgtest: pg_ctl start (as %s) failed: %v\n%s\nserver log:\n%s", l.runAs(), err, out, l.log()))
	}
	return l, nil
}

// tempBase picks where the temporary directory goes. When the server runs
// as another user, that user must be able to reach it, which a TMPDIR under
// /root does not allow; and the socket path must fit in a sockaddr_un.
func tempBase(otherUser bool) string {
	base := os.TempDir()
	tooLong := len(base)+len("/pgtest-1234567890/.s.PGSQL.5432") > 100
	if tooLong || (otherUser && !traversableByAll(base)) {
		return "/tmp"
	}
	return base
}

func traversableByAll(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

func (l *localServer) runAs() string {
	if l.cred == nil {
		return "the current user"
	}
	return "user postgres"
}

// run runs one of the PostgreSQL tools as the server's user and returns its
// combined output.
func (l *localServer) run(timeout time.Duration, tool string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(l.bindir, tool), args...)
	cmd.Dir = l.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: l.cred,
		// If the test binary dies mid-initdb, initdb must not go on writing
		// into the directory the watchdog is removing.
		Pdeathsig: syscall.SIGKILL,
	}
	// pg_ctl hands the postmaster the log file, not our output pipe; should
	// that ever change, don't hang on a pipe held by a daemon.
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.Bytes(), err
}

// watchdogScript waits for its stdin to reach end-of-file, which happens
// when the test binary closes the pipe or dies in any way, even by SIGKILL,
// since the kernel closes a dead process's descriptors. It then stops the
// server and removes the directory. It ignores SIGINT and SIGHUP so that a
// Ctrl-C or a closed terminal, which kill the test binary, leave the
// watchdog to clean up after it.
const watchdogScript = `trap '' INT HUP
read -r _
"$1" stop -D "$2" -m immediate -w -t 60 >/dev/null 2>&1
rm -rf "$3"
`

func (l *localServer) startWatchdog() error {
	cmd := exec.Command("/bin/sh", "-c", watchdogScript, "pgtest-watchdog",
		filepath.Join(l.bindir, "pg_ctl"), l.dataDir(), l.dir)
	cmd.Dir = l.dir
	// Its own session, so that signals to the test's process group miss it.
	// Its stdout and stderr stay /dev/null: a pipe to the test binary would
	// kill it by SIGPIPE once the binary is gone, and a pipe inherited from
	// `go test` would make go test wait for it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: l.cred, Setsid: true}
	in, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("pgtest: watchdog: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start watchdog: %w", err)
	}
	l.dog, l.dogIn = cmd, in
	return nil
}

// stop stops the server and removes its directory.
func (l *localServer) stop() error {
	var errs []error
	// Stop the server here rather than leaving it to the watchdog, so that
	// a failure comes with pg_ctl's own words.
	if _, err := os.Stat(filepath.Join(l.dataDir(), "postmaster.pid")); err == nil {
		if out, err := l.run(90*time.Second, "pg_ctl", "stop", "-D", l.dataDir(), "-m", "immediate", "-w", "-t", "60"); err != nil {
			errs = append(errs, fmt.Errorf("pg_ctl stop failed: %v\n%s", err, out))
		}
	}
	if l.dog != nil {
		l.dogIn.Close()
		done := make(chan error, 1)
		go func() { done <- l.dog.Wait() }()
		select {
		case <-done:
		case <-time.After(90 * time.Second):
			l.dog.Process.Kill()
			errs = append(errs, errors.New("watchdog did not finish in time"))
		}
	}
	// The watchdog removed the directory; this covers its not having run.
	if err := os.RemoveAll(l.dir); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("stopping the test server in %s: %w", l.dir, err)
	}
	return nil
}
