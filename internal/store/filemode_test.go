package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
)

// TestFileModes: a new SQLite database, its WAL and shared-memory files and
// a backup are readable and writable by their owner only, under the usual
// umask that would otherwise give 0644.
func TestFileModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := account.NewService(db.Accounts()).AddUser(ctx, "a@example.nl", "A", account.RoleReader, "een lang wachtwoord", "test"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "kopie.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm", backup} {
		st, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(f), st.Mode().Perm())
		}
	}
	// An existing file keeps the mode its operator gave it.
	shared := filepath.Join(dir, "gedeeld.db")
	if err := os.WriteFile(shared, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	db2, err := store.Open(ctx, shared)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	if st, _ := os.Stat(shared); st.Mode().Perm() != 0o640 {
		t.Errorf("an existing database changed mode to %v", st.Mode().Perm())
	}
}
