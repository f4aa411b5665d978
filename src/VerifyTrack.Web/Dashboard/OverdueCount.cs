using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Web.Dashboard;

/// <summary>
/// Counts each desk's claims past their review window (as the queue's "stale" filter does) and keeps the count under
/// the quarter hour it was taken in: the history the stale-days chart reads. Desks with none are counted too, as 0,
/// so a day with no count means the job did not run, not that nothing was overdue.
/// </summary>
public sealed class OverdueCount(Database database, TimeProvider clock, IOptions<DashboardOptions> options) : IScheduledWork
{
    public string Name => "overdue-count";

    public string Description => "Counts each desk's overdue claims for the dashboard's stale-days chart.";

    public string Cron => options.Value.OverdueCountCron;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var desks = await database.WriteAsync(async write =>
        {
            var counted = await write.Connection.ExecuteAsync(
                $"""
                INSERT INTO overdue_counts (desk_id, quarter, overdue)
                SELECT d.id, @quarter,
                       (SELECT COUNT(*) FROM claims c WHERE c.desk_id = d.id AND {ClaimStore.QueueKey} <= @now)
                  FROM desks d
                 WHERE true -- an upsert after a SELECT needs a WHERE to parse
                    ON CONFLICT (desk_id, quarter) DO UPDATE SET overdue = excluded.overdue
                """,
                new { quarter = DeskStats.Quarter(now), now }, write.Transaction);
            await write.Connection.ExecuteAsync(
                "DELETE FROM overdue_counts WHERE desk_id IN (SELECT id FROM desks) AND quarter < @before", // by desk: the key's order
                new { before = DeskStats.Quarter(now - options.Value.KeepOverdueCountsFor) }, write.Transaction);
            write.Commit();
            return counted;
        }, cancellationToken);
        return $"overdue claims counted on {desks} desks";
    }
}
