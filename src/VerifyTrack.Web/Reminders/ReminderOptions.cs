namespace VerifyTrack.Web.Reminders;

public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>When the stale scan runs (cron, in UTC).</summary>
    public string Cron { get; set; } = "*/5 * * * *";

    /// <summary>How long after one reminder, without a review, the next one goes out.</summary>
    public TimeSpan RepeatEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many reminders without a review, the desk lead is told.</summary>
    public int EscalateAfter { get; set; } = 2;

    /// <summary>Claims handled per run; the rest wait for the next run.</summary>
    public int BatchSize { get; set; } = 500;
}
