-- Queries of store.Rules (rules.go): versions of the eligibility rules.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: InsertRuleVersion
INSERT INTO rule_versions (code, version, file_name, content, sha256, valid_from, valid_to, origin, actor, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: RuleVersions
SELECT id, code, version, file_name, content, sha256, valid_from, valid_to, origin, actor, loaded_at FROM rule_versions ORDER BY id;

-- name: RuleVersionStamp
SELECT MAX(id) FROM rule_versions;
