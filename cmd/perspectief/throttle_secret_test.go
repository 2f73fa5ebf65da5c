package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A throttle secret that is missing or too short stops the server before it
// listens, with the file named.
func TestServeRejectsBadThrottleSecret(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	short := filepath.Join(dir, "kort")
	if err := os.WriteFile(short, []byte("te kort\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{short, "minstens 32"},
		{filepath.Join(dir, "nope"), "--throttle-secret-file"},
	} {
		_, stderr, code := cli(t, "", "server", "--addr", "127.0.0.1:0", "--db", db, "--throttle-secret-file", c.file)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q, want %q", c.file, code, stderr, c.want)
		}
	}
}
