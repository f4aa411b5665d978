using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Dashboard;

/// <summary>
/// A week of one desk's history with known answers, on a desk 5 h 45 min ahead of UTC (Asia/Kathmandu), so a change
/// at 00:10 local time belongs to the local day, not the UTC one; the clock is moved, never waited for.
/// </summary>
public sealed class DashboardTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private static readonly TimeSpan Kathmandu = new(5, 45, 0);
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, Kathmandu);
    private string _desk = "";
    private string _emptyDesk = "";
    private HttpClient _api = null!;
    private FormClient _browser = null!;
    private long _reopened;
    private long _confirmed;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("k-" + Guid.NewGuid().ToString("N")[..8], "Asia/Kathmandu");
        _emptyDesk = await app.CreateDeskAsync("e-" + Guid.NewGuid().ToString("N")[..8], "Asia/Kathmandu");
        var editor = await app.CreateUserAsync("editor", _desk, _emptyDesk);
        _api = app.ApiClient(editor.Token);

        // Monday 09:00 local: three claims logged.
        app.Clock.Set(Monday.AddHours(9));
        var reopened = await _api.CreateClaimAsync(_desk, "Islamic State says it captured two Russian soldiers in Deir Ezzor", "normal");
        var confirmed = await _api.CreateClaimAsync(_desk, "A video shows a convoy struck near Palmyra on Sunday night", "normal");
        await _api.CreateClaimAsync(_desk, "Militants say they downed a helicopter near Hama after a clash", "normal");
        (_reopened, _confirmed) = (reopened.Id(), confirmed.Id());

        // Wednesday 23:50 local: the first is denied (62 h 50 min after logging).
        app.Clock.Set(Monday.AddDays(2).AddHours(23).AddMinutes(50));
        var v = (await Transition(_reopened, new { to = "denied", note = "Ministry denial", deniedBy = "Russian Defence Ministry", version = 1 })).Version();

        // Thursday 00:10 local (Wednesday 18:25 UTC): the second is confirmed (63 h 10 min after logging).
        app.Clock.Set(Monday.AddDays(3).AddMinutes(10));
        var evidence = await _api.PostAsJsonAsync($"/api/v1/claims/{_confirmed}/evidence", new { description = "Geolocated footage", stance = "supports", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        var evidenceId = evidence["evidence"]!.AsArray()[0]!.AsObject().Id();
        await Transition(_confirmed, new { to = "confirmed", note = "Geolocated", supportingEvidenceIds = new[] { evidenceId }, version = evidence.Version() });

        // Friday 10:00 local: the first is reopened; Saturday 10:00 denied again (its first verdict stays Wednesday's).
        app.Clock.Set(Monday.AddDays(4).AddHours(10));
        v = (await Transition(_reopened, new { to = "unverified", note = "New footage contradicts the denial", version = v })).Version();
        app.Clock.Set(Monday.AddDays(5).AddHours(10));
        await Transition(_reopened, new { to = "denied", note = "Denied again", deniedBy = "Russian Defence Ministry", version = v });

        // Sunday 12:00 local: now. Signed in now, so the session is as fresh as the clock says.
        app.Clock.Set(Monday.AddDays(6).AddHours(12));
        _browser = await FormClient.SignedInAsync(app, editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Stats_ClaimsByStateAtTheEndOfEachLocalDay()
    {
        var stats = await StatsAsync(_desk, "2026-11-01", "2026-11-08");

        var states = stats["states"]!.AsArray().Select(s => s!.AsObject())
            .Select(s => (s.Str("day"), s["unverified"]!.GetValue<long>(), s["denied"]!.GetValue<long>(), s["confirmed"]!.GetValue<long>()))
            .ToList();
        Assert.Equal(
            [
                ("2026-11-01", 0, 0, 0),
                ("2026-11-02", 3, 0, 0),
                ("2026-11-03", 3, 0, 0),
                ("2026-11-04", 2, 1, 0),
                ("2026-11-05", 1, 1, 1),
                ("2026-11-06", 2, 0, 1),
                ("2026-11-07", 1, 1, 1),
                ("2026-11-08", 1, 1, 1),
            ],
            states.Select(s => (s.Item1, (int)s.Item2, (int)s.Item3, (int)s.Item4)).Select(s => (s.Item1, (long)s.Item2, (long)s.Item3, (long)s.Item4)).ToList());
        Assert.Equal("Asia/Kathmandu", stats.Str("timeZone"));
        Assert.Equal(2, stats["open"]!.GetValue<long>());
    }

    [Fact]
    public async Task Stats_TimeToFirstVerdict_MedianAndP90PerWeek_AReopenedClaimCountsOnce()
    {
        var stats = await StatsAsync(_desk, "2026-11-02", "2026-11-08");

        var week = Assert.Single(stats["timeToVerdict"]!.AsArray().Select(w => w!.AsObject()), w => w.Str("weekStart") == "2026-11-02");
        Assert.Equal(2, week["claims"]!.GetValue<int>());
        var denied = 62 + 50 / 60.0;
        var confirmed = 63 + 10 / 60.0;
        Assert.Equal((denied + confirmed) / 2, week["medianHours"]!.GetValue<double>(), 2);
        Assert.Equal(confirmed, week["p90Hours"]!.GetValue<double>(), 2);
        Assert.Equal((denied + confirmed) / 2, stats["medianHoursToVerdictThisWeek"]!.GetValue<double>(), 2);
        Assert.Null(stats["medianHoursToVerdictLastWeek"]);
    }

    [Fact]
    public async Task Stats_OverdueNow_ByHowLong()
    {
        var stats = await StatsAsync(_desk, "2026-11-02", "2026-11-08");

        // The helicopter claim: normal priority, due 24 h after Monday 09:00, now Sunday 12:00: 5 days 3 hours overdue.
        var buckets = stats["overdueNow"]!.AsArray().Select(b => (b!.AsObject().Str("label"), b.AsObject()["claims"]!.GetValue<long>())).ToList();
        Assert.Equal([("under 1 hour", 0L), ("1–4 hours", 0L), ("4–24 hours", 0L), ("1–3 days", 0L), ("3–7 days", 1L), ("over 7 days", 0L)], buckets);
        Assert.Equal(1, stats["overdue"]!.GetValue<long>());
    }

    [Fact]
    public async Task Stats_AnEmptyDesk_IsAllZeros()
    {
        var stats = await StatsAsync(_emptyDesk, "2026-11-02", "2026-11-08");

        Assert.All(stats["states"]!.AsArray(), s => Assert.Equal(0, s!["unverified"]!.GetValue<long>() + s["denied"]!.GetValue<long>() + s["confirmed"]!.GetValue<long>()));
        Assert.All(stats["timeToVerdict"]!.AsArray(), w => Assert.Null(w!["medianHours"]));
        Assert.Equal(0, stats["overdue"]!.GetValue<long>());
        Assert.Equal(0, stats["open"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("?desk=nope", "desk")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-11-08&to=2026-11-01", "from")]
    [InlineData("?from=2024-01-01&to=2026-11-01", "from")]
    public async Task Stats_BadQuery_Is400NamingTheField(string queryString, string field)
    {
        var response = await _api.GetAsync("/api/v1/stats" + queryString);
        var problem = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task Page_EachChartIsAnSvgWithTitleAndDescription_ItsTableHoldsTheSeries_AndNoScript()
    {
        var page = await _browser.GetPageAsync($"/dashboard?desk={_desk}&days=30");
        var stats = await StatsAsync(_desk, "2026-10-10", "2026-11-08");

        Assert.Empty(page.QuerySelectorAll("script"));
        var charts = page.QuerySelectorAll("figure.chart");
        Assert.Equal(6, charts.Length);
        Assert.All(charts, chart =>
        {
            var svg = chart.QuerySelector("svg[role=img]")!;
            Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("title")!.TextContent));
            Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("desc")!.TextContent));
            Assert.NotNull(chart.QuerySelector(".visually-hidden table caption"));
        });

        var states = page.QuerySelector("figure#states")!;
        Assert.Equal("Claims by state, day by day", states.QuerySelector("svg title")!.TextContent);
        var rows = states.QuerySelectorAll("table tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => long.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        var series = stats["states"]!.AsArray().Select(s => new[] { s!["unverified"]!.GetValue<long>(), s["denied"]!.GetValue<long>(), s["confirmed"]!.GetValue<long>() }).ToList();
        Assert.Equal(30, rows.Count);
        Assert.Equal(series, rows);
        Assert.Equal(90, states.QuerySelectorAll("svg[role=img] rect.bar").Length);
    }

    [Fact]
    public async Task Export_IsTheSameFiguresAsCsv()
    {
        var response = await _browser.Http.GetAsync($"/dashboard/export.csv?desk={_desk}&days=30");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("series,period,desk,measure,value", lines[0]);
        Assert.Contains($"claims_by_state,2026-11-05,{_desk},confirmed,1", lines);
        Assert.Contains($"overdue_now,3–7 days,{_desk},claims,1", lines);
    }

    [Fact]
    public async Task Page_AWeeksVerdictsLinkToTheQueueFilteredToTheClaimsBehindThem()
    {
        var page = await _browser.GetPageAsync($"/dashboard?desk={_desk}&days=30");
        var link = page.QuerySelectorAll("a").Single(a => a.TextContent.StartsWith("week of 2 Nov", StringComparison.Ordinal));
        Assert.Equal("week of 2 Nov (2)", link.TextContent);

        var queue = await _browser.GetPageAsync(link.GetAttribute("href")!);

        Assert.Equal(new[] { _confirmed, _reopened }.Order(), queue.QueueIds().Order());
        Assert.Contains("first decided from 2026-11-01T18:15:00.000Z", queue.QuerySelector(".range-note")!.TextContent);
    }

    [Fact]
    public async Task Page_AnEarlierDaysStateCounts_LinkToTheClaimsInThatStateAtThatDaysEnd()
    {
        var page = await _browser.GetPageAsync($"/dashboard?desk={_desk}&days=30");
        var day = page.QuerySelectorAll("details li").Single(li => li.TextContent.TrimStart().StartsWith("6 Nov:", StringComparison.Ordinal));
        var unverified = day.QuerySelectorAll("a").Single(a => a.TextContent.EndsWith("unverified", StringComparison.Ordinal));
        var deniedOnWednesday = page.QuerySelectorAll("details li").Single(li => li.TextContent.TrimStart().StartsWith("4 Nov:", StringComparison.Ordinal))
            .QuerySelectorAll("a").Single(a => a.TextContent.EndsWith("denied", StringComparison.Ordinal));

        var reopened = await _browser.GetPageAsync(unverified.GetAttribute("href")!);
        var denied = await _browser.GetPageAsync(deniedOnWednesday.GetAttribute("href")!);

        // Friday: the denied claim was reopened, so it is one of the two unverified that day, though denied now.
        Assert.Equal("2 unverified", unverified.TextContent);
        Assert.Equal(2, reopened.QueueIds().Length);
        Assert.Contains(_reopened, reopened.QueueIds());
        Assert.DoesNotContain(_confirmed, reopened.QueueIds());
        Assert.Equal([_reopened], denied.QueueIds());
        Assert.Contains("as they stood at 2026-11-06T18:15:00.000Z", reopened.QuerySelector(".range-note")!.TextContent);
    }

    [Fact]
    public async Task Queue_StateAtWithASearch_ReadsEachClaimsStateThen()
    {
        // Thursday 00:00 local: the first claim had been denied ten minutes before, and was reopened the next day.
        const string thursday = "2026-11-04T18:15:00Z";

        var denied = await _browser.GetPageAsync($"/queue?desk={_desk}&state=denied&stateAt={thursday}&q=Ezzor");
        var unverified = await _browser.GetPageAsync($"/queue?desk={_desk}&state=unverified&stateAt={thursday}&q=Ezzor");
        var deniedNow = await _browser.GetPageAsync($"/queue?desk={_desk}&state=denied&q=Ezzor");

        Assert.Equal([_reopened], denied.QueueIds());
        Assert.Empty(unverified.QueueIds());
        Assert.Equal([_reopened], deniedNow.QueueIds());
    }

    [Fact]
    public async Task Queue_UnreadableTimesAndTooManyDesks_Are400_AndTheNoteSaysOnlyWhatItRead()
    {
        var garbage = await _browser.Http.GetAsync($"/queue?desk={_desk}&stateAt=garbage&dueFrom=whenever");
        var garbagePage = await garbage.ReadHtmlAsync();
        var tooMany = await _browser.Http.GetAsync("/queue?" + string.Join("&", Enumerable.Range(0, 51).Select(i => $"desk=d{i}")));
        var offset = await _browser.GetPageAsync($"/queue?desk={_desk}&dueBefore=2026-11-04T05:45:00%2B05:45");
        var twice = await _browser.GetPageAsync($"/queue?desk={_desk}&desk={_desk}&desk=");

        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Null(garbagePage.QuerySelector(".range-note"));
        Assert.Contains("is not a time", garbagePage.Body!.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 50 desks", await tooMany.Content.ReadAsStringAsync());
        Assert.Contains("due for review from the start to before 2026-11-04T00:00:00.000Z", offset.QuerySelector(".range-note")!.TextContent);
        Assert.Equal(_desk, twice.QuerySelector("#filter-desk option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Queue_ByLoggingTime_AndABadTimeIs400()
    {
        var logged = await _browser.GetPageAsync($"/queue?desk={_desk}&createdFrom=2026-11-02T03:00:00Z&createdBefore=2026-11-02T03:30:00Z");
        var none = await _browser.GetPageAsync($"/queue?desk={_desk}&createdBefore=2026-11-02T03:00:00Z");
        var bad = await _browser.Http.GetAsync($"/queue?desk={_desk}&verdictFrom=last+week");

        Assert.Equal(3, logged.QueueIds().Length);
        Assert.Empty(none.QueueIds());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task<JsonObject> StatsAsync(string desk, string from, string to) =>
        await _api.GetAsync($"/api/v1/stats?desk={desk}&from={from}&to={to}").ExpectAsync(HttpStatusCode.OK);

    private Task<JsonObject> Transition(long id, object body) =>
        _api.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", body).ExpectAsync(HttpStatusCode.OK);
}
