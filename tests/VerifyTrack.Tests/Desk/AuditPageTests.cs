using System.Net;
using System.Net.Http.Json;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Audit;

namespace VerifyTrack.Tests.Desk;

public sealed class AuditPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private FormClient _browser = null!;
    private TestUser _ana = null!;
    private TestUser _ben = null!;
    private long _claimA;
    private long _claimB;

    public async Task InitializeAsync()
    {
        var desk = await _app.CreateDeskAsync("world");
        _ana = await _app.CreateUserAsync("editor", desk);
        _ben = await _app.CreateUserAsync("editor", desk);
        _claimA = (await _app.ApiClient(_ana.Token).CreateClaimAsync(desk, "=HYPERLINK(\"http://evil.example\")")).Id();
        _app.Clock.Advance(TimeSpan.FromDays(2));
        _claimB = (await _app.ApiClient(_ben.Token).CreateClaimAsync(desk, "Second claim")).Id();
        await _app.ApiClient(_ben.Token).PostAsJsonAsync($"/api/v1/claims/{_claimB}/reviews", new { note = "Still checking.", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        _browser = await FormClient.SignedInAsync(_app, _ana);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Filters_ByClaimUserKindAndDates()
    {
        async Task<List<string>> Kinds(string query) =>
            (await _browser.GetPageAsync("/audit?" + query)).QuerySelectorAll("table.audit-table tbody tr td:nth-child(5) .muted").Select(c => c.TextContent).ToList();

        Assert.Equal([AuditKinds.ClaimCreated], await Kinds($"claim={_claimA}"));
        Assert.Equal([AuditKinds.Reviewed, AuditKinds.ClaimCreated], await Kinds($"user={Uri.EscapeDataString(_ben.Email)}"));
        Assert.Equal([AuditKinds.Reviewed], await Kinds("kind=claim.reviewed"));
        Assert.Equal([AuditKinds.Reviewed, AuditKinds.ClaimCreated], await Kinds($"from=2026-11-04&claim={_claimB}"));
        Assert.Equal([AuditKinds.ClaimCreated], await Kinds($"to=2026-11-02&claim={_claimA}"));
        Assert.Empty(await Kinds($"from=2026-11-03&to=2026-11-03&claim={_claimB}"));
    }

    [Theory]
    [InlineData("from=yesterday", "not a date")]
    [InlineData("kind=claim.deleted", "no event kind")]
    [InlineData("claim=abc", "not a claim number")]
    [InlineData("from=2026-11-05&to=2026-11-01", "before the start date")]
    public async Task BadFilter_Is400WithTheMessage(string query, string message)
    {
        var page = await _browser.GetPageAsync("/audit?" + query, HttpStatusCode.BadRequest);

        Assert.Contains(message, page.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Paging_GoesToOlderEvents()
    {
        var api = _app.ApiClient(_ana.Token);
        var version = 1L;
        for (var i = 0; i < 105; i++)
        {
            version = (await api.PostAsJsonAsync($"/api/v1/claims/{_claimA}/reviews", new { note = $"Check {i}", version }).ExpectAsync(HttpStatusCode.OK)).Version();
        }

        var first = await _browser.GetPageAsync($"/audit?claim={_claimA}");
        var older = await _browser.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);

        Assert.Equal(AuditController.PageSize, first.QuerySelectorAll("table.audit-table tbody tr").Length);
        Assert.Equal(6, older.QuerySelectorAll("table.audit-table tbody tr").Length);
        Assert.Contains("created the claim", older.QuerySelectorAll("table.audit-table tbody tr")[^1].TextContent);
    }

    [Fact]
    public async Task CsvExport_HasTheFilteredEventsWithFormulasDefused()
    {
        var response = await _browser.Http.GetAsync($"/audit/export.csv?claim={_claimA}");
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.TrimEnd('\n').Split('\n');

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("id,at,claim_id,kind,actor_id,actor,details,prev_hash,hash", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains($",{_claimA},\"claim.created\",{_ana.Id},\"{_ana.Email}\",", lines[1]);
        Assert.Contains("\"\"statement\"\":\"\"=HYPERLINK(", lines[1]);

        Assert.Equal("\"'=SUM(A1)\"", AuditController.Csv("=SUM(A1)"));
        Assert.Equal("\"'@cmd\"", AuditController.Csv("@cmd"));
        Assert.Equal("\"say \"\"hi\"\"\"", AuditController.Csv("say \"hi\""));
    }
}
