-- Webhooks: endpoints admins register, and the deliveries queued for them in the transaction of the change they
-- report (the same outbox design as mail: leases, attempts, back-off, a dead state).
CREATE TABLE webhook_endpoints (
    id               INTEGER PRIMARY KEY,
    url              TEXT NOT NULL,
    format           TEXT NOT NULL CHECK (format IN ('json', 'slack')),
    -- The event types wanted, space-separated (claim.created claim.state_changed …).
    events           TEXT NOT NULL,
    -- NULL: every desk's claims.
    desk_id          INTEGER REFERENCES desks (id),
    -- The signing secret, encrypted with ASP.NET Data Protection (the keys in keys/ beside the database).
    secret_protected TEXT NOT NULL,
    is_enabled       INTEGER NOT NULL DEFAULT 1,
    disabled_reason  TEXT,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- One event reaches every endpoint that wants it under the same id (X-VerifyTrack-Delivery), on every retry.
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    claim_id        INTEGER,
    -- The exact bytes sent, fixed when queued, so a retry is the same request.
    body            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    last_error      TEXT,
    response_status INTEGER,
    -- The first KiB of the receiver's answer.
    response_body   TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_work ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);
