-- Throttle counters shared by every instance of the server: login failures
-- per address, per (account, address) and per account, and survey
-- submissions per wave and per client. A key counts within a window that
-- ends at window_end; next_at is the moment a gate (one try per interval)
-- opens again. Times are Unix milliseconds, so that one statement can
-- compare and update them atomically in both databases.
CREATE TABLE throttle (
    key        TEXT PRIMARY KEY,
    window_end BIGINT NOT NULL,
    count      INTEGER NOT NULL,
    next_at    BIGINT NOT NULL
);
CREATE INDEX throttle_window_end ON throttle(window_end);

-- How many submissions of a wave's public link the throttle held back, per
-- day, so the team can see that answers were stopped (no address is kept).
CREATE TABLE survey_held_back (
    wave_code TEXT NOT NULL,
    day       TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (wave_code, day)
);
