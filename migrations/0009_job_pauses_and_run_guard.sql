-- A paused job keeps its schedule in the job store but its scheduled runs only record themselves as
-- skipped; the pause lives here so it survives restarts and is shared by every app instance.
CREATE TABLE job_pauses (
    job       TEXT NOT NULL PRIMARY KEY,
    paused_at TEXT NOT NULL,
    paused_by TEXT NOT NULL
) WITHOUT ROWID;

-- job_runs gains the 'skipped' outcome (a paused job's scheduled run, or a run that found another one of
-- the same job still going), which its CHECK constraint cannot take in place: the table is rebuilt.
-- A run left without an outcome by a process that stopped is closed as failed, so that the guard below
-- starts clean.
CREATE TABLE job_runs_new (
    id          INTEGER PRIMARY KEY,
    job         TEXT NOT NULL,
    trigger     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT CHECK (outcome IN ('succeeded', 'failed', 'skipped')),
    summary     TEXT,
    error       TEXT
);
INSERT INTO job_runs_new (id, job, trigger, started_at, finished_at, outcome, summary, error)
SELECT id, job, trigger, started_at,
       COALESCE(finished_at, started_at),
       COALESCE(outcome, 'failed'),
       summary,
       CASE WHEN outcome IS NULL THEN 'Abandoned: the app stopped before the run recorded its outcome.' ELSE error END
  FROM job_runs;
DROP TABLE job_runs;
ALTER TABLE job_runs_new RENAME TO job_runs;
CREATE INDEX ix_job_runs_job ON job_runs (job, id DESC);

-- At most one run of a job at a time, whichever instance, worker or command started it: a run holds this
-- slot from its start until it records an outcome.
CREATE UNIQUE INDEX ux_job_runs_running ON job_runs (job) WHERE outcome IS NULL;
