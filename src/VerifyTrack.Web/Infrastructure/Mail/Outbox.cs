using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Mail;

public sealed record NewMail(string IdempotencyKey, string Kind, string Recipient, string Subject, string Text, string Html, string? UnsubscribeUrl = null);

public sealed class OutboxMessage
{
    public long Id { get; init; }
    public string IdempotencyKey { get; init; } = "";
    public string MessageId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Recipient { get; init; } = "";
    public string Subject { get; init; } = "";
    public string TextBody { get; init; } = "";
    public string HtmlBody { get; init; } = "";
    public string? UnsubscribeUrl { get; init; }
    public string State { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
}

public static class Outbox
{
    public static readonly IReadOnlyList<string> States = ["pending", "sending", "sent", "dead", "discarded"];

    /// <summary>The columns an <see cref="OutboxMessage"/> is read from.</summary>
    internal const string MessageColumns =
        "id, idempotency_key, message_id, kind, recipient, subject, text_body, html_body, unsubscribe_url, " +
        "state, attempts, next_attempt_at, last_error, created_at, sent_at";

    /// <summary>
    /// Queues a message inside the caller's transaction, so it exists exactly when the decision to send it
    /// does. A second message with the same idempotency key is ignored; returns whether this one was new.
    /// </summary>
    public static async Task<bool> EnqueueAsync(DbTransaction transaction, NewMail mail, DateTimeOffset now, string messageIdDomain)
    {
        var inserted = await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO outbox (idempotency_key, message_id, kind, recipient, subject, text_body, html_body, unsubscribe_url,
                                state, next_attempt_at, created_at)
            VALUES (@IdempotencyKey, @messageId, @Kind, @Recipient, @Subject, @Text, @Html, @UnsubscribeUrl, 'pending', @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            new
            {
                mail.IdempotencyKey,
                messageId = $"<{Guid.NewGuid():N}@{messageIdDomain}>",
                mail.Kind,
                mail.Recipient,
                mail.Subject,
                mail.Text,
                mail.Html,
                mail.UnsubscribeUrl,
                now,
            },
            transaction);
        return inserted == 1;
    }
}

/// <summary>
/// Delivers what the outbox holds. A batch is taken in one UPDATE, so two senders (or two app instances)
/// never take the same message; a message whose sender died is taken again once its lease runs out, with
/// the same Message-ID. Sent and dead messages are never taken again.
/// </summary>
public sealed class OutboxSender(Database database, IMailTransport transport, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxSender> logger)
    : Jobs.IScheduledWork
{
    public string Name => "outbox-sender";

    public string Description => "Delivers queued mail, retrying transient failures with back-off.";

    public string Cron => options.Value.Cron;

    public Task<string> RunAsync(CancellationToken cancellationToken) => SendDueAsync(cancellationToken);

    public async Task<string> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var batch = await TakeBatchAsync(settings, cancellationToken);
        int sent = 0, retrying = 0, dead = 0, held = 0;
        string? setupProblem = null;
        if (batch.Count == 0)
        {
            return Summary();
        }

        await using (var session = await transport.OpenAsync(cancellationToken))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];

                // A slow server can outlast the batch's lease; renew it per message, and skip one another sender now owns.
                if (!await RenewLeaseAsync(message, settings, cancellationToken))
                {
                    continue;
                }

