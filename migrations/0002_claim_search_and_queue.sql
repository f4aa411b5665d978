-- Full-text search over each claim's statement, claimant, and its appearances' headlines and excerpts.
-- Triggers keep it in step with every write, inside the writer's own transaction.

CREATE VIRTUAL TABLE claims_fts USING fts5 (
    statement,
    claimant,
    appearances,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO claims_fts (rowid, statement, claimant, appearances)
SELECT c.id, c.statement, c.claimant,
       COALESCE((SELECT group_concat(a.headline || ' ' || COALESCE(a.excerpt, ''), ' ')
                   FROM appearances a
                  WHERE a.claim_id = c.id), '')
  FROM claims c;

CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claims_fts (rowid, statement, claimant, appearances) VALUES (new.id, new.statement, new.claimant, '');
END;

CREATE TRIGGER claims_fts_update AFTER UPDATE OF statement, claimant ON claims
BEGIN
    UPDATE claims_fts SET statement = new.statement, claimant = new.claimant WHERE rowid = new.id;
END;

CREATE TRIGGER appearances_fts_insert AFTER INSERT ON appearances
BEGIN
    UPDATE claims_fts
       SET appearances = (SELECT group_concat(a.headline || ' ' || COALESCE(a.excerpt, ''), ' ')
                            FROM appearances a
                           WHERE a.claim_id = new.claim_id)
     WHERE rowid = new.claim_id;
END;

CREATE TRIGGER appearances_fts_delete AFTER DELETE ON appearances
BEGIN
    UPDATE claims_fts
       SET appearances = COALESCE((SELECT group_concat(a.headline || ' ' || COALESCE(a.excerpt, ''), ' ')
                                     FROM appearances a
                                    WHERE a.claim_id = old.claim_id), '')
     WHERE rowid = old.claim_id;
END;

-- The queue pages by (review_due_at, id) with a keyset, so it stays fast deep into the list.
DROP INDEX ix_claims_review_due;
CREATE INDEX ix_claims_queue ON claims (review_due_at, id);

-- The audit page filters events by actor, kind and time.
CREATE INDEX ix_audit_events_actor ON audit_events (actor, id);
CREATE INDEX ix_audit_events_kind ON audit_events (kind, id);
CREATE INDEX ix_audit_events_at ON audit_events (at);
