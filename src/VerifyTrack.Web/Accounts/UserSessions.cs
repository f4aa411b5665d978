using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Accounts;

/// <summary>
/// Server-side sign-in sessions. A cookie is honoured only while its session row is live and the user's
/// security stamp is the one it was issued with: ending the row ends one session (a copy of its cookie
/// included), rotating the stamp ends them all.
/// </summary>
public sealed class UserSessions(Database database, TimeProvider clock, IOptions<AccountOptions> options, ILogger<UserSessions> logger)
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task<string> StartAsync(long userId, CancellationToken cancellationToken = default)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await database.WriteAsync(async write =>
        {
            await write.Connection.ExecuteAsync(
                """
                INSERT INTO user_sessions (id, user_id, created_at, last_seen_at)
                VALUES (@id, @userId, @now, @now)
                """,
                new { id, userId, now }, write.Transaction);
            write.Commit();
            return true;
        }, cancellationToken);
        return id;
    }

    /// <summary>Whether the session is the user's and has not ended; notes when it was last seen.</summary>
    public async Task<bool> IsLiveAsync(string sessionId, long userId, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? lastSeenAt;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            lastSeenAt = await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(
                """
                SELECT last_seen_at
                  FROM user_sessions
                 WHERE id = @sessionId AND user_id = @userId AND ended_at IS NULL
                """, new { sessionId, userId });
        }

        if (lastSeenAt is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (now - lastSeenAt > LastSeenResolution)
        {
            // Bookkeeping, at most once a minute per session: a request is never refused because it failed.
            try
            {
                await database.WriteAsync(async write =>
                {
                    await write.Connection.ExecuteAsync(
                        "UPDATE user_sessions SET last_seen_at = @now WHERE id = @sessionId",
                        new { now, sessionId }, write.Transaction);
                    write.Commit();
                    return true;
                }, CancellationToken.None);
            }
            catch (Exception exception) when (exception is SqliteException or InvalidOperationException || StorageFaults.IsFault(exception))
            {
                logger.LogWarning(exception, "Could not note when a session of user {UserId} was last seen.", userId);
            }
        }

        return true;
    }

    public async Task EndAsync(string sessionId, long userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await database.WriteAsync(async write =>
        {
            await write.Connection.ExecuteAsync(
                "UPDATE user_sessions SET ended_at = @now WHERE id = @sessionId AND user_id = @userId AND ended_at IS NULL",
                new { now, sessionId, userId }, write.Transaction);
            write.Commit();
            return true;
        }, cancellationToken);
    }

    /// <summary>Signs the user out everywhere: a new stamp, every session row ended, and an audit event.</summary>
    public async Task EndAllAsync(long userId, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await database.WriteAsync(async write =>
        {
            var email = await write.Connection.QuerySingleOrDefaultAsync<string>(
                "UPDATE users SET security_stamp = @stamp WHERE id = @userId RETURNING email",
                new { stamp = NewSecurityStamp(), userId }, write.Transaction);
            if (email is null)
            {
                return false;
            }

            var ended = await EndSessionsAsync(write, userId, keepSessionId: null, now);
            await AuditLog.AppendAsync(write.Transaction, null, AuditKinds.UserUpdated, actor, now, new
            {
                userId,
                email,
                changes = new { sessions = new { before = $"{ended} signed in", after = "signed out everywhere" } },
            });
            write.Commit();
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes the rows of sessions over for longer than a cookie lives: ended that long ago, or not seen for that long
    /// (plus the minute by which <c>last_seen_at</c> may lag), so no cookie that could still be honoured loses its row.
    /// </summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetUtcNow() - options.Value.CookieLifetime - LastSeenResolution;
        return database.ExecuteAsync(
            "DELETE FROM user_sessions WHERE COALESCE(ended_at, last_seen_at) < @before", new { before }, cancellationToken);
    }

    /// <summary>Ends the user's live sessions but <paramref name="keepSessionId"/>, in the caller's write.</summary>
    internal static Task<int> EndSessionsAsync(WriteTransaction write, long userId, string? keepSessionId, DateTimeOffset now) =>
        write.Connection.ExecuteAsync(
            """
            UPDATE user_sessions
               SET ended_at = @now
             WHERE user_id = @userId AND ended_at IS NULL AND (@keepSessionId IS NULL OR id <> @keepSessionId)
            """,
            new { now, userId, keepSessionId }, write.Transaction);
}
