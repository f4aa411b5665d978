namespace VerifyTrack.Web.Digests;

public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>How often the job looks for desks whose digest time has come (cron, in UTC).</summary>
    public string Cron { get; set; } = "*/5 * * * *";

    /// <summary>Local time (HH:mm, in the desk's time zone) of a desk's daily digest, unless the desk sets its own.</summary>
    public string LocalTime { get; set; } = "07:00";

    /// <summary>Most stale claims listed in one digest; the rest are counted.</summary>
    public int MaxStaleListed { get; set; } = 50;
}
