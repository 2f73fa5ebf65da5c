-- The yearly cycle (issue 14, sections 1 and 4): an intervention has one or
-- more projectleiders (accounts, by e-mail address, as a JSON array) beside
-- a free-text owner; the single projectleider of before moves into the
-- list. A progress update can be escalated to the regiegroep with a reason.
-- page_visits remembers when an account last opened a page ("Mijn
-- interventies": what is new since then). reminders_sent is the sent-log
-- of e-mail reminders: a row is claimed before the message goes out, so that
-- no restart or second instance sends it again.

ALTER TABLE interventions ADD COLUMN leaders TEXT NOT NULL DEFAULT '[]';
UPDATE interventions SET leaders = '["' || owner || '"]', owner = ''
    WHERE owner LIKE '%@%' AND owner NOT LIKE '%"%' AND owner NOT LIKE '%\%' ESCAPE '!';

ALTER TABLE progress_updates ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE progress_updates ADD COLUMN escalation_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE page_visits (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    page    TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (user_id, page)
);

CREATE TABLE reminders_sent (
    kind       TEXT NOT NULL, -- 'herinnering' or 'overzicht'
    period     TEXT NOT NULL, -- the tertial, or the week of a digest
    recipient  TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    sent_at    TEXT,
    PRIMARY KEY (kind, period, recipient)
);
