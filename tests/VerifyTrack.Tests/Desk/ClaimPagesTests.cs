using System.Net;
using System.Net.Http.Json;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Desk;

public sealed class ClaimPagesTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private string _desk = "";
    private TestUser _editor = null!;
    private HttpClient _api = null!;
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("c-" + Guid.NewGuid().ToString("N")[..8]);
        _editor = await app.CreateUserAsync("editor", _desk);
        _api = app.ApiClient(_editor.Token);
        _browser = await FormClient.SignedInAsync(app, _editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task NewClaim_WithMistakes_ShowsEachErrorNextToItsFieldAndKeepsTheInput()
    {
        var page = await _browser.GetPageAsync("/claims/new");
        var fields = page.FormFields("form[action='/claims/new']")
            .With("Form.Statement", "")
            .With("Form.Claimant", "Islamic State / Amaq")
            .With("Form.Desk", _desk)
            .With("Form.Url", "javascript:alert(1)")
            .With("Form.Outlet", "Reuters")
            .With("Form.Headline", "ISIS says it captured two Russians")
            .With("Form.PublishedAt", "last tuesday");

        var response = await _browser.SubmitAsync(page, "form[action='/claims/new']", fields);
        var result = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("statement is required", result.QuerySelector("[data-valmsg-for='Form.Statement']")!.TextContent);
        Assert.Contains("http or https", result.QuerySelector("[data-valmsg-for='Form.Url']")!.TextContent);
        Assert.Contains("not a date", result.QuerySelector("[data-valmsg-for='Form.PublishedAt']")!.TextContent);
        Assert.Equal("Islamic State / Amaq", result.Value("#Form_Claimant"));
        Assert.Equal("Reuters", result.Value("#Form_Outlet"));
        Assert.Equal(_desk, result.QuerySelector("#Form_Desk option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task NewClaim_FromACorpusArticle_IsCreatedAndShown()
    {
        var page = await _browser.GetPageAsync("/claims/new");
        var fields = page.FormFields("form[action='/claims/new']")
            .With("Form.Statement", "Islamic State captured two Russian soldiers in Deir Ezzor")
            .With("Form.Claimant", "Islamic State / Amaq News Agency")
            .With("Form.Desk", _desk)
            .With("Form.Priority", "high")
            .With("Form.Url", "https://example.org/moscow-denies")
            .With("Form.Outlet", "The Foreign Desk")
            .With("Form.Headline", "Moscow Denies Islamic State Captured Two Russian Soldiers")
            .With("Form.PublishedAt", "2017-10-05")
            .With("Form.Excerpt", "Reuters could not immediately verify the video.");

        var response = await _browser.SubmitAsync(page, "form[action='/claims/new']", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var claimPage = await _browser.GetPageAsync(response.Headers.Location!.OriginalString);

        Assert.Equal("Islamic State captured two Russian soldiers in Deir Ezzor", claimPage.QuerySelector("h1")!.TextContent);
        Assert.Contains("Claim created.", claimPage.QuerySelector(".flash")!.TextContent);
        Assert.Contains("5 Oct 2017", claimPage.QuerySelector("#appearances + ul")?.TextContent ?? claimPage.QuerySelector(".items")!.TextContent);
        Assert.Contains("created the claim", claimPage.QuerySelector(".timeline")!.TextContent);
    }

    [Fact]
    public async Task StateChangeThroughTheForm_LandsInTheAuditTimeline()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var page = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        var form = $"form[action='/claims/{claim.Id()}/transition']";

        var response = await _browser.SubmitAsync(page, form, page.FormFields(form)
            .With("Transition.To", "denied")
            .With("Transition.Note", "Hmeymim spokesperson denied any capture.")
            .With("Transition.PublicNote", "Russia says all its servicemen are safe.")
            .With("Transition.DeniedBy", "Russian Defence Ministry"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        Assert.Equal("Denied", after.QuerySelector(".claim-head .badge")!.TextContent);
        var last = after.QuerySelectorAll(".timeline li")[^1];
        Assert.Contains(_editor.Email, last.TextContent);
        Assert.Contains("moved it from unverified to denied, denied by Russian Defence Ministry", last.TextContent);
        Assert.Contains("Hmeymim spokesperson denied any capture.", last.QuerySelector(".note")!.TextContent);
        Assert.Contains("Russia says all its servicemen are safe.", last.QuerySelector("ins")!.TextContent);
    }

    [Fact]
    public async Task StateChange_MissingWhatTheTargetNeeds_ShowsTheErrorsAndKeepsTheNote()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var page = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        var form = $"form[action='/claims/{claim.Id()}/transition']";

        var response = await _browser.SubmitAsync(page, form, page.FormFields(form).With("Transition.To", "denied").With("Transition.Note", "Denied on Tass."));
        var result = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name the party", result.QuerySelector("[data-valmsg-for='Transition.DeniedBy']")!.TextContent);
        Assert.Equal("Denied on Tass.", result.QuerySelector("#Transition_Note")!.TextContent.Trim());
        Assert.NotNull(result.QuerySelector("#to-denied[checked]"));
    }

    [Fact]
    public async Task Confirm_AsksToPickTheSupportingEvidence()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var withEvidence = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new { description = "Geolocated the video", stance = "supports", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        var evidenceId = withEvidence["evidence"]![0]!["id"]!.GetValue<long>();
        var form = $"form[action='/claims/{claim.Id()}/transition']";
        var page = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        Assert.NotNull(page.QuerySelector($"#support-{evidenceId}"));

        var unpicked = await _browser.SubmitAsync(page, form, page.FormFields(form).With("Transition.To", "confirmed").With("Transition.Note", "Geolocated."));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unpicked.StatusCode);
        Assert.Contains("Pick the supporting evidence", (await unpicked.ReadHtmlAsync()).QuerySelector("[data-valmsg-for='Transition.SupportingEvidenceIds']")!.TextContent);

        var picked = await _browser.SubmitAsync(page, form, page.FormFields(form)
            .With("Transition.To", "confirmed").With("Transition.Note", "Geolocated.").With("Transition.SupportingEvidenceIds", evidenceId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        var history = await _api.GetAsync($"/api/v1/claims/{claim.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(evidenceId, history["events"]!.AsArray()[^1]!["details"]!["supportingEvidenceIds"]![0]!.GetValue<long>());
    }

    [Fact]
    public async Task TwoEditorsEditingTheSameClaim_TheSecondSeesTheConflictPageAndReappliesWithoutLosingEither()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Moscow denies soldiers were captured");
        var other = await FormClient.SignedInAsync(app, await app.CreateUserAsync("editor", _desk));
        var form = $"form[action='/claims/{claim.Id()}/edit']";
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        var theirs = await other.GetPageAsync($"/claims/{claim.Id()}");

        var first = await other.SubmitAsync(theirs, form, theirs.FormFields(form).With("Edit.Claimant", "Amaq News Agency"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await _browser.SubmitAsync(mine, form, mine.FormFields(form).With("Edit.Statement", "Moscow denies any Russian soldier was captured"));
        var conflict = await second.ReadHtmlAsync();
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("changed this claim while you were working", conflict.QuerySelector("h1")!.TextContent);
        var yours = conflict.QuerySelector("section[aria-labelledby=yours]")!.TextContent;
        Assert.Contains("Moscow denies any Russian soldier was captured", yours);
        Assert.DoesNotContain("Islamic State / Amaq", yours);
        Assert.Contains("Amaq News Agency", conflict.QuerySelector("section[aria-labelledby=now]")!.TextContent);
        Assert.Contains("Islamic State / Amaq", conflict.QuerySelector("section[aria-labelledby=meanwhile] del")!.TextContent);

        var reapply = await _browser.SubmitAsync(conflict, "form.row-form", conflict.FormFields("form.row-form"));
        Assert.Equal(HttpStatusCode.Redirect, reapply.StatusCode);

        var now = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Moscow denies any Russian soldier was captured", now.Str("statement"));
        Assert.Equal("Amaq News Agency", now.Str("claimant"));
        var timeline = (await _browser.GetPageAsync($"/claims/{claim.Id()}")).QuerySelectorAll(".timeline li").Select(li => li.TextContent).ToList();
        Assert.Equal(3, timeline.Count);
        Assert.Contains("Amaq News Agency", timeline[1]);
        Assert.Contains("Moscow denies any Russian soldier was captured", timeline[2]);
    }

    [Fact]
    public async Task EvidenceAndAppearances_AreAddedAndRemovedThroughTheirForms()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var page = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        var evidenceForm = $"form[action='/claims/{claim.Id()}/evidence']";
        await _browser.SubmitAsync(page, evidenceForm, page.FormFields(evidenceForm)
            .With("Evidence.Description", "Tass: all servicemen safe").With("Evidence.Stance", "refutes").With("Evidence.Url", "https://example.org/tass"));

        page = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        var appearanceForm = $"form[action='/claims/{claim.Id()}/appearances']";
        var bad = await _browser.SubmitAsync(page, appearanceForm, page.FormFields(appearanceForm).With("Appearance.Url", "https://example.org/r"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("outlet is required", (await bad.ReadHtmlAsync()).QuerySelector("[data-valmsg-for='Appearance.Outlet']")!.TextContent);
        await _browser.SubmitAsync(page, appearanceForm, page.FormFields(appearanceForm)
            .With("Appearance.Url", "https://example.org/r").With("Appearance.Outlet", "Reuters").With("Appearance.Headline", "Russia denies").With("Appearance.PublishedAt", "2017-10-05"));

        page = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        Assert.Contains("Tass: all servicemen safe", page.QuerySelector("#evidence + .field-error + ul, section[aria-labelledby=evidence] ul")!.TextContent);
        var removeEvidence = page.QuerySelector("section[aria-labelledby=evidence] form.inline")!;
        await _browser.Http.PostAsync(removeEvidence.GetAttribute("action"), new FormUrlEncodedContent(
            page.FormFields("section[aria-labelledby=evidence] form.inline").Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

        var json = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(json["evidence"]!.AsArray());
        Assert.Equal(2, json["appearances"]!.AsArray().Count);
        Assert.Equal(4, json.Version());
    }

    [Fact]
    public async Task ClaimPage_RendersRightToLeftTextAndAttackerControlledTextSafely()
    {
        var claim = await _api.CreateClaimAsync(_desk, "داعش تعلن أسر جنديين روسيين في دير الزور <img src=x onerror=alert(1)>");

        var page = await _browser.GetPageAsync($"/claims/{claim.Id()}");

        var heading = page.QuerySelector("h1")!;
        Assert.Equal("auto", heading.GetAttribute("dir"));
        Assert.StartsWith("داعش", heading.TextContent);
        Assert.Null(page.QuerySelector("img"));
    }

    [Fact]
    public async Task UnknownClaim_IsA404Page()
    {
        var page = await _browser.GetPageAsync("/claims/987654", HttpStatusCode.NotFound);

        Assert.Equal("Not found", page.QuerySelector("h1")!.TextContent);
    }
}
