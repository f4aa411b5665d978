using System.Linq.Expressions;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.Logging;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SQLite;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Jobs;

/// <summary>
/// What Hangfire runs, for a schedule or a "run now": hands the named work to the runner, which records the
/// outcome. A failed run is thrown again after it is recorded, so the dashboard shows it failed too. Never
/// retried by Hangfire: the next scheduled run is the retry, and the outbox retries mail itself.
/// </summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class HangfireJob(JobRunner runner)
{
    [JobDisplayName("{0} ({1})")]
    public async Task RunAsync(string name, string trigger, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(name, trigger, cancellationToken);
        if (run.Outcome == JobOutcomes.Failed)
        {
            throw new JobRunFailedException(run);
        }
    }
}

/// <summary>
/// The Hangfire adapter: every <see cref="IScheduledWork"/> is one recurring job on its cron, in UTC, registered
/// at start-up (a changed cron replaces the stored one; a recurring job no longer known is removed).
/// </summary>
public sealed class HangfireJobSchedule(
    JobRunner runner, JobPauses pauses, JobStorage storage, IRecurringJobManager recurringJobs, IBackgroundJobClient backgroundJobs, IOptions<JobsOptions> options)
    : IJobSchedule, IHostedService
{
    public bool FiresSchedules => options.Value.Enabled;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var work in runner.Jobs)
        {
            var name = work.Name;
            recurringJobs.AddOrUpdate(name, Run(name, JobRunner.ScheduleTrigger), work.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        // Only the instance that fires the schedules tidies them: an extra instance configured without, say,
        // Backup:Directory must not remove the backup schedule the scheduling instance keeps.
        if (FiresSchedules)
        {
            using var connection = storage.GetConnection();
            foreach (var stale in connection.GetRecurringJobs().Where(job => runner.Find(job.Id) is null))
            {
                recurringJobs.RemoveIfExists(stale.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<ScheduledJobInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var paused = await pauses.ListAsync(cancellationToken);
        using var connection = storage.GetConnection();
        var stored = connection.GetRecurringJobs().ToDictionary(job => job.Id, StringComparer.Ordinal);
        return runner.Jobs
            .Select(work =>
            {
                var recurring = stored.GetValueOrDefault(work.Name);
                DateTimeOffset? next = recurring?.NextExecution is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
                return new ScheduledJobInfo(work.Name, work.Description, recurring?.Cron ?? work.Cron, next, paused.GetValueOrDefault(work.Name));
            })
            .ToList();
    }

    public string Enqueue(string name, string trigger) => backgroundJobs.Enqueue(Run(name, trigger));

    private static Expression<Func<HangfireJob, Task>> Run(string name, string trigger) =>
        job => job.RunAsync(name, trigger, CancellationToken.None);
}

/// <summary>
/// The dashboard is for admins, signed in with the app's own cookie (re-read per request, so a role change applies
/// at once), and not while a reset password waits to be changed: the app's pages send such a user to change it.
/// </summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.IsInRole(Roles.Admin) && !user.MustChangePassword();
    }
}

/// <summary>Hangfire as the scheduler: its storage, server and dashboard. The only registration that names Hangfire.</summary>
public static class HangfireSetup
{
    public const string DashboardPath = "/admin/hangfire";

    /// <summary>How long a job store statement waits for another connection's lock: the storage's own default.</summary>
    private const int StoreBusyTimeoutMilliseconds = 10_000;

    /// <summary>
    /// The dashboard's pages load their own scripts and carry inline style attributes, and its favicon is a
    /// data: URL; the rest of the app keeps its policy without script at all.
    /// </summary>
    public const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Registers Hangfire for the work <see cref="JobsServiceCollectionExtensions.AddJobs"/> names.</summary>
    public static IServiceCollection AddHangfireScheduler(this IServiceCollection services)
    {
        services.AddTransient<HangfireJob>();
        services.AddSingleton<HangfireJobSchedule>();
        services.AddSingleton<IJobSchedule>(sp => sp.GetRequiredService<HangfireJobSchedule>());

        // Hangfire keeps its configuration in statics (JobStorage.Current, JobActivator.Current, its log
        // provider), but one process can hold several app hosts (the tests do): each host takes the storage
        // its own configuration made and activates jobs from its own services.
        services.AddSingleton<HostJobStorage>();
        services.AddSingleton<JobStorage>(provider =>
        {
            provider.GetRequiredService<IGlobalConfiguration>();
            return provider.GetRequiredService<HostJobStorage>().Storage
                ?? throw new InvalidOperationException("The job store was not configured.");
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, hangfire) =>
        {
            var jobs = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
            provider.GetRequiredService<HostJobStorage>().Storage = hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
                // Resolved only now, from the same Database the app uses: configuration a host adds late (a test
                // fixture, say) decides where the store lives, as it does for the data.
                .UseSQLiteStorage(StoreConnections(StorePath(provider)), new SQLiteStorageOptions { QueuePollInterval = jobs.PollInterval })
                .Entry;
        });

        // Jobs:Enabled off makes this a lightweight server: its workers run what is queued, but it has no
        // scheduler of its own, so no recurring job fires from this instance.
        services.AddHangfireServer((provider, server) =>
        {
            var jobs = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.WorkerCount = jobs.WorkerCount;
            server.SchedulePollingInterval = jobs.PollInterval;
            server.IsLightweightServer = !jobs.Enabled;
        });
        services.AddHostedService(sp => sp.GetRequiredService<HangfireJobSchedule>());
        return services;
    }

    /// <summary>Hangfire's dashboard for admins, with the app's antiforgery on its POSTs and its own assets.</summary>
    public static IApplicationBuilder UseJobsDashboard(this IApplicationBuilder app)
    {
        app.Map(DashboardPath, dashboard => dashboard
            .Use((context, next) =>
            {
                context.Response.Headers.ContentSecurityPolicy = DashboardContentSecurityPolicy;
                return next(context);
            })
            .UseHangfireDashboard("", new DashboardOptions
            {
                Authorization = [new AdminDashboardAuthorization()],
                AppPath = "/admin/jobs",
                DisplayStorageConnectionString = false,
                DashboardTitle = "VerifyTrack jobs",
            }));
        return app;
    }

    /// <summary>The job store's SQLite file, beside the database unless configured elsewhere.</summary>
    public static string StorePath(IServiceProvider services)
    {
        var database = services.GetRequiredService<Database>();
        var path = services.GetRequiredService<IOptions<JobsOptions>>().Value.StoreFilePath(database.FilePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>
    /// The job store's connections, opened as the storage opens them itself, but configured like the app's own:
    /// a clash between two workers waits in SQLite's busy handler (milliseconds at a time in the bundled 3.5x),
    /// and in WAL mode a commit need not wait for the disk (synchronous NORMAL).
    /// </summary>
    private static SQLiteDbConnectionFactory StoreConnections(string path) => new(() =>
    {
        var connection = new SQLiteConnection(path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.NoMutex, storeDateTimeAsTicks: true);
        connection.BusyTimeout = TimeSpan.FromMilliseconds(StoreBusyTimeoutMilliseconds);
        connection.Execute("PRAGMA synchronous = NORMAL");
        return connection;
    });

    private sealed class HostJobStorage
    {
        public JobStorage? Storage { get; set; }
    }

    /// <summary>Hangfire's log provider is process-wide: a host that stopped first must not break the logging of one still running.</summary>
    private sealed class HostLogProvider(ILoggerFactory loggers) : ILogProvider
    {
        private readonly AspNetCoreLogProvider _host = new(loggers);
        private readonly AspNetCoreLogProvider _stopped = new(NullLoggerFactory.Instance);

        public ILog GetLogger(string name)
        {
            try
            {
                return _host.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return _stopped.GetLogger(name);
            }
        }
    }
}
