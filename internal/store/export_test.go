package store

import "context"

// OpenUpTo opens dsn with the migrations up to and including last, so
// that a test can store data as an older Perspectief did.
func OpenUpTo(ctx context.Context, dsn, last string) (*DB, error) { return open(ctx, dsn, last) }

// RawExec runs one statement with ? placeholders, as an older version's
// code would have.
func (s *DB) RawExec(ctx context.Context, q string, args ...any) error {
	_, err := s.db.ExecContext(ctx, s.d.rebind(q), args...)
	return err
}
