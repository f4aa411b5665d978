using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Digests;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;
using VerifyTrack.Web.Infrastructure.Mail;
using VerifyTrack.Web.Webhooks;

namespace VerifyTrack.Web.Reminders;

/// <summary>
/// The stale scan: every claim past its review window is owed reminders (see <see cref="ReminderPlan"/>).
/// Each reminder is decided, recorded, audited and queued in one transaction per claim, so a rerun, a
/// crash or a second instance can never send the same level twice.
/// </summary>
public sealed class StaleReminders(
    Database database,
    TimeProvider clock,
    IOptions<ReminderOptions> options,
    IOptions<MailOptions> mail,
    Unsubscribe unsubscribe,
    MailRenderer renderer,
    WebhookOutbox webhooks) : IScheduledWork
{
    public string Name => "stale-reminders";

    public string Description => "Reminds assignees (or the desk) about claims past their review window, and tells desk leads after repeated reminders.";

    public string Cron => options.Value.Cron;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = await FindDueAsync(now, cancellationToken);
        int reminders = 0, escalations = 0, messages = 0;
        foreach (var claimId in candidates)
        {
            var outcome = await RemindAsync(claimId, now, cancellationToken);
            if (outcome is { } sent)
            {
                reminders += sent.Escalation ? 0 : 1;
                escalations += sent.Escalation ? 1 : 0;
                messages += sent.Messages;
            }
        }

        return $"{reminders} reminders and {escalations} escalations, {messages} messages queued";
    }

    /// <summary>
    /// The stale scan: claims owed a reminder at <paramref name="now"/>, most overdue first, at most a batch.
    /// Each claim carries when it is next owed one (<c>next_reminder_at</c>), so this is one index range however
    /// many claims are stale and long escalated; <see cref="ReminderPlan"/> decides exactly, per claim.
    /// </summary>
    public async Task<IReadOnlyList<long>> FindDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(
            """
            SELECT id
              FROM claims
             WHERE next_reminder_at <= @now
             ORDER BY next_reminder_at, id
             LIMIT @limit
            """,
            new { now, limit = options.Value.BatchSize });
        return ids.AsList();
    }

    private async Task<(bool Escalation, int Messages)?> RemindAsync(long claimId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        return await database.WriteAsync<(bool Escalation, int Messages)?>(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);

            // Read again under the write lock: the claim may have been reviewed since the scan.
            var claim = await connection.QuerySingleOrDefaultAsync<ClaimToRemind>(
                """
                SELECT c.id, c.slug, c.statement, c.state, c.priority, c.review_due_at, c.desk_id, d.name AS desk_name, c.assignee_id,
                       (SELECT COUNT(*) FROM reminders r WHERE r.claim_id = c.id AND r.window_due_at = c.review_due_at) AS sent_levels,
                       (SELECT MAX(r.sent_at) FROM reminders r WHERE r.claim_id = c.id AND r.window_due_at = c.review_due_at) AS last_sent_at
                  FROM claims c
                  JOIN desks d ON d.id = c.desk_id
                 WHERE c.id = @claimId
                """, new { claimId }, transaction);
            if (claim is null)
            {
                return null;
            }

            if (claim.ReviewDueAt is not { } dueAt || ReminderPlan.Next(dueAt, now, claim.SentLevels, claim.LastSentAt, settings) is not { } step)
            {
                // Picked early (say, after a change of settings): note when it is really due, and move on.
                await SetNextReminderAsync(transaction, claim.Id, claim.ReviewDueAt is { } due ? ReminderPlan.NextAt(due, claim.SentLevels, claim.LastSentAt, settings) : null);
                write.Commit();
                return null;
            }

            var recorded = await connection.ExecuteAsync(
                """
                INSERT INTO reminders (claim_id, window_due_at, level, escalation, sent_at)
                VALUES (@claimId, @dueAt, @Level, @Escalation, @now)
                ON CONFLICT (claim_id, window_due_at, level) DO NOTHING
                """,
                new { claimId, dueAt, step.Level, step.Escalation, now }, transaction);
            if (recorded == 0)
            {
                return null;
            }

            var recipients = await RecipientsAsync(transaction, claim, step);
            var baseUrl = mail.Value.AppBaseUrl.TrimEnd('/');
            var overdue = Durations.Compact(now - dueAt);
            var window = SqlTime.ToSql(dueAt);
            foreach (var recipient in recipients)
            {
                var unsubscribeUrl = unsubscribe.Url(baseUrl, recipient.Id, MailList.Reminders);
                var model = new ReminderMailModel(
                    claim.Statement, claim.State, claim.Priority, claim.DeskName, overdue, step.Level, step.Escalation,
                    $"{baseUrl}/claims/{claim.Id}", recipient.Why, $"{baseUrl}/account", unsubscribeUrl);
                var (text, html) = await renderer.RenderAsync<ReminderMail, ReminderMailText>(
                    p => p.Add(c => c.Mail, model), p => p.Add(c => c.Mail, model));
                await Outbox.EnqueueAsync(
                    transaction,
                    new NewMail($"reminder:{claim.Id}:{window}:{step.Level}:{recipient.Id}", step.Escalation ? "escalation" : "reminder", recipient.Email, model.Subject, text, html, unsubscribeUrl),
                    now,
                    mail.Value.MessageIdDomain);
            }

            await SetNextReminderAsync(transaction, claim.Id, ReminderPlan.NextAt(dueAt, step.Level, now, settings));
            var details = new
            {
                level = step.Level,
                windowDueAt = window,
                overdueBy = overdue,
                recipients = recipients.Select(r => r.Email).ToList(),
            };
            await AuditLog.AppendAsync(transaction, claim.Id, step.Escalation ? AuditKinds.Escalated : AuditKinds.Reminded, Actor.System, now, details);
            if (step.Escalation)
            {
                var escalated = await ClaimStore.GetDetailAsync(connection, transaction, claim.Id);
                await webhooks.QueueAsync(transaction, WebhookEvents.Escalated, escalated!, details, Actor.System, now);
            }

            write.Commit();
            return (step.Escalation, recipients.Count);
        }, cancellationToken);
    }

    private static Task SetNextReminderAsync(DbTransaction transaction, long claimId, DateTimeOffset? at) =>
        transaction.Connection!.ExecuteAsync("UPDATE claims SET next_reminder_at = @at WHERE id = @claimId", new { at, claimId }, transaction);

    /// <summary>
    /// A reminder goes to the assignee, or to the desk's editors when nobody (active) is assigned; an
    /// escalation goes to the desk's leads. People who turned reminders off (on /account, or with the
    /// one-click link in a reminder) are left out of both: an escalation carries the same unsubscribe link,
    /// and a link that stopped only some of the mail it came with would not be one-click.
    /// </summary>
    private static async Task<IReadOnlyList<Recipient>> RecipientsAsync(DbTransaction transaction, ClaimToRemind claim, ReminderStep step)
    {
        var connection = transaction.Connection!;
        if (!step.Escalation && claim.AssigneeId is { } assigneeId)
        {
            var assignee = await connection.QuerySingleOrDefaultAsync<Recipient>(
                "SELECT id, email, reminders_enabled, 'you are assigned to it' AS why FROM users WHERE id = @assigneeId AND is_active = 1",
                new { assigneeId }, transaction);
            if (assignee is not null)
            {
                return assignee.RemindersEnabled ? [assignee] : [];
            }
        }

        var role = step.Escalation ? "desk_lead" : "editor";
        var why = step.Escalation ? $"you lead the {claim.DeskName} desk" : $"it is unassigned on the {claim.DeskName} desk";
        var members = await connection.QueryAsync<Recipient>(
            """
            SELECT u.id, u.email, u.reminders_enabled, @why AS why
              FROM users u
              JOIN user_desks ud ON ud.user_id = u.id
             WHERE ud.desk_id = @DeskId AND u.role = @role AND u.is_active = 1
             ORDER BY u.id
            """, new { claim.DeskId, role, why }, transaction);
        return members.Where(m => m.RemindersEnabled).ToList();
    }

    private sealed class ClaimToRemind
    {
        public long Id { get; init; }
        public string Slug { get; init; } = "";
        public string Statement { get; init; } = "";
        public ClaimState State { get; init; }
        public Priority Priority { get; init; }
        public DateTimeOffset? ReviewDueAt { get; init; }
        public long DeskId { get; init; }
        public string DeskName { get; init; } = "";
        public long? AssigneeId { get; init; }
        public int SentLevels { get; init; }
        public DateTimeOffset? LastSentAt { get; init; }
    }

    private sealed class Recipient
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public bool RemindersEnabled { get; init; }
        public string Why { get; init; } = "";
    }
}
