namespace VerifyTrack.Web.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Load the demo dataset at start-up when the database has no users yet.</summary>
    public bool Seed { get; set; }

    /// <summary>The password of every demo user; printed at start-up so a first run can sign in.</summary>
    public string Password { get; set; } = "verifytrack-demo";
}
