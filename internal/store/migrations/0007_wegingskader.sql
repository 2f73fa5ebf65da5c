-- The wegingskader: versions of the framework (the uploaded file, kept as
-- text so that a round can always show the exact framework it used),
-- funding requests, assessment rounds with their budget, panel, requests
-- and scores, the decision and the interventions granted requests became.
-- Amounts are whole euros. Lists that are only read with their request or
-- round (tactical goals, attachments, the decision) are JSON text.

CREATE TABLE wk_frameworks (
    version    INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE wk_requests (
    id           {{ID}},
    applicant    TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    target_group TEXT NOT NULL,
    goals        TEXT NOT NULL,
    attachments  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);

CREATE TABLE wk_request_amounts (
    request_id BIGINT NOT NULL REFERENCES wk_requests(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    amount     BIGINT NOT NULL,
    PRIMARY KEY (request_id, year)
);

CREATE TABLE wk_rounds (
    id                {{ID}},
    name              TEXT NOT NULL,
    description       TEXT NOT NULL,
    framework_version INTEGER NOT NULL REFERENCES wk_frameworks(version),
    status            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    opened_at         TEXT,
    closed_at         TEXT,
    decision          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE wk_round_budget (
    round_id BIGINT NOT NULL REFERENCES wk_rounds(id) ON DELETE CASCADE,
    year     INTEGER NOT NULL,
    amount   BIGINT NOT NULL,
    PRIMARY KEY (round_id, year)
);

-- Name and role are those of the account when it was put on the panel:
-- whether someone judged as ervaringsdeskundige must not change later.
CREATE TABLE wk_round_panel (
    round_id     BIGINT NOT NULL REFERENCES wk_rounds(id) ON DELETE CASCADE,
    email        TEXT NOT NULL REFERENCES users(email),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    submitted_at TEXT,
    PRIMARY KEY (round_id, email)
);

CREATE TABLE wk_round_requests (
    round_id   BIGINT NOT NULL REFERENCES wk_rounds(id) ON DELETE CASCADE,
    request_id BIGINT NOT NULL REFERENCES wk_requests(id),
    position   INTEGER NOT NULL,
    fix        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, request_id)
);

CREATE TABLE wk_scores (
    round_id   BIGINT NOT NULL,
    member     TEXT NOT NULL,
    request_id BIGINT NOT NULL,
    criterion  TEXT NOT NULL,
    score      INTEGER NOT NULL,
    motivation TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (round_id, member, request_id, criterion),
    FOREIGN KEY (round_id, member) REFERENCES wk_round_panel(round_id, email) ON DELETE CASCADE,
    FOREIGN KEY (round_id, request_id) REFERENCES wk_round_requests(round_id, request_id) ON DELETE CASCADE
);

-- The intervention code has no foreign key on purpose: a re-imported
-- programme may drop the intervention, but the grant stays on record.
CREATE TABLE wk_grants (
    round_id          BIGINT NOT NULL REFERENCES wk_rounds(id) ON DELETE CASCADE,
    request_id        BIGINT NOT NULL,
    intervention_code TEXT NOT NULL,
    line_code         TEXT NOT NULL,
    granted_by        TEXT NOT NULL,
    granted_at        TEXT NOT NULL,
    PRIMARY KEY (round_id, request_id)
);
