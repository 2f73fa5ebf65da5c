-- Queries of store.Surveys (survey.go): questionnaires, waves, personal links, responses.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: LatestQuestionnaireVersion
SELECT COALESCE(MAX(version), 0) FROM survey_questionnaires WHERE code = ?;

-- name: InsertQuestionnaire
INSERT INTO survey_questionnaires (code, version, title, audience, body, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: Questionnaires
SELECT body FROM survey_questionnaires ORDER BY code, version;

-- name: Questionnaire
SELECT body FROM survey_questionnaires WHERE code = ? AND version = ?;

-- name: LatestQuestionnaire
SELECT body FROM survey_questionnaires WHERE code = ? ORDER BY version DESC LIMIT 1;

-- name: InsertWave
INSERT INTO survey_waves (code, title, questionnaire_code, questionnaire_version, period, access, link_key, min_n, note, status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateDraftWave
UPDATE survey_waves SET title = ?, questionnaire_code = ?, questionnaire_version = ?, period = ?, access = ?, min_n = ?, note = ? WHERE code = ? AND status = ?;

-- name: Waves
SELECT code, title, questionnaire_code, questionnaire_version, period, access, link_key, min_n, note, status, created_at, created_by, published_at, closed_at FROM survey_waves ORDER BY created_at DESC, code;

-- name: SurveyToken
SELECT wave_code, used FROM survey_tokens WHERE hash = ?;

-- name: SurveyTokenCounts
SELECT COUNT(*), COALESCE(SUM(used), 0) FROM survey_tokens WHERE wave_code = ?;

-- name: UseSurveyToken
UPDATE survey_tokens SET used = 1 WHERE hash = ? AND wave_code = ? AND used = 0;

-- name: WaveStatus
SELECT status FROM survey_waves WHERE code = ?;

-- name: InsertSubmissionAudit
INSERT INTO audit_log (at, actor, action, entity, entity_key, before_json, after_json) VALUES (?, ?, ?, ?, ?, '', '');

-- name: ImportedResponseKeys
SELECT import_key FROM survey_responses WHERE wave_code = ? AND import_key IS NOT NULL;

-- name: InsertResponse
INSERT INTO survey_responses (wave_code, area, response_date, channel, import_key) VALUES (?, ?, ?, ?, ?);

-- name: Responses
SELECT id, area, response_date, channel FROM survey_responses WHERE wave_code = ? ORDER BY id;

-- name: Answers
SELECT a.response_id, a.question_code, a.answer FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id WHERE r.wave_code = ?;

-- name: ResponseCounts
SELECT wave_code, COUNT(*) FROM survey_responses GROUP BY wave_code;

-- name: PublishWave
UPDATE survey_waves SET status = ?, published_at = ? WHERE code = ? AND status = ?;

-- name: CloseWave
UPDATE survey_waves SET status = ?, closed_at = ? WHERE code = ? AND status = ?;

-- name: WaveByLink
SELECT code, title, questionnaire_code, questionnaire_version, period, access, link_key, min_n, note, status, created_at, created_by, published_at, closed_at
  FROM survey_waves WHERE link_key = ?;

-- name: WaveByCode
SELECT code, title, questionnaire_code, questionnaire_version, period, access, link_key, min_n, note, status, created_at, created_by, published_at, closed_at
  FROM survey_waves WHERE code = ?;

-- One row of values; batch repeats it for many links in one statement.
-- name: InsertSurveyTokens
INSERT INTO survey_tokens (hash, wave_code, used) VALUES (?, ?, 0);

-- One row of values; batch repeats it for every answer of a response.
-- name: InsertAnswers
INSERT INTO survey_answers (response_id, question_code, answer) VALUES (?, ?, ?);
