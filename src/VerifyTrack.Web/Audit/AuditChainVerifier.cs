using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Audit;

public sealed record ChainVerification(long EventsChecked, long? FirstBrokenEventId, string? Problem, long HeadId = 0, string HeadHash = AuditLog.GenesisHash)
{
    public bool IsIntact => FirstBrokenEventId is null && Problem is null;

    /// <summary>The newest event as "id:hash": record it elsewhere and pass it back to prove nothing was cut off the end.</summary>
    public string Head => $"{HeadId}:{HeadHash}";
}

/// <summary>Walks the whole audit chain in id order, recomputing every hash and link.</summary>
public sealed class AuditChainVerifier(Database database)
{
    /// <param name="expectedHead">
    /// An "id:hash" recorded from an earlier verification. The chain alone cannot show that its newest
    /// events were deleted; checking that this event is still there, unchanged, can.
    /// </param>
    public async Task<ChainVerification> VerifyAsync(string? expectedHead = null, CancellationToken cancellationToken = default)
    {
        (long Id, string Hash)? anchor = null;
        if (expectedHead is not null)
        {
            var parts = expectedHead.Split(':');
            if (parts is not [var idText, var hashText] || !long.TryParse(idText, out var anchorId) || hashText.Length != 64)
            {
                throw new ArgumentException($"'{expectedHead}' is not an anchor: expected the form 42:<64 hex digits> that audit verify prints.", nameof(expectedHead));
            }

            anchor = (anchorId, hashText.ToLowerInvariant());
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<StoredEvent>(
            "SELECT id, claim_id, kind, actor_id, actor, at, details, prev_hash, hash FROM audit_events ORDER BY id")
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

            var computed = AuditLog.ComputeHash(row.Id, row.ClaimId, row.Kind, row.ActorId, row.Actor, row.At, row.Details, row.PrevHash);
            if (!string.Equals(computed, row.Hash, StringComparison.Ordinal))
            {
                return new(checkedCount, row.Id, "its content does not match its hash (the row was altered)");
            }

            if (anchor is { } a && a.Id == row.Id && !string.Equals(a.Hash, row.Hash, StringComparison.Ordinal))
            {
                return new(checkedCount, row.Id, "it is not the event recorded in the expected head (the chain was rewritten from here)");
            }

            checkedCount++;
            expectedId = row.Id + 1;
            expectedPrev = row.Hash;
        }

        var headId = (expectedId ?? 1) - 1;
        if (anchor is { } expected && expected.Id > headId)
        {
            return new(checkedCount, null, $"the expected head, event {expected.Id}, is gone: the chain now ends at event {headId}, so events were deleted from its end", headId, expectedPrev);
        }

        return new(checkedCount, null, null, headId, expectedPrev);
    }

    private sealed class StoredEvent
    {
        public long Id { get; init; }
        public long? ClaimId { get; init; }
        public string Kind { get; init; } = "";
        public long? ActorId { get; init; }
        public string Actor { get; init; } = "";
        public string At { get; init; } = "";
        public string Details { get; init; } = "";
        public string PrevHash { get; init; } = "";
        public string Hash { get; init; } = "";
    }
}
