namespace VerifyTrack.Web.Infrastructure.Jobs;

/// <summary>
/// One piece of scheduled work, free of any scheduler's types: Quartz today, something else tomorrow.
/// Each run returns a one-line summary for the jobs page.
/// </summary>
public interface IScheduledWork
{
    string Name { get; }

    string Description { get; }

    /// <summary>The cron expression (Quartz syntax, with seconds) it runs on.</summary>
    string Cron { get; }

    Task<string> RunAsync(CancellationToken cancellationToken);
}
