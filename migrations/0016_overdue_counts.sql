-- Stale-days per desk (issue 15): how many of a desk's claims were past their review window, counted every quarter
-- hour by the overdue-count job. A claim's review due time is overwritten when it is reviewed, so the history of
-- "overdue" cannot be rebuilt later from the claims; it is kept as it happens. A day's figure is the day's last count.
CREATE TABLE overdue_counts (
    desk_id INTEGER NOT NULL,
    quarter TEXT NOT NULL,   -- the UTC quarter hour of the count, 'yyyy-MM-ddTHH:mm', as claim_count_moves keys it
    overdue INTEGER NOT NULL,
    PRIMARY KEY (desk_id, quarter)
) WITHOUT ROWID;
