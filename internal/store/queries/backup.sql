-- Queries of DB.Backup (backup.go): a consistent copy of a SQLite database.
-- SQLite only; Backup refuses PostgreSQL before it gets here.

-- name: VacuumInto
VACUUM INTO ?;
