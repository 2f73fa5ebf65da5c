package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/perspectief/perspectief/internal/pending"
	"github.com/perspectief/perspectief/internal/procesmonitor"
)

func scanLedgerCode(sc interface{ Scan(...any) error }) (procesmonitor.LedgerCode, error) {
	var c procesmonitor.LedgerCode
	var at string
	err := sc.Scan(&c.Code, &c.Target, &c.Intervention, &c.Note, &at, &c.Actor)
	c.UpdatedAt = parseTime(at)
	return c, err
}

// LedgerCodes returns the mapping of codes of the financial
// administration, by code.
func (s Procesmonitor) LedgerCodes(ctx context.Context) ([]procesmonitor.LedgerCode, error) {
	rows, err := s.query(ctx, named("LedgerCodes"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procesmonitor.LedgerCode
	for rows.Next() {
		c, err := scanLedgerCode(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func ledgerAudit(c procesmonitor.LedgerCode) map[string]any {
	return map[string]any{"bestemming": c.Target, "interventie": c.Intervention, "toelichting": c.Note}
}

// SaveLedgerCodes adds or replaces mappings in one transaction; a mapping
// that does not change is not audited.
func (s Procesmonitor) SaveLedgerCodes(ctx context.Context, cs []procesmonitor.LedgerCode, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range cs {
			old, err := scanLedgerCode(tx.QueryRowContext(ctx, s.d.rebind(named("LedgerCodeByCode")), c.Code))
			var before map[string]any
			switch {
			case isNoRows(err):
			case err != nil:
				return err
			case old.Target == c.Target && old.Intervention == c.Intervention && old.Note == c.Note:
				continue
			default:
				before = ledgerAudit(old)
			}
			if _, err := s.exec(ctx, tx, named("UpsertLedgerCode"), c.Code, c.Target, c.Intervention, c.Note, timeText(c.UpdatedAt), actor); err != nil {
				return err
			}
			action := "gewijzigd"
			if before == nil {
				action = "toegevoegd"
			}
			if err := s.audit(ctx, tx, actor, action, "grootboekcode", c.Code, before, ledgerAudit(c)); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteLedgerCode removes a mapping.
func (s Procesmonitor) DeleteLedgerCode(ctx context.Context, code, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanLedgerCode(tx.QueryRowContext(ctx, s.d.rebind(named("LedgerCodeByCode")), code))
		if isNoRows(err) {
			return notFound("grootboekcode", code)
		}
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("DeleteLedgerCode"), code); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "verwijderd", "grootboekcode", code, ledgerAudit(old), nil)
	})
}

// SaveUpload keeps a previewed spending file in pending_uploads, beside
// the indicator uploads.
func (s Procesmonitor) SaveUpload(ctx context.Context, key string, f pending.File, expired time.Time) error {
	return Indicators(s).SaveUpload(ctx, key, f, expired)
}

// TakeUpload returns and removes a previewed spending file, once.
func (s Procesmonitor) TakeUpload(ctx context.Context, key, kind, actor string, expired time.Time) (pending.File, bool, error) {
	return Indicators(s).TakeUpload(ctx, key, kind, actor, expired)
}
