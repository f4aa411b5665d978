using Cronos;

namespace VerifyTrack.Web.Infrastructure.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Fire jobs on their schedules from this instance. Off, the schedules are still registered (and can be
    /// paused) and this instance's workers still run what is queued ("run now"), but nothing fires by itself.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The job store's own SQLite file; relative paths sit beside the database file.</summary>
    public string StorePath { get; set; } = "jobs.db";

    /// <summary>The job store's full path, for the database file at <paramref name="databaseFilePath"/>.</summary>
    public string StoreFilePath(string databaseFilePath) => Path.GetFullPath(StorePath, Path.GetDirectoryName(databaseFilePath)!);

    /// <summary>Jobs this instance runs at once (each job itself never runs twice at once).</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often idle workers look for queued runs, and the scheduler for runs that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Checks cron text the way the scheduler will read it, for options validation at start-up: five fields, or
/// six with seconds first, or a macro such as <c>@daily</c>. Cronos is the parser the scheduler uses.
/// </summary>
public static class CronText
{
    private static readonly char[] Separators = [' ', '\t'];

    public static bool IsValid(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        var format = CronFormat.Standard;
        if (!expression.StartsWith('@'))
        {
            var fields = expression.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields is not (5 or 6))
            {
                return false;
            }

            format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        }

        try
        {
            return CronExpression.Parse(expression, format).GetNextOccurrence(DateTime.UnixEpoch) is not null;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }
}
