using System.Net;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>One bad query value gets one message, whether a page shows it or an API answers it.</summary>
public sealed class QueryStringsTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private HttpClient _api = null!;
    private HttpClient _public = null!;
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        var desk = await app.CreateDeskAsync("q-" + Guid.NewGuid().ToString("N")[..8]);
        var editor = await app.CreateUserAsync("editor", desk);
        _api = app.ApiClient(editor.Token);
        _public = app.CreateClient();
        _browser = await FormClient.SignedInAsync(app, editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("state", "bogus", "There is no state 'bogus': choose unverified, denied or confirmed.")]
    [InlineData("page", "0", "page must be a whole number from 1 to 100000.")]
    [InlineData("q", "a%01b", "q must be a single line without control characters.")]
    public async Task StatusPage_AndPublicApi_SayTheSame(string field, string value, string message)
    {
        var page = await _browser.GetPageAsync($"/status?{field}={value}", HttpStatusCode.BadRequest);
        var apiField = field == "q" ? "text" : field;
        var problem = await _public.GetAsync($"/api/v1/public/claims?{apiField}={value}").ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal([message], page.QuerySelectorAll("[role=alert] li").Select(li => li.TextContent));
        Assert.Equal(message.Replace("q must", "text must", StringComparison.Ordinal), problem["errors"]![apiField]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("state=bogus", "state", "There is no state 'bogus': choose unverified, denied or confirmed.")]
    [InlineData("priority=critical", "priority", "There is no priority 'critical': choose urgent, high, normal or low.")]
    [InlineData("stale=maybe", "stale", "stale must be true or false.")]
    public async Task QueuePage_AndClaimsApi_SayTheSame(string query, string field, string message)
    {
        var page = await _browser.GetPageAsync($"/queue?{query}", HttpStatusCode.BadRequest);
        var problem = await _api.GetAsync($"/api/v1/claims?{query}").ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal([message], page.QuerySelectorAll("[role=alert] li").Select(li => li.TextContent));
        Assert.Equal([message], problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task StatusPage_ShowsEveryBadValueNotOnlyTheLast()
    {
        var page = await _browser.GetPageAsync("/status?state=bogus&page=0", HttpStatusCode.BadRequest);

        Assert.Equal(2, page.QuerySelectorAll("[role=alert] li").Length);
        Assert.Empty(page.QuerySelectorAll(".status-list li"));
    }

    [Theory]
    [InlineData("/api/v1/claims?state=%20&text=%20%20&page=&pageSize=")]
    [InlineData("/api/v1/public/claims?state=&since=%20&text=%20")]
    public async Task Apis_BlankValues_AreTheSameAsMissingOnes(string url)
    {
        var client = url.Contains("public", StringComparison.Ordinal) ? _public : _api;

        var list = await client.GetAsync(url).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, list["page"]!.GetValue<int>());
    }
}
