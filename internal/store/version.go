package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// versionNote says why the model changed, for the version it leaves.
type versionNote struct {
	at       time.Time // zero: now
	kind     string
	reason   string
	decision int64
	lessons  []int64
}

// beginModelChange starts every transaction that changes the programme
// model. It locks the programme row, so that model changes, and the
// numbering of their versions, happen one after another on PostgreSQL as
// on SQLite; and it stores the model as it is as version 1 when a database
// that had a model before versions existed changes for the first time.
func (s *conn) beginModelChange(ctx context.Context, tx *sql.Tx, actor string) error {
	if err := s.lockProgramme(ctx, tx); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, named("VersionCount")).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	m, err := s.modelIn(ctx, tx)
	if err != nil || m.Name == "" {
		return err
	}
	return s.insertVersion(ctx, tx, 1, actor, versionNote{kind: programme.VersionImport, reason: "Het programma zoals het was toen versies werden bijgehouden"}, nil, m)
}

// lockProgramme locks the programme row until tx ends (a second lock in the
// same transaction is harmless).
func (s *conn) lockProgramme(ctx context.Context, tx *sql.Tx) error {
	_, err := s.exec(ctx, tx, named("LockProgramme"))
	return err
}

// recordVersion stores the model as the transaction left it, with what
// differs from the version before, and returns its number.
func (s *conn) recordVersion(ctx context.Context, tx *sql.Tx, actor string, note versionNote) (int, error) {
	m, err := s.modelIn(ctx, tx)
	if err != nil {
		return 0, err
	}
	var last int
	var prevJSON string
	err = tx.QueryRowContext(ctx, named("LatestVersion")).Scan(&last, &prevJSON)
	var prev *programme.Model
	switch {
	case isNoRows(err):
	case err != nil:
		return 0, err
	default:
		prev = &programme.Model{}
		if err := json.Unmarshal([]byte(prevJSON), prev); err != nil {
			return 0, err
		}
		prev.Normalize()
	}
	var changes []programme.Difference
	if prev != nil {
		changes = programme.Diff(prev, m) // the first version has nothing to differ from
	}
	return last + 1, s.insertVersion(ctx, tx, last+1, actor, note, changes, m)
}

func (s *conn) insertVersion(ctx context.Context, tx *sql.Tx, n int, actor string, note versionNote, changes []programme.Difference, m *programme.Model) error {
	if note.lessons == nil {
		note.lessons = []int64{}
	}
	if changes == nil {
		changes = []programme.Difference{}
	}
	model, err := json.Marshal(m)
	if err != nil {
		return err
	}
	lessons, _ := json.Marshal(note.lessons)
	ch, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	at := note.at
	if at.IsZero() {
		at = time.Now()
	}
	_, err = s.exec(ctx, tx, named("InsertVersion"),
		n, timeText(at), actor, note.kind, note.reason, note.decision, string(lessons), string(ch), string(model))
	return err
}

// Versions lists the programme's versions, oldest first, without models.
func (s Programmes) Versions(ctx context.Context) ([]programme.Version, error) {
	rows, err := s.query(ctx, named("Versions"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programme.Version
	for rows.Next() {
		v, err := scanVersion(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// Version returns one version with its model.
func (s Programmes) Version(ctx context.Context, n int) (*programme.Version, error) {
	rows, err := s.query(ctx, named("Version"), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Versie %d van het programma bestaat niet.", n)
	}
	return scanVersion(rows, true)
}

func scanVersion(rows *sql.Rows, withModel bool) (*programme.Version, error) {
	var v programme.Version
	var created, lessons, changes, model string
	dest := []any{&v.Number, &created, &v.Actor, &v.Kind, &v.Reason, &v.Decision, &lessons, &changes}
	if withModel {
		dest = append(dest, &model)
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	v.CreatedAt = parseTime(created)
	if err := json.Unmarshal([]byte(lessons), &v.Lessons); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
		return nil, err
	}
	if withModel {
		v.Model = &programme.Model{}
		if err := json.Unmarshal([]byte(model), v.Model); err != nil {
			return nil, err
		}
		v.Model.Normalize()
	}
	return &v, nil
}
