using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.WebUtilities;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Accounts;

public sealed class ApiTokenRow
{
    public long Id { get; init; }
    public string Label { get; init; } = "";
    public string TokenPrefix { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

public sealed class TokenOverviewItem
{
    public long Id { get; init; }
    public string Label { get; init; } = "";
    public string TokenPrefix { get; init; } = "";
    public string OwnerEmail { get; init; } = "";
    public long OwnerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

public sealed class TokenOwner
{
    public long TokenId { get; init; }
    public long UserId { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public DateTimeOffset? LastUsedAt { get; init; }
}

/// <summary>
/// Personal API tokens: random, shown once, stored only as a SHA-256 hash (the token carries 256 bits of
/// entropy, so a slow password hash would add nothing but latency to every API call).
/// </summary>
public sealed class ApiTokens(Database database, TimeProvider clock, ILogger<ApiTokens> logger)
{
    private const string Prefix = "vt_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<(string Token, ApiTokenRow Row)> CreateAsync(long userId, string label, Actor actor, CancellationToken cancellationToken = default)
    {
        var token = Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var row = await database.WriteAsync(async write =>
        {
            var created = await write.Connection.QuerySingleAsync<ApiTokenRow>(
                """
                INSERT INTO api_tokens (user_id, label, token_prefix, token_hash, created_at)
                VALUES (@userId, @label, @tokenPrefix, @tokenHash, @now)
                RETURNING id, label, token_prefix, created_at, last_used_at, revoked_at
                """,
                new { userId, label, tokenPrefix = token[..10], tokenHash = Hash(token), now },
                write.Transaction);
            await AuditLog.AppendAsync(write.Transaction, null, AuditKinds.TokenCreated, actor, now, new { tokenId = created.Id, userId, label, created.TokenPrefix });
            write.Commit();
            return created;
        }, cancellationToken);
        return (token, row);
    }

    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ApiTokenRow>(
            """
            SELECT id, label, token_prefix, created_at, last_used_at, revoked_at
              FROM api_tokens
             WHERE user_id = @userId
             ORDER BY id DESC
            """, new { userId });
        return rows.AsList();
    }

    public async Task<IReadOnlyList<TokenOverviewItem>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TokenOverviewItem>(
            """
            SELECT t.id, t.label, t.token_prefix, u.email AS owner_email, u.id AS owner_id, t.created_at, t.last_used_at, t.revoked_at
              FROM api_tokens t
              JOIN users u ON u.id = t.user_id
             ORDER BY t.revoked_at IS NOT NULL, t.id DESC
            """);
        return rows.AsList();
    }

    /// <summary>Revokes one of the user's own tokens; false when there is no such live token.</summary>
    public async Task<bool> RevokeAsync(long userId, long tokenId, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return await database.WriteAsync(async write =>
        {
            var revoked = await write.Connection.ExecuteAsync(
                "UPDATE api_tokens SET revoked_at = @now WHERE id = @tokenId AND user_id = @userId AND revoked_at IS NULL",
                new { tokenId, userId, now }, write.Transaction);
            if (revoked == 0)
            {
                return false;
            }

            await AuditLog.AppendAsync(write.Transaction, null, AuditKinds.TokenRevoked, actor, now, new { tokenId, userId });
            write.Commit();
            return true;
        }, cancellationToken);
    }

    public async Task<TokenOwner?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var owner = await connection.QuerySingleOrDefaultAsync<TokenOwner>(
            """
            SELECT t.id AS token_id, u.id AS user_id, u.email, u.display_name, u.role, t.last_used_at
              FROM api_tokens t
              JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND u.is_active = 1
            """, new { hash = Hash(token) });

        var now = clock.GetUtcNow();
        if (owner is not null && (owner.LastUsedAt is null || now - owner.LastUsedAt > LastUsedResolution))
        {
            // Only touched once a minute so that API reads do not each queue a write, and through the writer
            // queue so that the touch never contends with a claim's change for SQLite's write lock. It is
            // bookkeeping: a request is never refused because the touch could not be written.
            try
            {
                await database.WriteAsync(async write =>
                {
                    await write.Connection.ExecuteAsync(
                        "UPDATE api_tokens SET last_used_at = @now WHERE id = @id", new { now, id = owner.TokenId }, write.Transaction);
                    write.Commit();
                    return true;
                }, CancellationToken.None);
            }
            catch (Exception exception) when (exception is SqliteException or InvalidOperationException || StorageFaults.IsFault(exception))
            {
                logger.LogWarning(exception, "Could not note when API token {TokenId} was last used.", owner.TokenId);
            }
        }

        return owner;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
