namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task TheDashboard_HasNoWcagViolations_AtDesktopAndPhoneWidth(int width)
    {
        var lead = await fixture.SignedInPageAsync(fixture.Lead);
        await lead.SetViewportSizeAsync(width, 900);

        await lead.GotoAsync("/dashboard?desk=security&days=30");

        Assert.Equal(4, await lead.Locator("figure.chart svg[role=img]").CountAsync());
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(lead));
        // The charts scale to the page: each is as wide as the main column, at phone width too.
        var chartWidth = await lead.Locator("figure#states svg[role=img]").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        var mainWidth = await lead.Locator("main").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.InRange(chartWidth, 0.5 * Math.Min(mainWidth, 768), mainWidth);
        Assert.True(await lead.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "The page scrolls sideways.");
        await BrowserFixture.ScreenshotAsync(lead, $"dashboard-{width}");
    }
}
