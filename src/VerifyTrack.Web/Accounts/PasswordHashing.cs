using Microsoft.AspNetCore.Identity;

namespace VerifyTrack.Web.Accounts;

/// <summary>
/// The one place passwords are hashed and checked. It counts every check, so tests can see that a refusal
/// spent a real verification without timing it.
/// </summary>
public sealed class PasswordHashing
{
    private static readonly PasswordHasher<UserRow> Hasher = new();
    private static readonly string DummyHash = Hasher.HashPassword(new UserRow(), "not-a-real-password");
    private long _verifications;

    public long Verifications => Interlocked.Read(ref _verifications);

    public static string Hash(string password) => Hasher.HashPassword(new UserRow(), password);

    public bool Matches(UserRow user, string password)
    {
        Interlocked.Increment(ref _verifications);
        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Spends the same time as a real check, so an unknown e-mail cannot be told from a wrong password.</summary>
    public void CheckAgainstDummyHash(string password)
    {
        Interlocked.Increment(ref _verifications);
        Hasher.VerifyHashedPassword(new UserRow(), DummyHash, password);
    }
}
