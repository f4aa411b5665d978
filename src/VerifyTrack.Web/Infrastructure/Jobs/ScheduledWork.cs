namespace VerifyTrack.Web.Infrastructure.Jobs;

/// <summary>
/// One piece of scheduled work, free of any scheduler's types: the scheduler only asks the
/// <see cref="JobRunner"/> to run it by name. Each run returns a one-line summary for the jobs page.
/// </summary>
public interface IScheduledWork
{
    string Name { get; }

    string Description { get; }

    /// <summary>The cron expression it runs on, in UTC (5 fields, or 6 with seconds first).</summary>
    string Cron { get; }

    /// <summary>
    /// Whether its settings turn it on. Work that is off is neither scheduled nor listed, and a schedule
    /// stored for it earlier is removed at start-up like that of any job the app no longer knows.
    /// </summary>
    bool IsEnabled => true;

    Task<string> RunAsync(CancellationToken cancellationToken);
}

public sealed record ScheduledJobInfo(string Name, string Description, string Cron, DateTimeOffset? NextRunAt, JobPause? Pause);

/// <summary>The scheduler as the jobs page sees it: the one seam between the app and the scheduler's own types.</summary>
public interface IJobSchedule
{
    /// <summary>Whether this instance fires jobs on their schedules (<see cref="JobsOptions.Enabled"/>).</summary>
    bool FiresSchedules { get; }

    Task<IReadOnlyList<ScheduledJobInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Queues one run of the job for the scheduler's workers; returns the scheduler's id for it.</summary>
    string Enqueue(string name, string trigger);
}