                try
                {
                    await session.SendAsync(
                        new OutgoingMail(message.MessageId, message.Recipient, message.Subject, message.TextBody, message.HtmlBody, message.UnsubscribeUrl),
                        cancellationToken);
                    // Delivered: record it even if the run is being cancelled, or the message would go out again.
                    await FinishAsync(message, "UPDATE outbox SET state = 'sent', sent_at = @now, lease_until = NULL, last_error = NULL", null, CancellationToken.None);
                    if (sent++ == 0)
                    {
                        await SetSetupProblemAsync(null, cancellationToken);
                    }
                }
                catch (MailDeliveryException ex) when (ex.Failure == MailFailure.Setup)
                {
                    // The settings are at fault, not the messages: give every one its attempt back and wait.
                    logger.LogError("Mail is held back by a setup problem: {Problem}", ex.Message);
                    setupProblem = ex.Message;
                    var since = await SetSetupProblemAsync(ex.Message, cancellationToken);
                    var retryAfter = SetupRetryDelay(clock.GetUtcNow() - since, settings);
                    foreach (var waiting in batch.Skip(i))
                    {
                        held += await FinishAsync(
                            waiting,
                            "UPDATE outbox SET state = 'pending', lease_until = NULL, attempts = attempts - 1, last_error = @error, next_attempt_at = @retryAt",
                            ex.Message,
                            cancellationToken,
                            retryAfter) ? 1 : 0;
                    }

                    break;
                }
                catch (MailDeliveryException ex) when (ex.Failure == MailFailure.Unreachable)
                {
                    // No server to talk to: the rest of the batch would only fail the same way, one timeout each.
                    foreach (var waiting in batch.Skip(i))
                    {
                        if (await FailAsync(waiting, ex, settings, cancellationToken))
                        {
                            dead++;
                        }
                        else
                        {
                            retrying++;
                        }
                    }

                    break;
                }
                catch (MailDeliveryException ex)
                {
                    if (await FailAsync(message, ex, settings, cancellationToken))
                    {
                        dead++;
                    }
                    else
                    {
                        retrying++;
                    }
                }
            }
        }

        return Summary();

        string Summary() => $"{sent} sent, {retrying} to retry, {dead} dead" + (setupProblem is null ? "" : $", {held} held back: {setupProblem}");
    }

    /// <summary>Records a failed attempt: dead when permanent or out of attempts (returns true), else retried after the back-off.</summary>
    private async Task<bool> FailAsync(OutboxMessage message, MailDeliveryException ex, OutboxOptions settings, CancellationToken cancellationToken)
    {
        if (ex.Failure == MailFailure.Permanent || message.Attempts >= settings.MaxAttempts)
        {
            logger.LogWarning("Outbox message {Id} to {Recipient} is dead: {Error}", message.Id, message.Recipient, ex.Message);
            await FinishAsync(message, "UPDATE outbox SET state = 'dead', lease_until = NULL, last_error = @error", ex.Message, cancellationToken);
            return true;
        }

        await FinishAsync(
            message,
            "UPDATE outbox SET state = 'pending', lease_until = NULL, last_error = @error, next_attempt_at = @retryAt",
            ex.Message,
            cancellationToken,
            RetryDelay(message.Attempts, settings));
        return false;
    }

    /// <summary>
    /// What stops all mail, as the outbox page shows it; null once a message goes through again. Returns since when
    /// this same problem has stood: the same problem seen again keeps its first time.
    /// </summary>
    private async Task<DateTimeOffset> SetSetupProblemAsync(string? problem, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (problem is null)
        {
            await database.ExecuteAsync("DELETE FROM mail_setup_problem", cancellationToken: cancellationToken);
            return now;
        }

        return await database.ExecuteReturningAsync<DateTimeOffset>(
            """
            INSERT INTO mail_setup_problem (id, description, seen_at)
            VALUES (1, @problem, @now)
            ON CONFLICT (id) DO UPDATE SET seen_at = CASE WHEN description = excluded.description THEN seen_at ELSE excluded.seen_at END,
                                           description = excluded.description
            RETURNING seen_at
            """,
            new { problem, now },
            cancellationToken);
    }

    /// <summary>
    /// A setup problem (a wrong password, say) is retried after as long as it has already lasted, within the
    /// outbox's back-off bounds: a server that locks accounts after repeated failed sign-ins is asked ever less often.
    /// </summary>
    public static TimeSpan SetupRetryDelay(TimeSpan lasted, OutboxOptions settings) =>
        TimeSpan.FromTicks(Math.Clamp(lasted.Ticks, settings.FirstRetryAfter.Ticks, settings.MaxRetryAfter.Ticks));

    /// <summary>Exponential back-off: the first retry after <see cref="OutboxOptions.FirstRetryAfter"/>, doubling, capped.</summary>
    public static TimeSpan RetryDelay(int attempts, OutboxOptions settings) =>
        RetryDelay(attempts, settings.FirstRetryAfter, settings.MaxRetryAfter);

    /// <summary>The same back-off for any outbox (the webhooks' too): <paramref name="first"/>, doubling, at most <paramref name="max"/>.</summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
    }

    private async Task<IReadOnlyList<OutboxMessage>> TakeBatchAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var taken = await database.QueryReturningAsync<OutboxMessage>(
            $"""
            UPDATE outbox
               SET state = 'sending', lease_until = @leaseUntil, attempts = attempts + 1
             WHERE id IN (SELECT id
                            FROM outbox
                           WHERE (state = 'pending' AND next_attempt_at <= @now)
                              OR (state = 'sending' AND lease_until <= @now)
                           ORDER BY id
                           LIMIT @limit)
            RETURNING {Outbox.MessageColumns}
            """,
            new { now, leaseUntil = now + settings.Lease, limit = settings.BatchSize },
            cancellationToken);
        return taken.OrderBy(m => m.Id).ToList();
    }

    private async Task<bool> RenewLeaseAsync(OutboxMessage message, OutboxOptions settings, CancellationToken cancellationToken)
    {
        return await database.ExecuteAsync(
            "UPDATE outbox SET lease_until = @leaseUntil WHERE id = @Id AND state = 'sending' AND attempts = @Attempts",
            new { message.Id, message.Attempts, leaseUntil = clock.GetUtcNow() + settings.Lease },
            cancellationToken) == 1;
    }

    /// <summary>Records the outcome only if this sender still holds the message (its lease may have passed to another).</summary>
    private async Task<bool> FinishAsync(OutboxMessage message, string update, string? error, CancellationToken cancellationToken, TimeSpan? retryAfter = null)
    {
        var now = clock.GetUtcNow();
        return await database.ExecuteAsync(
            $"{update} WHERE id = @Id AND state = 'sending' AND attempts = @Attempts",
            new { message.Id, message.Attempts, now, error = Truncate(error), retryAt = now + (retryAfter ?? TimeSpan.Zero) },
            cancellationToken) == 1;
    }

    /// <summary>An error as kept with a failed attempt: its first 2,000 characters.</summary>
    internal static string? Truncate(string? error) => error is { Length: > 2000 } ? error[..2000] : error;
}

