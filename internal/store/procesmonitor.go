package store

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/procesmonitor"
)

var _ procesmonitor.Store = Procesmonitor{}

// bookingBatch rows go into one INSERT: 9 parameters each stays far below
// both databases' limits.
const bookingBatch = 500

const dateLayout = "2006-01-02"

func parseDate(s string) time.Time {
	d, _ := time.Parse(dateLayout, s)
	return d
}

// Bookings returns the bookings of year (all when 0), by date and reference.
func (s Procesmonitor) Bookings(ctx context.Context, year int) ([]procesmonitor.Booking, error) {
	q, args := named("Bookings"), []any(nil)
	if year != 0 {
		q, args = named("YearBookings"), []any{year}
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procesmonitor.Booking
	for rows.Next() {
		var b procesmonitor.Booking
		var date string
		if err := rows.Scan(&b.Reference, &date, &b.Target, &b.Cents, &b.Description, &b.ImportID, &b.Code, &b.Intervention); err != nil {
			return nil, err
		}
		b.Date = parseDate(date)
		out = append(out, b)
	}
	return out, rows.Err()
}

// BookingsByReference looks up stored bookings by reference.
func (s Procesmonitor) BookingsByReference(ctx context.Context, refs []string) (map[string]procesmonitor.Booking, error) {
	out := map[string]procesmonitor.Booking{}
	for start := 0; start < len(refs); start += bookingBatch {
		part := refs[start:min(start+bookingBatch, len(refs))]
		args := make([]any, len(part))
		for i, r := range part {
			args[i] = r
		}
		rows, err := s.query(ctx, inList(named("BookingsByReference"), len(part)), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var b procesmonitor.Booking
			var date string
			if err := rows.Scan(&b.Reference, &date, &b.Target, &b.Cents, &b.Description, &b.ImportID, &b.Code, &b.Intervention); err != nil {
				rows.Close()
				return nil, err
			}
			b.Date = parseDate(date)
			out[b.Reference] = b
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AddBookings stores an import and its bookings in one transaction, with
// its audit event.
func (s Procesmonitor) AddBookings(ctx context.Context, imp *procesmonitor.Import, bs []procesmonitor.Booking) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertSpendingImport"),
			imp.File, timeText(imp.At), imp.Actor, imp.Added, imp.Known, boolInt(imp.Synthetic))
		if err != nil {
			return err
		}
		var total int64
		years := map[int]bool{}
		for start := 0; start < len(bs); start += bookingBatch {
			part := bs[start:min(start+bookingBatch, len(bs))]
			args := make([]any, 0, len(part)*9)
			for _, b := range part {
				args = append(args, b.Reference, b.Date.Format(dateLayout), b.Year(), b.Target, b.Cents, b.Description, id, b.Code, b.Intervention)
				total += b.Cents
				years[b.Year()] = true
			}
			if _, err := s.exec(ctx, tx, batch(named("InsertBookings"), len(part)), args...); err != nil {
				if isUnique(err) {
					return &perspectief.Error{Code: perspectief.CodeConflict, Message: "Een deel van deze boekingen is zojuist door iemand anders ingelezen. Lees het bestand opnieuw in; wat al is ingelezen, wordt dan overgeslagen.", Err: err}
				}
				return err
			}
		}
		imp.ID = id
		ys := slices.Sorted(maps.Keys(years))
		return s.audit(ctx, tx, imp.Actor, "ingelezen", "uitgaven", imp.File, nil, map[string]any{
			"nieuw": imp.Added, "al_ingelezen": imp.Known, "totaal_euro": procesmonitor.FormatCents(total), "jaren": ys, "synthetisch": imp.Synthetic})
	})
}

