using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Webhooks;

public sealed class WebhookEndpointRow
{
    public long Id { get; init; }
    public string Url { get; init; } = "";
    public string Format { get; init; } = "";
    public string Events { get; init; } = "";
    public long? DeskId { get; init; }
    public string? DeskSlug { get; init; }
    public bool IsEnabled { get; init; }
    public string? DisabledReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<string> EventList => WebhookEvents.Read(Events);
}

public sealed class WebhookDeliveryRow
{
    public long Id { get; init; }
    public long EndpointId { get; init; }
    public string EventId { get; init; } = "";
    public string EventType { get; init; } = "";
    public long? ClaimId { get; init; }
    public string Body { get; init; } = "";
    public string State { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public int? ResponseStatus { get; init; }
    public string? ResponseBody { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>What an admin asks for: the receiver's URL, the events, optionally one desk, and the format (json by default).</summary>
public sealed record NewWebhook(string? Url, IReadOnlyList<string>? Events, string? Desk, string? Format);

/// <summary>
/// The endpoints admins keep, each change audited in its own transaction. The signing secret is made here, handed
/// back once, and stored encrypted with Data Protection: the sender must read it to sign, so it cannot be a hash.
/// </summary>
public sealed class WebhookEndpoints(Database database, WebhookAddresses addresses, WebhookOutbox outbox, IDataProtectionProvider protection, TimeProvider clock)
{
    public const int RecentDeliveries = 10;

    private const string EndpointColumns =
        "e.id, e.url, e.format, e.events, e.desk_id, d.slug AS desk_slug, e.is_enabled, e.disabled_reason, e.created_at, e.updated_at";

    private const string DeliveryColumns =
        "id, endpoint_id, event_id, event_type, claim_id, body, state, attempts, next_attempt_at, last_error, response_status, response_body, created_at, delivered_at";

    private readonly IDataProtector _secrets = protection.CreateProtector("VerifyTrack.Webhooks.Secret.v1");

    /// <summary>The new endpoint and its secret (the only time it is given out), or what is wrong with the request.</summary>
    public async Task<(WebhookEndpointRow? Endpoint, string? Secret, FieldErrors Errors)> RegisterAsync(NewWebhook input, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (await addresses.CheckAsync(input.Url, cancellationToken) is { } urlProblem)
        {
            errors.Add("url", urlProblem);
        }

        var events = input.Events?.Select(e => e?.Trim() ?? "").ToList() ?? [];
        if (events.Count == 0)
        {
            errors.Add("events", $"events is required: one or more of {string.Join(", ", WebhookEvents.All)}.");
        }
        else if (events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
        {
            errors.Add("events", $"'{unknown}' is not an event: use {string.Join(", ", WebhookEvents.All)}.");
        }

        var format = string.IsNullOrWhiteSpace(input.Format) ? WebhookEvents.Json : input.Format.Trim();
        if (!WebhookEvents.Formats.Contains(format))
        {
            errors.Add("format", $"format must be one of: {string.Join(", ", WebhookEvents.Formats)}.");
        }

        var deskSlug = string.IsNullOrWhiteSpace(input.Desk) ? null : input.Desk.Trim();
        TextRules.Optional(errors, "desk", deskSlug, TextRules.SlugMax);
        if (!errors.IsEmpty)
        {
            return (null, null, errors);
        }

        var secret = WebhookSignature.NewSecret();
        return await database.WriteAsync<(WebhookEndpointRow?, string?, FieldErrors)>(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            DeskRow? desk = null;
            if (deskSlug is not null && (desk = await DeskStore.FindBySlugAsync(connection, deskSlug, transaction)) is null)
            {
                return (null, null, FieldErrors.Of("desk", $"There is no desk '{deskSlug}'."));
            }

            var now = clock.GetUtcNow();
            var url = input.Url!.Trim();
            var stored = WebhookEvents.Store(events);
            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO webhook_endpoints (url, format, events, desk_id, secret_protected, is_enabled, created_by, created_at, updated_at)
                VALUES (@url, @format, @stored, @deskId, @secretProtected, 1, @createdBy, @now, @now)
                RETURNING id
                """,
                new { url, format, stored, deskId = desk?.Id, secretProtected = _secrets.Protect(secret), createdBy = actor.UserId, now },
                transaction);
            await AuditLog.AppendAsync(transaction, null, AuditKinds.WebhookCreated, actor, now, new { id, url, format, events = stored, desk = desk?.Slug });
            write.Commit();
            return (await GetAsync(connection, transaction, id), secret, errors);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookEndpointRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WebhookEndpointRow>(
            $"""
            SELECT {EndpointColumns}
              FROM webhook_endpoints e
              LEFT JOIN desks d ON d.id = e.desk_id
             ORDER BY e.id
            """);
        return rows.AsList();
    }

    public async Task<WebhookEndpointRow?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id);
    }

    private static Task<WebhookEndpointRow?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<WebhookEndpointRow?>(
            $"""
            SELECT {EndpointColumns}
              FROM webhook_endpoints e
              LEFT JOIN desks d ON d.id = e.desk_id
             WHERE e.id = @id
            """, new { id }, transaction);

    /// <summary>The endpoint's recent deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRow>> DeliveriesAsync(long endpointId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WebhookDeliveryRow>(
            $"""
            SELECT {DeliveryColumns}
              FROM webhook_deliveries
             WHERE endpoint_id = @endpointId
             ORDER BY id DESC
             LIMIT @limit
            """, new { endpointId, limit });
        return rows.AsList();
    }

    /// <summary>Removes the endpoint with its deliveries (those still queued are never sent); false when there was none.</summary>
    public Task<bool> RemoveAsync(long id, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            if (await GetAsync(connection, transaction, id) is not { } endpoint)
            {
                return false;
            }

            await connection.ExecuteAsync("DELETE FROM webhook_endpoints WHERE id = @id", new { id }, transaction);
            await AuditLog.AppendAsync(transaction, null, AuditKinds.WebhookRemoved, actor, clock.GetUtcNow(), new { id, url = endpoint.Url });
            write.Commit();
            return true;
        }, cancellationToken);

    /// <summary>
    /// Turns an endpoint off or on; null when there is none, false when it already was. A disabled endpoint is sent
    /// nothing: new events are not queued for it, and what was queued waits until it is enabled again.
    /// </summary>
    public Task<bool?> SetEnabledAsync(long id, bool enabled, string? reason, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async write =>
        {
            var changed = await SetEnabledAsync(write.Transaction, id, enabled, reason, actor, clock.GetUtcNow());
            if (changed == true)
            {
                write.Commit();
            }

            return changed;
        }, cancellationToken);

    /// <summary>The same inside the caller's transaction (the sender's, when a receiver answers 410).</summary>
    internal static async Task<bool?> SetEnabledAsync(DbTransaction transaction, long id, bool enabled, string? reason, Actor actor, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        if (await GetAsync(connection, transaction, id) is not { } endpoint)
        {
            return null;
        }

        if (endpoint.IsEnabled == enabled)
        {
            return false;
        }

        await connection.ExecuteAsync(
            "UPDATE webhook_endpoints SET is_enabled = @enabled, disabled_reason = @reason, updated_at = @now WHERE id = @id",
            new { id, enabled, reason = enabled ? null : reason, now }, transaction);
        await AuditLog.AppendAsync(transaction, null, enabled ? AuditKinds.WebhookEnabled : AuditKinds.WebhookDisabled, actor, now, new { id, url = endpoint.Url, reason });
        return true;
    }

    /// <summary>Queues a test event for the endpoint, sent at the sender's next run; false when there is no such endpoint.</summary>
    public Task<bool> SendTestAsync(long id, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            if (await GetAsync(connection, transaction, id) is not { } endpoint)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            await outbox.QueueTestAsync(transaction, id, endpoint.Format, actor, now);
            await AuditLog.AppendAsync(transaction, null, AuditKinds.WebhookTested, actor, now, new { id, url = endpoint.Url });
            write.Commit();
            return true;
        }, cancellationToken);

    /// <summary>Gives a dead delivery a fresh set of attempts, the same body and event id; false unless it was dead.</summary>
    public Task<bool> RedeliverAsync(long endpointId, long deliveryId, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async write =>
        {
            var now = clock.GetUtcNow();
            var changed = await write.Connection.ExecuteAsync(
                """
                UPDATE webhook_deliveries
                   SET state = 'pending', attempts = 0, next_attempt_at = @now, lease_until = NULL
                 WHERE id = @deliveryId AND endpoint_id = @endpointId AND state = 'dead'
                """,
                new { deliveryId, endpointId, now }, write.Transaction);
            if (changed == 0)
            {
                return false;
            }

            await AuditLog.AppendAsync(write.Transaction, null, AuditKinds.WebhookRedelivered, actor, now, new { id = endpointId, deliveryId });
            write.Commit();
            return true;
        }, cancellationToken);

    /// <summary>Deletes deliveries delivered before <paramref name="before"/> (dead ones stay, for an admin to see); returns how many.</summary>
    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM webhook_deliveries WHERE state = 'delivered' AND delivered_at < @before", new { before }, cancellationToken);

    /// <summary>The secret to sign with; a <see cref="System.Security.Cryptography.CryptographicException"/> when the keys that protected it are gone.</summary>
    internal string Secret(string secretProtected) => _secrets.Unprotect(secretProtected);
}
