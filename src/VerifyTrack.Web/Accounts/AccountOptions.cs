namespace VerifyTrack.Web.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public int MinPasswordLength { get; set; } = 10;

    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(12);
}
