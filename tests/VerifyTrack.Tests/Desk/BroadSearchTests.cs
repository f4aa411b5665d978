using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Demo;

namespace VerifyTrack.Tests.Desk;

/// <summary>
/// A search matching more claims than are counted one by one (<see cref="ClaimStore.CountedMatchesLimit"/>)
/// pages through the queue order instead. Every generated statement reads "… says it …"; claims written
/// beside them without the word sit among them in the queue, so a search for "says" must page through
/// exactly the queue without those.
/// </summary>
public sealed class BroadSearchTests : IAsyncLifetime
{
    private const int Claims = 2_500;
    private readonly AppFactory _app = new();
    private readonly List<long> _withoutTheWord = [];
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        await _app.Services.GetRequiredService<DemoGenerator>().GenerateAsync(Claims, seed: 7);
        var commands = _app.Services.GetRequiredService<ClaimCommands>();
        var editor = new Actor(await ScalarAsync<long>("SELECT id FROM users WHERE email = 'editor24@generated.example'"), "editor24@generated.example");
        await ScalarAsync<long>("INSERT OR IGNORE INTO user_desks (user_id, desk_id) SELECT @id, id FROM desks WHERE slug = 'world'", new { id = editor.UserId });
        for (var i = 0; i < 60; i++)
        {
            var created = await commands.CreateAsync(
                new CreateClaimInput($"Ministry denies report number {i}", "Ministry of Defence", null, "world", i % 2 == 0 ? "urgent" : "low",
                    new AppearanceInput("https://example.org/" + i, "Reuters", "Ministry denies report", _app.Clock.GetUtcNow(), null, null)),
                editor);
            _withoutTheWord.Add(created.Claim!.Claim.Id);
        }

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
        Assert.Equal(queue.Except(_withoutTheWord), search);
        Assert.Contains(_withoutTheWord[0], queue.Take(queue.Count / 2));
        var first = await _browser.GetPageAsync("/queue?q=says");
        var links = first.QuerySelectorAll(".state-counts a").Select(a => Words(a.TextContent)).ToList();
        Assert.Equal(["all more than 1,000", "Unverified", "Denied", "Confirmed"], links);
    }

    [Fact]
    public async Task BroadSearchWithAState_IsCountedAndPagesThatStateInQueueOrder()
    {
        var unverified = await ScalarAsync<long>("SELECT COUNT(*) FROM claims WHERE state = 'unverified'");
        Assert.True(unverified - _withoutTheWord.Count > ClaimStore.CountedMatchesLimit);

        var search = await WalkAsync("/queue?q=says&state=unverified");

        Assert.Equal((await WalkAsync("/queue?state=unverified")).Except(_withoutTheWord), search);
        var links = (await _browser.GetPageAsync("/queue?q=says&state=unverified")).QuerySelectorAll(".state-counts a").ToList();
        Assert.Equal($"Unverified {unverified - _withoutTheWord.Count}", Words(links[1].TextContent));
    }

    [Fact]
    public async Task BroadSearchWithAnotherFilter_IsCountedAndOrderedLikeTheFilterAlone()
    {
        const string desk = "world";
        var inDesk = await ScalarAsync<long>(
            $"SELECT COUNT(*) FROM claims WHERE desk_id = (SELECT id FROM desks WHERE slug = '{desk}') AND statement NOT LIKE 'Ministry denies%'");

        var search = await WalkAsync($"/queue?q=says&desk={desk}");

        Assert.Equal((await WalkAsync($"/queue?desk={desk}")).Except(_withoutTheWord), search);
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

    private async Task<T> ScalarAsync<T>(string sql, object? values = null)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath}");
        return (await connection.ExecuteScalarAsync<T>(sql, values))!;
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
