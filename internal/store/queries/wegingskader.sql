-- Queries of store.Wegingskader (wegingskader.go): frameworks, requests, rounds, scores, grants.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: Frameworks
SELECT version, source, created_at, created_by FROM wk_frameworks ORDER BY version;

-- name: NextFrameworkVersion
SELECT COALESCE(MAX(version), 0) + 1 FROM wk_frameworks;

-- name: InsertFramework
INSERT INTO wk_frameworks (version, source, created_at, created_by) VALUES (?, ?, ?, ?);

-- name: Requests
SELECT id, applicant, title, description, target_group, goals, attachments, created_at, created_by FROM wk_requests ORDER BY id;

-- name: RequestAmounts
SELECT request_id, year, amount FROM wk_request_amounts;

-- name: DeleteRequestAmounts
DELETE FROM wk_request_amounts WHERE request_id = ?;

-- name: InsertRequestAmount
INSERT INTO wk_request_amounts (request_id, year, amount) VALUES (?, ?, ?);

-- name: InsertRequest
INSERT INTO wk_requests (applicant, title, description, target_group, goals, attachments, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateRequest
UPDATE wk_requests SET applicant = ?, title = ?, description = ?, target_group = ?, goals = ?, attachments = ? WHERE id = ?;

-- name: Rounds
SELECT id, name, description, framework_version, status, created_at, created_by, opened_at, closed_at, decision FROM wk_rounds ORDER BY id;

-- name: RoundBudgets
SELECT round_id, year, amount FROM wk_round_budget;

-- name: RoundPanels
SELECT round_id, email, name, role, submitted_at FROM wk_round_panel ORDER BY round_id, position;

-- name: RoundRequests
SELECT round_id, request_id, fix FROM wk_round_requests ORDER BY round_id, position;

-- name: Grants
SELECT round_id, request_id, intervention_code, line_code, granted_by, granted_at FROM wk_grants ORDER BY round_id, granted_at, request_id;

-- name: InsertRoundBudget
INSERT INTO wk_round_budget (round_id, year, amount) VALUES (?, ?, ?);

-- name: InsertPanelMember
INSERT INTO wk_round_panel (round_id, email, position, name, role) VALUES (?, ?, ?, ?, ?);

-- name: InsertRoundRequest
INSERT INTO wk_round_requests (round_id, request_id, position) VALUES (?, ?, ?);

-- name: InsertRound
INSERT INTO wk_rounds (name, description, framework_version, status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?);

-- name: LockRoundInStatus
UPDATE wk_rounds SET status = status WHERE id = ? AND status = ?;

-- name: UpdateRound
UPDATE wk_rounds SET name = ?, description = ?, framework_version = ? WHERE id = ?;

-- name: SubmittedScores
SELECT sc.request_id, sc.member, sc.criterion, sc.score, sc.motivation, sc.updated_at
  FROM wk_scores sc JOIN wk_round_panel p ON p.round_id = sc.round_id AND p.email = sc.member
  WHERE sc.round_id = ? AND p.submitted_at IS NOT NULL ORDER BY sc.member, sc.request_id, sc.criterion;

-- name: Scores
SELECT request_id, member, criterion, score, motivation, updated_at FROM wk_scores WHERE round_id = ? ORDER BY member, request_id, criterion;

-- name: LockPanelMember
UPDATE wk_round_panel SET submitted_at = submitted_at WHERE round_id = ? AND email = ? AND submitted_at IS NULL;

-- name: DeleteMemberScores
DELETE FROM wk_scores WHERE round_id = ? AND member = ? AND request_id = ?;

-- name: InsertScore
INSERT INTO wk_scores (round_id, member, request_id, criterion, score, motivation, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: SubmitScores
UPDATE wk_round_panel SET submitted_at = ? WHERE round_id = ? AND email = ?;

-- name: ClearFixes
UPDATE wk_round_requests SET fix = '' WHERE round_id = ?;

-- name: SetFix
UPDATE wk_round_requests SET fix = ? WHERE round_id = ? AND request_id = ?;

-- name: Decide
UPDATE wk_rounds SET status = ?, decision = ? WHERE id = ?;

-- name: InsertGrant
INSERT INTO wk_grants (round_id, request_id, intervention_code, line_code, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: DeleteRoundBudgets
DELETE FROM wk_round_budget WHERE round_id = ?;

-- name: DeleteRoundPanel
DELETE FROM wk_round_panel WHERE round_id = ?;

-- name: DeleteRoundRequests
DELETE FROM wk_round_requests WHERE round_id = ?;

-- name: OpenRound
UPDATE wk_rounds SET status = ?, opened_at = ? WHERE id = ?;

-- name: CloseRound
UPDATE wk_rounds SET status = ?, closed_at = ? WHERE id = ?;
