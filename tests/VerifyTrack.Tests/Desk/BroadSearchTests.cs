using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Demo;

namespace VerifyTrack.Tests.Desk;

/// <summary>
/// A search matching more claims than are counted one by one (<see cref="ClaimStore.CountedMatchesLimit"/>)
/// pages through the queue order instead. Every generated statement reads "… says it …", so searching
/// "says" matches every claim, and its pages must be exactly the unfiltered queue's pages.
/// </summary>
public sealed class BroadSearchTests : IAsyncLifetime
{
    private const int Claims = 1_500;
    private readonly AppFactory _app = new();
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        await _app.Services.GetRequiredService<DemoGenerator>().GenerateAsync(Claims, seed: 7);
        _browser = new FormClient(_app);
        var signIn = await _browser.SignInAsync("editor24@generated.example", "verifytrack-demo");
        Assert.True(signIn.StatusCode == System.Net.HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BroadSearch_PagesInQueueOrderExactlyLikeTheUnfilteredQueue_AndSaysTheMatchesWereNotCounted()
    {
        var search = await WalkAsync("/queue?q=says");
        var queue = await WalkAsync("/queue");

        Assert.Equal(Claims, search.Count);
        Assert.Equal(queue, search);
        var first = await _browser.GetPageAsync("/queue?q=says");
        var links = first.QuerySelectorAll(".state-counts a").Select(a => Words(a.TextContent)).ToList();
        Assert.Equal(["all more than 1,000", "Unverified", "Denied", "Confirmed"], links);
    }

    [Fact]
    public async Task BroadSearchWithAState_PagesThatStateInQueueOrder()
    {
        Assert.Equal(await WalkAsync("/queue?state=denied"), await WalkAsync("/queue?q=says&state=denied"));
    }

    [Fact]
    public async Task BroadSearchWithAnotherFilter_IsCountedAndOrderedLikeTheFilterAlone()
    {
        var desk = await ScalarAsync<string>("SELECT slug FROM desks ORDER BY id LIMIT 1");
        var inDesk = await ScalarAsync<long>($"SELECT COUNT(*) FROM claims WHERE desk_id = (SELECT id FROM desks WHERE slug = '{desk}')");

        var search = await WalkAsync($"/queue?q=says&desk={desk}");

        Assert.Equal(await WalkAsync($"/queue?desk={desk}"), search);
        var all = (await _browser.GetPageAsync($"/queue?q=says&desk={desk}")).QuerySelector(".state-counts a")!;
        Assert.Equal($"all {inDesk}", Words(all.TextContent));
    }

    [Fact]
    public async Task NarrowSearch_IsCountedByState()
    {
        var expected = await ScalarAsync<long>(
            "SELECT COUNT(*) FROM claims WHERE id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH '\"says\"* AND \"palmyra\"*')");
        Assert.InRange(expected, 1, ClaimStore.CountedMatchesLimit);

        var page = await _browser.GetPageAsync("/queue?q=says+palmyra");

        Assert.Equal($"all {expected}", Words(page.QuerySelector(".state-counts a")!.TextContent));
        Assert.Equal(await WalkAsync("/queue?q=palmyra+says"), await WalkAsync("/queue?q=says+palmyra"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<List<long>> WalkAsync(string path)
    {
        var ids = new List<long>();
        for (string? next = path; next is not null;)
        {
            var page = await _browser.GetPageAsync(next);
            ids.AddRange(page.QueueIds());
            next = page.QuerySelector("a[rel=next]")?.GetAttribute("href");
        }

        return ids;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath}");
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
