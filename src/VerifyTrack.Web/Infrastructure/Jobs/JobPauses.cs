using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Jobs;

public sealed class JobPause
{
    public string Job { get; init; } = "";
    public DateTimeOffset PausedAt { get; init; }
    public string PausedBy { get; init; } = "";
}

/// <summary>
/// Paused jobs, kept in the app's database: the scheduler has no pause of its own, so a paused job keeps its
/// schedule and each scheduled run records itself as skipped.
/// </summary>
public sealed class JobPauses(Database database, TimeProvider clock)
{
    public async Task PauseAsync(string job, string pausedBy, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(async write =>
        {
            await write.Connection.ExecuteAsync(
                """
                INSERT INTO job_pauses (job, paused_at, paused_by)
                VALUES (@job, @now, @pausedBy)
                ON CONFLICT (job) DO NOTHING
                """,
                new { job, now = clock.GetUtcNow(), pausedBy }, write.Transaction);
            write.Commit();
            return 0;
        }, cancellationToken);

    public async Task ResumeAsync(string job, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(async write =>
        {
            await write.Connection.ExecuteAsync("DELETE FROM job_pauses WHERE job = @job", new { job }, write.Transaction);
            write.Commit();
            return 0;
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, JobPause>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var pauses = await connection.QueryAsync<JobPause>("SELECT job, paused_at, paused_by FROM job_pauses");
        return pauses.ToDictionary(p => p.Job, StringComparer.Ordinal);
    }
}
