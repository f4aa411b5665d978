using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Jobs;

public sealed class JobRunRow
{
    public long Id { get; init; }
    public string Job { get; init; } = "";
    public string Trigger { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Outcome { get; init; }
    public string? Summary { get; init; }
    public string? Error { get; init; }
}

public static class JobOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>Thrown to the scheduler for a run that failed, after the run and its error are recorded.</summary>
public sealed class JobRunFailedException(JobRunRow run)
    : Exception($"{run.Job} failed (job run {run.Id}): {run.Error}")
{
    public JobRunRow Run { get; } = run;
}

/// <summary>
/// Runs a piece of scheduled work by name, whoever asks (the scheduler, the jobs page, the <c>jobs run</c>
/// verb), and records every run with its outcome and error where the jobs page shows it. A job never runs
/// twice at once, across workers and app instances: a run holds its job's slot in <c>job_runs</c> (one row
/// without an outcome per job, enforced by a unique index) until it records its outcome, and a run that
/// finds the slot taken records itself as skipped. So does a scheduled run of a paused job.
/// </summary>
public sealed class JobRunner(IEnumerable<IScheduledWork> works, Database database, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>The trigger the scheduler's own runs carry; only these are held back by a pause.</summary>
    public const string ScheduleTrigger = "schedule";

    /// <summary>
    /// How long a run may hold its job's slot without recording an outcome before it counts as abandoned (its
    /// process stopped mid-run); longer than any run takes.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public IReadOnlyList<IScheduledWork> Jobs { get; } = works.Where(w => w.IsEnabled).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();

    public IScheduledWork? Find(string name) => Jobs.FirstOrDefault(w => w.Name == name);

    public async Task<JobRunRow> RunAsync(string name, string trigger, CancellationToken cancellationToken = default)
    {
        var work = Find(name) ?? throw new ArgumentException($"There is no job '{name}'. Jobs: {string.Join(", ", Jobs.Select(j => j.Name))}.", nameof(name));
        var (runId, started) = await database.WriteAsync(write => StartAsync(write, name, trigger), cancellationToken);
        if (!started)
        {
            return await GetAsync(runId);
        }

        string? summary = null;
        string? error = null;
        try
        {
            summary = await work.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = "Cancelled: the app was stopping.";
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {Job} failed", name);
            error = ex.ToString();
        }

        await database.WriteAsync(async write =>
        {
            await write.Connection.ExecuteAsync(
                "UPDATE job_runs SET finished_at = @now, outcome = @outcome, summary = @summary, error = @error WHERE id = @runId",
                new
                {
                    now = clock.GetUtcNow(),
                    outcome = error is null ? JobOutcomes.Succeeded : JobOutcomes.Failed,
                    summary,
                    error = error is { Length: > 8000 } ? error[..8000] : error,
                    runId,
                },
                write.Transaction);
            write.Commit();
            return 0;
        }, CancellationToken.None);
        return await GetAsync(runId);
    }

    public async Task<IReadOnlyList<JobRunRow>> RecentRunsAsync(string? job, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRunRow>(
            """
            SELECT id, job, trigger, started_at, finished_at, outcome, summary, error
              FROM job_runs
             WHERE @job IS NULL OR job = @job
             ORDER BY id DESC
             LIMIT @limit
            """, new { job, limit });
        return rows.AsList();
    }

    /// <summary>Records the run and takes its job's slot, or records it as skipped; in one write, so two runs never both take it.</summary>
    private async Task<(long RunId, bool Started)> StartAsync(WriteTransaction write, string name, string trigger)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(
            """
            UPDATE job_runs
               SET finished_at = @now, outcome = 'failed', error = 'Abandoned: no outcome was recorded; the app probably stopped during the run.'
             WHERE job = @name AND outcome IS NULL AND started_at < @abandonedBefore
            """,
            new { name, now, abandonedBefore = now - AbandonedAfter }, transaction);

        var pausedBy = trigger == ScheduleTrigger
            ? await connection.ExecuteScalarAsync<string?>("SELECT paused_by FROM job_pauses WHERE job = @name", new { name }, transaction)
            : null;
        string skipped;
        if (pausedBy is not null)
        {
            skipped = $"paused by {pausedBy}";
        }
        else
        {
            var runId = await connection.ExecuteScalarAsync<long?>(
                """
                INSERT INTO job_runs (job, trigger, started_at)
                VALUES (@name, @trigger, @now)
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                new { name, trigger, now }, transaction);
            if (runId is { } id)
            {
                write.Commit();
                return (id, true);
            }

            var running = await connection.QuerySingleAsync<long>(
                "SELECT id FROM job_runs WHERE job = @name AND outcome IS NULL", new { name }, transaction);
            skipped = $"run {running} of this job was still running";
        }

        var skippedId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO job_runs (job, trigger, started_at, finished_at, outcome, summary)
            VALUES (@name, @trigger, @now, @now, 'skipped', @skipped)
            RETURNING id
            """,
            new { name, trigger, now, skipped }, transaction);
        write.Commit();
        return (skippedId, false);
    }

    private async Task<JobRunRow> GetAsync(long runId)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<JobRunRow>(
            "SELECT id, job, trigger, started_at, finished_at, outcome, summary, error FROM job_runs WHERE id = @runId", new { runId });
    }
}
