using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Jobs;

namespace VerifyTrack.Tests.Dashboard;

/// <summary>
/// Stale-days from the overdue-count job's counts, on a desk 5 h 45 min ahead of UTC, and the dashboard's figures
/// followed to the queue. Claims are due for review 24 hours after logging or their last review (normal priority).
/// </summary>
public sealed class StaleDaysTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private static readonly TimeSpan Kathmandu = new(5, 45, 0);
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, Kathmandu);
    private string _desk = "";
    private HttpClient _api = null!;
    private FormClient _browser = null!;
    private long _a;
    private long _b;
    private long _fresh;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("s-" + Guid.NewGuid().ToString("N")[..8], "Asia/Kathmandu");
        var editor = await app.CreateUserAsync("editor", _desk);
        _api = app.ApiClient(editor.Token);

        // Monday 09:00: two claims logged, due Tuesday 09:00. Nothing is counted on Monday.
        app.Clock.Set(Monday.AddHours(9));
        _a = (await _api.CreateClaimAsync(_desk, "Rebels say they shot down a transport plane over the northern ridge", "normal")).Id();
        _b = (await _api.CreateClaimAsync(_desk, "A governor claims the dam upstream of the city has been breached overnight", "normal")).Id();

        await CountAt(Monday.AddDays(1).AddHours(8));                   // Tuesday 08:00: none due yet
        await CountAt(Monday.AddDays(1).AddHours(23).AddMinutes(50));   // Tuesday 23:50: both overdue

        app.Clock.Set(Monday.AddDays(2).AddHours(10));                  // Wednesday 10:00: A reviewed, due Thursday 10:00
        await Review(_a, 1);
        await CountAt(Monday.AddDays(2).AddHours(23).AddMinutes(50));   // Wednesday 23:50: B overdue

        // Thursday 00:05 local is still Wednesday in UTC: this count is Thursday's, and Wednesday's last stays 1.
        app.Clock.Set(Monday.AddDays(3).AddMinutes(5));
        await Review(_b, 1);
        await CountAt(Monday.AddDays(3).AddMinutes(5));                 // Thursday 00:05: none overdue
        await CountAt(Monday.AddDays(3).AddHours(23).AddMinutes(50));   // Thursday 23:50: A overdue again

        // Friday: the job did not run. Saturday 12:00: both overdue, reminded twice, and A published.
        app.Clock.Set(Monday.AddDays(5).AddHours(12));
        await CountAt(Monday.AddDays(5).AddHours(12));
        await app.Get<JobRunner>().RunAsync("stale-reminders", "test");
        app.Clock.Set(Monday.AddDays(5).AddHours(13).AddMinutes(1));
        await app.Get<JobRunner>().RunAsync("stale-reminders", "test");         // the next level for both: four alerts, two claims
        var a = await _api.GetAsync($"/api/v1/claims/{_a}").ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{_a}/publish", new { version = a.Version() }).ExpectAsync(HttpStatusCode.OK);
        _fresh = (await _api.CreateClaimAsync(_desk, "Officials say the border crossing at the eastern pass reopened this morning", "normal")).Id();

        app.Clock.Set(Monday.AddDays(5).AddHours(13).AddMinutes(5));
        _browser = await FormClient.SignedInAsync(app, editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Stats_EachLocalDaysLastCount_NoneWhereTheJobDidNotRun_AndTheirSum()
    {
        var stats = await _api.GetAsync($"/api/v1/stats?desk={_desk}&from=2026-11-02&to=2026-11-07").ExpectAsync(HttpStatusCode.OK);

        var desk = Assert.Single(stats["staleDays"]!.AsArray())!.AsObject();
        Assert.Equal(_desk, desk.Str("desk"));
        var days = desk["days"]!.AsArray().Select(d => (d!.AsObject().Str("day"), d["overdue"]?.GetValue<long>())).ToList();
        Assert.Equal(
            [("2026-11-02", null), ("2026-11-03", 2L), ("2026-11-04", 1L), ("2026-11-05", 1L), ("2026-11-06", null), ("2026-11-07", 2L)],
            days);
        Assert.Equal(6, desk["staleDays"]!.GetValue<long>());
        var saturday = stats["alerts"]!.AsArray().Single(d => d!.AsObject().Str("day") == "2026-11-07")!;
        Assert.Equal(4, saturday["reminders"]!.GetValue<int>() + saturday["escalations"]!.GetValue<int>());
        Assert.Equal(2, saturday["claims"]!.GetValue<int>());
    }

    [Fact]
    public async Task Page_ChartsTheCountsAndTheStaleDays()
    {
        var page = await _browser.GetPageAsync($"/dashboard?desk={_desk}&days=30");

        var stale = page.QuerySelector("figure#stale")!;
        var rows = stale.QuerySelectorAll("table tbody tr").Select(r => r.QuerySelector("td")!.TextContent).ToList();
        Assert.Equal(30, rows.Count);
        Assert.Equal(["–", "2", "1", "1", "–", "2"], rows[^6..]);
        var perDesk = page.QuerySelector("figure#stale-days table tbody tr")!;
        Assert.Equal([_desk, "6"], perDesk.Children.Select(c => c.TextContent).ToArray());
    }

    [Fact]
    public async Task Page_OverdueBucketLink_ListsTheClaimsOverdueThatLong()
    {
        // A: due Thursday 10:00, B: due Friday 00:05; now Saturday 12:05: both 1–3 days overdue.
        var page = await _browser.GetPageAsync($"/dashboard?desk={_desk}&days=30");
        var link = page.QuerySelectorAll("a").Single(a => a.TextContent.StartsWith("1–3 days", StringComparison.Ordinal));

        var queue = await _browser.GetPageAsync(link.GetAttribute("href")!);

        Assert.Equal("1–3 days (2)", link.TextContent);
        Assert.Equal(new[] { _a, _b }.Order(), queue.QueueIds().Order());
        Assert.Contains("due for review from", queue.QuerySelector(".range-note")!.TextContent);
    }

    [Fact]
    public async Task Page_AlertDayAndPublishedLinks_ListTheClaimsBehindThem()
    {
        var page = await _browser.GetPageAsync($"/dashboard?desk={_desk}&days=30");
        var reminded = page.QuerySelectorAll("details a").Single(a => a.TextContent.StartsWith("7 Nov", StringComparison.Ordinal));
        var published = page.QuerySelectorAll("a").Single(a => a.TextContent.Contains("published this week", StringComparison.Ordinal));

        var remindedQueue = await _browser.GetPageAsync(reminded.GetAttribute("href")!);
        var publishedQueue = await _browser.GetPageAsync(published.GetAttribute("href")!);

        Assert.Equal("7 Nov (2 claims)", reminded.TextContent);
        Assert.Equal(new[] { _a, _b }.Order(), remindedQueue.QueueIds().Order());
        Assert.Equal("1 published this week", published.TextContent.Trim());
        Assert.Equal([_a], publishedQueue.QueueIds());
        Assert.DoesNotContain(_fresh, remindedQueue.QueueIds());
    }

    [Fact]
    public async Task Page_SeveralDesks_FiguresLinkToTheQueueOfThoseDesks_WhichKeepsThemThroughItsFilterBar()
    {
        var other = await app.CreateDeskAsync("o-" + Guid.NewGuid().ToString("N")[..8]);
        var admin = app.ApiClient((await app.CreateUserAsync("admin")).Token);
        var elsewhere = (await admin.CreateClaimAsync(other, "A minister says the new bridge over the river will open before the winter", "normal")).Id();
        await app.CreateDeskAsync("n-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await _browser.GetPageAsync($"/dashboard?desk={_desk}&desk={other}&days=30");
        var open = page.QuerySelectorAll("ul.figures a").First(a => a.TextContent.EndsWith(" unverified", StringComparison.Ordinal));

        var queue = await _browser.GetPageAsync(open.GetAttribute("href")!);
        var refiltered = await _browser.GetPageAsync("/queue?" + string.Join("&", queue.FormFields("form.filter-bar").Where(f => f.Value != "").Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}")));

        Assert.Contains($"desk={_desk}", open.GetAttribute("href"));
        Assert.Contains($"desk={other}", open.GetAttribute("href"));
        Assert.Equal(new[] { _a, _b, _fresh, elsewhere }.Order(), queue.QueueIds().Order());
        Assert.Equal(queue.QueueIds().Order(), refiltered.QueueIds().Order());
    }

    [Fact]
    public async Task Counts_OlderThanTheirKeepingArePruned()
    {
        await CountAt(Monday.AddDays(5 + 401));

        var stats = await _api.GetAsync($"/api/v1/stats?desk={_desk}&from=2026-11-02&to=2026-11-07").ExpectAsync(HttpStatusCode.OK);

        Assert.All(stats["staleDays"]![0]!["days"]!.AsArray(), d => Assert.Null(d!["overdue"]));
    }

    private async Task CountAt(DateTimeOffset at)
    {
        app.Clock.Set(at);
        var run = await app.Get<JobRunner>().RunAsync("overdue-count", "test");
        Assert.Equal(JobOutcomes.Succeeded, run.Outcome);
    }

    private Task<JsonObject> Review(long id, long version) =>
        _api.PostAsJsonAsync($"/api/v1/claims/{id}/reviews", new { note = "Still checking", version }).ExpectAsync(HttpStatusCode.OK);
}
