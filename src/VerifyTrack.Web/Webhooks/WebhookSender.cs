using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Web.Webhooks;

/// <summary>
/// Delivers queued webhook events, with the mail outbox's design: a batch taken in one UPDATE (two senders never take
/// the same delivery), a lease renewed per delivery, an outcome recorded only while the lease is still held, back-off
/// between attempts and a dead state. A delivery whose sender died is taken again when its lease runs out, with the
/// same event id, so a receiver de-duplicating by <c>X-VerifyTrack-Delivery</c> sees it once.
/// </summary>
public sealed class WebhookSender(
    Database database,
    WebhookEndpoints endpoints,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookSender> logger) : IScheduledWork
{
    public const string ClientName = "webhooks";

    /// <summary>How much of a receiver's answer is kept, for the admin page.</summary>
    public const int KeptResponseBytes = 1024;

    public string Name => "webhook-sender";

    public string Description => "Delivers queued webhook events, retrying failures with back-off.";

    public string Cron => options.Value.Cron;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var batch = await TakeBatchAsync(settings, cancellationToken);
        int delivered = 0, retrying = 0, dead = 0, disabled = 0;
        if (batch.Count == 0)
        {
            return Summary();
        }

        var targets = await TargetsAsync(batch.Select(d => d.EndpointId).Distinct().ToList(), cancellationToken);

        // An endpoint that cannot be reached fails every delivery of the batch the same way: one timeout, not one each.
        var unreachable = new Dictionary<long, string>();
        foreach (var delivery in batch)
        {
            if (!targets.TryGetValue(delivery.EndpointId, out var target) || !target.IsEnabled)
            {
                await ReleaseAsync(delivery, cancellationToken);
                continue;
            }

            if (!await RenewLeaseAsync(delivery, settings, cancellationToken))
            {
                continue;
            }

            var result = unreachable.TryGetValue(delivery.EndpointId, out var error)
                ? new Attempt(DeliveryOutcome.Retry, null, null, error)
                : await SendAsync(delivery, target, settings, cancellationToken);
            if (result.Unreachable)
            {
                unreachable[delivery.EndpointId] = result.Error!;
            }

            var outcome = DeliveryOutcomes.AfterAttempt(result.Outcome, delivery.Attempts, settings.MaxAttempts);
            if (!await FinishAsync(delivery, outcome, result, settings))
            {
                continue;
            }

            switch (outcome)
            {
                case DeliveryOutcome.Delivered:
                    delivered++;
                    break;
                case DeliveryOutcome.Retry:
                    retrying++;
                    break;
                case DeliveryOutcome.DeadAndDisable:
                    dead++;
                    disabled++;
                    target.IsEnabled = false;
                    break;
                default:
                    dead++;
                    break;
            }
        }

        return Summary();

        string Summary() => $"{delivered} delivered, {retrying} to retry, {dead} dead" + (disabled > 0 ? $", {disabled} endpoints disabled (410 Gone)" : "");
    }

    private sealed record Attempt(DeliveryOutcome Outcome, int? Status, string? Response, string? Error, bool Unreachable = false);

    private async Task<Attempt> SendAsync(TakenDelivery delivery, Target target, WebhookOptions settings, CancellationToken cancellationToken)
    {
        string secret;
        try
        {
            secret = endpoints.Secret(target.SecretProtected);
        }
        catch (CryptographicException)
        {
            return new Attempt(DeliveryOutcome.Dead, null, null,
                "The endpoint's secret cannot be decrypted: the Data Protection keys (keys/ beside the database) it was stored with are gone. Register the endpoint again.");
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-VerifyTrack-Event", delivery.EventType);
        request.Headers.Add("X-VerifyTrack-Delivery", delivery.EventId);
        request.Headers.Add("X-VerifyTrack-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-VerifyTrack-Signature", WebhookSignature.Sign(secret, timestamp, delivery.Body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var answer = await ReadStartAsync(response.Content, timeout.Token);
            var outcome = DeliveryOutcomes.Of(status);
            var error = outcome == DeliveryOutcome.Delivered ? null : Describe(response);
            return new Attempt(outcome, status, answer, error);
        }
        catch (HttpRequestException ex) when (ex.InnerException is ForbiddenAddressException forbidden)
        {
            logger.LogWarning("Webhook delivery {Id} refused: {Reason}", delivery.Id, forbidden.Message);
            return new Attempt(DeliveryOutcome.Dead, null, null, forbidden.Message);
        }
        catch (HttpRequestException ex)
        {
            return new Attempt(DeliveryOutcome.Retry, null, null, ex.Message, Unreachable: ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(DeliveryOutcome.Retry, null, null, $"No answer within {settings.TimeoutSeconds} seconds (Webhooks:TimeoutSeconds).", Unreachable: true);
        }
    }

    private static string Describe(HttpResponseMessage response)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return (int)response.StatusCode switch
        {
            410 => $"{status}: the receiver says the endpoint is gone, so it is disabled.",
            >= 300 and < 400 => $"{status}: redirects are not followed" + (response.Headers.Location is { } to ? $" (to {to})." : "."),
            _ => status,
        };
    }

    /// <summary>The first KiB of the answer, read no further, so a receiver cannot make the sender download a large body.</summary>
    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[KeptResponseBytes];
        var read = 0;
        int got;
        while (read < buffer.Length && (got = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += got;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private sealed class TakenDelivery
    {
        public long Id { get; init; }
        public long EndpointId { get; init; }
        public string EventId { get; init; } = "";
        public string EventType { get; init; } = "";
        public string Body { get; init; } = "";
        public int Attempts { get; init; }
    }

    private sealed class Target
    {
        public long Id { get; init; }
        public string Url { get; init; } = "";
        public string SecretProtected { get; init; } = "";
        public bool IsEnabled { get; set; }
    }

    private async Task<IReadOnlyList<TakenDelivery>> TakeBatchAsync(WebhookOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var taken = await database.QueryReturningAsync<TakenDelivery>(
            """
            UPDATE webhook_deliveries
               SET state = 'sending', lease_until = @leaseUntil, attempts = attempts + 1
             WHERE id IN (SELECT d.id
                            FROM webhook_deliveries d
                            JOIN webhook_endpoints e ON e.id = d.endpoint_id
                           WHERE e.is_enabled = 1
                             AND ((d.state = 'pending' AND d.next_attempt_at <= @now)
                               OR (d.state = 'sending' AND d.lease_until <= @now))
                           ORDER BY d.id
                           LIMIT @limit)
            RETURNING id, endpoint_id, event_id, event_type, body, attempts
            """,
            new { now, leaseUntil = now + settings.Lease, limit = settings.BatchSize },
            cancellationToken);
        return taken.OrderBy(d => d.Id).ToList();
    }

    private async Task<Dictionary<long, Target>> TargetsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Target>(
            "SELECT id, url, secret_protected, is_enabled FROM webhook_endpoints WHERE id IN @ids", new { ids });
        return rows.ToDictionary(t => t.Id);
    }

    private async Task<bool> RenewLeaseAsync(TakenDelivery delivery, WebhookOptions settings, CancellationToken cancellationToken) =>
        await database.ExecuteAsync(
            "UPDATE webhook_deliveries SET lease_until = @leaseUntil WHERE id = @Id AND state = 'sending' AND attempts = @Attempts",
            new { delivery.Id, delivery.Attempts, leaseUntil = clock.GetUtcNow() + settings.Lease },
            cancellationToken) == 1;

    /// <summary>An endpoint disabled meanwhile: the delivery goes back, its attempt unused, until the endpoint is enabled.</summary>
    private Task<int> ReleaseAsync(TakenDelivery delivery, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            "UPDATE webhook_deliveries SET state = 'pending', lease_until = NULL, attempts = attempts - 1 WHERE id = @Id AND state = 'sending' AND attempts = @Attempts",
            new { delivery.Id, delivery.Attempts },
            cancellationToken);

    /// <summary>
    /// Records the outcome only if this sender still holds the delivery (its lease may have passed to another); a 410
    /// disables the endpoint, audited, in the same transaction. Recorded even when the run is being cancelled: a
    /// delivery made and not recorded would go out again.
    /// </summary>
    private Task<bool> FinishAsync(TakenDelivery delivery, DeliveryOutcome outcome, Attempt attempt, WebhookOptions settings) =>
        database.WriteAsync(async write =>
        {
            var now = clock.GetUtcNow();
            var (state, retryAt) = outcome switch
            {
                DeliveryOutcome.Delivered => ("delivered", now),
                DeliveryOutcome.Retry => ("pending", now + OutboxSender.RetryDelay(delivery.Attempts, settings.FirstRetryAfter, settings.MaxRetryAfter)),
                _ => ("dead", now),
            };
            var recorded = await write.Connection.ExecuteAsync(
                """
                UPDATE webhook_deliveries
                   SET state = @state, lease_until = NULL, next_attempt_at = @retryAt, last_error = @error,
                       response_status = @status, response_body = @response,
                       delivered_at = CASE WHEN @state = 'delivered' THEN @now ELSE delivered_at END
                 WHERE id = @Id AND state = 'sending' AND attempts = @Attempts
                """,
                new { delivery.Id, delivery.Attempts, state, retryAt, now, error = OutboxSender.Truncate(attempt.Error), status = attempt.Status, response = attempt.Response },
                write.Transaction) == 1;
            if (recorded && outcome == DeliveryOutcome.DeadAndDisable)
            {
                await WebhookEndpoints.SetEnabledAsync(write.Transaction, delivery.EndpointId, false, attempt.Error, Actor.System, now);
            }

            write.Commit();
            return recorded;
        }, CancellationToken.None);
}
