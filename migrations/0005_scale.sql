-- Indexes and derived columns for newsroom scale (see BENCHMARKS.md).

-- The queue's order, never-due claims last, as an index the default view can read from the top.
CREATE INDEX ix_claims_queue_order ON claims (COALESCE(review_due_at, '9999-12-31T23:59:59.999Z'), id);
DROP INDEX ix_claims_queue;

-- When a claim is next owed a reminder: its due time, moved on by the reminder job after each level and
-- cleared after the escalation. A new review window (any change of review_due_at) starts it afresh.
ALTER TABLE claims ADD COLUMN next_reminder_at TEXT;
UPDATE claims SET next_reminder_at = review_due_at;
CREATE INDEX ix_claims_next_reminder ON claims (next_reminder_at, id) WHERE next_reminder_at IS NOT NULL;

CREATE TRIGGER claims_review_window_moved AFTER UPDATE OF review_due_at ON claims
WHEN new.review_due_at IS NOT old.review_due_at
BEGIN
    UPDATE claims SET next_reminder_at = new.review_due_at WHERE id = new.id;
END;

-- Claims per desk and state, kept by the database itself, so counts never scan the claims.
CREATE TABLE claim_counts (
    desk_id INTEGER NOT NULL,
    state   TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (desk_id, state)
) WITHOUT ROWID;

INSERT INTO claim_counts (desk_id, state, n) SELECT desk_id, state, COUNT(*) FROM claims GROUP BY desk_id, state;

CREATE TRIGGER claim_counts_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claim_counts (desk_id, state, n) VALUES (new.desk_id, new.state, 1)
        ON CONFLICT (desk_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER claim_counts_update AFTER UPDATE OF state, desk_id ON claims
WHEN new.state IS NOT old.state OR new.desk_id IS NOT old.desk_id
BEGIN
    UPDATE claim_counts SET n = n - 1 WHERE desk_id = old.desk_id AND state = old.state;
    INSERT INTO claim_counts (desk_id, state, n) VALUES (new.desk_id, new.state, 1)
        ON CONFLICT (desk_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER claim_counts_delete AFTER DELETE ON claims
BEGIN
    UPDATE claim_counts SET n = n - 1 WHERE desk_id = old.desk_id AND state = old.state;
END;

-- What each desk's digest reads: its new claims, its stale ones, and the day's state changes.
CREATE INDEX ix_claims_desk_due ON claims (desk_id, review_due_at) WHERE review_due_at IS NOT NULL;
CREATE INDEX ix_claims_desk_created ON claims (desk_id, created_at);
CREATE INDEX ix_state_changes_at ON state_changes (at);
