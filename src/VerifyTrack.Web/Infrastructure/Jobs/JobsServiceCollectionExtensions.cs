namespace VerifyTrack.Web.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>The job runner, pauses and housekeeping, on the scheduler (<see cref="HangfireSetup"/>).</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.StorePath), "Jobs:StorePath must name the job store's SQLite file.")
            .Validate(o => o.WorkerCount is >= 1 and <= 64, "Jobs:WorkerCount must be from 1 to 64.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromMinutes(5), "Jobs:PollInterval must be positive and at most 00:05:00.")
            .ValidateOnStart();
        services.AddOptions<HousekeepingOptions>().Bind(configuration.GetSection(HousekeepingOptions.Section))
            .Validate(o => o.KeepJobRunsFor > TimeSpan.Zero && o.KeepSentMailFor > TimeSpan.Zero && o.KeepDeliveredWebhooksFor > TimeSpan.Zero,
                "Housekeeping:KeepJobRunsFor, KeepSentMailFor and KeepDeliveredWebhooksFor must be positive.")
            .Validate(o => CronText.IsValid(o.Cron), "Housekeeping:Cron must be a cron expression (5 fields, or 6 with seconds first), e.g. \"30 3 * * *\".")
            .ValidateOnStart();
        services.AddSingleton<IScheduledWork, Housekeeping>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobPauses>();
        return services.AddHangfireScheduler();
    }
}
