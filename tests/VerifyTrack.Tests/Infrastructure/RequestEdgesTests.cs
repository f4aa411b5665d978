using System.Net;
using Microsoft.AspNetCore.Http;
using VerifyTrack.Web.Infrastructure.Web;

namespace VerifyTrack.Tests.Infrastructure;

/// <summary>Requests a browser would rarely send but a person or a proxy can: each gets a clear answer, never a 500.</summary>
public sealed class RequestEdgesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/queue?q=café", "/queue?q=caf%C3%A9")]
    [InlineData("/queue?q=Москва", "/queue?q=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0")]
    [InlineData("/queue?q=a b", "/queue?q=a%20b")]
    public async Task QuickAction_WithANonAsciiReturnUrl_RedirectsThereEncoded(string returnUrl, string expectedLocation)
    {
        var desk = await app.CreateDeskAsync("edge-" + Guid.NewGuid().ToString("N")[..6]);
        var user = await app.CreateUserAsync("editor", desk);
        var claim = await app.ApiClient(user.Token).CreateClaimAsync(desk);
        var browser = await FormClient.SignedInAsync(app, user);

        var response = await browser.PostFormAsync("/queue", $"/claims/{claim.Id()}/quick-review",
            ("version", claim.Version().ToString(System.Globalization.CultureInfo.InvariantCulture)), ("note", "still checking"), ("returnUrl", returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedLocation, response.Headers.Location!.OriginalString);
        var history = await app.ApiClient(user.Token).GetAsync($"/api/v1/claims/{claim.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(history["events"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "claim.reviewed");
    }

    [Theory]
    [InlineData("/audit?to=9999-12-31")]
    [InlineData("/audit?from=9999-12-31")]
    public async Task AuditPage_WithADateAtTheEndOfTime_Is400NotA500(string path)
    {
        var desk = await app.CreateDeskAsync("time-" + Guid.NewGuid().ToString("N")[..6]);
        var browser = await FormClient.SignedInAsync(app, await app.CreateUserAsync("editor", desk));

        var response = await browser.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboxPage_WithAnUnknownState_Is400NamingIt()
    {
        var desk = await app.CreateDeskAsync("outbox-" + Guid.NewGuid().ToString("N")[..6]);
        var admin = await FormClient.SignedInAsync(app, await app.CreateUserAsync("admin", desk));

        var response = await admin.Http.GetAsync("/admin/outbox?state=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'lost'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/status/feed.atom")]
    [InlineData("/api/v1/public/claims")]
    [InlineData("/queue")]
    public async Task Request_WithAnEmptyHost_Is400WithAMessage(string path)
    {
        var context = await app.GetRawAsync(path, host: "");

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Contains("Host", await new StreamReader(context.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_WithAnEmptyHost_StillAnswers()
    {
        var context = await app.GetRawAsync("/healthz", host: "");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("/queue?q=café", "/queue?q=caf%C3%A9")]
    [InlineData("/already%20encoded?x=1", "/already%20encoded?x=1")]
    [InlineData("/emoji?q=\U0001F600", "/emoji?q=%F0%9F%98%80")]
    [InlineData("/tab\there", "/tab%09here")]
    public void Encode_PercentEncodesOnlyWhatHeadersCannotCarry(string url, string expected)
    {
        Assert.Equal(expected, AsciiLocation.Encode(url));
    }
}
