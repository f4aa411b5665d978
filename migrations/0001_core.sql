-- Core schema: desks, users, API tokens, claims with appearances and evidence,
-- state changes, and the append-only, hash-chained audit log.
-- Times are ISO-8601 UTC text ('2026-11-21T07:01:21.000Z'), which sorts correctly as text.

CREATE TABLE desks (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('editor', 'desk_lead', 'admin')),
    password_hash   TEXT NOT NULL,
    is_active       INTEGER NOT NULL DEFAULT 1,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE user_desks (
    user_id INTEGER NOT NULL REFERENCES users (id),
    desk_id INTEGER NOT NULL REFERENCES desks (id),
    PRIMARY KEY (user_id, desk_id)
) WITHOUT ROWID;

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    label        TEXT NOT NULL,
    token_prefix TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);

CREATE TABLE claims (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    statement        TEXT NOT NULL,
    claimant         TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    desk_id          INTEGER NOT NULL REFERENCES desks (id),
    priority         TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    state            TEXT NOT NULL CHECK (state IN ('unverified', 'denied', 'confirmed')),
    assignee_id      INTEGER REFERENCES users (id),
    is_published     INTEGER NOT NULL DEFAULT 0,
    published_at     TEXT,
    denied_by        TEXT,
    denial_url       TEXT,
    public_note      TEXT,
    state_changed_at TEXT NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    last_reviewed_at TEXT NOT NULL,
    review_due_at    TEXT,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_claims_review_due ON claims (review_due_at) WHERE review_due_at IS NOT NULL;
CREATE INDEX ix_claims_desk_state ON claims (desk_id, state);
CREATE INDEX ix_claims_assignee ON claims (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX ix_claims_published ON claims (state_changed_at DESC) WHERE is_published = 1;

CREATE TABLE appearances (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims (id),
    url          TEXT NOT NULL,
    outlet       TEXT NOT NULL,
    headline     TEXT NOT NULL,
    published_at TEXT NOT NULL,
    excerpt      TEXT,
    language     TEXT,
    added_by     INTEGER NOT NULL REFERENCES users (id),
    added_at     TEXT NOT NULL
);
CREATE INDEX ix_appearances_claim ON appearances (claim_id);

CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    url         TEXT,
    description TEXT NOT NULL,
    stance      TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
    added_by    INTEGER NOT NULL REFERENCES users (id),
    added_at    TEXT NOT NULL
);
CREATE INDEX ix_evidence_claim ON evidence (claim_id);

CREATE TABLE state_changes (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    note        TEXT NOT NULL,
    public_note TEXT,
    denied_by   TEXT,
    denial_url  TEXT,
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    at          TEXT NOT NULL
);
CREATE INDEX ix_state_changes_claim ON state_changes (claim_id, at);

CREATE TABLE audit_events (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER REFERENCES claims (id),
    kind      TEXT NOT NULL,
    actor_id  INTEGER REFERENCES users (id),
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX ix_audit_events_claim ON audit_events (claim_id, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be updated');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be deleted');
END;

CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
