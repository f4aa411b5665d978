using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Desk;

/// <summary>The page an editor gets when their form was based on a version someone else has since changed.</summary>
public sealed class ConflictPageTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private string _desk = "";
    private TestUser _editor = null!;
    private HttpClient _api = null!;
    private HttpClient _otherApi = null!;
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("cf-" + Guid.NewGuid().ToString("N")[..8]);
        _editor = await app.CreateUserAsync("editor", _desk);
        _api = app.ApiClient(_editor.Token);
        _otherApi = app.ApiClient((await app.CreateUserAsync("editor", _desk)).Token);
        _browser = await FormClient.SignedInAsync(app, _editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Edit_ListsOnlyTheFieldsThisEditorChangedBesideTheirCurrentValuesEncoded()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Moscow denies soldiers were captured");
        var form = $"form[action='/claims/{claim.Id()}/edit']";
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        await OtherEditorChangesAsync(claim.Id(), new { claimant = "Amaq <b>News</b> Agency", version = 1 }, "");

        var response = await _browser.SubmitAsync(mine, form, mine.FormFields(form)
            .With("Edit.Statement", "Moscow denies <script>alert(1)</script> capture")
            .With("Edit.Priority", "urgent"));
        var conflict = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(
            [
                ["Statement", "Moscow denies <script>alert(1)</script> capture", "Moscow denies soldiers were captured"],
                ["Priority", "urgent", "high"],
            ],
            Changes(conflict));
        Assert.Empty(conflict.QuerySelectorAll("script, b"));
        Assert.Contains("Amaq <b>News</b> Agency", conflict.QuerySelector("section[aria-labelledby=now]")!.TextContent);
        Assert.Equal(
            ["Edit.Statement", "Edit.Claimant", "Edit.Summary", "Edit.Desk", "Edit.Priority",
             "Edit.OriginalStatement", "Edit.OriginalClaimant", "Edit.OriginalSummary", "Edit.OriginalDesk", "Edit.OriginalPriority",
             "Edit.Version", "Edit.SeenEventId"],
            HiddenNames(conflict));
        Assert.Equal("2", conflict.Value("form.row-form input[name='Edit.Version']"));
    }

    [Fact]
    public async Task Edit_ToAnotherDesk_NamesBothDesks()
    {
        var other = await app.CreateDeskAsync("cf2-" + Guid.NewGuid().ToString("N")[..8]);
        var claim = await _api.CreateClaimAsync(_desk);
        var form = $"form[action='/claims/{claim.Id()}/edit']";
        var lead = await FormClient.SignedInAsync(app, await app.CreateUserAsync("desk_lead", _desk));
        var mine = await lead.GetPageAsync($"/claims/{claim.Id()}");
        await OtherEditorChangesAsync(claim.Id(), new { summary = "Dated 3 October", version = 1 }, "");

        var conflict = await (await lead.SubmitAsync(mine, form, mine.FormFields(form).With("Edit.Desk", other))).ReadHtmlAsync();

        Assert.Equal([["Desk", other.ToUpperInvariant(), _desk.ToUpperInvariant()]], Changes(conflict));
    }

    [Fact]
    public async Task Deny_ShowsTheMoveTheNoteAndTheDenialThenAppliesOnTopOfTheCurrentVersion()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var form = $"form[action='/claims/{claim.Id()}/transition']";
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        await OtherEditorChangesAsync(claim.Id(), new { note = "Still checking with Tass.", version = 1 }, "/reviews");

        var response = await _browser.SubmitAsync(mine, form, mine.FormFields(form)
            .With("Transition.To", "denied")
            .With("Transition.Note", "Hmeymim spokesperson denied any capture.")
            .With("Transition.DeniedBy", "Russian Defence Ministry")
            .With("Transition.DenialUrl", "https://example.org/tass"));
        var conflict = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(
            [
                ["State", "Denied", "Unverified"],
                ["Internal note", "Hmeymim spokesperson denied any capture.", "nothing to compare"],
                ["Denied by", "Russian Defence Ministry", "empty"],
                ["Link to the denial", "https://example.org/tass", "empty"],
            ],
            Changes(conflict));
        Assert.Contains("Still checking with Tass.", conflict.QuerySelector("section[aria-labelledby=meanwhile] .event-new")!.TextContent);

        var reapply = await _browser.SubmitAsync(conflict, "form.row-form", conflict.FormFields("form.row-form"));
        Assert.Equal(HttpStatusCode.Redirect, reapply.StatusCode);
        var now = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("denied", now.Str("state"));
        Assert.Equal("Russian Defence Ministry", now.Str("deniedBy"));
        Assert.Equal("https://example.org/tass", now.Str("denialUrl"));
    }

    [Fact]
    public async Task Confirm_NamesThePickedEvidenceAndLeavesOutTheDenialFields()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var withEvidence = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new { description = "Geolocated the <i>video</i>", stance = "supports", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        var evidenceId = withEvidence["evidence"]![0]!["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
        var form = $"form[action='/claims/{claim.Id()}/transition']";
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        await OtherEditorChangesAsync(claim.Id(), new { note = "Still checking.", version = 2 }, "/reviews");

        var conflict = await (await _browser.SubmitAsync(mine, form, mine.FormFields(form)
            .With("Transition.To", "confirmed")
            .With("Transition.Note", "Geolocated.")
            .With("Transition.DeniedBy", "left over from an abandoned denial")
            .With("Transition.SupportingEvidenceIds", evidenceId))).ReadHtmlAsync();

        Assert.Equal(
            [
                ["State", "Confirmed", "Unverified"],
                ["Internal note", "Geolocated.", "nothing to compare"],
                ["Supporting evidence", "Geolocated the <i>video</i>", "nothing to compare"],
            ],
            Changes(conflict));
        Assert.Equal(evidenceId, conflict.Value("form.row-form input[name='Transition.SupportingEvidenceIds']"));

        var reapply = await _browser.SubmitAsync(conflict, "form.row-form", conflict.FormFields("form.row-form"));
        Assert.Equal(HttpStatusCode.Redirect, reapply.StatusCode);
        Assert.Equal("confirmed", (await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK)).Str("state"));
    }

    [Fact]
    public async Task Assign_ShowsWhoYouChoseBesideWhoHasItNow()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var form = $"form[action='/claims/{claim.Id()}/assign']";
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        var rival = await app.CreateUserAsync("editor", _desk);
        await OtherEditorChangesAsync(claim.Id(), new { assignee = rival.Email, version = 1 }, "/assignment");

        var conflict = await (await _browser.SubmitAsync(mine, form, mine.FormFields(form).With("Assign.Assignee", _editor.Email))).ReadHtmlAsync();

        Assert.Equal([["Assignee", _editor.Email, rival.Email]], Changes(conflict));
        Assert.Equal(["Assign.Assignee", "Assign.Version", "Assign.SeenEventId"], HiddenNames(conflict));
    }

    [Fact]
    public async Task Publish_ShowsTheStatusPageChange()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        await OtherEditorChangesAsync(claim.Id(), new { note = "Checked.", version = 1 }, "/reviews");

        var form = $"form[action='/claims/{claim.Id()}/publish']";
        var response = await _browser.SubmitAsync(mine, form, mine.FormFields(form));
        var conflict = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal([["Status page", "published", "not published"]], Changes(conflict));
        Assert.Equal($"/claims/{claim.Id()}/publish", conflict.QuerySelector("form.row-form")!.GetAttribute("action"));
    }

    [Fact]
    public async Task RemovingEvidenceSomeoneElseRemoved_SaysItIsAlreadyGone()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var added = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new { description = "Tass: all servicemen safe", stance = "refutes", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        var evidenceId = added["evidence"]![0]!["id"]!.GetValue<long>();
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        await _otherApi.DeleteAsync($"/api/v1/claims/{claim.Id()}/evidence/{evidenceId}?version=2").ExpectAsync(HttpStatusCode.OK);

        var form = $"form[action='/claims/{claim.Id()}/evidence/{evidenceId}/remove']";
        var conflict = await (await _browser.SubmitAsync(mine, form, mine.FormFields(form))).ReadHtmlAsync();

        Assert.Equal([["Evidence to remove", $"evidence {evidenceId}", "already removed"]], Changes(conflict));
    }

    [Fact]
    public async Task RemovingAnAppearanceAfterAnotherChange_IsAppliedWhenSentAgainFromTheConflictPage()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var added = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/appearances", new
        {
            url = "https://example.org/second", outlet = "AP", headline = "Second sighting", publishedAt = "2017-10-06", version = 1,
        }).ExpectAsync(HttpStatusCode.OK);
        var appearanceId = added["appearances"]![1]!["id"]!.GetValue<long>();
        var mine = await _browser.GetPageAsync($"/claims/{claim.Id()}");
        await OtherEditorChangesAsync(claim.Id(), new { statement = "Reworded meanwhile", version = 2 }, "");

        var form = $"form[action='/claims/{claim.Id()}/appearances/{appearanceId}/remove']";
        var response = await _browser.SubmitAsync(mine, form, mine.FormFields(form));
        var conflict = await response.ReadHtmlAsync();
        var reapply = await _browser.SubmitAsync(conflict, "form.row-form", conflict.FormFields("form.row-form"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reapply.StatusCode);
        var now = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Reworded meanwhile", now.Str("statement"));
        Assert.Single(now["appearances"]!.AsArray());
    }

    [Fact]
    public async Task QuickReviewFromTheQueue_KeepsTheNoteAndReturnsToTheSameViewWhenApplied()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Quick conflict claim", "urgent");
        var view = $"/queue?desk={_desk}";
        var queue = await _browser.GetPageAsync(view);
        await OtherEditorChangesAsync(claim.Id(), new { statement = "Quick conflict claim, reworded", version = 1 }, "");

        var form = $"form[action='/claims/{claim.Id()}/quick-review']";
        var response = await _browser.SubmitAsync(queue, form, queue.FormFields(form).With("note", "Still checking with the ministry."));
        var conflict = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal([["Review note", "Still checking with the ministry.", "nothing to compare"]], Changes(conflict));
        Assert.Equal(["note", "returnUrl", "Version", "SeenEventId"], HiddenNames(conflict));
        var reapply = await _browser.SubmitAsync(conflict, "form.row-form", conflict.FormFields("form.row-form"));
        Assert.Equal(HttpStatusCode.Redirect, reapply.StatusCode);
        Assert.Equal(view, reapply.Headers.Location!.OriginalString);
        Assert.Equal(3, (await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK)).Version());
    }

    private async Task OtherEditorChangesAsync(long claimId, object body, string path)
    {
        var url = $"/api/v1/claims/{claimId}{path}";
        var response = path.Length == 0
            ? await _otherApi.PatchAsJsonAsync(url, body)
            : await _otherApi.PostAsJsonAsync(url, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static List<string[]> Changes(IDocument conflict) =>
        conflict.QuerySelectorAll("section[aria-labelledby=yours] tbody tr")
            .Select(row => row.Children.Select(cell => cell.TextContent.Trim()).ToArray())
            .ToList();

    private static List<string?> HiddenNames(IDocument conflict) =>
        conflict.QuerySelectorAll("form.row-form input[type=hidden]")
            .Select(input => input.GetAttribute("name"))
            .Where(name => name != "__RequestVerificationToken")
            .ToList();
}
