-- Queries of store.Reminders (reminder.go): the sent-log of e-mail reminders.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: ClaimReminder
INSERT INTO reminders_sent (kind, period, recipient, claimed_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (kind, period, recipient) DO NOTHING;

-- name: MarkReminderSent
UPDATE reminders_sent SET sent_at = ? WHERE kind = ? AND period = ? AND recipient = ?;

-- name: ReleaseReminder
DELETE FROM reminders_sent WHERE kind = ? AND period = ? AND recipient = ? AND sent_at IS NULL;

-- name: ReminderSent
SELECT count(*) FROM reminders_sent WHERE kind = ? AND period = ? AND recipient = ? AND sent_at IS NOT NULL;
