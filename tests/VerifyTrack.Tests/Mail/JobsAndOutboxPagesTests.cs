using System.Net;
using Dapper;
using Hangfire;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Tests.Jobs;
using VerifyTrack.Web.Infrastructure.Cli;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Tests.Mail;

public sealed class JobsAndOutboxPagesTests : IAsyncLifetime
{
    private readonly MailFixture _mail = new();
    private FormClient _admin = null!;
    private TestUser _lead = null!;

    private AppFactory App => _mail.App;

    public async Task InitializeAsync()
    {
        await _mail.InitializeAsync();
        App.Clock.Set(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
        await App.CreateDeskAsync("world");
        _lead = await App.CreateUserAsync("desk_lead", "world");
        _admin = await FormClient.SignedInAsync(App, await App.CreateUserAsync("admin", "world"));
    }

    public Task DisposeAsync() => _mail.DisposeAsync();

    [Fact]
    public async Task RunDigestNow_ThenTheSender_TheOutboxShowsItSentAndTheServerHasIt()
    {
        var jobs = await _admin.GetPageAsync("/admin/jobs");
        Assert.Equal(
            ["desk-digests", "housekeeping", "outbox-sender", "overdue-count", "stale-reminders", "webhook-sender"],
            jobs.QuerySelectorAll("tr[id^=job-] strong").Select(s => s.TextContent));

        await _admin.SubmitAsync(jobs, "form[action='/admin/jobs/desk-digests/run']", jobs.FormFields("form[action='/admin/jobs/desk-digests/run']"));
        var queued = await _admin.GetPageAsync("/admin/jobs");
        Assert.Contains("desk-digests is queued", queued.QuerySelector(".flash")!.TextContent);
        await JobRuns.WaitForOutcomesAsync(App, "desk-digests", 1);
        var after = await _admin.GetPageAsync("/admin/jobs");
        Assert.Contains("1 desk digests", after.QuerySelector("#job-desk-digests")!.TextContent);
        var latest = after.QuerySelector(".job-history tbody tr")!.TextContent;
        Assert.Contains("succeeded", latest);
        Assert.Contains("run now by admin", latest);

        var pending = await _admin.GetPageAsync("/admin/outbox?state=pending");
        Assert.Contains(_lead.Email, pending.QuerySelector("table.outbox tbody")!.TextContent);

        await _admin.SubmitAsync(after, "form[action='/admin/jobs/outbox-sender/run']", after.FormFields("form[action='/admin/jobs/outbox-sender/run']"));
        await JobRuns.WaitForOutcomesAsync(App, "outbox-sender", 1);
        var sent = await _admin.GetPageAsync("/admin/outbox?state=sent");
        var row = sent.QuerySelector("table.outbox tbody tr")!;
        Assert.Contains(_lead.Email, row.TextContent);
        Assert.Contains("World desk digest", RawMail.Parse(Assert.Single(_mail.Smtp.Messages())).Subject.Replace("WORLD", "World", StringComparison.Ordinal));

        var preview = await _admin.GetPageAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Contains("Claims by state", preview.QuerySelector("pre.mail-text")!.TextContent);
    }

    [Fact]
    public async Task RejectedMessage_IsDeadWithTheServersAnswerOnTheOutboxPage_AndCanBeRetriedOrDiscarded()
    {
        var bad = await App.CreateUserAsync("desk_lead", "world");
        await using (var connection = await App.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE users SET email = 'reject-lead@newsroom.test' WHERE id = @Id", new { bad.Id });
        }

        await App.Get<VerifyTrack.Web.Infrastructure.Jobs.JobRunner>().RunAsync("desk-digests", "test");
        await App.Get<VerifyTrack.Web.Infrastructure.Jobs.JobRunner>().RunAsync("outbox-sender", "test");

        var dead = await _admin.GetPageAsync("/admin/outbox?state=dead");
        var row = dead.QuerySelector("table.outbox tbody tr")!;
        Assert.Contains("reject-lead@newsroom.test", row.TextContent);
        Assert.Contains("Recipient address rejected: User unknown", row.QuerySelector(".error-text")!.TextContent);
        Assert.Contains("dead 1", string.Join(' ', dead.QuerySelector("a[href='/admin/outbox?state=dead']")!.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        var retryForm = "form[action$='/retry']";
        await _admin.SubmitAsync(dead, retryForm, dead.FormFields(retryForm));
        Assert.Contains("reject-lead@newsroom.test", (await _admin.GetPageAsync("/admin/outbox?state=pending")).QuerySelector("table.outbox tbody")!.TextContent);

        await App.Get<VerifyTrack.Web.Infrastructure.Jobs.JobRunner>().RunAsync("outbox-sender", "test");
        dead = await _admin.GetPageAsync("/admin/outbox?state=dead");
        await _admin.SubmitAsync(dead, "form[action$='/discard']", dead.FormFields("form[action$='/discard']"));
        Assert.Empty((await _admin.GetPageAsync("/admin/outbox?state=dead")).QuerySelectorAll("table.outbox tbody tr"));
        Assert.Single((await _admin.GetPageAsync("/admin/outbox?state=discarded")).QuerySelectorAll("table.outbox tbody tr"));
    }

    [Fact]
    public async Task FailingJob_ShowsItsErrorInTheHistory_AndFailedInTheDashboard()
    {
        await using (var connection = await App.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE desks SET time_zone = 'Atlantis/Capital' WHERE slug = 'world'");
        }

        var jobs = await _admin.GetPageAsync("/admin/jobs");
        await _admin.SubmitAsync(jobs, "form[action='/admin/jobs/desk-digests/run']", jobs.FormFields("form[action='/admin/jobs/desk-digests/run']"));
        await JobRuns.WaitForOutcomesAsync(App, "desk-digests", 1);

        var after = await _admin.GetPageAsync("/admin/jobs");
        Assert.Contains("failed", after.QuerySelector("#job-desk-digests")!.TextContent);
        var history = after.QuerySelector(".job-history tbody tr")!;
        Assert.Contains("failed", history.TextContent);
        Assert.Contains("Atlantis/Capital", history.QuerySelector("details summary")!.TextContent);

        await Eventually.WaitAsync(() => Task.FromResult(App.Get<JobStorage>().GetMonitoringApi().FailedCount() == 1), "the run to show as failed in Hangfire");
        var failed = Assert.Single(App.Get<JobStorage>().GetMonitoringApi().FailedJobs(0, 10));
        Assert.Equal(typeof(JobRunFailedException).FullName, failed.Value.ExceptionType);
        Assert.Contains("Atlantis/Capital", failed.Value.ExceptionMessage);
        var dashboard = await _admin.GetPageAsync("/admin/hangfire/jobs/failed");
        Assert.Contains("desk-digests", dashboard.QuerySelector("table")!.TextContent);
    }

    [Fact]
    public async Task JobsRunVerb_RunsAJobAndReportsIt()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var ok = await new CommandLine(App.Services, new StringReader(""), output, error).RunAsync(["jobs", "run", "housekeeping"]);
        var unknown = await new CommandLine(App.Services, new StringReader(""), output, error).RunAsync(["jobs", "run", "launch-rockets"]);

        Assert.Equal(0, ok);
        Assert.Contains("housekeeping: 0 job runs, 0 sent or discarded messages, 0 delivered webhook events and 0 old sign-in sessions pruned.", output.ToString());
        Assert.Equal(2, unknown);
        Assert.Contains("Unknown job 'launch-rockets'", error.ToString());
    }

    [Fact]
    public async Task Housekeeping_PrunesOldHistoryAndSentMail_ButNotDeadMail()
    {
        var runner = App.Get<VerifyTrack.Web.Infrastructure.Jobs.JobRunner>();
        var bad = await App.CreateUserAsync("desk_lead", "world");
        await using (var connection = await App.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE users SET email = 'reject-old@newsroom.test' WHERE id = @Id", new { bad.Id });
        }

        await runner.RunAsync("desk-digests", "test");
        await runner.RunAsync("outbox-sender", "test");
        App.Clock.Advance(TimeSpan.FromDays(31));

        var run = await runner.RunAsync("housekeeping", "test");

        Assert.Equal("2 job runs, 1 sent or discarded messages, 0 delivered webhook events and 1 old sign-in sessions pruned", run.Summary);
        await using var check = await App.Get<Database>().OpenAsync();
        Assert.Equal("reject-old@newsroom.test", await check.ExecuteScalarAsync<string>("SELECT recipient FROM outbox WHERE state = 'dead'"));
    }

    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/outbox")]
    public async Task JobsAndOutboxPages_AreForAdminsOnly(string path)
    {
        var editor = await FormClient.SignedInAsync(App, await App.CreateUserAsync("editor", "world"));

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task MailPreferences_CanBeTurnedOffFromTheAccountPage()
    {
        var lead = await FormClient.SignedInAsync(App, _lead);
        var page = await lead.GetPageAsync("/account");
        var fields = page.FormFields("form[action='/account/mail']");
        fields.RemoveAll(f => f.Name == "digests");

        await lead.SubmitAsync(page, "form[action='/account/mail']", fields);

        var run = await App.Get<VerifyTrack.Web.Infrastructure.Jobs.JobRunner>().RunAsync("desk-digests", "test");
        Assert.Equal("1 desk digests, 0 messages queued", run.Summary);
        Assert.Null((await lead.GetPageAsync("/account")).QuerySelector("#mail-digests[checked]"));
        Assert.NotNull((await lead.GetPageAsync("/account")).QuerySelector("#mail-reminders[checked]"));
    }
}
