package store

import (
	"context"
	"database/sql"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/report"
)

var _ report.Store = Reports{}

// Narratives returns the stored texts of a year.
func (s Reports) Narratives(ctx context.Context, year int) ([]report.Narrative, error) {
	rows, err := s.query(ctx, named("Narratives"), year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Narrative
	for rows.Next() {
		n := report.Narrative{Year: year}
		var at string
		if err := rows.Scan(&n.Chapter, &n.Text, &n.Version, &at, &n.UpdatedBy); err != nil {
			return nil, err
		}
		n.UpdatedAt = parseTime(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// narrativeConflict is the answer when someone else saved the chapter's
// text after the writer opened it.
var narrativeConflict = perspectief.Errorf(perspectief.CodeConflict,
	"Iemand anders heeft deze tekst gewijzigd nadat u hem opende. Uw tekst is niet opgeslagen; hieronder staat hij nog. Neem de wijziging van de ander over en sla opnieuw op.")

// SaveNarrative stores version n.Version of a text when the stored one is
// still the version before it. The condition sits in the UPDATE (or in the
// primary key, for a first text), so two writers at once cannot both
// succeed.
func (s Reports) SaveNarrative(ctx context.Context, n report.Narrative) error {
	key := itoa(int64(n.Year)) + "/" + n.Chapter
	return s.tx(ctx, func(tx *sql.Tx) error {
		if n.Version <= 1 {
			if _, err := s.exec(ctx, tx, named("InsertNarrative"),
				n.Year, n.Chapter, n.Text, timeText(n.UpdatedAt), n.UpdatedBy); err != nil {
				if isUnique(err) {
					return narrativeConflict
				}
				return err
			}
			return s.audit(ctx, tx, n.UpdatedBy, "opgeslagen", "rapporttekst", key, nil, map[string]any{"tekst": n.Text, "versie": 1})
		}
		var before string
		err := tx.QueryRowContext(ctx, s.d.rebind(named("NarrativeText")), n.Year, n.Chapter, n.Version-1).Scan(&before)
		if isNoRows(err) {
			return narrativeConflict
		} else if err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, named("UpdateNarrative"),
			n.Text, n.Version, timeText(n.UpdatedAt), n.UpdatedBy, n.Year, n.Chapter, n.Version-1)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k != 1 {
			return narrativeConflict
		}
		return s.audit(ctx, tx, n.UpdatedBy, "gewijzigd", "rapporttekst", key, map[string]any{"tekst": before, "versie": n.Version - 1}, map[string]any{"tekst": n.Text, "versie": n.Version})
	})
}

// SaveDossier stores a frozen dossier with its files in one transaction
// with its audit event.
func (s Reports) SaveDossier(ctx context.Context, d *report.Dossier) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var pdf any
		if d.PDF != nil {
			pdf = d.PDF
		}
		id, err := s.insertID(ctx, tx, named("InsertDossier"),
			d.Year, d.Version, d.Note, timeText(d.CreatedAt), d.CreatedBy, d.HTML, d.HTMLSHA256, pdf, d.PDFSHA256, d.Snapshot, d.SnapshotSHA256, d.OpenData, d.OpenDataSHA256)
		if err != nil {
			if isUnique(err) {
				return perspectief.Errorf(perspectief.CodeConflict, "raadsdossier %d versie %d bestaat al", d.Year, d.Version)
			}
			return err
		}
		d.ID = id
		return s.audit(ctx, tx, d.CreatedBy, "vastgelegd", "raadsdossier", itoa(int64(d.Year))+"/"+itoa(int64(d.Version)), nil, map[string]any{
			"jaar": d.Year, "versie": d.Version, "notitie": d.Note,
			"html_sha256": d.HTMLSHA256, "pdf_sha256": d.PDFSHA256, "gegevens_sha256": d.SnapshotSHA256, "open_data_sha256": d.OpenDataSHA256,
		})
	})
}

func scanDossierMeta(sc interface{ Scan(...any) error }, d *report.Dossier, more ...any) error {
	var at string
	if err := sc.Scan(append([]any{&d.ID, &d.Year, &d.Version, &d.Note, &at, &d.CreatedBy, &d.HTMLSHA256, &d.PDFSHA256, &d.SnapshotSHA256, &d.OpenDataSHA256}, more...)...); err != nil {
		return err
	}
	d.CreatedAt = parseTime(at)
	return nil
}

// Dossiers lists dossiers without their files, newest first.
func (s Reports) Dossiers(ctx context.Context, year int) ([]report.Dossier, error) {
	q, args := named("Dossiers"), []any(nil)
	if year != 0 {
		q, args = named("YearDossiers"), []any{year}
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Dossier
	for rows.Next() {
		var d report.Dossier
		if err := scanDossierMeta(rows, &d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Dossier reads one dossier with its files.
func (s Reports) Dossier(ctx context.Context, year, version int) (*report.Dossier, error) {
	var d report.Dossier
	err := scanDossierMeta(s.queryRow(ctx, named("Dossier"), year, version),
		&d, &d.HTML, &d.PDF, &d.Snapshot, &d.OpenData)
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Raadsdossier %d versie %d bestaat niet.", year, version)
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}
