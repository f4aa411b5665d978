using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Intake;

public sealed class IntakePagesTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private const string Url = "https://example.org/moscow-denies";
    private string _desk = "";
    private TestUser _editor = null!;
    private HttpClient _api = null!;
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("ip-" + Guid.NewGuid().ToString("N")[..8]);
        _editor = await app.CreateUserAsync("editor", _desk);
        _api = app.ApiClient(_editor.Token);
        _browser = await FormClient.SignedInAsync(app, _editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Read_ShowsEachCandidateWithItsCuesMarked_AndNothingIsCreated()
    {
        var before = await CountAsync("SELECT COUNT(*) FROM claims");

        var page = await ReadAsync(IntakeApiTests.Fixture("03-moscow-denies-soldiers-captured-2017.txt"));

        var candidates = page.QuerySelectorAll("fieldset.candidate");
        Assert.InRange(candidates.Length, 3, 30);
        var capture = candidates.Single(c => c.QuerySelector("blockquote")!.TextContent.StartsWith("On Thursday, ISIS claimed", StringComparison.Ordinal));
        Assert.Equal("claimed", capture.QuerySelector("mark.cue-attribution")!.TextContent);
        Assert.Equal("ISIS", capture.QuerySelector("input[name$='.Claimant']")!.GetAttribute("value"));
        Assert.NotNull(capture.QuerySelector("input[type=checkbox][name$='.KeepDenied'][checked]"));
        Assert.Equal(_desk, capture.QuerySelector("select[name$='.Desk'] option[selected]")!.GetAttribute("value"));
        Assert.Equal("Moscow Denies Islamic State Captured Two Russian Soldiers", page.Value("#Form_Headline"));
        Assert.Equal(before, await CountAsync("SELECT COUNT(*) FROM claims"));
    }

    [Fact]
    public async Task Create_KeepsThreeCandidates_OneNewOneDeniedOneAsAnAppearanceOfAnExistingClaim_AllAudited()
    {
        var existing = await _api.CreateClaimAsync(_desk, "ISIS released footage of the allegedly kidnapped Russian soldiers via its Amaq News Agency and through social media, including accounts linked to the messaging app Telegram");
        var page = await ReadAsync(IntakeApiTests.Fixture("03-moscow-denies-soldiers-captured-2017.txt"));
        var candidates = page.QuerySelectorAll("fieldset.candidate").ToList();
        var capture = Index(candidates, "On Thursday, ISIS claimed");
        var footage = Index(candidates, "On Tuesday, ISIS released the footage");
        var airstrikes = Index(candidates, "Citing the Russian military");
        Assert.NotNull(candidates[footage].QuerySelector($"input[type=radio][value='{existing.Id()}']"));

        var fields = page.FormFields("form[action='/intake/read']")
            .With("Form.Url", Url)
            .With("Form.Outlet", "The Foreign Desk")
            .With("Form.PublishedAt", "2017-10-05")
            .With($"Form.Candidates[{capture}].Keep", "true")
            .With($"Form.Candidates[{capture}].Statement", "ISIS captured two Russian soldiers near Deir Ezzor")
            .With($"Form.Candidates[{capture}].Priority", "urgent")
            .With($"Form.Candidates[{footage}].Keep", "true")
            .With($"Form.Candidates[{footage}].Target", existing.Id().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With($"Form.Candidates[{airstrikes}].Keep", "true")
            .With($"Form.Candidates[{airstrikes}].Claimant", "Russia's Defense Ministry");
        var response = await _browser.Http.PostAsync("/intake/create", Form(fields));
        var result = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = result.QuerySelectorAll("ul li a").Select(a => long.Parse(a.TextContent.TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, created.Count);
        Assert.Equal(existing.Id(), created[^1]);

        var denied = await _api.GetAsync($"/api/v1/claims/{created[0]}").ExpectAsync(HttpStatusCode.OK);
        var plain = await _api.GetAsync($"/api/v1/claims/{created[1]}").ExpectAsync(HttpStatusCode.OK);
        var repeated = await _api.GetAsync($"/api/v1/claims/{existing.Id()}").ExpectAsync(HttpStatusCode.OK);
        var (deniedClaim, plainClaim) = denied.Str("statement").StartsWith("ISIS captured", StringComparison.Ordinal) ? (denied, plain) : (plain, denied);
        Assert.Equal("ISIS captured two Russian soldiers near Deir Ezzor", deniedClaim.Str("statement"));
        Assert.Equal("denied", deniedClaim.Str("state"));
        Assert.Equal("urgent", deniedClaim.Str("priority"));
        Assert.False(string.IsNullOrEmpty(deniedClaim.Str("deniedBy")));
        Assert.Equal("unverified", plainClaim.Str("state"));
        Assert.Equal("Russia's Defense Ministry", plainClaim.Str("claimant"));
        var first = Assert.Single(deniedClaim["appearances"]!.AsArray())!.AsObject();
        Assert.Equal(Url, first.Str("url"));
        Assert.Equal("The Foreign Desk", first.Str("outlet"));
        Assert.Equal("Moscow Denies Islamic State Captured Two Russian Soldiers", first.Str("headline"));
        Assert.StartsWith("On Thursday, ISIS claimed that it took the two Russians captive", first.Str("excerpt"));
        Assert.Equal(2, repeated["appearances"]!.AsArray().Count);
        Assert.Contains(repeated["appearances"]!.AsArray(), a => a!.AsObject().Str("url") == Url);

        var deniedHistory = await HistoryKindsAsync(deniedClaim.Id());
        Assert.Equal(["claim.created", "claim.state_changed"], deniedHistory);
        Assert.Equal(["claim.created"], await HistoryKindsAsync(plainClaim.Id()));
        Assert.Equal(["claim.created", "claim.appearance_added"], await HistoryKindsAsync(existing.Id()));

        var queue = await _browser.GetPageAsync($"/queue?desk={_desk}");
        Assert.Contains(deniedClaim.Id(), queue.QueueIds());
        Assert.Contains(plainClaim.Id(), queue.QueueIds());
    }

    [Fact]
    public async Task Create_WithoutTheArticlesUrl_Is400OnTheUrlField_AndCreatesNothing()
    {
        var page = await ReadAsync(IntakeApiTests.Fixture("03-moscow-denies-soldiers-captured-2017.txt"));
        var before = await CountAsync("SELECT COUNT(*) FROM claims");
        var fields = page.FormFields("form[action='/intake/read']")
            .With("Form.Outlet", "The Foreign Desk")
            .With("Form.PublishedAt", "2017-10-05")
            .With("Form.Candidates[0].Keep", "true")
            .With("Form.Candidates[1].Keep", "true");

        var response = await _browser.Http.PostAsync("/intake/create", Form(fields));
        var result = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("url is required", result.QuerySelector("[data-valmsg-for='Form.Url']")!.TextContent);
        Assert.Equal("true", result.QuerySelector("input[type=checkbox][name='Form.Candidates[1].Keep'][checked]")?.GetAttribute("value"));
        Assert.Equal(before, await CountAsync("SELECT COUNT(*) FROM claims"));
    }

    [Fact]
    public async Task Create_OneCandidateOnADeskTheEditorIsNotOn_Is403_AndNoneOfTheOthersIsCreated()
    {
        var otherDesk = await app.CreateDeskAsync("io-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await ReadAsync(IntakeApiTests.Fixture("10-somalia-airstrike-toll-2023.txt"));
        var before = await CountAsync("SELECT COUNT(*) FROM claims");
        var fields = page.FormFields("form[action='/intake/read']")
            .With("Form.Url", "https://example.org/somalia")
            .With("Form.Outlet", "Wire")
            .With("Form.Candidates[0].Keep", "true")
            .With("Form.Candidates[0].Claimant", "Al-Shabaab")
            .With("Form.Candidates[1].Keep", "true")
            .With("Form.Candidates[1].Claimant", "Al-Shabaab")
            .With("Form.Candidates[1].Desk", otherDesk);

        var response = await _browser.Http.PostAsync("/intake/create", Form(fields));
        var result = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(result.QuerySelector("[data-valmsg-for='Form.Candidates[1].Desk']")!.TextContent));
        Assert.Equal(before, await CountAsync("SELECT COUNT(*) FROM claims"));
    }

    [Fact]
    public async Task Create_NothingTicked_Is400WithAMessage()
    {
        var page = await ReadAsync(IntakeApiTests.Fixture("12-balochistan-dam-video-2022.txt"));
        var fields = page.FormFields("form[action='/intake/read']").With("Form.Url", "https://example.org/dam");

        var response = await _browser.Http.PostAsync("/intake/create", Form(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Tick at least one candidate", (await response.ReadHtmlAsync()).Body!.TextContent);
    }

    [Fact]
    public async Task Read_EmptyCopy_Is400OnTheTextField_AndAnonymousIsSentToSignIn()
    {
        var page = await _browser.GetPageAsync("/intake");
        var response = await _browser.SubmitAsync(page, "form[action='/intake/read']", page.FormFields("form[action='/intake/read']").With("Form.Text", " "));
        var anonymous = await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/intake");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text is required", (await response.ReadHtmlAsync()).QuerySelector("[data-valmsg-for='Form.Text']")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location!.PathAndQuery);
    }

    private async Task<IDocument> ReadAsync(string text)
    {
        var page = await _browser.GetPageAsync("/intake");
        var response = await _browser.SubmitAsync(page, "form[action='/intake/read']", page.FormFields("form[action='/intake/read']").With("Form.Text", text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadHtmlAsync();
    }

    private static int Index(List<IElement> candidates, string sentenceStart) =>
        candidates.FindIndex(c => c.QuerySelector("blockquote")!.TextContent.StartsWith(sentenceStart, StringComparison.Ordinal)) is var i and >= 0
            ? i
            : throw new InvalidOperationException($"No candidate starts '{sentenceStart}'.");

    private static FormUrlEncodedContent Form(List<(string Name, string Value)> fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task<List<string>> HistoryKindsAsync(long claimId) =>
        (await _api.GetAsync($"/api/v1/claims/{claimId}/history").ExpectAsync(HttpStatusCode.OK))["events"]!.AsArray()
            .Select(e => e!.AsObject().Str("kind")).ToList();
}
