-- Queries of store.Throttles (throttle.go): rate-limit counters and held-back submissions.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: ThrottleHit
INSERT INTO throttle (key, window_end, count, next_at) VALUES (?, ?, ?, 0)
  ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN throttle.window_end <= ? THEN ?
             WHEN throttle.count + ? < 0 THEN 0
             ELSE throttle.count + ? END,
  window_end = CASE WHEN throttle.window_end <= ? THEN ? ELSE throttle.window_end END
  RETURNING count, window_end;

-- name: ThrottleCount
SELECT count FROM throttle WHERE key = ? AND window_end > ?;

-- name: ThrottleGate
INSERT INTO throttle (key, window_end, count, next_at) VALUES (?, ?, 0, ?)
  ON CONFLICT (key) DO UPDATE SET next_at = excluded.next_at WHERE throttle.next_at <= ?
  RETURNING next_at;

-- name: ThrottleGateOpens
SELECT next_at FROM throttle WHERE key = ?;

-- name: ThrottleReset
DELETE FROM throttle WHERE key = ?;

-- name: ThrottlePrune
DELETE FROM throttle WHERE window_end <= ? AND next_at <= ?;

-- name: AddHeldBack
INSERT INTO survey_held_back (wave_code, day, count) VALUES (?, ?, 1)
  ON CONFLICT (wave_code, day) DO UPDATE SET count = survey_held_back.count + 1;

-- name: HeldBack
SELECT COALESCE(SUM(count), 0) FROM survey_held_back WHERE wave_code = ?;
