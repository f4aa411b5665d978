using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Accounts;

public sealed class UserRow
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public bool IsActive { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public bool DigestsEnabled { get; init; }
    public bool RemindersEnabled { get; init; }
    public string SecurityStamp { get; init; } = "";
    public bool MustChangePassword { get; init; }
}

public sealed class UserChoice
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
}

public sealed class UserListItem
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public bool IsActive { get; init; }
    public string Desks { get; init; } = "";

    public IReadOnlyList<string> DeskSlugs => Desks.Length == 0 ? [] : Desks.Split(',');
}

public sealed record UserChange(string? Role, IReadOnlyList<string> DeskSlugs, bool IsActive);

/// <param name="MustChangePassword">Whether the password is a temporary one the user must replace at their first sign-in.</param>
public sealed record NewUser(string? Email, string? DisplayName, string? Role, string? Password, IReadOnlyList<string> DeskSlugs, bool MustChangePassword = false);

public sealed class UserStore(Database database, TimeProvider clock, IOptions<AccountOptions> options)
{
    private const string SelectUser =
        """
        SELECT id, email, display_name, role, password_hash, is_active, failed_sign_ins, locked_until, digests_enabled, reminders_enabled,
               security_stamp, must_change_password
          FROM users
        """;

    public async Task<UserRow?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>($"{SelectUser} WHERE id = @id", new { id });
    }

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>($"{SelectUser} WHERE email = @email", new { email });
    }

    public async Task<(UserRow? User, FieldErrors Errors)> CreateAsync(NewUser user, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        TextRules.Required(errors, "email", user.Email, TextRules.NameMax);
        if (!TextRules.IsBlank(user.Email) && !TextRules.IsPlainMailbox(user.Email.Trim()))
        {
            errors.Add("email", "email must be one plain e-mail address, such as ana@desk.example (no name, no list).");
        }

        TextRules.Required(errors, "name", user.DisplayName, TextRules.NameMax);
        if (!Roles.IsKnown(user.Role))
        {
            errors.Add("role", $"role must be one of: {string.Join(", ", Roles.All)}.");
        }

        Passwords.CheckNewPassword(errors, "password", user.Password, options.Value.MinPasswordLength);

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var normalizedEmail = user.Email!.Trim();
        // Hashed before queueing: the slow hash must not hold up every other write behind it.
        var passwordHash = PasswordHashing.Hash(user.Password!);
        var now = clock.GetUtcNow();
        var refused = await database.WriteAsync<FieldErrors?>(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE email = @normalizedEmail", new { normalizedEmail }, transaction) is not null)
            {
                return FieldErrors.Of("email", $"A user with the e-mail '{normalizedEmail}' already exists.");
            }

            var (deskIds, unknownDesks) = await DeskIdsAsync(transaction, user.DeskSlugs);
            if (unknownDesks.Count > 0)
            {
                var unknown = new FieldErrors();
                foreach (var slug in unknownDesks)
                {
                    unknown.Add("desk", $"There is no desk '{slug}'.");
                }

                return unknown;
            }

            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO users (email, display_name, role, password_hash, security_stamp, must_change_password, created_at)
                VALUES (@email, @displayName, @role, @passwordHash, @securityStamp, @mustChangePassword, @now)
                RETURNING id
                """,
                new
                {
                    email = normalizedEmail,
                    displayName = user.DisplayName!.Trim(),
                    role = user.Role,
                    passwordHash,
                    securityStamp = UserSessions.NewSecurityStamp(),
                    mustChangePassword = user.MustChangePassword,
                    now,
                },
                transaction);

            await connection.ExecuteAsync(
                "INSERT INTO user_desks (user_id, desk_id) VALUES (@id, @deskId)",
                deskIds.Select(deskId => new { id, deskId }),
                transaction);

            await AuditLog.AppendAsync(transaction, null, AuditKinds.UserCreated, actor, now, new
            {
                userId = id,
                email = normalizedEmail,
                role = user.Role,
                desks = user.DeskSlugs,
            });
            write.Commit();
            return null;
        }, cancellationToken);

        return refused is null ? (await FindByEmailAsync(normalizedEmail, cancellationToken), errors) : (null, refused);
    }

    public async Task<IReadOnlyList<UserChoice>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserChoice>(
            "SELECT id, email, display_name FROM users WHERE is_active = 1 ORDER BY display_name");
        return rows.AsList();
    }

    private const string SelectUserWithDesks =
        """
        SELECT u.id, u.email, u.display_name, u.role, u.is_active,
               COALESCE((SELECT group_concat(d.slug, ',') FROM user_desks ud JOIN desks d ON d.id = ud.desk_id WHERE ud.user_id = u.id), '') AS desks
          FROM users u
        """;

    public async Task<IReadOnlyList<UserListItem>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserListItem>($"{SelectUserWithDesks} ORDER BY u.is_active DESC, u.display_name");
        return rows.AsList();
    }

    /// <summary>
    /// Sets a user's role, desks and whether they may sign in. Users are never deleted, so their history
    /// keeps its actor. An admin cannot lock themself out.
    /// </summary>
    public async Task<FieldErrors> UpdateAsync(long userId, UserChange change, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!Roles.IsKnown(change.Role))
        {
            return FieldErrors.Of("role", $"role must be one of: {string.Join(", ", Roles.All)}.");
        }

        if (actor.UserId == userId && (change.Role != Roles.Admin || !change.IsActive))
        {
            return FieldErrors.Of("role", "You cannot remove your own admin role or deactivate yourself: ask another admin.");
        }

        return await database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var before = await connection.QuerySingleOrDefaultAsync<UserListItem>($"{SelectUserWithDesks} WHERE u.id = @userId", new { userId }, transaction);
            if (before is null)
            {
                return FieldErrors.Of("user", $"There is no user {userId}.");
            }

            var (deskIds, unknownDesks) = await DeskIdsAsync(transaction, change.DeskSlugs);
            if (unknownDesks is [var unknown, ..])
            {
                return FieldErrors.Of("desks", $"There is no desk '{unknown}'.");
            }

            await connection.ExecuteAsync(
                "UPDATE users SET role = @Role, is_active = @IsActive WHERE id = @userId",
                new { change.Role, change.IsActive, userId }, transaction);
            await connection.ExecuteAsync("DELETE FROM user_desks WHERE user_id = @userId", new { userId }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO user_desks (user_id, desk_id) VALUES (@userId, @deskId)",
                deskIds.Select(deskId => new { userId, deskId }), transaction);

            var changes = new Dictionary<string, object>(StringComparer.Ordinal);
            if (before.Role != change.Role)
            {
                changes["role"] = new { before = before.Role, after = change.Role };
            }

            var desksAfter = string.Join(',', change.DeskSlugs.Distinct().Order(StringComparer.Ordinal));
            var desksBefore = string.Join(',', before.DeskSlugs.Order(StringComparer.Ordinal));
            if (desksBefore != desksAfter)
            {
                changes["desks"] = new { before = desksBefore, after = desksAfter };
            }

            if (before.IsActive != change.IsActive)
            {
                changes["active"] = new { before = before.IsActive ? "yes" : "no", after = change.IsActive ? "yes" : "no" };
            }

            if (changes.Count > 0)
            {
                await AuditLog.AppendAsync(transaction, null, AuditKinds.UserUpdated, actor, clock.GetUtcNow(), new { userId, email = before.Email, changes });
            }

            write.Commit();
            return new FieldErrors();
        }, cancellationToken);
    }

    public async Task SetMailPreferencesAsync(long userId, bool digests, bool reminders, CancellationToken cancellationToken = default)
    {
        await database.ExecuteAsync(
            "UPDATE users SET digests_enabled = @digests, reminders_enabled = @reminders WHERE id = @userId",
            new { userId, digests, reminders }, cancellationToken);
    }

    public async Task<bool> UnsubscribeAsync(long userId, Digests.MailList list, CancellationToken cancellationToken = default)
    {
        var column = list == Digests.MailList.Digests ? "digests_enabled" : "reminders_enabled";
        return await database.ExecuteAsync($"UPDATE users SET {column} = 0 WHERE id = @userId", new { userId }, cancellationToken) == 1;
    }

    /// <summary>
    /// Counts a sign-in attempt before its password is checked, in one statement, so parallel guesses
    /// cannot outrun the lockout. False when the account is locked: the password must not be checked.
    /// </summary>
    public async Task<bool> TryReserveSignInAttemptAsync(long userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var attempts = await database.ExecuteReturningAsync<long?>(
            """
            UPDATE users
               SET failed_sign_ins = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END,
                   locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END) >= @max
                                       THEN @lockedUntil ELSE NULL END
             WHERE id = @userId AND (locked_until IS NULL OR locked_until <= @now)
            RETURNING failed_sign_ins
            """,
            new { userId, now, max = options.Value.MaxFailedSignIns, lockedUntil = now + options.Value.LockoutDuration },
            cancellationToken);
        return attempts is not null;
    }

    public async Task RecordSuccessfulSignInAsync(long userId, CancellationToken cancellationToken = default)
    {
        await database.ExecuteAsync(
            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @userId",
            new { userId }, cancellationToken);
    }

    /// <summary>The ids of the named desks, and the slugs no desk has.</summary>
    private static async Task<(List<long> Ids, List<string> Unknown)> DeskIdsAsync(DbTransaction transaction, IEnumerable<string> slugs)
    {
        var ids = new List<long>();
        var unknown = new List<string>();
        foreach (var slug in slugs.Distinct())
        {
            if (await DeskStore.FindBySlugAsync(transaction.Connection!, slug, transaction) is { } desk)
            {
                ids.Add(desk.Id);
            }
            else
            {
                unknown.Add(slug);
            }
        }

        return (ids, unknown);
    }
}
