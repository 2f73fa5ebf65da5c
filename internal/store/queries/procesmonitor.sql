-- Queries of store.Procesmonitor (procesmonitor.go): bookings, commitments, milestones.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: Bookings
SELECT reference, booked_on, target, amount_cents, description, import_id, ledger_code, intervention FROM bookings
  ORDER BY booked_on, reference;

-- name: YearBookings
SELECT reference, booked_on, target, amount_cents, description, import_id, ledger_code, intervention FROM bookings
  WHERE year = ?
  ORDER BY booked_on, reference;

-- name: InsertSpendingImport
INSERT INTO spending_imports (file, imported_at, actor, added, known, synthetic) VALUES (?, ?, ?, ?, ?, ?);

-- name: InsertBookings
INSERT INTO bookings (reference, booked_on, year, target, amount_cents, description, import_id, ledger_code, intervention) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: SpendingImports
SELECT id, file, imported_at, actor, added, known, synthetic FROM spending_imports ORDER BY id DESC;

-- name: Commitments
SELECT target, year, amount_cents, updated_at, actor FROM commitments ORDER BY year, target;

-- name: CommitmentAmount
SELECT amount_cents FROM commitments WHERE target = ? AND year = ?;

-- name: DeleteCommitment
DELETE FROM commitments WHERE target = ? AND year = ?;

-- name: UpsertCommitment
INSERT INTO commitments (target, year, amount_cents, updated_at, actor) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (target, year) DO UPDATE SET amount_cents = excluded.amount_cents, updated_at = excluded.updated_at, actor = excluded.actor;

-- name: Milestones
SELECT id, intervention_code, title, due_on, owner, status, note, updated_at, actor FROM milestones
  ORDER BY due_on, id;

-- name: InterventionMilestones
SELECT id, intervention_code, title, due_on, owner, status, note, updated_at, actor FROM milestones
  WHERE intervention_code = ?
  ORDER BY due_on, id;

-- name: MilestoneByID
SELECT id, intervention_code, title, due_on, owner, status, note, updated_at, actor FROM milestones WHERE id = ?;

-- name: InsertMilestone
INSERT INTO milestones (intervention_code, title, due_on, owner, status, note, updated_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateMilestone
UPDATE milestones SET title = ?, due_on = ?, owner = ?, status = ?, note = ?, updated_at = ?, actor = ? WHERE id = ?;

-- name: InsertMilestoneChange
INSERT INTO milestone_history (milestone_id, status, due_on, changed_at, actor) VALUES (?, ?, ?, ?, ?);

-- name: MilestoneHistory
SELECT h.milestone_id, h.status, h.due_on, h.changed_at, h.actor FROM milestone_history h
  ORDER BY h.changed_at, h.id;

-- name: InterventionMilestoneHistory
SELECT h.milestone_id, h.status, h.due_on, h.changed_at, h.actor FROM milestone_history h
  JOIN milestones m ON m.id = h.milestone_id
  WHERE m.intervention_code = ?
  ORDER BY h.changed_at, h.id;

-- name: DeleteMilestone
DELETE FROM milestones WHERE id = ?;

-- inList widens IN (?) to the references looked up.
-- name: BookingsByReference
SELECT reference, booked_on, target, amount_cents, description, import_id, ledger_code, intervention FROM bookings WHERE reference IN (?);

-- name: LedgerCodes
SELECT code, target, intervention, note, updated_at, actor FROM ledger_codes ORDER BY code;

-- name: LedgerCodeByCode
SELECT code, target, intervention, note, updated_at, actor FROM ledger_codes WHERE code = ?;

-- name: UpsertLedgerCode
INSERT INTO ledger_codes (code, target, intervention, note, updated_at, actor) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (code) DO UPDATE SET target = excluded.target, intervention = excluded.intervention, note = excluded.note,
    updated_at = excluded.updated_at, actor = excluded.actor;

-- name: DeleteLedgerCode
DELETE FROM ledger_codes WHERE code = ?;
