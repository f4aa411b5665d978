-- A desk's queue, read from the top like the whole queue (migration 0005): the desk filter is a desk
-- editor's everyday view, and at a million claims it sorted the desk's hundred thousand claims on every
-- page. The same index gives each digest its desk's stale claims, so (desk_id, review_due_at) goes, and
-- so does (desk_id, state), which nothing reads since the counts come from claim_counts. A state change
-- now moves two fewer index entries (see BENCHMARKS.md).
CREATE INDEX ix_claims_desk_queue ON claims (desk_id, COALESCE(review_due_at, '9999-12-31T23:59:59.999Z'), id);
DROP INDEX ix_claims_desk_due;
DROP INDEX ix_claims_desk_state;
