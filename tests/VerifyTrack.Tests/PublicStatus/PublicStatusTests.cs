using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Tests.PublicStatus;

public sealed class PublicStatusFactory : AppFactory
{
    public PublicStatusFactory()
    {
        Settings["PublicStatus:OrganizationName"] = "The Test Desk";
        Settings["PublicStatus:OrganizationUrl"] = "https://desk.example/";
        Settings["PublicStatus:PublicBaseUrl"] = "https://status.desk.example";
    }
}

public sealed class PublicStatusTests(PublicStatusFactory app) : IClassFixture<PublicStatusFactory>, IAsyncLifetime
{
    private const string Attack = "Moscow says \"no\" </script><script>alert(1)</script> & 'quotes' <b>bold</b>";
    private string _desk = "";
    private HttpClient _api = null!;
    private TestUser _editor = null!;
    private HttpClient _public = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("p-" + Guid.NewGuid().ToString("N")[..8]);
        _editor = await app.CreateUserAsync("editor", _desk);
        _api = app.ApiClient(_editor.Token);
        _public = app.CreateClient();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task NothingInternal_AppearsInAnyPublicResponse()
    {
        var assignee = await app.CreateUserAsync("editor", _desk);
        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE users SET display_name = 'MARKER-ASSIGNEE-NAME' WHERE id = @Id", new { assignee.Id });
        }

        var published = await _api.PostAsJsonAsync("/api/v1/claims", new
        {
            statement = "Published claim about Deir Ezzor",
            claimant = "Amaq",
            summary = "MARKER-SUMMARY internal context",
            desk = _desk,
            priority = "high",
            firstAppearance = new { url = "https://example.org/a", outlet = "Reuters", headline = "Public headline", publishedAt = "2017-10-04", excerpt = "MARKER-EXCERPT quoted" },
        }).ExpectAsync(HttpStatusCode.Created);
        var id = published.Id();
        var v = await Step($"/api/v1/claims/{id}/evidence", new { url = "https://marker-evidence.example/x", description = "MARKER-EVIDENCE desk source", stance = "refutes", version = 1 });
        v = await Step($"/api/v1/claims/{id}/assignment", new { assignee = assignee.Email, version = v });
        v = await Step($"/api/v1/claims/{id}/reviews", new { note = "MARKER-REVIEW still checking", version = v });
        v = await Step($"/api/v1/claims/{id}/transitions", new { to = "denied", note = "MARKER-NOTE internal reasoning", publicNote = "Russia denies it.", deniedBy = "Russian Defence Ministry", version = v });
        await Step($"/api/v1/claims/{id}/publish", new { version = v });

        var hidden = await _api.CreateClaimAsync(_desk, "MARKER-UNPUBLISHED statement nobody outside may see");
        await Step($"/api/v1/claims/{hidden.Id()}/transitions", new { to = "denied", note = "n", publicNote = "MARKER-HIDDEN-PUBLIC-NOTE", deniedBy = "Kremlin", version = 1 });
        var withdrawn = await _api.CreateClaimAsync(_desk, "MARKER-WITHDRAWN statement");
        var w = await Step($"/api/v1/claims/{withdrawn.Id()}/publish", new { version = 1 });
        await Step($"/api/v1/claims/{withdrawn.Id()}/unpublish", new { version = w });

        var slug = published.Str("slug");
        var paths = new[]
        {
            "/status", "/status?q=deir", "/status?state=denied", "/status?state=unverified",
            $"/status/claims/{slug}", $"/status/claims/{slug}/badge.svg", $"/status/claims/{slug}/card.png", "/status/feed.atom",
            "/api/v1/public/claims", "/api/v1/public/claims?since=2000-01-01", "/api/v1/public/claims?text=deir", $"/api/v1/public/claims/{slug}",
            $"/status/claims/{hidden.Str("slug")}", $"/status/claims/{hidden.Str("slug")}/badge.svg", $"/api/v1/public/claims/{hidden.Str("slug")}",
            $"/status/claims/{withdrawn.Str("slug")}", $"/api/v1/public/claims/{withdrawn.Str("slug")}",
        };
        var markers = new[] { "MARKER", "marker-evidence", assignee.Email, "newsroom.test", _desk, "@" + "newsroom" };

