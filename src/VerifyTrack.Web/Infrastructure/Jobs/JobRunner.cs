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

/// <summary>
/// Runs a piece of scheduled work by name, whoever asks (the scheduler, the jobs page, the <c>jobs run</c>
/// verb), and records every run with its outcome and error where the jobs page shows it.
/// </summary>
public sealed class JobRunner(IEnumerable<IScheduledWork> works, Database database, TimeProvider clock, ILogger<JobRunner> logger)
{
    public IReadOnlyList<IScheduledWork> Jobs { get; } = works.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();

    public IScheduledWork? Find(string name) => Jobs.FirstOrDefault(w => w.Name == name);

    public async Task<JobRunRow> RunAsync(string name, string trigger, CancellationToken cancellationToken = default)
    {
        var work = Find(name) ?? throw new ArgumentException($"There is no job '{name}'. Jobs: {string.Join(", ", Jobs.Select(j => j.Name))}.", nameof(name));
        long runId;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            runId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO job_runs (job, trigger, started_at) VALUES (@name, @trigger, @now) RETURNING id",
                new { name, trigger, now = clock.GetUtcNow() });
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

        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                "UPDATE job_runs SET finished_at = @now, outcome = @outcome, summary = @summary, error = @error WHERE id = @runId",
                new { now = clock.GetUtcNow(), outcome = error is null ? "succeeded" : "failed", summary, error = error is { Length: > 8000 } ? error[..8000] : error, runId });
            return await connection.QuerySingleAsync<JobRunRow>(
                "SELECT id, job, trigger, started_at, finished_at, outcome, summary, error FROM job_runs WHERE id = @runId", new { runId });
        }
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
}
