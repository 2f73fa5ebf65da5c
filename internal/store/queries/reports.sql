-- Queries of store.Reports (report.go): narratives and frozen dossiers.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: Narratives
SELECT chapter, text, version, updated_at, updated_by FROM report_narratives WHERE year = ? ORDER BY chapter;

-- name: InsertNarrative
INSERT INTO report_narratives (year, chapter, text, version, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?);

-- name: NarrativeText
SELECT text FROM report_narratives WHERE year = ? AND chapter = ? AND version = ?;

-- name: UpdateNarrative
UPDATE report_narratives SET text = ?, version = ?, updated_at = ?, updated_by = ? WHERE year = ? AND chapter = ? AND version = ?;

-- name: InsertDossier
INSERT INTO report_dossiers (year, version, note, created_at, created_by, html, html_sha256, pdf, pdf_sha256, snapshot, snapshot_sha256, open_data, open_data_sha256)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: Dossiers
SELECT id, year, version, note, created_at, created_by, html_sha256, pdf_sha256, snapshot_sha256, open_data_sha256 FROM report_dossiers
  ORDER BY year DESC, version DESC;

-- name: YearDossiers
SELECT id, year, version, note, created_at, created_by, html_sha256, pdf_sha256, snapshot_sha256, open_data_sha256 FROM report_dossiers
  WHERE year = ?
  ORDER BY year DESC, version DESC;

-- name: Dossier
SELECT id, year, version, note, created_at, created_by, html_sha256, pdf_sha256, snapshot_sha256, open_data_sha256, html, pdf, snapshot, open_data FROM report_dossiers WHERE year = ? AND version = ?;

-- name: InsertTertial
INSERT INTO tertial_reports (period, version, note, created_at, created_by, html, html_sha256, pdf, pdf_sha256, snapshot, snapshot_sha256)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: Tertials
SELECT id, period, version, note, created_at, created_by, html_sha256, pdf_sha256, snapshot_sha256 FROM tertial_reports
  ORDER BY period DESC, version DESC;

-- name: PeriodTertials
SELECT id, period, version, note, created_at, created_by, html_sha256, pdf_sha256, snapshot_sha256 FROM tertial_reports
  WHERE period = ?
  ORDER BY period DESC, version DESC;

-- name: Tertial
SELECT id, period, version, note, created_at, created_by, html_sha256, pdf_sha256, snapshot_sha256, html, pdf, snapshot FROM tertial_reports
  WHERE period = ? AND version = ?;
