using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;

namespace VerifyTrack.Tests.Desk;

/// <summary>Bulk triage on /queue and POST /api/v1/claims/bulk: each claim changed on its own, with its own version check and audit event.</summary>
public sealed class BulkTriageTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private string _desk = "";
    private string _otherDesk = "";
    private TestUser _editor = null!;
    private TestUser _colleague = null!;
    private TestUser _otherEditor = null!;
    private TestUser _lead = null!;
    private HttpClient _api = null!;
    private FormClient _browser = null!;

    public async Task InitializeAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        _desk = await app.CreateDeskAsync("bulk-" + tag);
        _otherDesk = await app.CreateDeskAsync("other-" + tag);
        _editor = await app.CreateUserAsync(Roles.Editor, _desk);
        _colleague = await app.CreateUserAsync(Roles.Editor, _desk);
        _otherEditor = await app.CreateUserAsync(Roles.Editor, _otherDesk);
        _lead = await app.CreateUserAsync(Roles.DeskLead, _desk);
        _api = app.ApiClient(_editor.Token);
        _browser = await FormClient.SignedInAsync(app, _editor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Page_AssignFiveClaims_OneChangedMeanwhile_FourChangedThatOneUntouchedAndListedAsSkipped()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 5);
        var page = await _browser.GetPageAsync($"/queue?desk={_desk}&select=all");
        Assert.Equal(ids.Order(), page.QuerySelectorAll("td.select input[type=checkbox][checked]").Select(c => long.Parse(c.GetAttribute("value")!, CultureInfo.InvariantCulture)).Order());
        var fields = page.FormFields("form#bulk").With("Bulk.Action", "assign").With("Bulk.Assignee", _colleague.Email);

        var meanwhile = ids[2];
        await app.ApiClient(_colleague.Token).PatchAsJsonAsync($"/api/v1/claims/{meanwhile}", new { priority = "urgent", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        var response = await _browser.SubmitAsync(page, "form#bulk", fields);

        var result = await response.ReadHtmlAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4 claims changed, 1 skipped", result.QuerySelector("h1")!.TextContent);
        Assert.Equal(ids.Where(id => id != meanwhile).Order(), LinkedIds(result, ".bulk-changed"));
        Assert.Equal([meanwhile], LinkedIds(result, ".bulk-conflict"));
        Assert.Contains("Someone else changed it meanwhile", result.QuerySelector(".bulk-conflict li")!.TextContent);
        Assert.Equal($"/queue?desk={_desk}", result.QuerySelectorAll("main a")[^1].GetAttribute("href"));

        foreach (var id in ids)
        {
            var claim = (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/claims/{id}"))!;
            Assert.Equal(2, claim.Version());
            Assert.Equal(id == meanwhile ? null : _colleague.Email, claim["assignee"]?["email"]?.GetValue<string>());
            Assert.Equal(id == meanwhile ? "urgent" : "high", claim.Str("priority"));
        }

        var assigned = await EventsAsync(ids, AuditKinds.Assigned);
        Assert.Equal(ids.Where(id => id != meanwhile).Order(), assigned.Select(e => e.ClaimId).Order());
        Assert.All(assigned, e => Assert.Equal(_editor.Email, e.Actor));
    }

    [Fact]
    public async Task Page_ClaimsOfAnotherDesk_AreRefusedOneByOne_AndLeftAsTheyWere()
    {
        var mine = await CreateClaimsAsync(_api, _desk, 2);
        var theirs = await CreateClaimsAsync(app.ApiClient(_otherEditor.Token), _otherDesk, 2);
        var all = mine.Concat(theirs).ToList();

        var page = await _browser.GetPageAsync($"/queue?desk={_otherDesk}&select=all");
        Assert.Equal(theirs.Order(), page.QueueIds().Order());
        foreach (var id in theirs)
        {
            Assert.Null(page.QuerySelector($"#select-{id}"));
        }

        var response = await _browser.PostFormAsync("/queue", "/queue/bulk",
        [
            ("Bulk.Action", "assign"), ("Bulk.Assignee", "me"), ("Bulk.ReturnUrl", "/queue"),
            .. all.Select(id => ("Bulk.Ids", Str(id))),
            .. all.Select(id => ($"Bulk.Versions[{id}]", "1")),
        ]);

        var result = await response.ReadHtmlAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mine.Order(), LinkedIds(result, ".bulk-changed"));
        Assert.Equal(theirs.Order(), LinkedIds(result, ".bulk-forbidden"));
        Assert.All(result.QuerySelectorAll(".bulk-forbidden li"), li => Assert.Contains("Only editors of the claim's desk", li.TextContent));
        Assert.Empty(await EventsAsync(theirs, AuditKinds.Assigned));
        foreach (var id in theirs)
        {
            Assert.Equal(1, (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/claims/{id}"))!.Version());
        }
    }

    [Fact]
    public async Task Page_Move_IsTheLeadsNotTheEditors()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 2);
        async Task<HttpResponseMessage> MoveAsync(FormClient browser) => await browser.PostFormAsync("/queue", "/queue/bulk",
        [
            ("Bulk.Action", "move"), ("Bulk.Desk", _otherDesk),
            .. ids.Select(id => ("Bulk.Ids", Str(id))),
            .. ids.Select(id => ($"Bulk.Versions[{id}]", "1")),
        ]);

        var byEditor = await (await MoveAsync(_browser)).ReadHtmlAsync();
        Assert.Equal(ids.Order(), LinkedIds(byEditor, ".bulk-forbidden"));
        Assert.Contains("Only a lead of the claim's desk", byEditor.QuerySelector(".bulk-forbidden")!.TextContent);
        Assert.Empty(await EventsAsync(ids, AuditKinds.ClaimEdited));

        var byLead = await (await MoveAsync(await FormClient.SignedInAsync(app, _lead))).ReadHtmlAsync();
        Assert.Equal(ids.Order(), LinkedIds(byLead, ".bulk-changed"));
        Assert.Equal(ids.Order(), (await EventsAsync(ids, AuditKinds.ClaimEdited)).Select(e => e.ClaimId).Order());
        foreach (var id in ids)
        {
            Assert.Equal(_otherDesk, (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/claims/{id}"))!.Str("desk"));
        }
    }

    [Fact]
    public async Task Page_NothingTicked_Is400AndSaysNothingWasChanged()
    {
        var response = await _browser.PostFormAsync("/queue", "/queue/bulk", ("Bulk.Action", "assign"), ("Bulk.ReturnUrl", $"/queue?desk={_desk}"));

        var page = await response.ReadHtmlAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Nothing was changed", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Tick at least one claim", page.QuerySelector(".form-error")!.TextContent);
        Assert.Equal($"/queue?desk={_desk}", page.QuerySelectorAll("main a")[^1].GetAttribute("href"));
    }

    [Fact]
    public async Task Page_ReturnUrlOffSite_LeadsBackToTheQueue()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 1);

        var response = await _browser.PostFormAsync("/queue", "/queue/bulk",
            ("Bulk.Action", "review"), ("Bulk.Note", "Still checking."), ("Bulk.ReturnUrl", "https://evil.example/queue"),
            ("Bulk.Ids", Str(ids[0])), ($"Bulk.Versions[{ids[0]}]", "1"));

        var page = await response.ReadHtmlAsync();
        Assert.Equal("/queue", page.QuerySelectorAll("main a")[^1].GetAttribute("href"));
    }

    [Fact]
    public async Task Page_UnreadableVersion_Is400AndNothingChanges()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 1);

        var response = await _browser.PostFormAsync("/queue", "/queue/bulk",
            ("Bulk.Action", "priority"), ("Bulk.Priority", "low"), ("Bulk.Ids", Str(ids[0])), ($"Bulk.Versions[{ids[0]}]", "latest"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/claims/{ids[0]}"))!.Version());
    }

    [Fact]
    public async Task Queue_TickBoxesBelongToTheBulkForm_CarryEachRowsVersion_AndTickAllKeepsTheFilters()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 2);
        await _api.PostAsJsonAsync($"/api/v1/claims/{ids[0]}/reviews", new { note = "Checked.", version = 1 }).ExpectAsync(HttpStatusCode.OK);

        var page = await _browser.GetPageAsync($"/queue?desk={_desk}&priority=high");

        Assert.Empty(page.QuerySelectorAll("td.select input[checked]"));
        var box = page.QuerySelector($"#select-{ids[0]}")!;
        Assert.Equal("bulk", box.GetAttribute("form"));
        Assert.Equal("Bulk.Ids", box.GetAttribute("name"));
        Assert.Equal("2", page.QuerySelector($"input[name='Bulk.Versions[{ids[0]}]']")!.GetAttribute("value"));
        Assert.Equal("1", page.QuerySelector($"input[name='Bulk.Versions[{ids[1]}]']")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("form#bulk td"));
        var tickAll = page.QuerySelectorAll("form#bulk a").Single(a => a.TextContent == "Tick all on this page").GetAttribute("href")!;
        Assert.Equal(["desk=" + _desk, "priority=high", "select=all"], tickAll["/queue?".Length..].Split('&').Order(StringComparer.Ordinal));
        Assert.Equal($"/queue?desk={_desk}&priority=high", page.Value("form#bulk input[name='Bulk.ReturnUrl']"));

        var ticked = await _browser.GetPageAsync(tickAll);
        Assert.Equal(2, ticked.QuerySelectorAll("td.select input[checked]").Length);
        Assert.Equal($"/queue?desk={_desk}&priority=high", ticked.QuerySelectorAll("form#bulk a").Single(a => a.TextContent == "Untick all").GetAttribute("href"));
        Assert.All(ticked.QuerySelectorAll("input[name=returnUrl]"), input => Assert.DoesNotContain("select", input.GetAttribute("value")!));
    }

    [Fact]
    public async Task Api_FiveClaims_OneChangedMeanwhile_AnswersPerClaim()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 5);
        var meanwhile = ids[4];
        await app.ApiClient(_colleague.Token).PostAsJsonAsync($"/api/v1/claims/{meanwhile}/reviews", new { note = "Looked at it.", version = 1 }).ExpectAsync(HttpStatusCode.OK);

        var answer = await _api.PostAsJsonAsync("/api/v1/claims/bulk", new
        {
            ids = ids.Append(999_999).ToList(),
            action = "priority",
            priority = "urgent",
            versions = ids.ToDictionary(id => Str(id), _ => 1),
        }).ExpectAsync(HttpStatusCode.OK);

        var results = answer["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(ids.Append(999_999), results.Select(r => r.Id()));
        Assert.All(results.Take(4), r => Assert.Equal(("changed", 2L), (r.Str("status"), r.Version())));
        Assert.All(results.Take(4), r => Assert.False(r.ContainsKey("reason")));
        Assert.Equal(("conflict", 2L), (results[4].Str("status"), results[4].Version()));
        Assert.Contains("Someone else changed it meanwhile", results[4].Str("reason"));
        Assert.Equal("notFound", results[5].Str("status"));
        Assert.False(results[5].ContainsKey("version"));
        Assert.Equal("high", (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/claims/{meanwhile}"))!.Str("priority"));
        Assert.Equal(ids.Take(4).Order(), (await EventsAsync(ids, AuditKinds.ClaimEdited)).Select(e => e.ClaimId).Order());
    }

    [Fact]
    public async Task Api_WithoutVersions_ChangesEachClaimAsItIs_AndReviewsWithOneNote()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 3);
        await _api.PatchAsJsonAsync($"/api/v1/claims/{ids[1]}", new { summary = "Second look.", version = 1 }).ExpectAsync(HttpStatusCode.OK);

        var answer = await _api.PostAsJsonAsync("/api/v1/claims/bulk", new { ids, action = "review", note = "Still checking with the ministry." })
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([2L, 3L, 2L], answer["results"]!.AsArray().Select(r => r!.AsObject().Version()));
        Assert.All(answer["results"]!.AsArray(), r => Assert.Equal("changed", r!.AsObject().Str("status")));
        var reviews = await EventsAsync(ids, AuditKinds.Reviewed);
        Assert.Equal(ids.Order(), reviews.Select(e => e.ClaimId).Order());
        Assert.All(reviews, e => Assert.Contains("Still checking with the ministry.", e.Details));
    }

    [Fact]
    public async Task Api_AssignToNobody_AndToTheSameAgain_SaysUnchanged()
    {
        var ids = await CreateClaimsAsync(_api, _desk, 2);
        await _api.PostAsJsonAsync("/api/v1/claims/bulk", new { ids, action = "assign", assignee = "me" }).ExpectAsync(HttpStatusCode.OK);

        var again = await _api.PostAsJsonAsync("/api/v1/claims/bulk", new { ids, action = "assign", assignee = _editor.Email }).ExpectAsync(HttpStatusCode.OK);
        var nobody = await _api.PostAsJsonAsync("/api/v1/claims/bulk", new { ids, action = "assign", assignee = (string?)null }).ExpectAsync(HttpStatusCode.OK);

        Assert.All(again["results"]!.AsArray(), r => Assert.Equal(("unchanged", 2L), (r!.AsObject().Str("status"), r.AsObject().Version())));
        Assert.All(nobody["results"]!.AsArray(), r => Assert.Equal(("changed", 3L), (r!.AsObject().Str("status"), r.AsObject().Version())));
        Assert.Equal(4, (await EventsAsync(ids, AuditKinds.Assigned)).Count);
    }

    [Fact]
    public async Task Api_ClaimsOfAnotherDesk_AreForbiddenOneByOne()
    {
        var mine = await CreateClaimsAsync(_api, _desk, 1);
        var theirs = await CreateClaimsAsync(app.ApiClient(_otherEditor.Token), _otherDesk, 1);

        var answer = await _api.PostAsJsonAsync("/api/v1/claims/bulk", new { ids = mine.Concat(theirs), action = "priority", priority = "low" })
            .ExpectAsync(HttpStatusCode.OK);

        var results = answer["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal("changed", results[0].Str("status"));
        Assert.Equal("forbidden", results[1].Str("status"));
        Assert.StartsWith("Only editors of the claim's desk", results[1].Str("reason"));
        Assert.Equal(1, (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/claims/{theirs[0]}"))!.Version());
    }

    public static TheoryData<string, string> BadShapes() => new()
    {
        { """{"ids": [1], "action": "delete"}""", "action" },
        { """{"ids": [], "action": "assign"}""", "ids" },
        { """{"action": "assign"}""", "ids" },
        { """{"ids": [1, 1], "action": "assign"}""", "ids" },
        { """{"ids": [1], "action": "review"}""", "note" },
        { """{"ids": [1], "action": "review", "note": "  "}""", "note" },
        { """{"ids": [1], "action": "move"}""", "desk" },
        { """{"ids": [1], "action": "move", "desk": "no-such-desk"}""", "desk" },
        { """{"ids": [1], "action": "priority", "priority": "critical"}""", "priority" },
        { """{"ids": [1], "action": "assign", "assignee": "nobody@nowhere.test"}""", "assignee" },
        { """{"ids": [1], "action": "assign", "versions": {"2": 1}}""", "versions" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public async Task Api_BadShape_Is400NamingTheField_AndChangesNothing(string json, string field)
    {
        var ids = await CreateClaimsAsync(_api, _desk, 1);
        json = json.Replace("[1]", $"[{ids[0]}]", StringComparison.Ordinal).Replace("[1, 1]", $"[{ids[0]}, {ids[0]}]", StringComparison.Ordinal);

        var problem = await _api.PostAsync("/api/v1/claims/bulk", new StringContent(json, Encoding.UTF8, "application/json")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Equal(1, (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/claims/{ids[0]}"))!.Version());
        Assert.Single(await EventsAsync(ids, AuditKinds.ClaimCreated));
    }

    [Fact]
    public async Task Api_TooManyIds_Is400()
    {
        var problem = await _api.PostAsJsonAsync("/api/v1/claims/bulk", new { ids = Enumerable.Range(1, 201), action = "review", note = "x" })
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("At most 200", problem["errors"]!["ids"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"ids": ["one"], "action": "assign"}""")]
    [InlineData("""{"ids": [1], "action": "assign", "versions": {"one": 1}}""")]
    [InlineData("""{"ids": [1], "action": "assign", "versions": [1]}""")]
    [InlineData("""[1, 2]""")]
    public async Task Api_WrongJsonTypes_Are400ProblemDetails(string json)
    {
        var response = await _api.PostAsync("/api/v1/claims/bulk", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_NotJson_Is415_AndAnonymous_Is401()
    {
        var notJson = await _api.PostAsync("/api/v1/claims/bulk", new StringContent("ids=1&action=assign", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/claims/bulk", new { ids = new[] { 1 }, action = "assign" });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static string Str(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<List<long>> CreateClaimsAsync(HttpClient api, string desk, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await api.CreateClaimAsync(desk, $"Bulk claim {i} {Guid.NewGuid():N}")).Id());
        }

        return ids;
    }

    private static long[] LinkedIds(AngleSharp.Dom.IDocument page, string section) =>
        page.QuerySelectorAll($"{section} li a")
            .Select(a => long.Parse(a.GetAttribute("href")!.Split('/')[^1], CultureInfo.InvariantCulture))
            .Order()
            .ToArray();

    private sealed record EventRow(long ClaimId, string Kind, string Actor, string Details);

    private async Task<List<EventRow>> EventsAsync(IEnumerable<long> ids, string kind)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        return (await connection.QueryAsync<EventRow>(
            "SELECT claim_id AS ClaimId, kind AS Kind, actor AS Actor, details AS Details FROM audit_events WHERE claim_id IN @ids AND kind = @kind",
            new { ids = ids.ToList(), kind })).AsList();
    }
}
