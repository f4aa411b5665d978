using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Audit;

public sealed record ChainVerification(long EventsChecked, long? FirstBrokenEventId, string? Problem)
{
    public bool IsIntact => FirstBrokenEventId is null;
}

/// <summary>Walks the whole audit chain in id order, recomputing every hash and link.</summary>
public sealed class AuditChainVerifier(Database database)
{
    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<StoredEvent>(
            "SELECT id, claim_id, kind, actor, at, details, prev_hash, hash FROM audit_events ORDER BY id")
            .WithCancellation(cancellationToken);

        long checkedCount = 0;
        long? expectedId = null;
        var expectedPrev = AuditLog.GenesisHash;
        await foreach (var row in rows)
        {
            if (expectedId is { } id && row.Id != id)
            {
                return new(checkedCount, row.Id, $"event {id} is missing: the chain jumps from {id - 1} to {row.Id}");
            }

            if (!string.Equals(row.PrevHash, expectedPrev, StringComparison.Ordinal))
            {
                return new(checkedCount, row.Id, "its prev_hash does not match the hash of the event before it");
            }

            var computed = AuditLog.ComputeHash(row.Id, row.ClaimId, row.Kind, row.Actor, row.At, row.Details, row.PrevHash);
            if (!string.Equals(computed, row.Hash, StringComparison.Ordinal))
            {
                return new(checkedCount, row.Id, "its content does not match its hash (the row was altered)");
            }

            checkedCount++;
            expectedId = row.Id + 1;
            expectedPrev = row.Hash;
        }

        return new(checkedCount, null, null);
    }

    private sealed class StoredEvent
    {
        public long Id { get; init; }
        public long? ClaimId { get; init; }
        public string Kind { get; init; } = "";
        public string Actor { get; init; } = "";
        public string At { get; init; } = "";
        public string Details { get; init; } = "";
        public string PrevHash { get; init; } = "";
        public string Hash { get; init; } = "";
    }
}
