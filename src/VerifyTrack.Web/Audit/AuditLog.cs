using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Audit;

/// <summary>Who did something: a user, or the system itself (jobs).</summary>
public sealed record Actor(long? UserId, string Name)
{
    public static readonly Actor System = new(null, "system");
}

public static class AuditKinds
{
    public const string ClaimCreated = "claim.created";
    public const string ClaimEdited = "claim.edited";
    public const string StateChanged = "claim.state_changed";
    public const string Reviewed = "claim.reviewed";
    public const string Assigned = "claim.assigned";
    public const string AppearanceAdded = "claim.appearance_added";
    public const string AppearanceRemoved = "claim.appearance_removed";
    public const string EvidenceAdded = "claim.evidence_added";
    public const string EvidenceRemoved = "claim.evidence_removed";
    public const string Published = "claim.published";
    public const string Unpublished = "claim.unpublished";
    public const string UserCreated = "user.created";
    public const string DeskCreated = "desk.created";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string Reminded = "claim.reminded";
    public const string Escalated = "claim.escalated";
    public const string UserUpdated = "user.updated";
    public const string DeskUpdated = "desk.updated";
    public const string JobPaused = "job.paused";
    public const string JobResumed = "job.resumed";
    public const string AliasCreated = "alias.created";
    public const string AliasUpdated = "alias.updated";
    public const string AliasRemoved = "alias.removed";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookRemoved = "webhook.removed";
    public const string WebhookDisabled = "webhook.disabled";
    public const string WebhookEnabled = "webhook.enabled";
    public const string WebhookTested = "webhook.tested";
    public const string WebhookRedelivered = "webhook.redelivered";

    public static readonly IReadOnlyList<string> All =
    [
        ClaimCreated, ClaimEdited, StateChanged, Reviewed, Assigned, AppearanceAdded, AppearanceRemoved,
        EvidenceAdded, EvidenceRemoved, Published, Unpublished, Reminded, Escalated, UserCreated, UserUpdated, DeskCreated, DeskUpdated,
        TokenCreated, TokenRevoked, JobPaused, JobResumed, AliasCreated, AliasUpdated, AliasRemoved,
        WebhookCreated, WebhookRemoved, WebhookDisabled, WebhookEnabled, WebhookTested, WebhookRedelivered,
    ];
}

/// <summary>
/// Appends events to the hash-chained, append-only audit table. Always called inside the
/// transaction of the change it records, so the change and its event commit or fail together.
/// </summary>
public static class AuditLog
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public static async Task<long> AppendAsync(
        DbTransaction transaction, long? claimId, string kind, Actor actor, DateTimeOffset at, object details)
    {
        var connection = transaction.Connection!;

        // The caller holds SQLite's write lock (BEGIN IMMEDIATE), so the tip cannot move under us.
        var tip = await connection.QuerySingleOrDefaultAsync<ChainTip>(
            "SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1", transaction: transaction);

        var id = (tip?.Id ?? 0) + 1;
        var prevHash = tip?.Hash ?? GenesisHash;
        var detailsJson = JsonSerializer.Serialize(details, DetailsJson);
        var storedAt = SqlTime.ToSql(at);
        var hash = ComputeHash(id, claimId, kind, actor.UserId, actor.Name, storedAt, detailsJson, prevHash);

        await connection.ExecuteAsync(
            """
            INSERT INTO audit_events (id, claim_id, kind, actor_id, actor, at, details, prev_hash, hash)
            VALUES (@id, @claimId, @kind, @actorId, @actor, @at, @details, @prevHash, @hash)
            """,
            new { id, claimId, kind, actorId = actor.UserId, actor = actor.Name, at = storedAt, details = detailsJson, prevHash, hash },
            transaction);

        return id;
    }

    /// <summary>
    /// SHA-256 over the event's canonical form: its stored fields, one per line, in a fixed order
    /// (id, claim id, kind, actor id, actor, time as stored, details JSON as stored, previous hash).
    /// </summary>
    public static string ComputeHash(long id, long? claimId, string kind, long? actorId, string actor, string at, string details, string prevHash)
    {
        var canonical = string.Join('\n',
            id.ToString(CultureInfo.InvariantCulture),
            claimId?.ToString(CultureInfo.InvariantCulture) ?? "",
            kind,
            actorId?.ToString(CultureInfo.InvariantCulture) ?? "",
            actor,
            at,
            details,
            prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private sealed class ChainTip
    {
        public long Id { get; init; }
        public string Hash { get; init; } = "";
    }
}
