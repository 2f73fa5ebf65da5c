-- Interventions as the seeds describe them (issue 14, section 5): a stage
-- (onderzoek, pilot, opschalen, borgen; '' when not recorded), an area
-- (gemeente, noord, wijken; '' when not recorded) with the CBS codes of the
-- chosen wijken as a JSON array, and intended results with a number to
-- reach (NULL for a qualitative result) in a target year (0 for none).
-- Stage history is read from programme_versions, which keep the whole
-- model; versions stored before this migration read as having no stage.

ALTER TABLE interventions ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE interventions ADD COLUMN area TEXT NOT NULL DEFAULT '';
ALTER TABLE interventions ADD COLUMN wijken TEXT NOT NULL DEFAULT '[]';

ALTER TABLE intended_results ADD COLUMN amount DOUBLE PRECISION;
ALTER TABLE intended_results ADD COLUMN target_year INTEGER NOT NULL DEFAULT 0;