/// <summary>What the outbox page shows and the few things an admin may do to a message.</summary>
public sealed record MailSetupProblem(string Description, DateTimeOffset SeenAt);

public sealed class OutboxAdmin(Database database, TimeProvider clock)
{
    /// <summary>The settings problem holding all mail back (refused credentials, a refused certificate), if any.</summary>
    public async Task<MailSetupProblem?> SetupProblemAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<MailSetupProblem>("SELECT description AS Description, seen_at AS SeenAt FROM mail_setup_problem WHERE id = 1");
    }

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, long Count)>("SELECT state, COUNT(*) FROM outbox GROUP BY state");
        return Outbox.States.ToDictionary(s => s, s => rows.FirstOrDefault(r => r.State == s).Count);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(string state, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxMessage>(
            $"""
            SELECT {Outbox.MessageColumns}
              FROM outbox
             WHERE state = @state
             ORDER BY id DESC
             LIMIT @limit
            """, new { state, limit });
        return rows.AsList();
    }

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxMessage>(
            $"""
            SELECT {Outbox.MessageColumns}
              FROM outbox
             WHERE id = @id
            """, new { id });
    }

    /// <summary>Gives a dead message a fresh set of attempts, to be sent at the next run; false unless it was dead.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        return await database.ExecuteAsync(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = @now WHERE id = @id AND state = 'dead'",
            new { id, now = clock.GetUtcNow() },
            cancellationToken) == 1;
    }

    public async Task<bool> DiscardAsync(long id, CancellationToken cancellationToken = default)
    {
        return await database.ExecuteAsync("UPDATE outbox SET state = 'discarded' WHERE id = @id AND state = 'dead'", new { id }, cancellationToken) == 1;
    }
}
