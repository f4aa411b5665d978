using Dapper;
using VerifyTrack.Web.Audit;
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
    /// <summary>Pauses the job; the pause and who made it are audited in the same transaction.</summary>
    public async Task PauseAsync(string job, Actor actor, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(async write =>
        {
            var now = clock.GetUtcNow();
            var paused = await write.Connection.ExecuteAsync(
                """
                INSERT INTO job_pauses (job, paused_at, paused_by)
                VALUES (@job, @now, @pausedBy)
                ON CONFLICT (job) DO NOTHING
                """,
                new { job, now, pausedBy = actor.Name }, write.Transaction);
            if (paused == 1)
            {
                await AuditLog.AppendAsync(write.Transaction, null, AuditKinds.JobPaused, actor, now, new { job });
            }

            write.Commit();
            return paused;
        }, cancellationToken);

    public async Task ResumeAsync(string job, Actor actor, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(async write =>
        {
            var resumed = await write.Connection.ExecuteAsync("DELETE FROM job_pauses WHERE job = @job", new { job }, write.Transaction);
            if (resumed == 1)
            {
                await AuditLog.AppendAsync(write.Transaction, null, AuditKinds.JobResumed, actor, clock.GetUtcNow(), new { job });
            }

            write.Commit();
            return resumed;
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, JobPause>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var pauses = await connection.QueryAsync<JobPause>("SELECT job, paused_at, paused_by FROM job_pauses");
        return pauses.ToDictionary(p => p.Job, StringComparer.Ordinal);
    }
}
