-- A response read from a CSV file carries a stable key (a hash of its
-- respondent id, or of its cells and how often the same row came before in
-- the file), so that importing the same file again adds nothing. Responses
-- from the form have none: NULLs do not clash in a unique index on either
-- database.
ALTER TABLE survey_responses ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX survey_responses_import_key ON survey_responses(wave_code, import_key);
