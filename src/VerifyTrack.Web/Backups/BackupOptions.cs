namespace VerifyTrack.Web.Backups;

public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>
    /// Where the nightly job writes its backups; a relative path sits beside the database file. Not set (the
    /// default), the <c>backup</c> job is not registered at all; the <c>backup --to</c> verb works either way.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>When the job runs, in UTC (Hangfire's cron syntax).</summary>
    public string Cron { get; set; } = "15 2 * * *";

    /// <summary>How many of the job's own backups to keep; older ones are deleted after each new one is written.</summary>
    public int Keep { get; set; } = 7;

    public bool IsJobEnabled => !string.IsNullOrWhiteSpace(Directory);
}
