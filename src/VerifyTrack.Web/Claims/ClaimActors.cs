using System.Data.Common;
using Dapper;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Claims;

/// <summary>Reads who a user is for <see cref="ClaimPermissions"/>: their role and desks, as stored now.</summary>
public sealed class ClaimActors(Database database)
{
    /// <summary>For showing only the actions a person can use; the commands decide again inside their own transaction.</summary>
    public async Task<ClaimActor> ForUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await LoadAsync(connection, null, userId);
    }

    /// <summary>An unknown or deactivated user, or none (the system), is nobody: every change is refused.</summary>
    public static async Task<ClaimActor> LoadAsync(DbConnection connection, DbTransaction? transaction, long? userId)
    {
        if (userId is null)
        {
            return ClaimActor.Nobody;
        }

        var rows = (await connection.QueryAsync<(string Role, long? DeskId)>(
            """
            SELECT u.role, ud.desk_id
              FROM users u
              LEFT JOIN user_desks ud ON ud.user_id = u.id
             WHERE u.id = @userId AND u.is_active = 1
            """,
            new { userId }, transaction)).AsList();
        return rows.Count == 0
            ? ClaimActor.Nobody
            : new ClaimActor(rows[0].Role, rows.Where(r => r.DeskId is not null).Select(r => r.DeskId!.Value).ToHashSet());
    }
}
