using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Audit;

public sealed class AuditEventRow
{
    public long Id { get; init; }
    public long? ClaimId { get; init; }
    public string Kind { get; init; } = "";
    public long? ActorId { get; init; }
    public string Actor { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public string Details { get; init; } = "";
    public string PrevHash { get; init; } = "";
    public string Hash { get; init; } = "";
}

public sealed class AuditReader(Database database)
{
    public async Task<IReadOnlyList<AuditEventRow>> ForClaimAsync(long claimId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditEventRow>(
            """
            SELECT id, claim_id, kind, actor_id, actor, at, details, prev_hash, hash
              FROM audit_events
             WHERE claim_id = @claimId
             ORDER BY id
            """, new { claimId });
        return rows.AsList();
    }
}
