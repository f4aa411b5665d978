namespace VerifyTrack.Web.Accounts;

public enum SignInOutcome
{
    Success,
    WrongCredentials,
    LockedOut,
    Deactivated,
}

public sealed record SignInResult(SignInOutcome Outcome, UserRow? User = null);

/// <summary>Checks a password and applies the lockout: too many attempts in a row lock the account for a while.</summary>
public sealed class SignInService(UserStore users, PasswordHashing passwords)
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
            passwords.CheckAgainstDummyHash(password);
            return new SignInResult(SignInOutcome.WrongCredentials);
        }

        if (!await users.TryReserveSignInAttemptAsync(user.Id, cancellationToken))
        {
            // Checked and ignored: a locked account must take as long to refuse as a wrong password, or the
            // quick answer tells that the account exists.
            passwords.Matches(user, password);
            return new SignInResult(SignInOutcome.LockedOut);
        }

        if (!passwords.Matches(user, password))
        {
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
