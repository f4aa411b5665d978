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
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
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

        services.AddQuartz(quartz => quartz.UsePersistentStore(store =>
        {
            // Resolved when the scheduler is built, from the same Database the app uses: configuration a
            // host adds late (a test fixture, say) decides where the store lives, as it does for the data.
            store.UseSqlite(source => source.DataSourceFactory = provider => JobStore.DataSource(provider));
            store.ProvisionSchema();
        }));

        // Quartz wants a scheduler name unique within the process and stable across restarts (stored rows
        // carry it): one derived from the database file is both.
        services.AddOptions<QuartzOptions>().PostConfigure<Database>((quartz, database) =>
            quartz.Properties["quartz.scheduler.instanceName"] = JobStore.SchedulerName(database));

        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
        services.AddOptions<QuartzHostedServiceOptions>().PostConfigure<IOptions<JobsOptions>>((quartz, jobs) => quartz.AutoStart = jobs.Value.Enabled);
        services.AddHostedService(sp => sp.GetRequiredService<QuartzJobSchedule>());
        return services;
    }
}

/// <summary>The scheduler's own SQLite file, beside the database.</summary>
public static class JobStore
{
    public static System.Data.Common.DbDataSource DataSource(IServiceProvider services)
    {
        var database = services.GetRequiredService<Database>();
        var path = Path.GetFullPath(services.GetRequiredService<IOptions<JobsOptions>>().Value.StorePath, Path.GetDirectoryName(database.FilePath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteDataSource(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path }.ToString());
    }

    public static string SchedulerName(Database database) =>
        "verifytrack-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database.FilePath)))[..12];

    /// <summary>Microsoft.Data.Sqlite 6 has no DbDataSource of its own.</summary>
    private sealed class SqliteDataSource(string connectionString) : System.Data.Common.DbDataSource
    {
        public override string ConnectionString => connectionString;

        protected override System.Data.Common.DbConnection CreateDbConnection() => new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
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
