using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Quartz;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run jobs on their schedules. Off, the schedules still exist (and can be paused) but nothing fires by itself.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The scheduler's own SQLite file; relative paths sit beside the database file.</summary>
    public string StorePath { get; set; } = "jobs.db";
}

public sealed record ScheduledJobInfo(string Name, string Description, string Cron, DateTimeOffset? NextFireAt, bool Paused);

/// <summary>The scheduler as the jobs page sees it: one seam, so Quartz could give way to another scheduler.</summary>
public interface IJobSchedule
{
    bool IsRunning { get; }

    Task<IReadOnlyList<ScheduledJobInfo>> ListAsync(CancellationToken cancellationToken);

    Task PauseAsync(string name, CancellationToken cancellationToken);

    Task ResumeAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The Quartz adapter: every <see cref="IScheduledWork"/> is one durable Quartz job with one cron trigger.</summary>
public sealed class QuartzJobSchedule(ISchedulerFactory factory, JobRunner runner, IOptions<JobsOptions> options) : IJobSchedule, IHostedService
{
    public bool IsRunning => options.Value.Enabled;

    /// <summary>Puts each job on its configured cron, keeping a job paused across restarts and cron changes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var work in runner.Jobs)
        {
            var jobKey = new JobKey(work.Name);
            var triggerKey = new TriggerKey(work.Name, work.Name);
            var existing = await scheduler.GetTrigger(triggerKey, cancellationToken) as ICronTrigger;
            if (existing?.CronExpressionString == work.Cron)
            {
                continue;
            }

            var paused = existing is not null && await scheduler.GetTriggerState(triggerKey, cancellationToken) == TriggerState.Paused;
            var job = JobBuilder.Create<ScheduledWorkJob>().WithIdentity(jobKey).WithDescription(work.Description).DisallowConcurrentExecution(true).Build();
            var trigger = TriggerBuilder.Create(TimeProvider.System).WithIdentity(triggerKey).ForJob(jobKey).WithCronSchedule(work.Cron, _ => { }).Build();
            await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
            if (paused)
            {
                await scheduler.PauseJob(jobKey, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<ScheduledJobInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var jobs = new List<ScheduledJobInfo>();
        foreach (var work in runner.Jobs)
        {
            var triggerKey = new TriggerKey(work.Name, work.Name);
            var trigger = await scheduler.GetTrigger(triggerKey, cancellationToken);
            var paused = await scheduler.GetTriggerState(triggerKey, cancellationToken) == TriggerState.Paused;
            jobs.Add(new ScheduledJobInfo(work.Name, work.Description, work.Cron, paused ? null : trigger?.NextFireTimeUtc, paused));
        }

        return jobs;
    }

    public async Task PauseAsync(string name, CancellationToken cancellationToken) =>
        await (await factory.GetScheduler(cancellationToken)).PauseJob(new JobKey(name), cancellationToken);

    public async Task ResumeAsync(string name, CancellationToken cancellationToken) =>
        await (await factory.GetScheduler(cancellationToken)).ResumeJob(new JobKey(name), cancellationToken);

    /// <summary>What Quartz runs: hands the named work to the runner, which records the outcome.</summary>
    public sealed class ScheduledWorkJob(JobRunner runner) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
            await runner.RunAsync(context.JobDetail.Key.Name, "schedule", cancellationToken);
    }
}

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.StorePath), "Jobs:StorePath must name the scheduler's SQLite file.")
            .ValidateOnStart();
        services.AddOptions<HousekeepingOptions>().Bind(configuration.GetSection(HousekeepingOptions.Section))
            .Validate(o => o.KeepJobRunsFor > TimeSpan.Zero && o.KeepSentMailFor > TimeSpan.Zero, "Housekeeping:KeepJobRunsFor and KeepSentMailFor must be positive.")
            .Validate(o => CronText.IsValid(o.Cron), "Housekeeping:Cron must be a Quartz cron expression with seconds.")
            .ValidateOnStart();
        services.AddSingleton<IScheduledWork, Housekeeping>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<QuartzJobSchedule>();
        services.AddSingleton<IJobSchedule>(sp => sp.GetRequiredService<QuartzJobSchedule>());

        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var databaseFile = Path.GetFullPath(database.Path, environment.ContentRootPath);
        var storeFile = Path.GetFullPath(jobs.StorePath, Path.GetDirectoryName(databaseFile)!);
        Directory.CreateDirectory(Path.GetDirectoryName(storeFile)!);

        // Quartz keeps schedulers in a process-wide registry by name: one name per database keeps two
        // hosts (or test fixtures) apart, and the same name across restarts finds the stored schedules.
        var schedulerName = "verifytrack-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(databaseFile)))[..12];
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = schedulerName);
            quartz.UsePersistentStore(store =>
            {
                store.UseSqlite(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = storeFile }.ToString());
                store.ProvisionSchema();
            });
        });
        services.AddQuartzHostedService(quartz =>
        {
            quartz.WaitForJobsToComplete = true;
            quartz.AutoStart = jobs.Enabled;
        });
        services.AddHostedService(sp => sp.GetRequiredService<QuartzJobSchedule>());
        return services;
    }
}

/// <summary>Checks cron text in the scheduler's dialect, for options validation at start-up.</summary>
public static class CronText
{
    public static bool IsValid(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
