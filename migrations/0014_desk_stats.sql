-- The desk lead's dashboard (issue 15) charts how many claims each desk had in each state on each day, and how
-- long claims waited for their first verdict. Both are kept by the database as claims change, so a chart over
-- 90 days reads a few thousand rows instead of the history of a million claims.

-- The net change in each desk's count of claims in each state, per UTC quarter hour ('yyyy-MM-ddTHH:mm', the
-- quarter's start). Quarter hours, not days, so any desk's local day (zones are whole, half or quarter hours off UTC)
-- is a sum of whole rows. The counts at a moment are claim_counts minus the moves since.
CREATE TABLE claim_count_moves (
    desk_id INTEGER NOT NULL,
    quarter TEXT NOT NULL,
    state   TEXT NOT NULL,
    delta   INTEGER NOT NULL,
    PRIMARY KEY (desk_id, quarter, state)
) WITHOUT ROWID;

-- Every claim's state at its creation: the state its first change left, or the state it is in if it never changed.
INSERT INTO claim_count_moves (desk_id, quarter, state, delta)
SELECT desk_id, quarter, state, SUM(delta)
  FROM (SELECT c.desk_id,
               substr(c.created_at, 1, 14) || printf('%02d', CAST(substr(c.created_at, 15, 2) AS INTEGER) / 15 * 15) AS quarter,
               COALESCE((SELECT s.from_state FROM state_changes s WHERE s.claim_id = c.id ORDER BY s.at, s.id LIMIT 1), c.state) AS state,
               1 AS delta
          FROM claims c
        UNION ALL
        SELECT c.desk_id, substr(s.at, 1, 14) || printf('%02d', CAST(substr(s.at, 15, 2) AS INTEGER) / 15 * 15), s.from_state, -1
          FROM state_changes s JOIN claims c ON c.id = s.claim_id
        UNION ALL
        SELECT c.desk_id, substr(s.at, 1, 14) || printf('%02d', CAST(substr(s.at, 15, 2) AS INTEGER) / 15 * 15), s.to_state, 1
          FROM state_changes s JOIN claims c ON c.id = s.claim_id)
 GROUP BY desk_id, quarter, state
HAVING SUM(delta) <> 0;

CREATE TRIGGER claim_count_moves_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claim_count_moves (desk_id, quarter, state, delta)
    VALUES (new.desk_id, substr(new.created_at, 1, 14) || printf('%02d', CAST(substr(new.created_at, 15, 2) AS INTEGER) / 15 * 15), new.state, 1)
        ON CONFLICT (desk_id, quarter, state) DO UPDATE SET delta = delta + 1;
END;

-- Every change of state or desk also sets updated_at, in the same statement: that is when it moved.
CREATE TRIGGER claim_count_moves_update AFTER UPDATE OF state, desk_id ON claims
WHEN new.state IS NOT old.state OR new.desk_id IS NOT old.desk_id
BEGIN
    INSERT INTO claim_count_moves (desk_id, quarter, state, delta)
    VALUES (old.desk_id, substr(new.updated_at, 1, 14) || printf('%02d', CAST(substr(new.updated_at, 15, 2) AS INTEGER) / 15 * 15), old.state, -1)
        ON CONFLICT (desk_id, quarter, state) DO UPDATE SET delta = delta - 1;
    INSERT INTO claim_count_moves (desk_id, quarter, state, delta)
    VALUES (new.desk_id, substr(new.updated_at, 1, 14) || printf('%02d', CAST(substr(new.updated_at, 15, 2) AS INTEGER) / 15 * 15), new.state, 1)
        ON CONFLICT (desk_id, quarter, state) DO UPDATE SET delta = delta + 1;
END;

-- Each claim's first verdict (denied or confirmed): when, on which desk, and how many minutes after it was logged.
-- A claim reopened and decided again keeps its first.
CREATE TABLE first_verdicts (
    claim_id   INTEGER PRIMARY KEY REFERENCES claims (id),
    desk_id    INTEGER NOT NULL,
    verdict_at TEXT NOT NULL,
    minutes    INTEGER NOT NULL
);
CREATE INDEX ix_first_verdicts_desk ON first_verdicts (desk_id, verdict_at);

INSERT INTO first_verdicts (claim_id, desk_id, verdict_at, minutes)
SELECT c.id, c.desk_id, v.at, CAST(round((julianday(v.at) - julianday(c.created_at)) * 1440) AS INTEGER)
  FROM (SELECT claim_id, MIN(at) AS at FROM state_changes WHERE to_state IN ('denied', 'confirmed') GROUP BY claim_id) v
  JOIN claims c ON c.id = v.claim_id;

CREATE TRIGGER first_verdicts_insert AFTER INSERT ON state_changes
WHEN new.to_state IN ('denied', 'confirmed')
BEGIN
    INSERT OR IGNORE INTO first_verdicts (claim_id, desk_id, verdict_at, minutes)
    SELECT c.id, c.desk_id, new.at, CAST(round((julianday(new.at) - julianday(c.created_at)) * 1440) AS INTEGER)
      FROM claims c
     WHERE c.id = new.claim_id;
END;
