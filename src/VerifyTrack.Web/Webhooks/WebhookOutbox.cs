using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Claims.Api;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Web.Webhooks;

/// <summary>The signed JSON body of an event: the editors' API claim as it is after the change, and the change.</summary>
public sealed record WebhookPayload(string Id, string Type, DateTimeOffset OccurredAt, ClaimJson? Claim, JsonObject Change);

/// <summary>
/// Queues an event's deliveries inside the transaction of the change it reports, one per endpoint that wants it, so
/// they exist exactly when the change does: a change that rolls back leaves nothing to send. The body is fixed here,
/// so every retry sends the same bytes under the same event id.
/// </summary>
public sealed class WebhookOutbox(IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json, IOptions<MailOptions> mail)
{
    public JsonSerializerOptions Json => json.Value.JsonSerializerOptions;

    /// <summary>Returns how many deliveries were queued.</summary>
    public async Task<int> QueueAsync(DbTransaction transaction, string type, ClaimDetail claim, object change, Actor actor, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var endpoints = (await connection.QueryAsync<(long Id, string Format, string Events, long? DeskId)>(
                """
                SELECT id, format, events, desk_id
                  FROM webhook_endpoints
                 WHERE is_enabled = 1
                 ORDER BY id
                """, transaction: transaction))
            .Where(e => WebhookEvents.Wants(WebhookEvents.Read(e.Events), e.DeskId, type, claim.Claim.DeskId))
            .ToList();
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var eventId = NewEventId();
        var changeJson = JsonSerializer.SerializeToNode(change, Json)?.AsObject() ?? [];
        changeJson["actor"] = new JsonObject { ["id"] = actor.UserId, ["name"] = actor.Name };
        var body = new Lazy<string>(() => JsonSerializer.Serialize(new WebhookPayload(eventId, type, now, ClaimJson.From(claim, now), changeJson), Json));
        var chat = new Lazy<string>(() => ChatBody(ChatMessage.Text(ChatEventOf(type, claim.Claim, changeJson, actor))));
        foreach (var endpoint in endpoints)
        {
            await InsertAsync(transaction, endpoint.Id, eventId, type, claim.Claim.Id, endpoint.Format == WebhookEvents.Slack ? chat.Value : body.Value, now);
        }

        return endpoints.Count;
    }

    /// <summary>The "send test event" delivery: no claim, a change that says what it is.</summary>
    public async Task QueueTestAsync(DbTransaction transaction, long endpointId, string format, Actor actor, DateTimeOffset now)
    {
        var eventId = NewEventId();
        var body = format == WebhookEvents.Slack
            ? ChatBody(ChatMessage.TestText(mail.Value.AppBaseUrl))
            : JsonSerializer.Serialize(
                new WebhookPayload(eventId, WebhookEvents.Test, now, null, new JsonObject
                {
                    ["message"] = "A test event from VerifyTrack: this endpoint is reachable and its signature checks out.",
                    ["actor"] = new JsonObject { ["id"] = actor.UserId, ["name"] = actor.Name },
                }),
                Json);
        await InsertAsync(transaction, endpointId, eventId, WebhookEvents.Test, null, body, now);
    }

    private ChatEvent ChatEventOf(string type, ClaimRow claim, JsonObject change, Actor actor) => new(
        type,
        claim.Id,
        claim.Statement,
        Wire.Name(claim.State),
        Text(change, "from"),
        Wire.Name(claim.Priority),
        claim.DeskName,
        actor.Name,
        claim.AssigneeEmail,
        Text(change, "overdueBy"),
        $"{mail.Value.AppBaseUrl.TrimEnd('/')}/claims/{claim.Id}");

    private static string? Text(JsonObject change, string name) =>
        change[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private string ChatBody(string text) => JsonSerializer.Serialize(new { text }, Json);

    private static string NewEventId() => $"evt_{Guid.NewGuid():N}";

    private static Task InsertAsync(DbTransaction transaction, long endpointId, string eventId, string type, long? claimId, string body, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, claim_id, body, state, next_attempt_at, created_at)
            VALUES (@endpointId, @eventId, @type, @claimId, @body, 'pending', @now, @now)
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
            """,
            new { endpointId, eventId, type, claimId, body, now },
            transaction);
}
