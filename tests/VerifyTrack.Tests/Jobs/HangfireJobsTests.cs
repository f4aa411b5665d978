using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Tests.Jobs;

public sealed partial class HangfireDashboardTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public async Task InitializeAsync() => await _app.CreateDeskAsync("world");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Dashboard_ForAnAdmin_ListsOurRecurringJobs_WithItsOwnRelaxedPolicyOnly()
    {
        var admin = await FormClient.SignedInAsync(_app, await _app.CreateUserAsync("admin", "world"));

        var home = await admin.Http.GetAsync("/admin/hangfire");
        var recurring = await admin.GetPageAsync("/admin/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HangfireSetup.DashboardContentSecurityPolicy, home.Headers.GetValues("Content-Security-Policy").Single());
        var ids = recurring.QuerySelectorAll("table tbody tr").Select(row => row.QuerySelectorAll("td")[1].TextContent.Trim()).Order(StringComparer.Ordinal);
        Assert.Equal(["desk-digests", "housekeeping", "outbox-sender", "overdue-count", "stale-reminders", "webhook-sender"], ids);
        Assert.NotNull(recurring.QuerySelector("a[href='/admin/jobs']"));
        Assert.DoesNotContain("jobs.db", recurring.Source.Text);
        var jobsPage = await admin.Http.GetAsync("/admin/jobs");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, jobsPage.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("desk_lead")]
    public async Task Dashboard_RefusesEditorsAndDeskLeads(string role)
    {
        var user = await FormClient.SignedInAsync(_app, await _app.CreateUserAsync(role, "world"));

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.GetAsync("/admin/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.GetAsync("/admin/hangfire/recurring")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_RefusesAnonymousReaders()
    {
        var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/hangfire/jobs/failed")).StatusCode);
    }

    [Fact]
    public async Task DashboardPost_WithoutAnAntiforgeryToken_IsRefused_AndWithTheTokenWorks()
    {
        var admin = await FormClient.SignedInAsync(_app, await _app.CreateUserAsync("admin", "world"));
        var page = await admin.Http.GetStringAsync("/admin/hangfire/recurring");
        var form = new Dictionary<string, string> { ["jobs[]"] = "housekeeping" };

        var without = await admin.Http.PostAsync("/admin/hangfire/recurring/trigger", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Equal(0, await JobRuns.OutcomesAsync(_app, "housekeeping"));

        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/hangfire/recurring/trigger") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(Meta(page, "csrf-header"), WebUtility.HtmlDecode(Meta(page, "csrf-token")));
        var with = await admin.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, with.StatusCode);
        await JobRuns.WaitForOutcomesAsync(_app, "housekeeping", 1);
    }

    private static string Meta(string html, string name)
    {
        var match = Regex.Match(html, $"""<meta name="{name}" content="([^"]+)">""");
        Assert.True(match.Success, $"No {name} meta on the dashboard");
        return match.Groups[1].Value;
    }
}

public sealed class JobsStartupTests
{
    [Theory]
    [InlineData("Reminders:Cron", "every five minutes")]
    [InlineData("Digests:Cron", "*/5 * * *")]
    [InlineData("Outbox:Cron", "*/30 * * * * * *")]
    [InlineData("Housekeeping:Cron", "30 25 * * *")]
    public async Task UnparseableCron_StopsStartUp_NamingTheKey(string key, string value)
    {
        await using var app = new AppFactory();
        app.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(key, error.Message);
    }

    [Theory]
    [InlineData("*/30 * * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("30 3 * * *")]
    [InlineData("0 */5 * * * ?")]
    [InlineData("@daily")]
    public void CronText_TakesWhatTheSchedulerTakes(string cron) => Assert.True(CronText.IsValid(cron));
}

/// <summary>The job store and the pauses survive a restart; start-up brings the stored schedules in line with the settings.</summary>
public sealed class JobSchedulePersistenceTests
{
    [Fact]
    public async Task Restart_KeepsSchedulesAndPauses_ReplacesAChangedCron_AndRemovesUnknownJobs_PausedRunsAreSkipped()
    {
        using var temp = new TempFolder();
        await using (var app = AppFactory.OnFolder(temp.Path))
        {
            await app.CreateDeskAsync("world");
            Assert.Equal(
                [("desk-digests", "*/5 * * * *"), ("housekeeping", "30 3 * * *"), ("outbox-sender", "*/30 * * * * *"), ("overdue-count", "*/15 * * * *"), ("stale-reminders", "*/5 * * * *"), ("webhook-sender", "*/15 * * * * *")],
                Recurring(app).Select(j => (j.Id, j.Cron)));
            app.Get<IRecurringJobManager>().AddOrUpdate<HangfireJob>(
                "retired-job", job => job.RunAsync("retired-job", JobRunner.ScheduleTrigger, CancellationToken.None), "0 0 * * *", new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

            var admin = await FormClient.SignedInAsync(app, await app.CreateUserAsync("admin", "world"));
            var page = await admin.GetPageAsync("/admin/jobs");
            Assert.False(page.QuerySelector("#job-stale-reminders")!.TextContent.Contains("paused", StringComparison.Ordinal), page.QuerySelector("table")!.OuterHtml);

            await admin.SubmitAsync(page, "form[action='/admin/jobs/stale-reminders/pause']", page.FormFields("form[action='/admin/jobs/stale-reminders/pause']"));
            Assert.Contains("paused", (await admin.GetPageAsync("/admin/jobs")).QuerySelector("#job-stale-reminders")!.TextContent);
        }

        await using (var restarted = AppFactory.OnFolder(temp.Path))
        {
            // The scheduling instance tidies the stored schedules; others leave them alone.
            restarted.Settings["Jobs:Enabled"] = "true";
            restarted.Settings["Reminders:Cron"] = "*/10 * * * *";
            var admin = await FormClient.SignedInAsync(restarted, await restarted.CreateUserAsync("admin", "world"));
            Assert.Equal(
                [("desk-digests", "*/5 * * * *"), ("housekeeping", "30 3 * * *"), ("outbox-sender", "*/30 * * * * *"), ("overdue-count", "*/15 * * * *"), ("stale-reminders", "*/10 * * * *"), ("webhook-sender", "*/15 * * * * *")],
                Recurring(restarted).Select(j => (j.Id, j.Cron)));

            var page = await admin.GetPageAsync("/admin/jobs");
            Assert.Contains("paused", page.QuerySelector("#job-stale-reminders")!.TextContent);
            Assert.Contains("*/10 * * * *", page.QuerySelector("#job-stale-reminders")!.TextContent);
            Assert.DoesNotContain("paused", page.QuerySelector("#job-desk-digests")!.TextContent);

            var skipped = await TriggerAndWaitAsync(restarted, "stale-reminders");
            Assert.Equal(("skipped", JobRunner.ScheduleTrigger), (skipped.Outcome, skipped.Trigger));
            Assert.StartsWith("paused by admin", skipped.Summary);

            await admin.SubmitAsync(page, "form[action='/admin/jobs/stale-reminders/resume']", page.FormFields("form[action='/admin/jobs/stale-reminders/resume']"));
            var resumed = (await admin.GetPageAsync("/admin/jobs")).QuerySelectorAll("#job-stale-reminders td")[2].TextContent;
            Assert.DoesNotContain("paused", resumed);
            Assert.Contains("UTC", resumed);
            Assert.Equal("succeeded", (await TriggerAndWaitAsync(restarted, "stale-reminders")).Outcome);

            await using var connection = await restarted.Get<VerifyTrack.Web.Infrastructure.Db.Database>().OpenAsync();
            var audited = (await Dapper.SqlMapper.QueryAsync<(string Kind, string Actor, string Details)>(connection,
                "SELECT kind, actor, details FROM audit_events WHERE kind LIKE 'job.%' ORDER BY id")).ToList();
            Assert.Equal(["job.paused", "job.resumed"], audited.Select(e => e.Kind));
            Assert.All(audited, e => Assert.Contains("\"job\":\"stale-reminders\"", e.Details, StringComparison.Ordinal));
            Assert.All(audited, e => Assert.EndsWith("@newsroom.test", e.Actor, StringComparison.Ordinal));
            Assert.True((await restarted.Get<VerifyTrack.Web.Audit.AuditChainVerifier>().VerifyAsync()).IsIntact);
        }
    }

    private static List<RecurringJobDto> Recurring(AppFactory app)
    {
        using var connection = app.Get<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().OrderBy(j => j.Id, StringComparer.Ordinal).ToList();
    }

    private static async Task<JobRunRow> TriggerAndWaitAsync(AppFactory app, string job)
    {
        var id = app.Get<IRecurringJobManagerV2>().TriggerJob(job);
        await JobRuns.WaitProcessedAsync(app.Get<JobStorage>(), [id]);
        return (await app.Get<JobRunner>().RecentRunsAsync(job, 1))[0];
    }
}

/// <summary>A job that notes how many of its runs are inside it at once, across every host that shares it.</summary>
public sealed class OverlapProbe(string databasePath) : IScheduledWork
{
    private int _inside;
    private int _mostAtOnce;
    private int _runs;

    public string Name => "overlap-probe";

    public string Description => "Test probe.";

    public string Cron => "0 0 1 1 *";

    public int MostAtOnce => _mostAtOnce;

    public int Runs => _runs;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var inside = Interlocked.Increment(ref _inside);
        InterlockedMax(ref _mostAtOnce, inside);
        if (Interlocked.Increment(ref _runs) == 1)
        {
            // The first run stays inside until another worker has tried to start the job meanwhile.
            await Eventually.WaitAsync(async () => await SkippedAsync() > 0, "a second run of the probe to be attempted");
        }

        Interlocked.Decrement(ref _inside);
        return "probed";
    }

    public async Task<int> SkippedAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath}");
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM job_runs WHERE job = @Name AND outcome = 'skipped'", new { Name });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

public sealed class JobConcurrencyTests
{
    [Fact]
    public async Task TwoServersRunningOneJobManyTimesAtOnce_NeverOverlapARun()
    {
        using var temp = new TempFolder();
        await using var first = AppFactory.OnFolder(temp.Path);
        var probe = new OverlapProbe(first.DatabasePath);
        first.TestServices = services => services.AddSingleton<IScheduledWork>(probe);
        await using var second = AppFactory.OnFolder(temp.Path);
        second.TestServices = services => services.AddSingleton<IScheduledWork>(probe);
        _ = first.Services;
        _ = second.Services;

        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(first.Get<IJobSchedule>().Enqueue(probe.Name, "test"));
            ids.Add(second.Get<IJobSchedule>().Enqueue(probe.Name, "test"));
        }

        await JobRuns.WaitProcessedAsync(first.Get<JobStorage>(), ids);

        Assert.All(ids, id => Assert.Equal("Succeeded", JobRuns.State(first.Get<JobStorage>(), id)));
        Assert.Equal(1, probe.MostAtOnce);
        Assert.True(await probe.SkippedAsync() > 0);
        await using var connection = await first.Get<Database>().OpenAsync();
        var outcomes = (await connection.QueryAsync<string>("SELECT outcome FROM job_runs WHERE job = @Name", new { probe.Name })).ToList();
        Assert.True(outcomes.Count >= ids.Count, $"{outcomes.Count} runs recorded for {ids.Count} queued");
        Assert.Equal(probe.Runs, outcomes.Count(o => o == "succeeded"));
        Assert.Equal(outcomes.Count, outcomes.Count(o => o is "succeeded" or "skipped"));
    }
}
