-- Experience surveys. A questionnaire version is stored whole as JSON and
-- never changed; a wave points at one version. Responses keep no account,
-- address, token or time of day: only the day, the area the respondent
-- chose to give and the channel. Personal links are stored as hashes with a
-- used flag and nothing that ties them to the response they led to.

CREATE TABLE survey_questionnaires (
    code       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    audience   TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE TABLE survey_waves (
    code                  TEXT PRIMARY KEY,
    title                 TEXT NOT NULL,
    questionnaire_code    TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    period                TEXT NOT NULL,
    access                TEXT NOT NULL,
    link_key              TEXT NOT NULL UNIQUE,
    min_n                 INTEGER NOT NULL,
    note                  TEXT NOT NULL,
    status                TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    created_by            TEXT NOT NULL,
    published_at          TEXT,
    closed_at             TEXT,
    FOREIGN KEY (questionnaire_code, questionnaire_version) REFERENCES survey_questionnaires(code, version)
);

CREATE TABLE survey_tokens (
    hash      TEXT PRIMARY KEY,
    wave_code TEXT NOT NULL REFERENCES survey_waves(code),
    used      INTEGER NOT NULL
);
CREATE INDEX survey_tokens_wave ON survey_tokens(wave_code);

CREATE TABLE survey_responses (
    id            {{ID}},
    wave_code     TEXT NOT NULL REFERENCES survey_waves(code),
    area          TEXT NOT NULL,
    response_date TEXT NOT NULL,
    channel       TEXT NOT NULL
);
CREATE INDEX survey_responses_wave ON survey_responses(wave_code);

CREATE TABLE survey_answers (
    response_id   BIGINT NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question_code TEXT NOT NULL,
    answer        TEXT NOT NULL,
    PRIMARY KEY (response_id, question_code)
);