        foreach (var path in paths)
        {
            var body = await (await _public.GetAsync(path)).Content.ReadAsStringAsync();
            foreach (var marker in markers)
            {
                Assert.False(body.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{path} leaks '{marker}'");
            }

            Assert.DoesNotContain(hidden.Str("slug"), body.Replace(path, "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("Russia denies it.", await _public.GetStringAsync($"/status/claims/{slug}"));
        foreach (var word in new[] { "marker", "summary", "excerpt", "evidence", "unpublished", "withdrawn", "reasoning" })
        {
            Assert.Empty(Html.Parse(await _public.GetStringAsync($"/status?q={word}")).QuerySelectorAll(".status-list li"));
            Assert.Empty((await _public.GetAsync($"/api/v1/public/claims?text={word}").ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
        }
    }

    [Fact]
    public async Task UnpublishedAndUnknownSlugs_AreTheSame404()
    {
        var hidden = await _api.CreateClaimAsync(_desk, "A claim still being checked");

        foreach (var prefix in new[] { "/status/claims/", "/api/v1/public/claims/" })
        {
            var forHidden = await _public.GetAsync(prefix + hidden.Str("slug"));
            var forUnknown = await _public.GetAsync(prefix + "no-such-claim");
            Assert.Equal(HttpStatusCode.NotFound, forHidden.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, forUnknown.StatusCode);
            Assert.Equal(await forUnknown.Content.ReadAsStringAsync(), await forHidden.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task AttackerControlledStatement_IsInertEverywhere()
    {
        var claim = await PublishedClaimAsync(Attack, claimant: "</script>\"Amaq\"");
        var slug = claim.Str("slug");

        var page = await _public.GetStringAsync($"/status/claims/{slug}");
        var document = Html.Parse(page);
        var scripts = document.QuerySelectorAll("script");
        Assert.Single(scripts);
        Assert.Equal("application/ld+json", scripts[0].GetAttribute("type"));
        Assert.Equal(Attack, document.QuerySelector("h1")!.TextContent);
        Assert.Null(document.QuerySelector("b"));
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        using var jsonLd = JsonDocument.Parse(scripts[0].TextContent);
        Assert.Equal(Attack, jsonLd.RootElement.GetProperty("claimReviewed").GetString());
        Assert.Equal("</script>\"Amaq\"", jsonLd.RootElement.GetProperty("itemReviewed").GetProperty("author").GetProperty("name").GetString());

        var list = Html.Parse(await _public.GetStringAsync("/status"));
        Assert.Empty(list.QuerySelectorAll("script"));
        Assert.Contains(list.QuerySelectorAll(".status-list h2"), h => h.TextContent == Attack);

        var feed = XDocument.Parse(await _public.GetStringAsync("/status/feed.atom"));
        Assert.Contains(feed.Descendants(Atom("title")), t => t.Value == "Denied: " + Attack);

        XDocument.Parse(await _public.GetStringAsync($"/status/claims/{slug}/badge.svg"));
        var json = await _public.GetAsync($"/api/v1/public/claims/{slug}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Attack, json.Str("statement"));
    }

    [Fact]
    public async Task ClaimPage_CarriesClaimReviewJsonLdWithTheDocumentedFields()
    {
        var claim = await PublishedClaimAsync("ISIS captured two Russian soldiers in Deir Ezzor");
        var slug = claim.Str("slug");
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/appearances", new
        {
            url = "https://example.org/tass", outlet = "Tass", headline = "Defence Ministry: no soldiers captured", publishedAt = "2017-10-06", version = claim.Version(),
        }).ExpectAsync(HttpStatusCode.OK);

        var document = Html.Parse(await _public.GetStringAsync($"/status/claims/{slug}"));
        using var jsonLd = JsonDocument.Parse(document.QuerySelector("script[type='application/ld+json']")!.TextContent);
        var review = jsonLd.RootElement;

        Assert.Equal("https://schema.org", review.GetProperty("@context").GetString());
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.Equal("ISIS captured two Russian soldiers in Deir Ezzor", review.GetProperty("claimReviewed").GetString());
        Assert.Equal($"https://status.desk.example/status/claims/{slug}", review.GetProperty("url").GetString());
        Assert.Equal(app.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), review.GetProperty("datePublished").GetString());
        Assert.Equal("The Test Desk", review.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("https://desk.example/", review.GetProperty("author").GetProperty("url").GetString());
        var rating = review.GetProperty("reviewRating");
        Assert.Equal(("Denied", 1, 3, 1), (rating.GetProperty("alternateName").GetString(), rating.GetProperty("ratingValue").GetInt32(), rating.GetProperty("bestRating").GetInt32(), rating.GetProperty("worstRating").GetInt32()));
        var item = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", item.GetProperty("@type").GetString());
        Assert.Equal("Islamic State / Amaq", item.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal(2, item.GetProperty("appearance").GetArrayLength());
        Assert.Equal("https://example.org/2017/10/moscow-denies", item.GetProperty("firstAppearance").GetProperty("url").GetString());
        Assert.Equal("2017-10-05", item.GetProperty("datePublished").GetString());
        Assert.Contains($"/status/claims/{slug}/badge.svg", document.QuerySelector("#embed-code")!.TextContent);
    }

    [Fact]
    public async Task ClaimPage_TimelineInterleavesPublicationAndStateChangesInOrder()
    {
        var claim = await PublishedClaimAsync("Timeline claim");
        app.Clock.Advance(TimeSpan.FromHours(1));
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "unverified", note = "reopened", publicNote = "New footage emerged.", version = claim.Version() })
            .ExpectAsync(HttpStatusCode.OK);

        var page = Html.Parse(await _public.GetStringAsync($"/status/claims/{claim.Str("slug")}"));
        var entries = page.QuerySelectorAll("section[aria-labelledby=timeline] li").Select(li => li.TextContent).ToList();

        Assert.Equal(3, entries.Count);
        Assert.Contains("Now denied, denied by Russian Defence Ministry", entries[0]);
        Assert.Contains("Published on this page", entries[1]);
        Assert.Contains("Now unverified", entries[2]);
        Assert.Contains("New footage emerged.", entries[2]);
        Assert.DoesNotContain("reopened", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/account/sign-in")]
    public async Task Pages_ForbidScriptsAndThirdPartyLoads(string path)
    {
        var response = await _public.GetAsync(path);

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'none'", policy);
        Assert.Contains("default-src 'self'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task AtomFeed_IsWellFormedNewestFirstWithPublicNotesOnly()
    {
        var first = await PublishedClaimAsync("First denied claim");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await PublishedClaimAsync("Second denied claim");

        var feed = XDocument.Parse(await _public.GetStringAsync("/status/feed.atom"));
        var entries = feed.Root!.Elements(Atom("entry")).ToList();

        Assert.Equal(Atom("feed"), feed.Root.Name);
        var titles = entries.Select(e => e.Element(Atom("title"))!.Value).ToList();
        Assert.True(titles.IndexOf("Denied: Second denied claim") < titles.IndexOf("Denied: First denied claim"));
        var updated = entries.Select(e => DateTimeOffset.Parse(e.Element(Atom("updated"))!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(updated.OrderDescending(), updated);
        var entry = entries.First(e => e.Element(Atom("title"))!.Value == "Denied: Second denied claim");
        Assert.Equal("Denied by Russian Defence Ministry. Russia says all its servicemen are safe.", entry.Element(Atom("summary"))!.Value);
        Assert.Equal($"https://status.desk.example/status/claims/{second.Str("slug")}", entry.Element(Atom("link"))!.Attribute("href")!.Value);
        Assert.DoesNotContain("internal reasoning", feed.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(first.Str("slug"), second.Str("slug"));
    }

    [Fact]
    public async Task Badge_IsAnAccessibleSvgWithStateAndDate()
    {
        var claim = await PublishedClaimAsync("Badge claim");

        var response = await _public.GetAsync($"/status/claims/{claim.Str("slug")}/badge.svg");
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", svg.Root!.Attribute("role")!.Value);
        var today = app.Clock.GetUtcNow().ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Claim status: Denied since {today}", svg.Root.Element(ns + "title")!.Value);
        Assert.Equal($"DENIED · {today}", svg.Root.Element(ns + "text")!.Value);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/status/claims/{slug}")]
    [InlineData("/status/claims/{slug}/badge.svg")]
    [InlineData("/status/claims/{slug}/card.png")]
    [InlineData("/status/feed.atom")]
    [InlineData("/api/v1/public/claims")]
    [InlineData("/api/v1/public/claims/{slug}")]
    public async Task EveryPublicResponse_HasCacheValidators_AndRevalidationAnswers304(string template)
    {
        var claim = await PublishedClaimAsync("Revalidated claim " + Guid.NewGuid().ToString("N")[..6]);
        var path = template.Replace("{slug}", claim.Str("slug"), StringComparison.Ordinal);

        var response = await _public.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.NotNull(response.Headers.CacheControl.MaxAge);

        Assert.Equal(HttpStatusCode.NotModified, (await _public.GetIfNoneMatchAsync(path, response.Headers.ETag)).StatusCode);

        var byDate = new HttpRequestMessage(HttpMethod.Get, path);
        byDate.Headers.IfModifiedSince = response.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await _public.SendAsync(byDate)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _public.GetIfNoneMatchAsync(path, new EntityTagHeaderValue("\"something-else\""))).StatusCode);
    }

    [Fact]
    public async Task CachedPages_ChangeTheMomentAPublishedClaimChanges()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Cached claim");
        var published = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = 1 }).ExpectAsync(HttpStatusCode.OK);
        var path = $"/status/claims/{claim.Str("slug")}";
        var before = await _public.GetAsync(path);
        Assert.Contains("Unverified", await before.Content.ReadAsStringAsync());
        await _public.GetStringAsync("/api/v1/public/claims");

        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE claims SET claimant = 'Changed behind the cache' WHERE id = @id", new { id = claim.Id() });
        }

        Assert.DoesNotContain("Changed behind the cache", await _public.GetStringAsync(path));
        Assert.DoesNotContain("Changed behind the cache", await _public.GetStringAsync("/api/v1/public/claims"));

        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new
        {
            to = "denied", note = "n", publicNote = "Denied today.", deniedBy = "Kremlin", version = published.Version(),
        }).ExpectAsync(HttpStatusCode.OK);

        var after = await _public.GetStringAsync(path);
        Assert.Contains("Denied today.", after);
        Assert.Contains("Changed behind the cache", after);
        Assert.Contains("Denied today.", await _public.GetStringAsync("/status"));
        Assert.Equal("denied", (await _public.GetAsync($"/api/v1/public/claims/{claim.Str("slug")}").ExpectAsync(HttpStatusCode.OK)).Str("state"));
        Assert.Equal(HttpStatusCode.OK, (await _public.GetIfNoneMatchAsync(path, before.Headers.ETag!)).StatusCode);
    }

    [Fact]
    public async Task Unpublishing_RemovesTheClaimAtOnce()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Soon withdrawn claim");
        var published = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = 1 }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync($"/status/claims/{claim.Str("slug")}")).StatusCode);
        Assert.Contains("Soon withdrawn claim", await _public.GetStringAsync("/status"));

        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/unpublish", new { version = published.Version() }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync($"/status/claims/{claim.Str("slug")}")).StatusCode);
        Assert.DoesNotContain("Soon withdrawn claim", await _public.GetStringAsync("/status"));
    }

    [Fact]
    public async Task PublicApi_FiltersByStateAndSyncsIncrementallyWithSince()
    {
        var desk = await app.CreateDeskAsync("sync-" + Guid.NewGuid().ToString("N")[..6]);
        await app.JoinDeskAsync(_editor, desk);
        app.Clock.Advance(TimeSpan.FromDays(30));
        var start = app.Clock.GetUtcNow();
        var a = await PublishedClaimAsync("Sync claim A", desk: desk);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var b = await PublishedClaimAsync("Sync claim B", desk: desk, deny: false);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var since = await _public.GetAsync($"/api/v1/public/claims?since={Uri.EscapeDataString(start.ToString("O"))}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([a.Str("slug"), b.Str("slug")], since["items"]!.AsArray().Select(i => i!["slug"]!.GetValue<string>()));
        var newest = since["items"]![1]!["updatedAt"]!.GetValue<string>();
        var later = await _public.GetAsync($"/api/v1/public/claims?since={Uri.EscapeDataString(newest)}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([b.Str("slug")], later["items"]!.AsArray().Select(i => i!["slug"]!.GetValue<string>()));

        var unverified = await _public.GetAsync("/api/v1/public/claims?state=unverified&pageSize=100").ExpectAsync(HttpStatusCode.OK);
        Assert.All(unverified["items"]!.AsArray(), i => Assert.Equal("unverified", i!["state"]!.GetValue<string>()));
        Assert.Contains(b.Str("slug"), unverified["items"]!.AsArray().Select(i => i!["slug"]!.GetValue<string>()));

        var item = since["items"]![0]!.AsObject();
        Assert.Equal(
            ["claimant", "denialUrl", "deniedBy", "firstAppearance", "publicNote", "publishedAt", "slug", "state", "stateChangedAt", "stateLabel", "statement", "updatedAt", "url"],
            item.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("state=false", "state")]
    [InlineData("since=yesterday", "since")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pageSize")]
    public async Task PublicApi_BadQuery_Is400NamingTheField(string query, string field)
    {
        var problem = await _public.GetAsync($"/api/v1/public/claims?{query}").ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("Line one\nline two")]
    [InlineData("Vertical\u000btab")]
    [InlineData("Null\u0000byte")]
    public async Task ControlCharactersInOneLineFields_AreRefused(string statement)
    {
        var problem = await _api.PostAsJsonAsync("/api/v1/claims", ApiJson.NewClaim(_desk, statement)).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("single line", problem["errors"]!["statement"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Feed_StaysWellFormed_WhenOlderDataHoldsCharactersXmlCannot()
    {
        var claim = await PublishedClaimAsync("Feed claim with a hidden character");
        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE state_changes SET public_note = 'Bad' || char(11) || 'note' WHERE claim_id = @id", new { id = claim.Id() });
            await connection.ExecuteAsync("UPDATE claims SET statement = 'Feed' || char(11) || 'claim' WHERE id = @id", new { id = claim.Id() });
        }

        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/unpublish", new { version = claim.Version() }).ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = claim.Version() + 1 }).ExpectAsync(HttpStatusCode.OK);

        var response = await _public.GetAsync("/status/feed.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(feed.Descendants(Atom("title")), t => t.Value == "Denied: Feedclaim");
    }

    [Fact]
    public async Task SignedInReaders_GetPrivateResponses_NeverPubliclyCacheable()
    {
        var editor = await FormClient.SignedInAsync(app, await app.CreateUserAsync("editor", _desk));

        var response = await editor.Http.GetAsync("/status");

        Assert.True(response.Headers.CacheControl!.Private);
        Assert.True(response.Headers.CacheControl.NoStore);
        Assert.True((await _public.GetAsync("/status")).Headers.CacheControl!.Public);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/api/v1/public/claims")]
    public async Task PublicEndpoints_AnswerHead(string path)
    {
        var response = await _public.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task PublicApi_IsOpenToAnyOriginForGet()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/public/claims");
        request.Headers.Add("Origin", "https://other-newsroom.example");

        var response = await _public.SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private async Task<long> Step(string path, object body) =>
        (await _api.PostAsJsonAsync(path, body).ExpectAsync(HttpStatusCode.OK)).Version();

    private async Task<System.Text.Json.Nodes.JsonObject> PublishedClaimAsync(string statement, string claimant = "Islamic State / Amaq", string? desk = null, bool deny = true)
    {
        var claim = await _api.PostAsJsonAsync("/api/v1/claims", new
        {
            statement,
            claimant,
            desk = desk ?? _desk,
            priority = "high",
            firstAppearance = new { url = "https://example.org/2017/10/moscow-denies", outlet = "The Foreign Desk", headline = "Moscow Denies", publishedAt = "2017-10-05" },
        }).ExpectAsync(HttpStatusCode.Created);
        var version = claim.Version();
        if (deny)
        {
            version = await Step($"/api/v1/claims/{claim.Id()}/transitions", new
            {
                to = "denied", note = "internal reasoning", publicNote = "Russia says all its servicemen are safe.", deniedBy = "Russian Defence Ministry", version,
            });
        }

        return await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version }).ExpectAsync(HttpStatusCode.OK);
    }

    private static XName Atom(string name) => XName.Get(name, "http://www.w3.org/2005/Atom");
}

public sealed class RateLimitFactory : AppFactory
{
    public RateLimitFactory() => Settings["PublicStatus:RateLimit:PermitLimit"] = "3";
}

public sealed class PublicRateLimitTests(RateLimitFactory app) : IClassFixture<RateLimitFactory>
{
    [Fact]
    public async Task PastTheLimit_Is429WithRetryAfter_AndEditorPagesAreNotLimited()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/public/claims")).StatusCode);
        }

        var limited = await client.GetAsync("/status");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("try again", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
