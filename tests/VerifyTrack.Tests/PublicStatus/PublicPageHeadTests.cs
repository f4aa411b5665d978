using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.PublicStatus;

/// <summary>No public base URL, and a list description of the operator's own.</summary>
public sealed class RequestHostFactory : AppFactory
{
    public RequestHostFactory() => Settings["PublicStatus:Description"] = "Claims in the news, checked by our desk.";
}

/// <summary>What a page's head tells browsers, search engines and link previews: icon, description, canonical address.</summary>
public sealed class PublicPageHeadTests(PublicStatusFactory app, RequestHostFactory plain)
    : IClassFixture<PublicStatusFactory>, IClassFixture<RequestHostFactory>
{
    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/apple-touch-icon.png", "image/png")]
    [InlineData("/robots.txt", "text/plain")]
    public async Task SiteFiles_AreServedWithTheirTypes(string path, string type)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task FaviconIco_IsAnIconFileHoldingAPng()
    {
        var bytes = await app.CreateClient().GetByteArrayAsync("/favicon.ico");

        Assert.Equal(new byte[] { 0, 0, 1, 0, 1, 0 }, bytes[..6]);
        var offset = BitConverter.ToInt32(bytes, 18);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[offset..(offset + 4)]);
    }

    [Fact]
    public async Task RobotsTxt_AllowsThePublicPagesOnly()
    {
        var lines = (await app.CreateClient().GetStringAsync("/robots.txt")).Split('\n', StringSplitOptions.TrimEntries);

        Assert.Equal(
            ["Allow: /status", "Allow: /api/v1/public/", "Allow: /css/", "Allow: /favicon", "Allow: /apple-touch-icon.png", "Disallow: /"],
            lines.Where(line => line.StartsWith("Allow:", StringComparison.Ordinal) || line.StartsWith("Disallow:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/status")]
    [InlineData("/errors/404")]
    public async Task EveryLayout_LinksTheIcons(string path)
    {
        var client = app.CreateClient();
        var head = (await (await client.GetAsync(path)).ReadHtmlAsync()).Head!;

        Assert.NotNull(head.QuerySelector("link[rel=icon][href='/favicon.svg'][type='image/svg+xml']"));
        Assert.NotNull(head.QuerySelector("link[rel=icon][href='/favicon.ico']"));
        Assert.NotNull(head.QuerySelector("link[rel=apple-touch-icon][href='/apple-touch-icon.png']"));
        foreach (var link in head.QuerySelectorAll("link[rel=icon], link[rel=apple-touch-icon]"))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link.GetAttribute("href"))).StatusCode);
        }
    }

    [Fact]
    public async Task StatusList_Description_NamesTheOrganisation_OrIsTheConfiguredLine()
    {
        Assert.Equal(
            "Where each claim we track stands: unverified, denied or confirmed, by The Test Desk.",
            Description(await HeadAsync(app, "/status")));
        Assert.Equal("Claims in the news, checked by our desk.", Description(await HeadAsync(plain, "/status")));
    }

    [Fact]
    public async Task ClaimPage_Description_IsTheStateAndPublicNote_NeverTheInternalNote()
    {
        var marker = "MARKER-" + Guid.NewGuid().ToString("N");
        var slug = await PublishedDeniedClaimAsync(app, internalNote: $"{marker} our source inside the ministry");

        var head = await HeadAsync(app, $"/status/claims/{slug}");

        Assert.Equal("Denied by Russian Defence Ministry. Russia says all its servicemen are safe.", Description(head));
        Assert.DoesNotContain(marker, head.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Amaq video dated", head.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canonical_WithPublicBaseUrl_IsTheBasePlusThePagesOwnPath()
    {
        var slug = await PublishedDeniedClaimAsync(app, "n");

        foreach (var (path, canonical) in new[]
        {
            ("/status", "/status"), ("/status?page=2", "/status?page=2"), ("/status?state=denied&page=2", "/status"),
            ("/status?q=russian", "/status"), ("/status?state=nonsense", "/status"), ($"/status/claims/{slug}", $"/status/claims/{slug}"),
        })
        {
            var links = (await HeadAsync(app, path, expected: null)).QuerySelectorAll("link[rel=canonical]");
            Assert.Equal("https://status.desk.example" + canonical, Assert.Single(links).GetAttribute("href"));
        }
    }

    [Fact]
    public async Task Canonical_WithoutPublicBaseUrl_IsLeftOut()
    {
        var slug = await PublishedDeniedClaimAsync(plain, "n");

        Assert.Empty((await HeadAsync(plain, "/status")).QuerySelectorAll("link[rel=canonical]"));
        Assert.Empty((await HeadAsync(plain, $"/status/claims/{slug}")).QuerySelectorAll("link[rel=canonical]"));
    }

    private static string? Description(IElement head) => Assert.Single(head.QuerySelectorAll("meta[name=description]")).GetAttribute("content");

    private static async Task<IElement> HeadAsync(AppFactory host, string path, HttpStatusCode? expected = HttpStatusCode.OK)
    {
        var response = await host.CreateClient().GetAsync(path);
        if (expected is { } status)
        {
            Assert.Equal(status, response.StatusCode);
        }

        return (await response.ReadHtmlAsync()).Head!;
    }

    private static async Task<string> PublishedDeniedClaimAsync(AppFactory host, string internalNote)
    {
        var desk = await host.CreateDeskAsync("h-" + Guid.NewGuid().ToString("N")[..8]);
        var api = host.ApiClient((await host.CreateUserAsync("editor", desk)).Token);
        var claim = await api.CreateClaimAsync(desk, "Russian soldiers captured in Deir Ezzor " + Guid.NewGuid().ToString("N")[..6]);
        var denied = await api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new
        {
            to = "denied", note = internalNote, publicNote = "Russia says all its servicemen are safe.", deniedBy = "Russian Defence Ministry", version = claim.Version(),
        }).ExpectAsync(HttpStatusCode.OK);
        await api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/publish", new { version = denied.Version() }).ExpectAsync(HttpStatusCode.OK);
        return claim.Str("slug");
    }
}
