package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of a SQLite database to dest while other
// connections may go on reading and writing. VACUUM INTO reads inside one
// transaction, so the copy is a snapshot; it is written to a temporary name
// and renamed, so dest is either whole or absent. The copy is readable by
// its owner only (0600).
func (s *DB) Backup(ctx context.Context, dest string) error {
	if s.d.name != "sqlite" {
		return errors.New("backup is for SQLite databases; use pg_dump for PostgreSQL")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s exists already; choose a new file name", dest)
	}
	tmp := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp")
	os.Remove(tmp)
	// VACUUM INTO writes into an empty file that exists, so the copy gets
	// the mode made here (owner only) rather than SQLite's default 0644.
	if err := createPrivate(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, named("VacuumInto"), tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
