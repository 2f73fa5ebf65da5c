-- Queries of store.Programmes (programme.go, version.go): the model, its versions, updates, comments.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: ProgrammeHeader
SELECT name, description, start_year, end_year FROM programme WHERE id = 1;

-- name: Goals
SELECT code, level, title, description, expected FROM goals ORDER BY position;

-- name: GoalLinks
SELECT child_code, parent_code FROM goal_links ORDER BY child_code, position;

-- name: Lines
SELECT code, name, description FROM lines ORDER BY position;

-- name: Interventions
SELECT code, line_code, title, owner, leaders, stage, area, wijken, objective, approach, audience, partners FROM interventions ORDER BY position;

-- name: InterventionGoals
SELECT intervention_code, goal_code FROM intervention_goals ORDER BY intervention_code, position;

-- name: IntendedResults
SELECT intervention_code, code, description, unit, target, amount, target_year FROM intended_results ORDER BY intervention_code, position;

-- name: BudgetRows
SELECT id, kind, code, label, line_code, note, valid_from, valid_to, structural FROM budget_rows ORDER BY kind, position;

-- name: BudgetAmounts
SELECT row_id, year, amount FROM budget_amounts;

-- name: CurrentVersion
SELECT COALESCE(MAX(number), 0) FROM programme_versions;

-- name: InsertProgrammeHeader
INSERT INTO programme (id, name, description, start_year, end_year) VALUES (1, ?, ?, ?, ?);

-- name: InsertGoal
INSERT INTO goals (code, position, level, title, description, expected) VALUES (?, ?, ?, ?, ?, ?);

-- name: InsertGoalLink
INSERT INTO goal_links (parent_code, child_code, position) VALUES (?, ?, ?);

-- name: InsertLine
INSERT INTO lines (code, position, name, description) VALUES (?, ?, ?, ?);

-- name: InsertBudgetRow
INSERT INTO budget_rows (kind, position, code, label, line_code, note, valid_from, valid_to, structural) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: InsertBudgetAmount
INSERT INTO budget_amounts (row_id, year, amount) VALUES (?, ?, ?);

-- name: InsertIntervention
INSERT INTO interventions (code, position, line_code, title, owner, leaders, stage, area, wijken, objective, approach, audience, partners) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: InsertInterventionGoal
INSERT INTO intervention_goals (intervention_code, goal_code, position) VALUES (?, ?, ?);

-- name: InsertIntendedResult
INSERT INTO intended_results (intervention_code, code, position, description, unit, target, amount, target_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: NextInterventionPosition
SELECT COALESCE(MAX(position), -1) + 1 FROM interventions;

-- name: UpdateIntervention
UPDATE interventions SET title = ?, owner = ?, leaders = ?, objective = ?, approach = ?, audience = ?, partners = ? WHERE code = ?;

-- name: DeleteIntendedResults
DELETE FROM intended_results WHERE intervention_code = ?;

-- name: InsertProgressUpdate
INSERT INTO progress_updates (intervention_code, period, status, narrative, successes, concerns, escalated, escalation_reason, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: InsertProgressValue
INSERT INTO progress_values (update_id, result_code, value) VALUES (?, ?, ?);

-- name: ProgressUpdates
SELECT id, intervention_code, period, status, narrative, successes, concerns, escalated, escalation_reason, author, created_at FROM progress_updates ORDER BY id;

-- name: ProgressValues
SELECT update_id, result_code, value FROM progress_values ORDER BY update_id, result_code;

-- name: InsertComment
INSERT INTO comments (target_kind, target_code, text, author, author_role, created_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: Comments
SELECT id, target_kind, target_code, text, author, author_role, created_at FROM comments WHERE target_kind = ? AND target_code = ? ORDER BY id;

-- name: VersionCount
SELECT COUNT(*) FROM programme_versions;

-- name: LockProgramme
UPDATE programme SET id = id WHERE id = 1;

-- name: LatestVersion
SELECT number, model FROM programme_versions ORDER BY number DESC LIMIT 1;

-- name: InsertVersion
INSERT INTO programme_versions (number, created_at, actor, kind, reason, decision_id, lessons, changes, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: Versions
SELECT number, created_at, actor, kind, reason, decision_id, lessons, changes FROM programme_versions ORDER BY number;

-- name: Version
SELECT number, created_at, actor, kind, reason, decision_id, lessons, changes, model FROM programme_versions WHERE number = ?;

-- Replacing the model empties its tables first, children before parents.
-- name: ClearBudgetAmounts
DELETE FROM budget_amounts;

-- name: ClearBudgetRows
DELETE FROM budget_rows;

-- name: ClearIntendedResults
DELETE FROM intended_results;

-- name: ClearInterventionGoals
DELETE FROM intervention_goals;

-- name: ClearInterventions
DELETE FROM interventions;

-- name: ClearLines
DELETE FROM lines;

-- name: ClearGoalLinks
DELETE FROM goal_links;

-- name: ClearGoals
DELETE FROM goals;

-- name: ClearProgrammeHeader
DELETE FROM programme;
