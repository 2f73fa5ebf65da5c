package main

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// The test binary doubles as the perspectief command when this variable is
// set, so the tests run the real CLI as a user would, with stdin and exit
// status, without building a second binary.
const asMain = "PERSPECTIEF_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		// The same Main as the binary: ParseFlags, Run, Close.
		ctx, _ := signalContext()
		os.Exit(runMain(ctx, os.Args[1:]))
	}
	pgtest.Main(m)
}

// cli runs the command with stdin and returns stdout, stderr and the exit code.
func cli(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return cliEnv(t, nil, stdin, args...)
}

func databases(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "p.db") },
		"postgres": func(t *testing.T) string { return pgtest.DSN(t) },
	}
}

func TestUserAddAndTokenCreate(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsnFor(t)
			_, stderr, code := cli(t, "een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", "beheerder", "--email", "Eerste@Gemeente.nl")
			if code != 0 {
				t.Fatalf("account aanmaken: exit %d: %s", code, stderr)
			}
			_, stderr, code = cli(t, "een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", "baas", "--email", "x@gemeente.nl")
			if code == 0 || !strings.Contains(stderr, `unknown role "baas"`) {
				t.Errorf("bad role: exit %d, stderr %q", code, stderr)
			}
			_, stderr, code = cli(t, "kort\n", "account", "aanmaken", "--db", dsn, "--role", "lezer", "--email", "y@gemeente.nl")
			if code == 0 || !strings.Contains(stderr, "minstens") {
				t.Errorf("short password: exit %d, stderr %q", code, stderr)
			}
			_, stderr, code = cli(t, "Wachtwoord2026!\n", "account", "aanmaken", "--db", dsn, "--role", "lezer", "--email", "y@gemeente.nl")
			if code == 0 || !strings.Contains(stderr, "veelgebruikte wachtwoorden") {
				t.Errorf("common password: exit %d, stderr %q", code, stderr)
			}
			_, stderr, code = cli(t, "een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", "lezer", "--email", "eerste@gemeente.nl")
			if code == 0 || !strings.Contains(stderr, "bestaat al") {
				t.Errorf("duplicate account: exit %d, stderr %q", code, stderr)
			}

			stdout, stderr, code := cli(t, "", "token", "maken", "--db", dsn, "--email", "eerste@gemeente.nl")
			if code != 0 {
				t.Fatalf("token maken: exit %d: %s", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "psp_") {
				t.Fatalf("stdout = %q; want the token and nothing else", stdout)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			u, err := account.NewService(db.Accounts()).TokenUser(context.Background(), lines[0])
			if err != nil || u.Email != "eerste@gemeente.nl" || u.Role != account.RoleAdmin {
				t.Errorf("token resolves to %+v, %v", u, err)
			}
			if _, _, code := cli(t, "", "token", "maken", "--db", dsn, "--email", "niemand@gemeente.nl"); code == 0 {
				t.Error("token for an unknown account: exit 0")
			}
		})
	}
}

func TestServeNewDatabase(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "nieuw.db")
	cmd := exec.Command(os.Args[0], "server", "--addr", "127.0.0.1:0", "--db", dsn)
	cmd.Env = append(os.Environ(), asMain+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stderr)
	var said []string
	addr := ""
	for addr == "" && sc.Scan() {
		said = append(said, sc.Text())
		if a, ok := strings.CutPrefix(sc.Text(), "Perspectief luistert op "); ok {
			addr = a
		}
	}
	if addr == "" {
		t.Fatalf("server did not say where it listens: %q", said)
	}
	if all := strings.Join(said, "\n"); !strings.Contains(all, "perspectief account aanmaken --db") || !strings.Contains(all, "--role beheerder") {
		t.Errorf("no instructions for the first beheerder: %q", all)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("/healthz = %d", resp.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := http.Get(addr + "/api/v1/interventions")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") || resp.Header.Get("API-Version") == "" {
		t.Errorf("API without token: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if _, stderr, code := cli(t, "een goed wachtwoord\n", "account", "aanmaken", "--db", db, "--role", "lezer", "--email", "l@gemeente.nl"); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(dir, "kopie.db")
	if _, stderr, code := cli(t, "", "backup", "--db", db, "--out", out); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	for _, f := range []string{db, out} {
		if st, err := os.Stat(f); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, want mode 0600", f, err)
		}
	}
	cp, err := store.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if u, err := cp.Accounts().UserByEmail(context.Background(), "l@gemeente.nl"); err != nil || u.Role != account.RoleReader {
		t.Errorf("copy lacks the account: %+v %v", u, err)
	}
	if _, _, code := cli(t, "", "backup", "--db", filepath.Join(dir, "bestaat-niet.db"), "--out", filepath.Join(dir, "x.db")); code == 0 {
		t.Error("backup of a missing database: exit 0")
	}
}

func TestUnknownCommand(t *testing.T) {
	_, stderr, code := cli(t, "", "toveren")
	if code != 2 || !strings.Contains(stderr, `unknown command "toveren"`) || !strings.Contains(stderr, "server") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// tokenFor makes an API token for email with the operator's command, for
// commands that act for a person and must be given proof.
func tokenFor(t *testing.T, dsn, email string) string {
	t.Helper()
	stdout, stderr, code := cli(t, "", "token", "maken", "--db", dsn, "--email", email)
	if code != 0 {
		t.Fatalf("token maken %s: exit %d: %s", email, code, stderr)
	}
	return strings.TrimSpace(stdout)
}

// cliEnv is cli with extra environment variables (NAME=VALUE).
func cliEnv(t *testing.T, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), asMain+"=1"), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// The earlier English names stay working, unlisted, for the scripts and
// charts of operators that use them (docs/decisions.md).
func TestEarlierNamesStillWork(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "p.db")
	if _, stderr, code := cli(t, "een goed wachtwoord\n", "user", "add", "--db", dsn, "--role", "beheerder", "--email", "a@gemeente.nl"); code != 0 {
		t.Fatalf("account aanmaken: exit %d: %s", code, stderr)
	}
	if stdout, stderr, code := cli(t, "", "token", "create", "--db", dsn, "--email", "a@gemeente.nl"); code != 0 || !strings.HasPrefix(stdout, "psp_") {
		t.Errorf("token maken: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	if stdout, _, code := cli(t, "", "account", "tonen", "--db", dsn); code != 0 || !strings.Contains(stdout, "a@gemeente.nl") {
		t.Errorf("account tonen after account aanmaken: exit %d, %q", code, stdout)
	}
	_, stderr, code := cli(t, "", "help")
	if code != 2 || !strings.Contains(stderr, "\n  account ") || !strings.Contains(stderr, "\n  server ") {
		t.Errorf("help: exit %d, %q", code, stderr)
	}
	for _, old := range []string{"\n  user ", "\n  serve ", "\n  generate "} {
		if strings.Contains(stderr, old) {
			t.Errorf("help lists the earlier name %q:\n%s", old, stderr)
		}
	}
}
