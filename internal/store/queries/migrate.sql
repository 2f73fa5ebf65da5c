-- Queries of store.Open (store.go): the bookkeeping of the migrations.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: CreateSchemaMigrations
CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);

-- name: AppliedMigrations
SELECT name FROM schema_migrations;

-- name: InsertAppliedMigration
INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?);
