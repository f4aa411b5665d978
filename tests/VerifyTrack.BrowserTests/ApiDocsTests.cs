using Microsoft.Playwright;
using VerifyTrack.Web.ApiDocs;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ApiDocsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Anyone_ReadsTheApiReference_RenderedFromTheAppAlone_WithinItsContentSecurityPolicy()
    {
        // CSP enforced (not bypassed as for axe), so a script or style the page's policy blocks shows up.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseUrl });
        var origin = new Uri(fixture.App.BaseUrl).GetLeftPart(UriPartial.Authority);
        var requests = new List<string>();
        context.Request += (_, request) => requests.Add(request.Url);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);

        await page.GotoAsync(ApiDocsSetup.ReferencePath);
        await page.GetByText(ApiDocsSetup.Title).First.WaitForAsync(new() { Timeout = 30_000 });
        await page.GetByText("Log a claim with its first appearance").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Contains(requests, url => url.EndsWith(ApiDocsSetup.DocumentPath, StringComparison.Ordinal));
        Assert.All(requests, url => Assert.True(url.StartsWith(origin + "/", StringComparison.Ordinal), $"The reference page asked another origin: {url}"));
        Assert.Empty(problems);
        await BrowserFixture.ScreenshotAsync(page, "api-docs");
        await context.CloseAsync();
    }
}
