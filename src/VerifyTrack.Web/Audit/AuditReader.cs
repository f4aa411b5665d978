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

public sealed record AuditFilter(long? ClaimId = null, string? Actor = null, string? Kind = null, DateTimeOffset? From = null, DateTimeOffset? Until = null);

public sealed class AuditReader(Database database)
{
    private const string SelectEvent = "SELECT id, claim_id, kind, actor_id, actor, at, details, prev_hash, hash FROM audit_events";

    /// <summary>Newest first, keyset-paged on id so the thousandth page costs what the first does.</summary>
    public async Task<IReadOnlyList<AuditEventRow>> SearchAsync(AuditFilter filter, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter);
        if (beforeId is { } before)
        {
            where += " AND id < @before";
            parameters.Add("before", before);
        }

        parameters.Add("limit", limit);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditEventRow>($"{SelectEvent} {where} ORDER BY id DESC LIMIT @limit", parameters);
        return rows.AsList();
    }

    /// <summary>Every matching event, oldest first, streamed: the CSV export never holds the log in memory.</summary>
    public async IAsyncEnumerable<AuditEventRow> StreamAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter);
        await using var connection = await database.OpenAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<AuditEventRow>($"{SelectEvent} {where} ORDER BY id", parameters).WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    private static (string Where, DynamicParameters Parameters) Where(AuditFilter filter)
    {
        var where = "WHERE 1 = 1";
        var parameters = new DynamicParameters();
        if (filter.ClaimId is { } claimId)
        {
            where += " AND claim_id = @claimId";
            parameters.Add("claimId", claimId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            where += " AND actor = @actor";
            parameters.Add("actor", filter.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            where += " AND kind = @kind";
            parameters.Add("kind", filter.Kind);
        }

        if (filter.From is { } from)
        {
            where += " AND at >= @from";
            parameters.Add("from", from);
        }

        if (filter.Until is { } until)
        {
            where += " AND at < @until";
            parameters.Add("until", until);
        }

        return (where, parameters);
    }

    public async Task<IReadOnlyList<AuditEventRow>> ForClaimAsync(long claimId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditEventRow>($"{SelectEvent} WHERE claim_id = @claimId ORDER BY id", new { claimId });
        return rows.AsList();
    }
}
