package store

import (
	"context"
	"database/sql"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/report"
)

var _ report.TertialStore = Reports{}

// SaveTertial stores a frozen tertial report with its files in one
// transaction with its audit event.
func (s Reports) SaveTertial(ctx context.Context, t *report.TertialVersion) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var pdf any
		if t.PDF != nil {
			pdf = t.PDF
		}
		id, err := s.insertID(ctx, tx, named("InsertTertial"),
			t.Period, t.Version, t.Note, timeText(t.CreatedAt), t.CreatedBy, t.HTML, t.HTMLSHA256, pdf, t.PDFSHA256, t.Snapshot, t.SnapshotSHA256)
		if err != nil {
			if isUnique(err) {
				return perspectief.Errorf(perspectief.CodeConflict, "tertiaalrapportage %s versie %d bestaat al", t.Period, t.Version)
			}
			return err
		}
		t.ID = id
		return s.audit(ctx, tx, t.CreatedBy, "vastgelegd", "tertiaalrapportage", t.Period+"/"+itoa(int64(t.Version)), nil, map[string]any{
			"periode": t.Period, "versie": t.Version, "notitie": t.Note,
			"html_sha256": t.HTMLSHA256, "pdf_sha256": t.PDFSHA256, "gegevens_sha256": t.SnapshotSHA256,
		})
	})
}

func scanTertialMeta(sc interface{ Scan(...any) error }, t *report.TertialVersion, more ...any) error {
	var at string
	if err := sc.Scan(append([]any{&t.ID, &t.Period, &t.Version, &t.Note, &at, &t.CreatedBy, &t.HTMLSHA256, &t.PDFSHA256, &t.SnapshotSHA256}, more...)...); err != nil {
		return err
	}
	t.CreatedAt = parseTime(at)
	return nil
}

// Tertials lists frozen tertial reports without their files, newest first.
func (s Reports) Tertials(ctx context.Context, period string) ([]report.TertialVersion, error) {
	q, args := named("Tertials"), []any(nil)
	if period != "" {
		q, args = named("PeriodTertials"), []any{period}
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.TertialVersion
	for rows.Next() {
		var t report.TertialVersion
		if err := scanTertialMeta(rows, &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tertial reads one frozen tertial report with its files.
func (s Reports) Tertial(ctx context.Context, period string, version int) (*report.TertialVersion, error) {
	var t report.TertialVersion
	err := scanTertialMeta(s.queryRow(ctx, named("Tertial"), period, version), &t, &t.HTML, &t.PDF, &t.Snapshot)
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Tertiaalrapportage %s versie %d bestaat niet.", period, version)
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// FrozenTertials lists the frozen tertial reports as the reminders
// announce them to the regiegroep.
func (s Reports) FrozenTertials(ctx context.Context) ([]reminder.FrozenReport, error) {
	vs, err := s.Tertials(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make([]reminder.FrozenReport, len(vs))
	for i, v := range vs {
		out[i] = reminder.FrozenReport{Period: v.Period, Version: v.Version, Label: v.Label(), FrozenAt: v.CreatedAt}
	}
	return out, nil
}
