-- The platform's first schema: accounts, sessions, tokens, the audit log and
-- the programme model. {{ID}} becomes the dialect's auto-increment key; times
-- are stored as RFC 3339 text in UTC so that both databases compare them the
-- same way.

CREATE TABLE users (
    id            {{ID}},
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id         {{ID}},
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE audit_log (
    id         {{ID}},
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE programme (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    start_year  INTEGER NOT NULL,
    end_year    INTEGER NOT NULL
);

CREATE TABLE goals (
    code        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    level       TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    expected    TEXT NOT NULL
);

CREATE TABLE goal_links (
    parent_code TEXT NOT NULL REFERENCES goals(code) ON DELETE CASCADE,
    child_code  TEXT NOT NULL REFERENCES goals(code) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (parent_code, child_code)
);

CREATE TABLE lines (
    code        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE interventions (
    code      TEXT PRIMARY KEY,
    position  INTEGER NOT NULL,
    line_code TEXT NOT NULL REFERENCES lines(code),
    title     TEXT NOT NULL,
    owner     TEXT NOT NULL,
    objective TEXT NOT NULL,
    approach  TEXT NOT NULL,
    audience  TEXT NOT NULL,
    partners  TEXT NOT NULL
);

CREATE TABLE intervention_goals (
    intervention_code TEXT NOT NULL REFERENCES interventions(code) ON DELETE CASCADE,
    goal_code         TEXT NOT NULL REFERENCES goals(code) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    PRIMARY KEY (intervention_code, goal_code)
);

CREATE TABLE intended_results (
    intervention_code TEXT NOT NULL REFERENCES interventions(code) ON DELETE CASCADE,
    code              TEXT NOT NULL,
    position          INTEGER NOT NULL,
    description       TEXT NOT NULL,
    unit              TEXT NOT NULL,
    target            TEXT NOT NULL,
    PRIMARY KEY (intervention_code, code)
);

CREATE TABLE budget_rows (
    id       {{ID}},
    kind     TEXT NOT NULL, -- 'beschikbaar' or 'inzet'
    position INTEGER NOT NULL,
    label    TEXT NOT NULL,
    line_code TEXT NOT NULL,
    note     TEXT NOT NULL
);

CREATE TABLE budget_amounts (
    row_id BIGINT NOT NULL REFERENCES budget_rows(id) ON DELETE CASCADE,
    year   INTEGER NOT NULL,
    amount DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (row_id, year)
);

-- Progress and comments refer to interventions and goals by code without a
-- foreign key on purpose: a re-imported programme may drop an intervention,
-- but its history must stay readable.
CREATE TABLE progress_updates (
    id                {{ID}},
    intervention_code TEXT NOT NULL,
    period            TEXT NOT NULL,
    status            TEXT NOT NULL,
    narrative         TEXT NOT NULL,
    successes         TEXT NOT NULL,
    concerns          TEXT NOT NULL,
    author            TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX progress_updates_iv ON progress_updates(intervention_code, period);

CREATE TABLE progress_values (
    update_id   BIGINT NOT NULL REFERENCES progress_updates(id) ON DELETE CASCADE,
    result_code TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (update_id, result_code)
);

CREATE TABLE comments (
    id          {{ID}},
    target_kind TEXT NOT NULL,
    target_code TEXT NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    author_role TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX comments_target ON comments(target_kind, target_code);
