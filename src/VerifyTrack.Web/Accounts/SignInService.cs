namespace VerifyTrack.Web.Accounts;

public enum SignInOutcome
{
    Success,
    WrongCredentials,
    LockedOut,
    Deactivated,
}

public sealed record SignInResult(SignInOutcome Outcome, UserRow? User = null, DateTimeOffset? LockedUntil = null);

/// <summary>Checks a password and applies the lockout: too many failures lock the account for a while.</summary>
public sealed class SignInService(UserStore users, TimeProvider clock)
{
    public async Task<SignInResult> SignInAsync(string? email, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return new SignInResult(SignInOutcome.WrongCredentials);
        }

        var user = await users.FindByEmailAsync(email.Trim(), cancellationToken);
        if (user is null)
        {
            return new SignInResult(SignInOutcome.WrongCredentials);
        }

        if (user.LockedUntil is { } lockedUntil && lockedUntil > clock.GetUtcNow())
        {
            return new SignInResult(SignInOutcome.LockedOut, LockedUntil: lockedUntil);
        }

        if (!UserStore.PasswordMatches(user, password))
        {
            await users.RecordFailedSignInAsync(user.Id, cancellationToken);
            return new SignInResult(SignInOutcome.WrongCredentials);
        }

        if (!user.IsActive)
        {
            return new SignInResult(SignInOutcome.Deactivated);
        }

        await users.RecordSuccessfulSignInAsync(user.Id, cancellationToken);
        return new SignInResult(SignInOutcome.Success, user);
    }
}
