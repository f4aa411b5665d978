using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Jobs;

public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    public string Cron { get; set; } = "30 3 * * *";

    public TimeSpan KeepJobRunsFor { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan KeepSentMailFor { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan KeepDeliveredWebhooksFor { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Prunes old job history, delivered or discarded mail and the rows of sign-in sessions long over. Claims and their
/// audit history are never pruned.
/// </summary>
public sealed class Housekeeping(
    Database database, UserSessions sessions, Webhooks.WebhookEndpoints webhooks, TimeProvider clock, IOptions<HousekeepingOptions> options) : IScheduledWork
{
    public string Name => "housekeeping";

    public string Description => "Prunes job history, sent or discarded mail and delivered webhook events past their retention period, and sign-in sessions long over.";

    public string Cron => options.Value.Cron;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (runs, mail) = await database.WriteAsync(async write =>
        {
            var runs = await write.Connection.ExecuteAsync(
                "DELETE FROM job_runs WHERE started_at < @before AND finished_at IS NOT NULL",
                new { before = now - options.Value.KeepJobRunsFor }, write.Transaction);
            var mail = await write.Connection.ExecuteAsync(
                "DELETE FROM outbox WHERE state IN ('sent', 'discarded') AND COALESCE(sent_at, created_at) < @before",
                new { before = now - options.Value.KeepSentMailFor }, write.Transaction);
            write.Commit();
            return (runs, mail);
        }, cancellationToken);
        var deliveries = await webhooks.PruneAsync(now - options.Value.KeepDeliveredWebhooksFor, cancellationToken);
        var ended = await sessions.PruneAsync(cancellationToken);
        return $"{runs} job runs, {mail} sent or discarded messages, {deliveries} delivered webhook events and {ended} old sign-in sessions pruned";
    }
}
