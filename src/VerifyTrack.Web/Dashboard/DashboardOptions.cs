namespace VerifyTrack.Web.Dashboard;

public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>When each desk's overdue claims are counted (cron, in UTC): a day's stale figure is its last count.</summary>
    public string OverdueCountCron { get; set; } = "*/15 * * * *";

    /// <summary>How long the counts are kept; the dashboard reads at most 366 days back.</summary>
    public TimeSpan KeepOverdueCountsFor { get; set; } = TimeSpan.FromDays(400);
}
