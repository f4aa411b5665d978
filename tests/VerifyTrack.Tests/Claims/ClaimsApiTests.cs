using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.Claims;

public sealed class ClaimsApiTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private HttpClient _api = null!;
    private TestUser _editor = null!;
    private string _desk = "";

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("desk-" + Guid.NewGuid().ToString("N")[..8]);
        _editor = await app.CreateUserAsync("editor", _desk);
        _api = app.ApiClient(_editor.Token);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_ReturnsCreatedWithLocationAndTheWholeClaim()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/claims", ApiJson.NewClaim(_desk));
        var claim = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/claims/{claim.Id()}", response.Headers.Location!.AbsolutePath);
        Assert.Equal("unverified", claim.Str("state"));
        Assert.Equal("high", claim.Str("priority"));
        Assert.Equal(_desk, claim.Str("desk"));
        Assert.Equal(1, claim.Version());
        Assert.False(claim["isPublished"]!.GetValue<bool>());
        Assert.False(claim["isStale"]!.GetValue<bool>());
        Assert.StartsWith("isis-says-it-captured-two-russian-soldiers", claim.Str("slug"));
        Assert.Equal(app.Clock.GetUtcNow().AddHours(4), claim["reviewDueAt"]!.GetValue<DateTimeOffset>());
        var appearance = Assert.Single(claim["appearances"]!.AsArray())!.AsObject();
        Assert.Equal("The Foreign Desk", appearance.Str("outlet"));
        Assert.Empty(claim["evidence"]!.AsArray());

        var fetched = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(claim.ToJsonString(), fetched.ToJsonString());
    }

    [Fact]
    public async Task Create_SameStatementTwice_GetsDistinctStableSlugs()
    {
        var first = await _api.CreateClaimAsync(_desk, "Moscow denies soldiers were captured");
        var second = await _api.CreateClaimAsync(_desk, "Moscow denies soldiers were captured");
        var edited = await _api.PatchAsJsonAsync($"/api/v1/claims/{first.Id()}", new { statement = "Moscow denies any soldier was captured", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);

        Assert.NotEqual(first.Str("slug"), second.Str("slug"));
        Assert.StartsWith(first.Str("slug"), second.Str("slug"));
        Assert.Equal(first.Str("slug"), edited.Str("slug"));
    }

    [Fact]
    public async Task CreateTransitionHistory_DenialIsRecordedWithEveryDetailInOrder()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var denied = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new
        {
            to = "denied",
            note = "Hmeymim spokesperson denied any capture.",
            publicNote = "Russia's Defence Ministry says all servicemen are safe.",
            deniedBy = "Russian Defence Ministry",
            denialUrl = "https://example.org/tass/denial",
            version = claim.Version(),
        }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("denied", denied.Str("state"));
        Assert.Equal(2, denied.Version());
        Assert.Equal("Russian Defence Ministry", denied.Str("deniedBy"));
        Assert.Equal("Russia's Defence Ministry says all servicemen are safe.", denied.Str("publicNote"));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(7), denied["reviewDueAt"]!.GetValue<DateTimeOffset>());

        var history = await _api.GetAsync($"/api/v1/claims/{claim.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        var events = history["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["claim.created", "claim.state_changed"], events.Select(e => e.Str("kind")));
        Assert.All(events, e => Assert.Equal(_editor.Email, e.Str("actor")));
        var change = events[1]["details"]!.AsObject();
        Assert.Equal("unverified", change.Str("from"));
        Assert.Equal("denied", change.Str("to"));
        Assert.Equal("Hmeymim spokesperson denied any capture.", change.Str("note"));
        Assert.Equal("https://example.org/tass/denial", change.Str("denialUrl"));
        Assert.Matches("^[0-9a-f]{64}$", events[1].Str("hash"));
        Assert.True(events[0]["id"]!.GetValue<long>() < events[1]["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Transition_StaleVersion_Is409AndWritesNothing()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/reviews", new { note = "Still checking with Tass.", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        var before = await ReadRowAsync(claim.Id());
        var eventsBefore = await CountEventsAsync(claim.Id());

        var problem = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new
        {
            to = "denied", note = "Denied.", deniedBy = "Kremlin", version = 1,
        }).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Equal(2, problem["currentVersion"]!.GetValue<long>());
        Assert.Equal("unverified", problem["current"]!.AsObject().Str("state"));
        Assert.Equal(before, await ReadRowAsync(claim.Id()));
        Assert.Equal(eventsBefore, await CountEventsAsync(claim.Id()));
    }

    [Fact]
    public async Task Transition_TwoEditorsAtOnceOnTheSameVersion_ExactlyOneWins()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var other = app.ApiClient((await app.CreateUserAsync("editor", _desk)).Token);

        var results = await Task.WhenAll(
            _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "denied", note = "A", deniedBy = "Kremlin", version = 1 }),
            other.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "denied", note = "B", deniedBy = "Tass", version = 1 }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await CountEventsAsync(claim.Id(), "claim.state_changed"));
    }

    [Fact]
    public async Task Confirm_NeedsSupportingEvidence_ThenSucceeds()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var refused = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "confirmed", note = "Seen it.", version = 1 })
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("supports", refused["errors"]!["to"]![0]!.GetValue<string>());

        var withRefuting = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new { description = "Tass statement", stance = "refutes", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "confirmed", note = "Seen it.", version = withRefuting.Version() })
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);

        var withSupport = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new
        {
            url = "https://example.org/geolocation", description = "Geolocated the room to Deir Ezzor", stance = "supports", version = withRefuting.Version(),
        }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, withSupport["evidence"]!.AsArray().Count);

        var confirmed = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "confirmed", note = "Geolocated.", version = withSupport.Version() })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed.Str("state"));
        Assert.Null(confirmed["reviewDueAt"]);

        var supportId = withSupport["evidence"]!.AsArray().Select(e => e!.AsObject()).Single(e => e.Str("stance") == "supports")["id"]!.GetValue<long>();
        var removal = await _api.DeleteAsync($"/api/v1/claims/{claim.Id()}/evidence/{supportId}?version={confirmed.Version()}")
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("last supporting evidence", removal["errors"]!["evidence"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ReopenAndRemoveEvidence_AreAuditedWithTheirDetails()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var withEvidence = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new { description = "Agency photo", stance = "supports", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        var confirmed = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "confirmed", note = "Photo checked.", version = 2 })
            .ExpectAsync(HttpStatusCode.OK);
        var noReason = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "unverified", version = 3 })
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("reopened", noReason["errors"]!["note"]![0]!.GetValue<string>());
        var reopened = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "unverified", note = "The photo is from 2014.", version = confirmed.Version() })
            .ExpectAsync(HttpStatusCode.OK);
        var evidenceId = withEvidence["evidence"]![0]!["id"]!.GetValue<long>();
        var removed = await _api.DeleteAsync($"/api/v1/claims/{claim.Id()}/evidence/{evidenceId}?version={reopened.Version()}")
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(removed["evidence"]!.AsArray());
        var history = await _api.GetAsync($"/api/v1/claims/{claim.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        var last = history["events"]!.AsArray()[^1]!.AsObject();
        Assert.Equal("claim.evidence_removed", last.Str("kind"));
        Assert.Equal("Agency photo", last["details"]!.AsObject().Str("description"));
    }

    [Fact]
    public async Task Edit_RecordsBeforeAndAfterOfEachChangedField_AndMovesTheReviewWindowWithPriority()
    {
        var claim = await _api.CreateClaimAsync(_desk, priority: "low");

        var edited = await _api.PatchAsJsonAsync($"/api/v1/claims/{claim.Id()}", new
        {
            claimant = "Amaq News Agency",
            priority = "urgent",
            summary = claim.Str("summary"),
            version = 1,
        }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, edited.Version());
        Assert.Equal(app.Clock.GetUtcNow().AddHours(1), edited["reviewDueAt"]!.GetValue<DateTimeOffset>());
        var history = await _api.GetAsync($"/api/v1/claims/{claim.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        var changes = history["events"]!.AsArray()[^1]!["details"]!["changes"]!.AsObject();
        Assert.Equal(["claimant", "priority"], changes.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Islamic State / Amaq", changes["claimant"]!["before"]!.GetValue<string>());
        Assert.Equal("Amaq News Agency", changes["claimant"]!["after"]!.GetValue<string>());
        Assert.Equal("low", changes["priority"]!["before"]!.GetValue<string>());
        Assert.Equal("urgent", changes["priority"]!["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task AssignmentPublishAndAppearances_EachBumpTheVersionAndAreAudited()
    {
        var lead = await app.CreateUserAsync("desk_lead", _desk);
        var claim = await _api.CreateClaimAsync(_desk);

        var assigned = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/assignment", new { assignee = lead.Email, version = 1 }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(lead.Email, assigned["assignee"]!.AsObject().Str("email"));
        var published = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = 2 }).ExpectAsync(HttpStatusCode.OK);
        Assert.True(published["isPublished"]!.GetValue<bool>());
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = 3 }).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var withSecond = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/appearances", new
        {
            url = "https://example.org/reuters", outlet = "Reuters", headline = "Islamic State says it captured two Russians", publishedAt = "2017-10-04", version = 3,
        }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, withSecond["appearances"]!.AsArray().Count);
        var firstId = withSecond["appearances"]![0]!["id"]!.GetValue<long>();
        var oneLeft = await _api.DeleteAsync($"/api/v1/claims/{claim.Id()}/appearances/{firstId}?version=4").ExpectAsync(HttpStatusCode.OK);
        var lastId = oneLeft["appearances"]![0]!["id"]!.GetValue<long>();
        await _api.DeleteAsync($"/api/v1/claims/{claim.Id()}/appearances/{lastId}?version=5").ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var unassigned = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/assignment", new { assignee = (string?)null, version = 5 }).ExpectAsync(HttpStatusCode.OK);
        var unpublished = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/unpublish", new { version = 6 }).ExpectAsync(HttpStatusCode.OK);

        Assert.Null(unassigned["assignee"]);
        Assert.False(unpublished["isPublished"]!.GetValue<bool>());
        var history = await _api.GetAsync($"/api/v1/claims/{claim.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(
            ["claim.created", "claim.assigned", "claim.published", "claim.appearance_added", "claim.appearance_removed", "claim.assigned", "claim.unpublished"],
            history["events"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Review_RestartsTheWindowAndClearsStaleness()
    {
        var claim = await _api.CreateClaimAsync(_desk, priority: "urgent");
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var stale = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.True(stale["isStale"]!.GetValue<bool>());

        var reviewed = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/reviews", new { note = "Still checking: no word from the ministry.", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);

        Assert.False(reviewed["isStale"]!.GetValue<bool>());
        Assert.Equal(app.Clock.GetUtcNow().AddHours(1), reviewed["reviewDueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task List_FiltersByStateDeskPriorityAssigneeStaleAndText_AndPages()
    {
        var desk = await app.CreateDeskAsync("list-" + Guid.NewGuid().ToString("N")[..8]);
        await app.JoinDeskAsync(_editor, desk);
        var urgent = await _api.CreateClaimAsync(desk, "Video shows beheading of alleged FSB agent", "urgent");
        var normal = await _api.CreateClaimAsync(desk, "ISIS Khorasan executed alleged Russian informants", "normal");
        var low = await _api.CreateClaimAsync(desk, "Russian jet violated Turkish airspace", "low");
        await _api.PostAsJsonAsync($"/api/v1/claims/{low.Id()}/transitions", new { to = "denied", note = "Moscow denies.", deniedBy = "Kremlin", version = 1 })
            .ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{normal.Id()}/assignment", new { assignee = _editor.Email, version = 1 }).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(2));

        async Task<long[]> Ids(string query)
        {
            var page = await _api.GetAsync($"/api/v1/claims?desk={desk}&{query}").ExpectAsync(HttpStatusCode.OK);
            return page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToArray();
        }

        Assert.Equal([urgent.Id(), normal.Id(), low.Id()], await Ids(""));
        Assert.Equal([low.Id()], await Ids("state=denied"));
        Assert.Equal([urgent.Id()], await Ids("priority=urgent"));
        Assert.Equal([normal.Id()], await Ids("assignee=me"));
        Assert.Equal([normal.Id()], await Ids($"assignee={Uri.EscapeDataString(_editor.Email)}"));
        Assert.Equal([urgent.Id(), low.Id()], await Ids("assignee=unassigned"));
        Assert.Equal([urgent.Id()], await Ids("stale=true"));
        Assert.Equal([normal.Id(), low.Id()], await Ids("stale=false"));
        Assert.Equal([normal.Id()], await Ids("text=khorasan"));
        Assert.Empty(await Ids("text=100%25_"));

        var page2 = await _api.GetAsync($"/api/v1/claims?desk={desk}&pageSize=2&page=2").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, page2["total"]!.GetValue<long>());
        Assert.Equal([low.Id()], page2["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Null(page2["items"]![0]!["appearances"]);
    }

    public static TheoryData<string, string, string> BadCreates() => new()
    {
        { "empty statement", """{"statement":"  ","claimant":"X","desk":"@desk","priority":"high","firstAppearance":@appearance}""", "statement" },
        { "oversized statement", """{"statement":"@long","claimant":"X","desk":"@desk","priority":"high","firstAppearance":@appearance}""", "statement" },
        { "unknown priority", """{"statement":"S","claimant":"X","desk":"@desk","priority":"critical","firstAppearance":@appearance}""", "priority" },
        { "unknown desk", """{"statement":"S","claimant":"X","desk":"nowhere","priority":"high","firstAppearance":@appearance}""", "desk" },
        { "missing appearance", """{"statement":"S","claimant":"X","desk":"@desk","priority":"high"}""", "firstAppearance" },
        { "non-http url", """{"statement":"S","claimant":"X","desk":"@desk","priority":"high","firstAppearance":{"url":"javascript:alert(1)","outlet":"O","headline":"H","publishedAt":"2017-10-04"}}""", "firstAppearance.url" },
        { "missing published date", """{"statement":"S","claimant":"X","desk":"@desk","priority":"high","firstAppearance":{"url":"https://example.org","outlet":"O","headline":"H"}}""", "firstAppearance.publishedAt" },
        { "malformed json", """{"statement":"S", """, "$" },
        { "wrong json type", """{"statement":42,"claimant":"X","desk":"@desk","priority":"high","firstAppearance":@appearance}""", "$.statement" },
        { "unparseable date", """{"statement":"S","claimant":"X","desk":"@desk","priority":"high","firstAppearance":{"url":"https://example.org","outlet":"O","headline":"H","publishedAt":"last tuesday"}}""", "$.firstAppearance.publishedAt" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_BadInput_Is400WithTheFieldNamedAndNothingStored(string _, string body, string field)
    {
        var json = body
            .Replace("@desk", _desk, StringComparison.Ordinal)
            .Replace("@long", new string('x', 1001), StringComparison.Ordinal)
            .Replace("@appearance", """{"url":"https://example.org","outlet":"O","headline":"H","publishedAt":"2017-10-04"}""", StringComparison.Ordinal);
        var claimsBefore = await CountClaimsAsync();

        var response = await _api.PostAsync("/api/v1/claims", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errorFields = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains(errorFields, f => f.Equals(field, StringComparison.OrdinalIgnoreCase) || f.StartsWith(field, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(claimsBefore, await CountClaimsAsync());
    }

    [Fact]
    public async Task Create_DateWithoutOffset_IsReadAsUtc()
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var added = await _api.PostAsync($"/api/v1/claims/{claim.Id()}/appearances", new StringContent(
            """{"url":"https://example.org/a","outlet":"Tass","headline":"H","publishedAt":"2017-10-04T09:30","version":1}""", Encoding.UTF8, "application/json"))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("2017-10-04T09:30:00Z", added["appearances"]![1]!["publishedAt"]!.GetValue<string>());
        Assert.Equal("2017-10-05T09:00:00Z", added["appearances"]![0]!["publishedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Edit_UnknownDesk_Is400LikeOnCreate()
    {
        var claim = await _api.CreateClaimAsync(_desk);

        var problem = await _api.PatchAsJsonAsync($"/api/v1/claims/{claim.Id()}", new { desk = "nowhere", version = 1 }).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("nowhere", problem["errors"]!["desk"]![0]!.GetValue<string>());
    }

    public static TheoryData<string, string, string, HttpStatusCode> BadChanges() => new()
    {
        { "transitions", """{"to":"false","note":"n","version":1}""", "to", HttpStatusCode.BadRequest },
        { "transitions", """{"to":"denied","note":"n"}""", "version", HttpStatusCode.BadRequest },
        { "transitions", """{"to":"denied","note":"n","version":1}""", "deniedBy", HttpStatusCode.BadRequest },
        { "transitions", """{"to":"denied","note":"n","deniedBy":"K","denialUrl":"ftp://x","version":1}""", "denialUrl", HttpStatusCode.BadRequest },
        { "transitions", """{"to":"unverified","note":"n","version":1}""", "to", HttpStatusCode.UnprocessableEntity },
        { "reviews", """{"note":"","version":1}""", "note", HttpStatusCode.BadRequest },
        { "evidence", """{"description":"d","stance":"maybe","version":1}""", "stance", HttpStatusCode.BadRequest },
        { "evidence", """{"url":"mailto:x@y.z","description":"d","stance":"context","version":1}""", "url", HttpStatusCode.BadRequest },
        { "evidence", """{"stance":"context","version":1}""", "description", HttpStatusCode.BadRequest },
        { "assignment", """{"assignee":"nobody@newsroom.test","version":1}""", "assignee", HttpStatusCode.UnprocessableEntity },
        { "unpublish", """{"version":1}""", "isPublished", HttpStatusCode.UnprocessableEntity },
        { "publish", """{}""", "version", HttpStatusCode.BadRequest },
        { "appearances", """{"url":"https://example.org","outlet":"","headline":"H","publishedAt":"2017-10-04","version":1}""", "outlet", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task Change_BadInput_Is4xxWithTheFieldNamedAndNothingWritten(string action, string body, string field, HttpStatusCode status)
    {
        var claim = await _api.CreateClaimAsync(_desk);
        var before = await ReadRowAsync(claim.Id());

        var response = await _api.PostAsync($"/api/v1/claims/{claim.Id()}/{action}", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.ReadObjectAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await ReadRowAsync(claim.Id()));
        Assert.Equal(1, await CountEventsAsync(claim.Id()));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"note\":\"n\",\"version\":99999999999999999999999}")]
    public async Task Review_EmptyOrNonObjectBody_Is400(string body)
    {
        var claim = await _api.CreateClaimAsync(_desk);

        var response = await _api.PostAsync($"/api/v1/claims/{claim.Id()}/reviews", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]);
    }

    [Fact]
    public async Task Create_NotJson_Is415()
    {
        var response = await _api.PostAsync("/api/v1/claims", new StringContent("statement=hi", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Create_OversizedBody_Is413ProblemNot500()
    {
        var body = JsonSerializerHelpers.Pad(ApiJson.NewClaim(_desk), 300 * 1024);

        var response = await _api.PostAsync("/api/v1/claims", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("KiB", (await response.ReadObjectAsync()).Str("detail"));
    }

    [Theory]
    [InlineData("GET", "/api/v1/claims/999999")]
    [InlineData("GET", "/api/v1/claims/999999/history")]
    [InlineData("POST", "/api/v1/claims/999999/reviews")]
    [InlineData("PATCH", "/api/v1/claims/999999")]
    public async Task UnknownClaim_Is404Problem(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "GET" ? null : JsonContent.Create(new { note = "n", version = 1 }),
        };

        var response = await _api.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer vt_not-a-real-token")]
    [InlineData("Bearer something-else")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Api_WithoutAValidToken_Is401Problem(string? authorization)
    {
        var client = app.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.GetAsync("/api/v1/claims");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, (await response.ReadObjectAsync())["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Api_RevokedTokenOrDeactivatedUser_Is401()
    {
        var user = await app.CreateUserAsync("editor", _desk);
        var client = app.ApiClient(user.Token);
        await client.GetAsync("/api/v1/claims").ExpectAsync(HttpStatusCode.OK);

        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE users SET is_active = 0 WHERE id = @Id", new { user.Id });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/claims")).StatusCode);

        var other = await app.CreateUserAsync("editor", _desk);
        var tokens = app.Get<VerifyTrack.Web.Accounts.ApiTokens>();
        var tokenId = (await tokens.ListAsync(other.Id)).Single().Id;
        Assert.True(await tokens.RevokeAsync(other.Id, tokenId, VerifyTrack.Web.Audit.Actor.System));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(other.Token).GetAsync("/api/v1/claims")).StatusCode);
    }

    [Theory]
    [InlineData("state=bogus", "state")]
    [InlineData("priority=critical", "priority")]
    [InlineData("stale=maybe", "stale")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=5000", "pageSize")]
    public async Task List_BadFilter_Is400NamingIt(string query, string field)
    {
        var problem = await _api.GetAsync($"/api/v1/claims?{query}").ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task ClaimCounts_KeptByTheDatabase_AlwaysEqualARealCount()
    {
        var other = await app.CreateDeskAsync("counts-" + Guid.NewGuid().ToString("N")[..6]);
        var a = await _api.CreateClaimAsync(_desk, "Counted claim A");
        var b = await _api.CreateClaimAsync(_desk, "Counted claim B");
        await _api.PostAsJsonAsync($"/api/v1/claims/{a.Id()}/transitions", new { to = "denied", note = "n", deniedBy = "K", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        var lead = app.ApiClient((await app.CreateUserAsync("desk_lead", _desk)).Token);
        await lead.PatchAsJsonAsync($"/api/v1/claims/{b.Id()}", new { desk = other, version = 1 }).ExpectAsync(HttpStatusCode.OK);

        await using var connection = await app.Get<Database>().OpenAsync();
        var kept = await connection.QueryAsync<(long, string, long)>("SELECT desk_id, state, n FROM claim_counts WHERE n > 0 ORDER BY 1, 2");
        var real = await connection.QueryAsync<(long, string, long)>("SELECT desk_id, state, COUNT(*) FROM claims GROUP BY 1, 2 ORDER BY 1, 2");
        Assert.Equal(real, kept);
    }

    private async Task<string> ReadRowAsync(long id)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        var row = await connection.QuerySingleAsync("SELECT * FROM claims WHERE id = @id", new { id });
        var evidence = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM evidence WHERE claim_id = @id", new { id });
        var appearances = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM appearances WHERE claim_id = @id", new { id });
        return string.Join('|', ((IDictionary<string, object?>)row).Select(kv => $"{kv.Key}={kv.Value}")) + $"|evidence={evidence}|appearances={appearances}";
    }

    private async Task<long> CountEventsAsync(long claimId, string? kind = null)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_events WHERE claim_id = @claimId AND (@kind IS NULL OR kind = @kind)", new { claimId, kind });
    }

    private async Task<long> CountClaimsAsync()
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM claims");
    }
}

internal static class JsonSerializerHelpers
{
    /// <summary>A valid claim body made larger than <paramref name="bytes"/> by a long summary.</summary>
    public static string Pad(object claim, int bytes)
    {
        var node = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(claim, ApiJson.Web))!.AsObject();
        node["summary"] = new string('s', bytes);
        return node.ToJsonString();
    }
}
