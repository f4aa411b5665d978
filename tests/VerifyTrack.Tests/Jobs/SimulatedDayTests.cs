using System.Globalization;
using Dapper;
using Hangfire;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Tests.Mail;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Tests.Jobs;

/// <summary>
/// Two app instances, each with a Hangfire server of four workers, on one job store and one database, through
/// a day moved on by hand: at every step both servers run every job several times at once.
/// </summary>
public sealed class SimulatedDayTests : IAsyncLifetime
{
    private static readonly string[] Jobs = ["stale-reminders", "desk-digests", "outbox-sender", "webhook-sender", "housekeeping"];

    private readonly SmtpServer _smtp = new();
    private AppFactory _first = null!;
    private AppFactory _second = null!;

    public async Task InitializeAsync()
    {
        await _smtp.StartAsync();
        _first = new AppFactory();
        Configure(_first);
        _ = _first.Services;
        _second = AppFactory.OnFolder(Path.GetDirectoryName(_first.DatabasePath)!);
        Configure(_second);
        _ = _second.Services;
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task ADayOnTwoServers_DeliversEveryReminderAndDigestExactlyOnce()
    {
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        SetClocks(start);
        await _first.CreateDeskAsync("world", "Europe/London");
        await _first.CreateDeskAsync("asia", "Asia/Tokyo");
        var editor = await _first.CreateUserAsync("editor", "world", "asia");
        await _first.CreateUserAsync("editor", "world");
        await _first.CreateUserAsync("desk_lead", "world");
        await _first.CreateUserAsync("desk_lead", "asia");
        await _first.CreateUserAsync("desk_lead", "world", "asia");
        HttpClient[] apis = [_first.ApiClient(editor.Token), _second.ApiClient(editor.Token)];

        for (var step = 0; step <= 96; step++)
        {
            var now = start.AddMinutes(15 * step);
            SetClocks(now);
            if (step % 8 == 0)
            {
                var desk = step % 16 == 0 ? "world" : "asia";
                var priority = step % 24 == 0 ? "high" : "urgent";
                await apis[step / 8 % 2].CreateClaimAsync(desk, $"Claim logged at {now:HH:mm}", priority);
            }

            await RunEveryJobOnBothServersAsync();
        }

        // Let the last queued mail go.
        for (var round = 0; round < 3; round++)
        {
            SetClocks(start.AddDays(1).AddMinutes(5 * (round + 1)));
            await RunEveryJobOnBothServersAsync();
        }

        await using var connection = await _first.Get<Database>().OpenAsync();
        var outbox = (await connection.QueryAsync<(string Kind, string MessageId, string State)>("SELECT kind, message_id, state FROM outbox")).ToList();
        var delivered = _smtp.Messages().Select(m => RawMail.Parse(m).Header("message-id")).ToList();

        Assert.True(outbox.Count(m => m.Kind == "reminder") >= 20, $"{outbox.Count(m => m.Kind == "reminder")} reminders");
        // World's digest once (07:00 London); Asia's for 2 Nov (already past 07:00 in Tokyo at the start) and 3 Nov (22:00 UTC); two leads each.
        Assert.Equal(6, outbox.Count(m => m.Kind == "digest"));
        Assert.All(outbox, m => Assert.Equal("sent", m.State));
        Assert.Equal(outbox.Count, delivered.Count);
        Assert.Equal(outbox.Select(m => m.MessageId.Trim('<', '>')).Order(StringComparer.Ordinal), delivered.Select(id => id.Trim('<', '>')).Order(StringComparer.Ordinal));
        var overlapping = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM job_runs WHERE outcome IS NULL");
        Assert.Equal(0, overlapping);
    }

    /// <summary>Queues every job twice on both servers at once (as scheduled runs) and waits until Hangfire has processed them all.</summary>
    private async Task RunEveryJobOnBothServersAsync()
    {
        var queued = await Task.WhenAll(new[] { _first, _second }.Select(app => Task.Run(() =>
            Jobs.Concat(Jobs).Select(job => app.Get<IJobSchedule>().Enqueue(job, JobRunner.ScheduleTrigger)).ToList())));
        var ids = queued.SelectMany(i => i).ToList();
        await JobRuns.WaitProcessedAsync(_first.Get<JobStorage>(), ids);
        Assert.All(ids, id => Assert.Equal("Succeeded", JobRuns.State(_first.Get<JobStorage>(), id)));
    }

    private void SetClocks(DateTimeOffset now)
    {
        _first.Clock.Set(now);
        _second.Clock.Set(now);
    }

    private void Configure(AppFactory app)
    {
        app.Settings["Mail:Delivery"] = "smtp";
        app.Settings["Mail:Host"] = "127.0.0.1";
        app.Settings["Mail:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture);
        app.Settings["Mail:TimeoutSeconds"] = "5";
        app.Settings["Outbox:BatchSize"] = "3";
        app.Settings["Jobs:WorkerCount"] = "4";
    }
}
