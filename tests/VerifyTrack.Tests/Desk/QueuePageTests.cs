using System.Net;
using System.Net.Http.Json;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Desk;

public sealed class QueuePageTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private string _desk = "";
    private TestUser _editor = null!;
    private HttpClient _api = null!;
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("q-" + Guid.NewGuid().ToString("N")[..8]);
        _editor = await app.CreateUserAsync("editor", _desk);
        _api = app.ApiClient(_editor.Token);
        _browser = await FormClient.SignedInAsync(app, _editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DefaultView_PutsStaleClaimsFirstMostOverdueOnTop_ThenOrdersByReviewDue()
    {
        var urgent = await _api.CreateClaimAsync(_desk, "Urgent claim", "urgent");
        var high = await _api.CreateClaimAsync(_desk, "High claim", "high");
        var normal = await _api.CreateClaimAsync(_desk, "Normal claim", "normal");
        var low = await _api.CreateClaimAsync(_desk, "Low claim", "low");
        var confirmed = await ConfirmedClaimAsync("Confirmed claim");
        app.Clock.Advance(TimeSpan.FromHours(5));
        var fresh = await _api.CreateClaimAsync(_desk, "Fresh urgent claim", "urgent");

        var page = await _browser.GetPageAsync($"/queue?desk={_desk}");

        Assert.Equal([urgent.Id(), high.Id(), fresh.Id(), normal.Id(), low.Id(), confirmed], page.QueueIds());
        var rows = page.QuerySelectorAll("table.queue tbody tr");
        Assert.Contains("overdue by 4 h", rows[0].TextContent);
        Assert.Contains("overdue by 1 h", rows[1].TextContent);
        Assert.Contains("due in 1 h", rows[2].TextContent);
        Assert.Contains("no review due", rows[5].TextContent);
        Assert.Equal("row-stale", rows[0].GetAttribute("class"));
    }

    [Fact]
    public async Task Filters_InTheUrl_SelectTheRightRows_AndCountByState()
    {
        var mine = await _api.CreateClaimAsync(_desk, "ISIS Khorasan executed alleged informants", "normal");
        await _api.PostAsJsonAsync($"/api/v1/claims/{mine.Id()}/assignment", new { assignee = _editor.Email, version = 1 }).ExpectAsync(HttpStatusCode.OK);
        var denied = await _api.CreateClaimAsync(_desk, "Russian jet violated Turkish airspace", "low");
        var deniedNow = await _api.PostAsJsonAsync($"/api/v1/claims/{denied.Id()}/transitions", new { to = "denied", note = "Moscow denies.", deniedBy = "Kremlin", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{denied.Id()}/publish", new { version = deniedNow.Version() }).ExpectAsync(HttpStatusCode.OK);
        var urgent = await _api.CreateClaimAsync(_desk, "Video shows beheading of alleged spy", "urgent");
        app.Clock.Advance(TimeSpan.FromHours(2));

        async Task<long[]> Ids(string query) => (await _browser.GetPageAsync($"/queue?desk={_desk}&{query}")).QueueIds();

        Assert.Equal([denied.Id()], await Ids("state=denied"));
        Assert.Equal([urgent.Id()], await Ids("priority=urgent"));
        Assert.Equal([mine.Id()], await Ids("assignee=me"));
        Assert.Equal([urgent.Id(), denied.Id()], await Ids("assignee=unassigned"));
        Assert.Equal([urgent.Id()], await Ids("stale=true"));
        Assert.Equal([denied.Id()], await Ids("published=true"));
        Assert.Equal([urgent.Id(), mine.Id()], await Ids("published=false"));
        Assert.Equal([mine.Id()], await Ids("q=khorasan"));
        Assert.Equal(new[] { mine.Id(), denied.Id(), urgent.Id() }.Order(), (await Ids("q=moscow")).Order());
        Assert.Equal(new[] { mine.Id(), denied.Id(), urgent.Id() }.Order(), (await Ids("q=immediately+verify")).Order());
        Assert.Empty(await Ids("q=%22%29%28*+OR+NEAR"));

        var page = await _browser.GetPageAsync($"/queue?desk={_desk}&priority=low");
        var counts = page.QuerySelectorAll(".state-counts a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["all 1", "Unverified 0", "Denied 1", "Confirmed 0"], counts.Select(c => string.Join(' ', c.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        var deniedLink = page.QuerySelectorAll(".state-counts a")[2].GetAttribute("href")!;
        Assert.Equal(
            ["desk=" + _desk, "priority=low", "state=denied"],
            deniedLink["/queue?".Length..].Split('&').Order(StringComparer.Ordinal));
        Assert.Equal("low", page.QuerySelector("#filter-priority option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Search_FindsWordsInHeadlinesAndExcerptsOfLaterAppearances()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Claim with a second appearance");
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/appearances", new
        {
            url = "https://example.org/tass", outlet = "Tass", headline = "Hmeymim spokesperson speaks", publishedAt = "2017-10-05", excerpt = "All servicemen are safe", version = 1,
        }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([claim.Id()], (await _browser.GetPageAsync($"/queue?desk={_desk}&q=hmeymim")).QueueIds());
        Assert.Equal([claim.Id()], (await _browser.GetPageAsync($"/queue?desk={_desk}&q=servicemen+safe")).QueueIds());
    }

    [Fact]
    public async Task Search_LongWordsAndBeginningsOfWords_FindTheClaim()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Internationally recognised observers counted the ballots in Zaporizhzhia");
        var other = await _api.CreateClaimAsync(_desk, "International observers left early");

        foreach (var q in new[] { "internationally recognised", "recog", "zaporizhzhia ballots", "ballot ob" })
        {
            Assert.Equal([claim.Id()], (await _browser.GetPageAsync($"/queue?desk={_desk}&q={Uri.EscapeDataString(q)}")).QueueIds());
        }

        // A word longer than the index's longest prefix is searched by its first ten letters.
        Assert.Equal([claim.Id()], (await _browser.GetPageAsync($"/queue?desk={_desk}&q=zaporizhzhian")).QueueIds());
        Assert.Equal(
            new[] { claim.Id(), other.Id() }.Order(),
            (await _browser.GetPageAsync($"/queue?desk={_desk}&q=international+observers")).QueueIds().Order());
    }

    [Theory]
    [InlineData("ᲐᲑᲒᲓ")]                 // Georgian Mtavruli, newer than the search tokenizer's Unicode tables
    [InlineData("ab\U00010400\U00010401cd")] // Deseret, outside the Basic Multilingual Plane
    [InlineData("ࡰࡱ")]                   // Arabic Extended-B
    [InlineData("ǅemal Ǉubljana")]       // title-case digraphs
    [InlineData("x²y³ ½")]
    [InlineData("Ⅻ ⅻ")]
    public async Task Search_AnyScript_AnswersWithAPageNeverAnError(string q)
    {
        await _api.CreateClaimAsync(_desk, $"A claim quoting {q} in its statement");
        var escaped = Uri.EscapeDataString(q);

        await _browser.GetPageAsync($"/queue?desk={_desk}&q={escaped}");
        await _browser.GetPageAsync($"/status?q={escaped}");
        await _api.GetAsync($"/api/v1/claims?text={escaped}").ExpectAsync(HttpStatusCode.OK);
        await _api.GetAsync($"/api/v1/public/claims?text={escaped}").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Paging_WalksTheWholeListWithoutRepeatsOrGaps()
    {
        var desk = await app.CreateDeskAsync("paging-" + Guid.NewGuid().ToString("N")[..6]);
        await app.JoinDeskAsync(_editor, desk);
        var created = new List<long>();
        for (var i = 0; i < 57; i++)
        {
            created.Add((await _api.CreateClaimAsync(desk, $"Paged claim {i}", i % 3 == 0 ? "urgent" : "low")).Id());
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await _browser.GetPageAsync($"/queue?desk={desk}");
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await _browser.GetPageAsync(next);

        Assert.Equal(50, first.QueueIds().Length);
        Assert.Equal(7, second.QueueIds().Length);
        Assert.Equal(created.Order(), first.QueueIds().Concat(second.QueueIds()).Order());
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Contains("desk=" + desk, next);
    }

    [Fact]
    public async Task SearchPaging_WalksEveryMatchWithoutRepeatsOrGaps()
    {
        var desk = await app.CreateDeskAsync("spaging-" + Guid.NewGuid().ToString("N")[..6]);
        await app.JoinDeskAsync(_editor, desk);
        var created = new List<long>();
        for (var i = 0; i < 53; i++)
        {
            created.Add((await _api.CreateClaimAsync(desk, $"Zabolotny sighting number {i}", i % 4 == 0 ? "urgent" : "low")).Id());
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await _browser.GetPageAsync($"/queue?desk={desk}&q=zabolotny");
        var second = await _browser.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);

        Assert.Equal(50, first.QueueIds().Length);
        Assert.Equal(created.Order(), first.QueueIds().Concat(second.QueueIds()).Order());
        Assert.Contains("all 53", string.Join(' ', first.QuerySelector(".state-counts a")!.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("state=false", "There is no state")]
    [InlineData("priority=critical", "There is no priority")]
    [InlineData("stale=maybe", "stale must be true or false")]
    [InlineData("after=garbage", "page link is broken")]
    public async Task BadFilter_Is400WithTheMessageOnThePage(string query, string message)
    {
        var page = await _browser.GetPageAsync($"/queue?{query}", HttpStatusCode.BadRequest);

        Assert.Contains(message, page.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task QuickActions_AssignToMeAndMarkReviewed_ReturnToTheSameView()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Quick action claim", "urgent");
        app.Clock.Advance(TimeSpan.FromHours(2));
        var view = $"/queue?desk={_desk}&stale=true";
        var page = await _browser.GetPageAsync(view);

        var assign = await _browser.SubmitAsync(page, $"form[action='/claims/{claim.Id()}/assign-to-me']", page.FormFields($"form[action='/claims/{claim.Id()}/assign-to-me']"));
        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        Assert.Equal(view, assign.Headers.Location!.OriginalString);

        page = await _browser.GetPageAsync(view);
        Assert.Contains("Assigned to you.", page.QuerySelector(".flash")!.TextContent);
        Assert.Contains("Test editor", page.QuerySelector("table.queue tbody tr")!.TextContent);
        var reviewForm = $"form[action='/claims/{claim.Id()}/quick-review']";
        var reviewed = await _browser.SubmitAsync(page, reviewForm, page.FormFields(reviewForm).With("note", "Still checking with the ministry."));
        Assert.Equal(view, reviewed.Headers.Location!.OriginalString);

        Assert.Empty((await _browser.GetPageAsync(view)).QueueIds());
        var api = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.False(api["isStale"]!.GetValue<bool>());
        Assert.Equal(_editor.Email, api["assignee"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task QuickReview_WithoutANote_SaysSoAndChangesNothing()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Review without note", "urgent");
        var page = await _browser.GetPageAsync($"/queue?desk={_desk}");
        var form = $"form[action='/claims/{claim.Id()}/quick-review']";

        await _browser.SubmitAsync(page, form, page.FormFields(form).With("note", " "));

        var after = await _browser.GetPageAsync($"/queue?desk={_desk}");
        Assert.Contains("note is required", after.QuerySelector(".flash-error")!.TextContent);
        Assert.Equal(1, (await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK)).Version());
    }

    private async Task<long> ConfirmedClaimAsync(string statement)
    {
        var claim = await _api.CreateClaimAsync(_desk, statement, "normal");
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new { description = "Agency photo", stance = "supports", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "confirmed", note = "Checked.", version = 2 }).ExpectAsync(HttpStatusCode.OK);
        return claim.Id();
    }
}
