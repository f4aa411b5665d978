-- Mail leaves only through the outbox: jobs write messages here in the same transaction as their
-- decision, and the sender delivers them. The idempotency key makes a repeated decision a no-op.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    message_id      TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    unsubscribe_url TEXT,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX ix_outbox_work ON outbox (state, next_attempt_at);

-- One reminder per claim, review window (the due time it is about) and level.
CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    claim_id      INTEGER NOT NULL REFERENCES claims (id),
    window_due_at TEXT NOT NULL,
    level         INTEGER NOT NULL,
    escalation    INTEGER NOT NULL DEFAULT 0,
    sent_at       TEXT NOT NULL,
    UNIQUE (claim_id, window_due_at, level)
);

-- One digest per desk and local day; its time is where the next digest's "since" starts.
CREATE TABLE digests (
    desk_id    INTEGER NOT NULL REFERENCES desks (id),
    local_date TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (desk_id, local_date)
) WITHOUT ROWID;

-- Every run of every job, with its outcome, for the jobs page.
CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT NOT NULL,
    trigger     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT CHECK (outcome IN ('succeeded', 'failed')),
    summary     TEXT,
    error       TEXT
);
CREATE INDEX ix_job_runs_job ON job_runs (job, id DESC);

ALTER TABLE users ADD COLUMN digests_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN reminders_enabled INTEGER NOT NULL DEFAULT 1;

-- A desk's own digest time (local, HH:mm); NULL means the configured default.
ALTER TABLE desks ADD COLUMN digest_local_time TEXT;
