using Dapper;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Accounts;

public sealed class PasswordChangeForm
{
    public string? CurrentPassword { get; set; }

    public string? NewPassword { get; set; }

    public string? ConfirmPassword { get; set; }
}

/// <summary>
/// A user's own password change, and an admin's reset to a temporary password the user must replace.
/// Both give the user a new security stamp; the audit event names what changed, never the password.
/// </summary>
public sealed class Passwords(Database database, UserStore users, PasswordHashing hashing, TimeProvider clock, IOptions<AccountOptions> options)
{
    public static void CheckNewPassword(FieldErrors errors, string field, string? password, int minLength)
    {
        if (TextRules.IsBlank(password) || password.Length < minLength)
        {
            errors.Add(field, $"{field} must be at least {minLength} characters, not only spaces.");
        }
    }

    /// <summary>
    /// Changes the signed-in user's password. The session it is made from stays signed in (the caller
    /// re-issues its cookie with the returned user's new stamp); every other session ends.
    /// </summary>
    public async Task<(FieldErrors Errors, UserRow? User)> ChangeOwnAsync(
        long userId, string sessionId, PasswordChangeForm form, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(form.CurrentPassword))
        {
            errors.Add("currentPassword", "Enter your current password.");
        }

        CheckNewPassword(errors, "newPassword", form.NewPassword, options.Value.MinPasswordLength);
        if (errors.IsEmpty && form.NewPassword == form.CurrentPassword)
        {
            errors.Add("newPassword", "Choose a new password that differs from the current one.");
        }

        if (form.NewPassword != form.ConfirmPassword)
        {
            errors.Add("confirmPassword", "The two new passwords differ: type the same one twice.");
        }

        if (!errors.IsEmpty)
        {
            return (errors, null);
        }

        var user = await users.FindByIdAsync(userId, cancellationToken);
        if (user is null)
        {
            return (FieldErrors.Of("currentPassword", "Your account no longer exists."), null);
        }

        // Guesses at the current password from a stolen session count towards the same lockout as sign-ins.
        if (!await users.TryReserveSignInAttemptAsync(userId, cancellationToken))
        {
            hashing.Matches(user, form.CurrentPassword!);
            return (FieldErrors.Of("currentPassword",
                $"Too many wrong passwords in a row: try again in {options.Value.LockoutDuration.TotalMinutes:0} minutes."), null);
        }

        if (!hashing.Matches(user, form.CurrentPassword!))
        {
            return (FieldErrors.Of("currentPassword", "Your current password is not right."), null);
        }

        var changes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["password"] = new { before = "", after = "changed by the user" },
        };
        if (user.MustChangePassword)
        {
            changes["mustChangePassword"] = new { before = "yes", after = "no" };
        }

        var stored = await StoreAsync(user, form.NewPassword!, mustChange: false, keepSessionId: sessionId, changes, actor, cancellationToken);
        return stored
            ? (errors, await users.FindByIdAsync(userId, cancellationToken))
            : (FieldErrors.Of("currentPassword", "Your password was changed meanwhile, from another session: sign in again."), null);
    }

    /// <summary>
    /// Sets a temporary password chosen by an admin: every session of the user ends, the lockout is lifted,
    /// and the user must choose a new password at their next sign-in.
    /// </summary>
    public async Task<FieldErrors> ResetAsync(long userId, string? temporaryPassword, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.UserId == userId)
        {
            return FieldErrors.Of("temporaryPassword", "Change your own password on your account page, with your current one.");
        }

        var errors = new FieldErrors();
        CheckNewPassword(errors, "temporaryPassword", temporaryPassword, options.Value.MinPasswordLength);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var user = await users.FindByIdAsync(userId, cancellationToken);
        if (user is null)
        {
            return FieldErrors.Of("user", $"There is no user {userId}.");
        }

        var changes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["password"] = new { before = "", after = "reset by an admin" },
        };
        if (!user.MustChangePassword)
        {
            changes["mustChangePassword"] = new { before = "no", after = "yes" };
        }

        return await StoreAsync(user, temporaryPassword!, mustChange: true, keepSessionId: null, changes, actor, cancellationToken)
            ? errors
            : FieldErrors.Of("temporaryPassword", "The password was changed meanwhile: look again and retry.");
    }

    /// <summary>False when the password changed since <paramref name="user"/> was read: nothing is written then.</summary>
    private async Task<bool> StoreAsync(
        UserRow user, string password, bool mustChange, string? keepSessionId, Dictionary<string, object> changes, Actor actor, CancellationToken cancellationToken)
    {
        // Hashed before queueing: the slow hash must not hold up every other write behind it.
        var passwordHash = PasswordHashing.Hash(password);
        var now = clock.GetUtcNow();
        return await database.WriteAsync(async write =>
        {
            var updated = await write.Connection.ExecuteAsync(
                """
                UPDATE users
                   SET password_hash = @passwordHash,
                       security_stamp = @securityStamp,
                       must_change_password = @mustChange,
                       failed_sign_ins = 0,
                       locked_until = NULL
                 WHERE id = @userId AND password_hash = @previousHash
                """,
                new { passwordHash, securityStamp = UserSessions.NewSecurityStamp(), mustChange, userId = user.Id, previousHash = user.PasswordHash },
                write.Transaction);
            if (updated == 0)
            {
                return false;
            }

            var sessionsEnded = await UserSessions.EndSessionsAsync(write, user.Id, keepSessionId, now);
            await AuditLog.AppendAsync(write.Transaction, null, AuditKinds.UserUpdated, actor, now, new
            {
                userId = user.Id,
                email = user.Email,
                changes,
                sessionsEnded,
            });
            write.Commit();
            return true;
        }, cancellationToken);
    }
}
