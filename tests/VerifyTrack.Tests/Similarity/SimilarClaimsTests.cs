using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Similarity;

namespace VerifyTrack.Tests.Similarity;

/// <summary>Similar claims and the alias list through the real host: the API, the admin pages, the queue and the new-claim page.</summary>
public sealed class SimilarClaimsTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private const string Existing = "Islamic State says it captured two Russian soldiers in Deir Ezzor";
    private const string Reworded = "ISIS claims it has captured two Russian soldiers near Deir ez-Zor";

    private string _desk = "";
    private TestUser _editor = null!;
    private TestUser _admin = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("s-" + Guid.NewGuid().ToString("N")[..8]);
        _editor = await app.CreateUserAsync("editor", _desk);
        _admin = await app.CreateUserAsync("admin");
        _api = app.ApiClient(_editor.Token);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonObject> SimilarAsync(string text, string? limit = null) =>
        _api.GetAsync($"/api/v1/claims/similar?text={Uri.EscapeDataString(text)}" + (limit is null ? "" : $"&limit={limit}")).ExpectAsync(HttpStatusCode.OK);

    private static List<JsonObject> Items(JsonObject answer) => answer["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    [Fact]
    public async Task Similar_RewordedClaim_IsLikelyTheSameWithWhyItMatched()
    {
        var claim = await _api.CreateClaimAsync(_desk, Existing);

        var items = Items(await SimilarAsync(Reworded));

        var match = Assert.Single(items, i => i.Id() == claim.Id());
        Assert.Equal(claim.Id(), items[0].Id());
        Assert.Equal(claim.Str("slug"), match.Str("slug"));
        Assert.Equal(Existing, match.Str("statement"));
        Assert.Equal("Islamic State / Amaq", match.Str("claimant"));
        Assert.Equal("unverified", match.Str("state"));
        Assert.Equal("likely", match.Str("likeness"));
        Assert.InRange(match["score"]!.GetValue<double>(), 0.75, 1.0);
        var matched = match["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("Islamic State", matched);
        Assert.Contains("captured", matched);
        Assert.Contains("soldiers", matched);
        Assert.Contains("Deir ez-Zor", matched);
    }

    [Fact]
    public async Task Similar_UnrelatedText_FindsNothing()
    {
        await _api.CreateClaimAsync(_desk, Existing);

        var items = Items(await SimilarAsync("Flooding closes the port of Rotterdam to shipping for three days, harbour master says"));

        Assert.Empty(items);
    }

    [Fact]
    public async Task Similar_ShortText_IsNeverLikely()
    {
        var claim = await _api.CreateClaimAsync(_desk, Existing);

        var items = Items(await SimilarAsync("ISIS captured Russian soldiers in Deir Ezzor"));

        var match = Assert.Single(items, i => i.Id() == claim.Id());
        Assert.True(match["score"]!.GetValue<double>() >= 0.75, "scores as high as a likely match");
        Assert.Equal("suggested", match.Str("likeness"));
    }

    [Fact]
    public async Task Similar_BestFirst_AndAtMostTheLimit()
    {
        var partly = await _api.CreateClaimAsync(_desk, "Kurdish fighters say they captured two Russian soldiers near Hasakah airfield last week");
        var same = await _api.CreateClaimAsync(_desk, "Kurdish fighters captured two Russian soldiers near Hasakah airfield, spokesman says");

        var items = Items(await SimilarAsync("Kurdish fighters say they captured two Russian soldiers near the Hasakah airfield"));
        var one = Items(await SimilarAsync("Kurdish fighters say they captured two Russian soldiers near the Hasakah airfield", limit: "1"));

        var ids = items.Select(i => i.Id()).ToList();
        Assert.True(ids.IndexOf(partly.Id()) >= 0 && ids.IndexOf(same.Id()) >= 0, string.Join(", ", ids));
        Assert.Equal(items.Select(i => i["score"]!.GetValue<double>()).OrderByDescending(s => s), items.Select(i => i["score"]!.GetValue<double>()));
        Assert.Equal(items[0].Id(), Assert.Single(one).Id());
    }

    [Fact]
    public async Task Similar_ClaimEditedThroughTheApi_IsFoundByItsNewWording()
    {
        var claim = await _api.CreateClaimAsync(_desk, "A placeholder statement about nothing in particular at all today");
        await _api.PatchAsJsonAsync($"/api/v1/claims/{claim.Id()}", new { statement = "Wagner mercenaries seized the Palmyra gas field outside Tadmur overnight", version = claim.Version() })
            .ExpectAsync(HttpStatusCode.OK);

        var items = Items(await SimilarAsync("Wagner mercenaries have seized the gas field near Palmyra (Tadmur) overnight"));

        Assert.Equal("likely", Assert.Single(items, i => i.Id() == claim.Id()).Str("likeness"));
        Assert.DoesNotContain(claim.Id(), Items(await SimilarAsync("A placeholder statement about nothing in particular at all today")).Select(i => i.Id()));
    }

    [Theory]
    [InlineData("", "text")]
    [InlineData("?text=", "text")]
    [InlineData("?text=%20%20", "text")]
    [InlineData("?limit=5", "text")]
    [InlineData("?text=ISIS&limit=0", "limit")]
    [InlineData("?text=ISIS&limit=51", "limit")]
    [InlineData("?text=ISIS&limit=ten", "limit")]
    [InlineData("?text=ISIS&limit=-1", "limit")]
    [InlineData("?text=ISIS%00", "text")]
    public async Task Similar_BadQuery_Is400NamingTheField(string query, string field)
    {
        var response = await _api.GetAsync("/api/v1/claims/similar" + query);
        var problem = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Similar_TextOverTheMaximum_Is400()
    {
        var response = await _api.GetAsync("/api/v1/claims/similar?text=" + new string('a', SimilarClaimsQuery.MaxTextLength + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most", (await response.ReadObjectAsync())["errors"]!["text"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Similar_OnlyCommonWords_IsAnEmptyList() => Assert.Empty(Items(await SimilarAsync("it is what it is")));

    [Fact]
    public async Task Similar_WithoutAValidToken_Is401()
    {
        var anonymous = app.CreateClient();
        var wrong = app.ApiClient("vt_not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/claims/similar?text=ISIS")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/claims/similar?text=ISIS")).StatusCode);
    }

    [Fact]
    public async Task Service_ContractAsTheIntakePageCallsIt()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Russia's Defence Ministry says its jets destroyed an Islamic State convoy near Palmyra");

        var found = await app.Get<SimilarClaims>().FindAsync("The Russian Defense Ministry said its jets had destroyed an IS convoy close to Palmyra", 3);

        var match = Assert.Single(found, f => f.Id == claim.Id());
        Assert.Equal(Likeness.Likely, match.Likeness);
        Assert.Contains("Russian Defence Ministry", match.MatchedTerms);
        Assert.Contains("Islamic State", match.MatchedTerms);
        Assert.True(found.Count <= 3);
        Assert.Empty(await app.Get<SimilarClaims>().FindAsync("Russia's Defence Ministry", 0));
    }

    [Fact]
    public async Task Search_SeededAlias_WidensTheQueueAndTheApiList()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Islamic State fighters overran the Quryatayn checkpoint");
        var browser = await FormClient.SignedInAsync(app, _editor);

        var queue = await browser.GetPageAsync("/queue?q=ISIS+Quryatayn");
        var list = await _api.GetAsync("/api/v1/claims?text=Daesh%20Quryatayn").ExpectAsync(HttpStatusCode.OK);
        var american = await _api.CreateClaimAsync(_desk, "United States officials describe a raid near Quryatayn");
        var capitals = await browser.GetPageAsync("/queue?q=US+Quryatayn");
        var lowerCase = await browser.GetPageAsync("/queue?q=us+Quryatayn");

        Assert.Contains(claim.Id(), queue.QueueIds());
        Assert.Contains(claim.Id(), list["items"]!.AsArray().Select(i => i!.AsObject().Id()));
        Assert.Contains(american.Id(), capitals.QueueIds());
        Assert.DoesNotContain(american.Id(), lowerCase.QueueIds());
    }

    [Fact]
    public async Task Alias_AddedOnAdmin_ChangesTheMatchAndWidensTheQueue()
    {
        const string statement = "The Zorblax Brigade says it shelled the old bridge at Karvoni before dawn";
        const string text = "The ZXB says it shelled the old bridge at Karvoni before dawn";
        var claim = await _api.CreateClaimAsync(_desk, statement);
        var editor = await FormClient.SignedInAsync(app, _editor);
        var admin = await FormClient.SignedInAsync(app, _admin);

        var before = Items(await SimilarAsync(text)).SingleOrDefault(i => i.Id() == claim.Id());
        Assert.DoesNotContain(claim.Id(), (await editor.GetPageAsync("/queue?q=ZXB")).QueueIds());

        var added = await admin.PostFormAsync("/admin/aliases", "/admin/aliases", ("NewGroup.Name", "Zorblax Brigade"), ("NewGroup.Terms", "ZXB\nZorblax"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var after = Assert.Single(Items(await SimilarAsync(text)), i => i.Id() == claim.Id());
        Assert.True(before is null || before.Str("likeness") == "suggested", before?.ToJsonString());
        Assert.Equal("likely", after.Str("likeness"));
        Assert.Contains("Zorblax Brigade", after["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains(claim.Id(), (await editor.GetPageAsync("/queue?q=ZXB")).QueueIds());

        var events = await AliasEventsAsync();
        Assert.Contains(events, e => e.Kind == "alias.created" && e.Details.Contains("Zorblax Brigade", StringComparison.Ordinal) && e.Actor == _admin.Email);
    }

    [Fact]
    public async Task Alias_EditAndRemove_AreAuditedAndApplyAtOnce()
    {
        var claim = await _api.CreateClaimAsync(_desk, "The Velmora Front says it downed a drone over the Kessin reservoir yesterday evening");
        var admin = await FormClient.SignedInAsync(app, _admin);
        var editor = await FormClient.SignedInAsync(app, _editor);
        await admin.PostFormAsync("/admin/aliases", "/admin/aliases", ("NewGroup.Name", "Velmora Front"), ("NewGroup.Terms", "VMF"));
        var group = (await app.Get<Aliases>().ListAsync()).Single(g => g.Name == "Velmora Front");

        var edited = await admin.PostFormAsync($"/admin/aliases/{group.Id}", $"/admin/aliases/{group.Id}", ("Form.Name", "Velmora Front"), ("Form.Terms", "VMF\nVelmora Liberation Front"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains(claim.Id(), (await editor.GetPageAsync("/queue?q=Velmora+Liberation+Front+Kessin")).QueueIds());

        var removed = await admin.PostFormAsync("/admin/aliases", $"/admin/aliases/{group.Id}/remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain(claim.Id(), (await editor.GetPageAsync("/queue?q=VMF+Kessin")).QueueIds());
        Assert.DoesNotContain(group.Id, (await app.Get<Aliases>().ListAsync()).Select(g => g.Id));

        var events = await AliasEventsAsync();
        Assert.Contains(events, e => e.Kind == "alias.updated" && e.Details.Contains("Velmora Liberation Front", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "alias.removed" && e.Details.Contains("Velmora Front", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/admin/aliases", $"/admin/aliases/{group.Id}/remove")).StatusCode);
    }

    [Fact]
    public async Task AliasPage_ListsTheSeededGroupsForAdminsOnly()
    {
        var admin = await FormClient.SignedInAsync(app, _admin);
        var editor = await FormClient.SignedInAsync(app, _editor);

        var page = await admin.GetPageAsync("/admin/aliases");
        var adminPage = await admin.GetPageAsync("/admin");

        Assert.Contains("Islamic State", page.QuerySelector("table")!.TextContent);
        Assert.Contains("Daesh", page.QuerySelector("table")!.TextContent);
        Assert.NotNull(adminPage.QuerySelector("a[href='/admin/aliases']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Http.GetAsync("/admin/aliases")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await new FormClient(app).Http.GetAsync("/admin/aliases")).StatusCode);
        var refused = await editor.PostFormAsync("/queue", "/admin/aliases", ("NewGroup.Name", "Editors' group"), ("NewGroup.Terms", "EG"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("", "Somebody", "NewGroup.Name", "name is required")]
    [InlineData("Lone name", "", "NewGroup.Terms", "at least one equivalent")]
    [InlineData("Lone name", "the\nof", "NewGroup.Terms", "no word to match")]
    [InlineData("Caliphate fighters", "ISIS", "NewGroup.Terms", "already stands for 'Islamic State'")]
    [InlineData("Islamic State", "Caliphate", "NewGroup.Name", "already a group named")]
    public async Task AliasForm_Mistakes_AreShownOnTheForm(string name, string terms, string field, string message)
    {
        var admin = await FormClient.SignedInAsync(app, _admin);

        var response = await admin.PostFormAsync("/admin/aliases", "/admin/aliases", ("NewGroup.Name", name), ("NewGroup.Terms", terms));
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(terms.Split('\n')[0], page.QuerySelector("#NewGroup_Terms")!.TextContent.Trim().Split('\n')[0]);
    }

    [Fact]
    public async Task NewClaimPage_CheckForDuplicates_OffersToAddAnAppearanceToTheExistingClaim()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Syrian state media says the army retook the Shaer gas field east of Homs");
        var browser = await FormClient.SignedInAsync(app, _editor);
        var claimsBefore = await CountAsync("SELECT COUNT(*) FROM claims");

        var checkedPage = await browser.PostFormAsync("/claims/new", "/claims/new/check",
            ("Form.Statement", "Syrian state media say the army has retaken the Shaer gas field east of Homs"),
            ("Form.Claimant", "SANA"), ("Form.Desk", _desk), ("Form.Priority", "normal"),
            ("Form.Url", "https://example.org/sana-shaer"), ("Form.Outlet", "SANA"), ("Form.Headline", "Army retakes Shaer field"),
            ("Form.PublishedAt", "2017-05-02"), ("Form.Excerpt", "The army restored security to the field."), ("Form.Language", "en"));
        var page = await checkedPage.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.OK, checkedPage.StatusCode);
        Assert.Equal(claimsBefore, await CountAsync("SELECT COUNT(*) FROM claims"));
        Assert.Equal("Syrian state media say the army has retaken the Shaer gas field east of Homs", page.QuerySelector("#Form_Statement")!.TextContent.Trim());
        var form = $"form[action='/claims/{claim.Id()}/appearances']";
        Assert.Contains($"Add this as an appearance of #{claim.Id()}", page.QuerySelector(form)!.TextContent);
        Assert.Contains("Likely the same claim", page.QuerySelector(".duplicate-list")!.TextContent);

        var added = await browser.SubmitAsync(page, form, page.FormFields(form));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"/claims/{claim.Id()}", added.Headers.Location!.OriginalString);
        var now = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        var appearances = now["appearances"]!.AsArray();
        Assert.Equal(2, appearances.Count);
        Assert.Equal("https://example.org/sana-shaer", appearances[1]!["url"]!.GetValue<string>());
        Assert.Equal("The army restored security to the field.", appearances[1]!["excerpt"]!.GetValue<string>());
        var history = await _api.GetAsync($"/api/v1/claims/{claim.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        var last = history["events"]!.AsArray()[^1]!.AsObject();
        Assert.Equal("claim.appearance_added", last.Str("kind"));
        Assert.Equal(_editor.Email, last.Str("actor"));
        Assert.Equal(claimsBefore, await CountAsync("SELECT COUNT(*) FROM claims"));
    }

    [Fact]
    public async Task NewClaimPage_AnyEditorMayAddTheAppearance_EvenToAnotherDesksClaim()
    {
        var otherDesk = await app.CreateDeskAsync("o-" + Guid.NewGuid().ToString("N")[..8]);
        var otherEditor = await app.CreateUserAsync("editor", otherDesk);
        var claim = await app.ApiClient(otherEditor.Token).CreateClaimAsync(otherDesk, "Ukrainian navy says a Russian landing ship was hit in the port of Berdyansk overnight");
        var browser = await FormClient.SignedInAsync(app, _editor);

        var page = await (await browser.PostFormAsync("/claims/new", "/claims/new/check",
            ("Form.Statement", "Ukraine's navy says it hit a Russian landing ship in Berdyansk port overnight"),
            ("Form.Url", "https://example.org/berdyansk"), ("Form.Outlet", "Ukrinform"), ("Form.Headline", "Landing ship hit"),
            ("Form.PublishedAt", "2022-03-24"))).ReadHtmlAsync();
        var form = $"form[action='/claims/{claim.Id()}/appearances']";
        var added = await browser.SubmitAsync(page, form, page.FormFields(form));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(2, (await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK))["appearances"]!.AsArray().Count);
    }

    [Fact]
    public async Task NewClaimPage_CreateWithALikelyDuplicate_AsksFirstAndCreatesOnlyWhenConfirmed()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Turkish government says its jets struck PKK targets in the Qandil mountains on Sunday");
        var browser = await FormClient.SignedInAsync(app, _editor);
        (string, string)[] fields =
        [
            ("Form.Statement", "The Turkish government says its jets hit PKK targets in the Qandil mountains on Sunday"),
            ("Form.Claimant", "Turkish government"), ("Form.Desk", _desk), ("Form.Priority", "normal"),
            ("Form.Url", "https://example.org/qandil"), ("Form.Outlet", "Anadolu"), ("Form.Headline", "Jets strike Qandil"), ("Form.PublishedAt", "2018-03-12"),
        ];
        var claimsBefore = await CountAsync("SELECT COUNT(*) FROM claims");

        var asked = await browser.PostFormAsync("/claims/new", "/claims/new", fields);
        var page = await asked.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal(claimsBefore, await CountAsync("SELECT COUNT(*) FROM claims"));
        Assert.Contains("may already be logged", page.QuerySelector("#duplicates")!.TextContent);
        Assert.NotNull(page.QuerySelector($"form[action='/claims/{claim.Id()}/appearances']"));
        Assert.NotNull(page.QuerySelector("button[name='Form.CreateAnyway'][value='true']"));

        var created = await browser.PostFormAsync("/claims/new", "/claims/new", [.. fields, ("Form.CreateAnyway", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(claimsBefore + 1, await CountAsync("SELECT COUNT(*) FROM claims"));
    }

    [Fact]
    public async Task NewClaimPage_CheckWithoutAStatement_SaysSoOnTheForm()
    {
        var browser = await FormClient.SignedInAsync(app, _editor);

        var response = await browser.PostFormAsync("/claims/new", "/claims/new/check", ("Form.Statement", " "), ("Form.Claimant", "Tass"));
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("statement is required", page.QuerySelector("[data-valmsg-for='Form.Statement']")!.TextContent);
        Assert.Equal("Tass", page.Value("#Form_Claimant"));
        Assert.Null(page.QuerySelector("#duplicates"));
    }

    [Fact]
    public async Task NewClaimPage_CheckAnonymously_GoesToSignIn()
    {
        var anonymous = new FormClient(app);

        var response = await anonymous.Http.PostAsync("/claims/new/check", new FormUrlEncodedContent([new("Form.Statement", "ISIS captured soldiers")]));

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Http.GetAsync("/claims/new")).StatusCode);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task<List<(string Kind, string Actor, string Details)>> AliasEventsAsync()
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return (await connection.QueryAsync<(string, string, string)>("SELECT kind, actor, details FROM audit_events WHERE kind LIKE 'alias.%' ORDER BY id")).AsList();
    }
}