// Imports lists the imports, newest first.
func (s Procesmonitor) Imports(ctx context.Context) ([]procesmonitor.Import, error) {
	rows, err := s.query(ctx, named("SpendingImports"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procesmonitor.Import
	for rows.Next() {
		var imp procesmonitor.Import
		var at string
		var synthetic int
		if err := rows.Scan(&imp.ID, &imp.File, &at, &imp.Actor, &imp.Added, &imp.Known, &synthetic); err != nil {
			return nil, err
		}
		imp.At, imp.Synthetic = parseTime(at), synthetic != 0
		out = append(out, imp)
	}
	return out, rows.Err()
}

// Commitments returns every stored commitment.
func (s Procesmonitor) Commitments(ctx context.Context) ([]procesmonitor.Commitment, error) {
	rows, err := s.query(ctx, named("Commitments"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procesmonitor.Commitment
	for rows.Next() {
		var c procesmonitor.Commitment
		var at string
		if err := rows.Scan(&c.Target, &c.Year, &c.Cents, &at, &c.Actor); err != nil {
			return nil, err
		}
		c.UpdatedAt = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetCommitments stores the committed amounts of a year; unchanged amounts
// are left alone and not audited, an amount of 0 removes the row.
func (s Procesmonitor) SetCommitments(ctx context.Context, year int, cs []procesmonitor.Commitment, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range cs {
			var old int64
			err := tx.QueryRowContext(ctx, s.d.rebind(named("CommitmentAmount")), c.Target, year).Scan(&old)
			if err != nil && !isNoRows(err) {
				return err
			}
			if old == c.Cents {
				continue
			}
			if c.Cents == 0 {
				_, err = s.exec(ctx, tx, named("DeleteCommitment"), c.Target, year)
			} else {
				_, err = s.exec(ctx, tx, named("UpsertCommitment"),
					c.Target, year, c.Cents, timeText(c.UpdatedAt), actor)
			}
			if err != nil {
				return err
			}
			key := c.Target + ":" + itoa(int64(year))
			if err := s.audit(ctx, tx, actor, "gewijzigd", "vastgelegd", key,
				map[string]any{"euro": procesmonitor.FormatCents(old)}, map[string]any{"euro": procesmonitor.FormatCents(c.Cents)}); err != nil {
				return err
			}
		}
		return nil
	})
}

func scanMilestone(sc interface{ Scan(...any) error }) (procesmonitor.Milestone, error) {
	var m procesmonitor.Milestone
	var due, status, at string
	err := sc.Scan(&m.ID, &m.Intervention, &m.Title, &due, &m.Owner, &status, &m.Note, &at, &m.Actor)
	m.Due, m.Status, m.UpdatedAt = parseDate(due), procesmonitor.MilestoneStatus(status), parseTime(at)
	return m, err
}

// Milestones returns the milestones of an intervention, or all.
func (s Procesmonitor) Milestones(ctx context.Context, intervention string) ([]procesmonitor.Milestone, error) {
	q, args := named("Milestones"), []any(nil)
	if intervention != "" {
		q, args = named("InterventionMilestones"), []any{intervention}
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procesmonitor.Milestone
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Milestone returns one milestone.
func (s Procesmonitor) Milestone(ctx context.Context, id int64) (*procesmonitor.Milestone, error) {
	m, err := scanMilestone(s.queryRow(ctx, named("MilestoneByID"), id))
	if isNoRows(err) {
		return nil, notFound("mijlpaal", itoa(id))
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

func milestoneAudit(m procesmonitor.Milestone) map[string]any {
	return map[string]any{"titel": m.Title, "datum": m.Due.Format(dateLayout), "eigenaar": m.Owner, "status": m.Status, "toelichting": m.Note}
}

// AddMilestone stores a new milestone and sets its ID.
func (s Procesmonitor) AddMilestone(ctx context.Context, m *procesmonitor.Milestone) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertMilestone"),
			m.Intervention, m.Title, m.Due.Format(dateLayout), m.Owner, string(m.Status), m.Note, timeText(m.UpdatedAt), m.Actor)
		if err != nil {
			return err
		}
		m.ID = id
		if err := s.addChange(ctx, tx, *m); err != nil {
			return err
		}
		return s.audit(ctx, tx, m.Actor, "toegevoegd", "mijlpaal", m.Intervention+":"+itoa(id), nil, milestoneAudit(*m))
	})
}

// SaveMilestone replaces a milestone's fields.
func (s Procesmonitor) SaveMilestone(ctx context.Context, before, after procesmonitor.Milestone) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, named("UpdateMilestone"),
			after.Title, after.Due.Format(dateLayout), after.Owner, string(after.Status), after.Note, timeText(after.UpdatedAt), after.Actor, after.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("mijlpaal", itoa(after.ID))
		}
		if procesmonitor.Changed(before, after) {
			if err := s.addChange(ctx, tx, after); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, after.Actor, "gewijzigd", "mijlpaal", after.Intervention+":"+itoa(after.ID), milestoneAudit(before), milestoneAudit(after))
	})
}

// addChange writes an entry of the milestone's history: its status and
// date from its UpdatedAt on.
func (s Procesmonitor) addChange(ctx context.Context, tx *sql.Tx, m procesmonitor.Milestone) error {
	_, err := s.exec(ctx, tx, named("InsertMilestoneChange"), m.ID, string(m.Status), m.Due.Format(dateLayout), timeText(m.UpdatedAt), m.Actor)
	return err
}

// MilestoneHistory returns the history of an intervention's milestones, or
// of all, oldest first.
func (s Procesmonitor) MilestoneHistory(ctx context.Context, intervention string) ([]procesmonitor.MilestoneChange, error) {
	q, args := named("MilestoneHistory"), []any(nil)
	if intervention != "" {
		q, args = named("InterventionMilestoneHistory"), []any{intervention}
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procesmonitor.MilestoneChange
	for rows.Next() {
		var c procesmonitor.MilestoneChange
		var status, due, at string
		if err := rows.Scan(&c.Milestone, &status, &due, &at, &c.Actor); err != nil {
			return nil, err
		}
		c.Status, c.Due, c.At = procesmonitor.MilestoneStatus(status), parseDate(due), parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteMilestone removes a milestone.
func (s Procesmonitor) DeleteMilestone(ctx context.Context, m procesmonitor.Milestone, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, named("DeleteMilestone"), m.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("mijlpaal", itoa(m.ID))
		}
		return s.audit(ctx, tx, actor, "verwijderd", "mijlpaal", m.Intervention+":"+itoa(m.ID), milestoneAudit(m), nil)
	})
}
