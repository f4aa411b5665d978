using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Dapper;
using Microsoft.Extensions.Options;
using SkiaSharp;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.PublicStatus;

namespace VerifyTrack.Tests.PublicStatus;

public sealed class ShareCardRenderingTests
{
    private static readonly DateTimeOffset Since = new(2017, 10, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_IsA1200By630Png_WithTheSameBytesEveryTime()
    {
        using var card = new ShareCard();
        var content = new ShareCardContent(ClaimState.Denied, "Islamic State captured two Russian soldiers in Deir Ezzor", "Amaq", Since, "The Test Desk");

        var png = card.Render(content);

        Assert.Equal((1200, 630), PngSize(png));
        Assert.Equal(png, card.Render(content));
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(SKColor.Parse(PublicFormats.StateColour(ClaimState.Denied)), decoded.GetPixel(600, 4));
    }

    [Fact]
    public void Render_ChangesWithTheState()
    {
        using var card = new ShareCard();
        var denied = new ShareCardContent(ClaimState.Denied, "A claim", "Amaq", Since, "The Test Desk");

        Assert.NotEqual(card.Render(denied), card.Render(denied with { State = ClaimState.Confirmed }));
    }

    [Theory]
    [InlineData("Минобороны России опровергает сообщения о пленных")]
    [InlineData("أسر مقاتلو الدولة الإسلامية جنديين روسيين في دير الزور")]
    [InlineData("https://example.org/a/statement/that/is/one/very/long/word/without/any/space/in/it/at/all/and/goes/on/and/on/and/on")]
    public void Render_DrawsEveryScriptTheFontHas_AndWordsWiderThanTheCard(string statement)
    {
        using var card = new ShareCard();

        var png = card.Render(new ShareCardContent(ClaimState.Unverified, statement, statement, Since, statement));

        Assert.Equal((1200, 630), PngSize(png));
    }

    [Fact]
    public void Arabic_IsShapedIntoJoinedFormsAndLaidOutRightToLeft()
    {
        using var face = ShareCard.Face.Load("DejaVuSans.ttf");
        using var font = face.Font(40);
        const string word = "سلام";
        var unshaped = font.GetGlyphs(word);

        var shaped = face.Shape(new DirectionRun(word, RightToLeft: true), font);

        // Lam and alef join into one ligature; plain drawing would draw four separate letters.
        Assert.Equal(3, shaped.Codepoints.Length);
        // Glyphs come out in drawing order, left to right: the word's first letter is drawn last.
        Assert.Equal([3u, 1u, 0u], shaped.Clusters);
        // The first letter takes its initial (joined) form, not the isolated one the character maps to.
        Assert.NotEqual(unshaped[0], shaped.Codepoints[2]);
        Assert.True(shaped.Width > 0);
    }

    [Fact]
    public void Content_HoldsOnlyPublicFields()
    {
        Assert.Equal(
            ["Claimant", "OrganizationName", "State", "StateChangedAt", "Statement"],
            typeof(ShareCardContent).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    internal static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}

public sealed class ShareCardTests(PublicStatusFactory app) : IClassFixture<PublicStatusFactory>, IAsyncLifetime
{
    private const string LongStatement = "Islamic State captured two Russian soldiers in Deir Ezzor, according to a video that Amaq released on Thursday evening";
    private string _desk = "";
    private HttpClient _api = null!;
    private HttpClient _public = null!;

    public async Task InitializeAsync()
    {
        _desk = await app.CreateDeskAsync("card-" + Guid.NewGuid().ToString("N")[..8]);
        _api = app.ApiClient((await app.CreateUserAsync("editor", _desk)).Token);
        _public = app.CreateClient();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ClaimPage_CarriesOpenGraphAndTwitterTags_ForTheCard()
    {
        var claim = await DenyAsync(await PublishAsync(LongStatement));
        var pageUrl = $"https://status.desk.example/status/claims/{claim.Str("slug")}";

        var page = Html.Parse(await _public.GetStringAsync($"/status/claims/{claim.Str("slug")}"));

        const string title = "Denied: Islamic State captured two Russian soldiers in Deir Ezzor, according to a video that Amaq…";
        const string description = "Denied by Russian Defence Ministry. Russia says all its servicemen are safe.";
        Assert.Equal("article", Meta(page, "og:type"));
        Assert.Equal("The Test Desk", Meta(page, "og:site_name"));
        Assert.Equal(pageUrl, Meta(page, "og:url"));
        Assert.Equal(title, Meta(page, "og:title"));
        Assert.Equal(description, Meta(page, "og:description"));
        Assert.Equal($"{pageUrl}/card.png", Meta(page, "og:image"));
        Assert.True(Uri.TryCreate(Meta(page, "og:image"), UriKind.Absolute, out _));
        Assert.Equal("1200", Meta(page, "og:image:width"));
        Assert.Equal("630", Meta(page, "og:image:height"));
        Assert.Matches($"^Denied since [0-9]+ [A-Z][a-z]+ [0-9]{{4}}: “{LongStatement}”, claimed by Islamic State / Amaq\\.$", Meta(page, "og:image:alt"));
        Assert.Equal("summary_large_image", Meta(page, "twitter:card"));
        Assert.Equal(title, Meta(page, "twitter:title"));
        Assert.Equal(description, Meta(page, "twitter:description"));
        Assert.Equal($"{pageUrl}/card.png", Meta(page, "twitter:image"));

        var image = page.QuerySelector("img.share-card")!;
        Assert.Equal(($"{pageUrl}/card.png", "600", "315", "lazy"), (image.GetAttribute("src"), image.GetAttribute("width"), image.GetAttribute("height"), image.GetAttribute("loading")));
        Assert.False(string.IsNullOrWhiteSpace(image.GetAttribute("alt")));
        var snippet = Html.Parse(page.QuerySelector("#card-embed-code")!.TextContent);
        Assert.Equal(pageUrl, snippet.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"{pageUrl}/card.png", snippet.QuerySelector("a > img")!.GetAttribute("src"));
    }

    [Theory]
    [InlineData(null, "Unverified: not yet independently confirmed, and not denied.")]
    [InlineData("New footage is being examined.", "Unverified: not yet independently confirmed, and not denied. New footage is being examined.")]
    public async Task Preview_SaysWhatThePagesMetaDescriptionSays(string? publicNote, string expected)
    {
        var claim = await PublishAsync("Unverified card claim");
        if (publicNote is not null)
        {
            claim = await DenyAsync(claim);
            claim = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "unverified", note = "reopened", publicNote, version = claim.Version() })
                .ExpectAsync(HttpStatusCode.OK);
        }

        var page = Html.Parse(await _public.GetStringAsync($"/status/claims/{claim.Str("slug")}"));

        Assert.Equal("Unverified: Unverified card claim", Meta(page, "og:title"));
        Assert.Equal(expected, Meta(page, "og:description"));
        Assert.Equal(expected, Meta(page, "twitter:description"));
        Assert.Equal(expected, Meta(page, "description"));
    }

    [Fact]
    public async Task Card_IsAPng_WithAStableETag_AndAnswersHead()
    {
        var claim = await PublishAsync("Card served over HTTP");
        var path = $"/status/claims/{claim.Str("slug")}/card.png";

        var response = await _public.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((1200, 630), ShareCardRenderingTests.PngSize(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.NotModified, (await _public.GetIfNoneMatchAsync(path, response.Headers.ETag!)).StatusCode);
        var again = await _public.GetAsync(path);
        Assert.Equal(response.Headers.ETag, again.Headers.ETag);

        var head = await _public.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(response.Headers.ETag, head.Headers.ETag);
    }

    [Fact]
    public async Task Card_ChangesTheMomentTheClaimsStateChanges()
    {
        var claim = await PublishAsync("Card before and after a denial");
        var path = $"/status/claims/{claim.Str("slug")}/card.png";
        var before = await _public.GetAsync(path);
        var beforeBytes = await before.Content.ReadAsByteArrayAsync();
        Assert.Equal(beforeBytes, await _public.GetByteArrayAsync(path));

        await DenyAsync(claim);

        var after = await _public.GetByteArrayAsync(path);
        Assert.NotEqual(beforeBytes, after);
        Assert.Equal(HttpStatusCode.OK, (await _public.GetIfNoneMatchAsync(path, before.Headers.ETag!)).StatusCode);
    }

    [Fact]
    public async Task Card_ForAnUnpublishedOrUnknownClaim_IsThePages404()
    {
        var hidden = await _api.CreateClaimAsync(_desk, "A card nobody outside may see");
        var pageNotFound = await _public.GetAsync("/status/claims/no-such-claim");

        foreach (var slug in new[] { hidden.Str("slug"), "no-such-claim" })
        {
            var response = await _public.GetAsync($"/status/claims/{slug}/card.png");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(await pageNotFound.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Card_CachedThenUnpublished_IsA404ForGetAndHead()
    {
        var claim = await PublishAsync("A card served from the cache and then withdrawn");
        var path = $"/status/claims/{claim.Str("slug")}/card.png";
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync(path)).StatusCode);

        var current = await _api.GetAsync($"/api/v1/claims/{claim.Id()}").ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/unpublish", new { version = current.Version() }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _public.SendAsync(new HttpRequestMessage(HttpMethod.Head, path))).StatusCode);
    }

    [Fact]
    public async Task Card_WithAQueryString_RedirectsToItsOneUrl_SoNoCopyIsRenderedPerQuery()
    {
        var claim = await PublishAsync("A card asked for with a cache-busting query string");
        var path = $"/status/claims/{claim.Str("slug")}/card.png";
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var card = await client.GetAsync(path + "?x=1");
        var badge = await client.GetAsync($"/status/claims/{claim.Str("slug")}/badge.svg?x=2");

        Assert.Equal(HttpStatusCode.MovedPermanently, card.StatusCode);
        Assert.Equal(path, card.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.MovedPermanently, badge.StatusCode);
    }

    [Fact]
    public async Task CardAndPreview_ForAClaimWithInternalNotes_CarryNothingInternal()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Card claim with internal context");
        await using (var connection = await app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE claims SET summary = 'MARKER-SUMMARY internal context' WHERE id = @id", new { id = claim.Id() });
        }

        var reviewed = await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/reviews", new { note = "MARKER-REVIEW still checking", version = claim.Version() }).ExpectAsync(HttpStatusCode.OK);
        var published = await _api.PostAsJsonAsync($"/api/v1/claims/{reviewed.Id()}/publish", new { version = reviewed.Version() }).ExpectAsync(HttpStatusCode.OK);
        var denied = await DenyAsync(published, note: "MARKER-NOTE internal reasoning");
        var options = app.Get<IOptions<PublicStatusOptions>>().Value;

        var detail = await app.Get<PublicClaimStore>().FindAsync(denied.Str("slug"));
        var content = ShareCardContent.For(detail!.Claim, options);
        var preview = SharePreview.For(detail.Claim, "https://status.desk.example/status/claims/x", options);

        Assert.Equal(new ShareCardContent(ClaimState.Denied, "Card claim with internal context", "Islamic State / Amaq", detail.Claim.StateChangedAt, "The Test Desk"), content);
        Assert.DoesNotContain("MARKER", preview.ToString(), StringComparison.Ordinal);
    }

    private static string Meta(IDocument page, string name) =>
        page.QuerySelector($"meta[property='{name}'], meta[name='{name}']")?.GetAttribute("content") ?? throw new Xunit.Sdk.XunitException($"no {name} tag");

    private async Task<JsonObject> PublishAsync(string statement)
    {
        var claim = await _api.CreateClaimAsync(_desk, statement);
        return await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = claim.Version() }).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<JsonObject> DenyAsync(JsonObject claim, string note = "internal reasoning")
    {
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        return await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new
        {
            to = "denied", note, publicNote = "Russia says all its servicemen are safe.", deniedBy = "Russian Defence Ministry", version = claim.Version(),
        }).ExpectAsync(HttpStatusCode.OK);
    }
}

/// <summary>Without PublicStatus:PublicBaseUrl, preview URLs are absolute from the request's own host.</summary>
public sealed class ShareCardWithoutBaseUrlTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task PreviewUrls_AreAbsoluteOnTheRequestsHost()
    {
        var desk = await app.CreateDeskAsync("card-host");
        var api = app.ApiClient((await app.CreateUserAsync("editor", desk)).Token);
        var claim = await api.CreateClaimAsync(desk, "Card on the request's host");
        await api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = claim.Version() }).ExpectAsync(HttpStatusCode.OK);

        var page = Html.Parse(await app.CreateClient().GetStringAsync($"/status/claims/{claim.Str("slug")}"));

        var image = page.QuerySelector("meta[property='og:image']")!.GetAttribute("content");
        Assert.Equal($"http://localhost/status/claims/{claim.Str("slug")}/card.png", image);
    }
}
