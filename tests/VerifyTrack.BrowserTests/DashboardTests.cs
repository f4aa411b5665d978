using Microsoft.Extensions.DependencyInjection;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task TheDashboard_HasNoWcagViolations_AtDesktopAndPhoneWidth(int width)
    {
        await SomeHistoryAsync();
        var lead = await fixture.SignedInPageAsync(fixture.Lead);
        await lead.SetViewportSizeAsync(width, 900);

        await lead.GotoAsync("/dashboard?desk=security&days=30");

        Assert.Equal(6, await lead.Locator("figure.chart svg[role=img]").CountAsync());
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(lead));
        // The charts scale to the page: each is as wide as the main column, at phone width too.
        var chartWidth = await lead.Locator("figure#states svg[role=img]").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        var mainWidth = await lead.Locator("main").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.InRange(chartWidth, 0.5 * Math.Min(mainWidth, 768), mainWidth);
        Assert.True(await lead.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "The page scrolls sideways.");
        await BrowserFixture.ScreenshotAsync(lead, $"dashboard-{width}");
    }

    /// <summary>A few claims of the desk's day, so the charts have bars: logged, one denied, one confirmed.</summary>
    private async Task SomeHistoryAsync()
    {
        var commands = fixture.App.Services.GetRequiredService<ClaimCommands>();
        var lead = await fixture.App.Services.GetRequiredService<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync(fixture.Lead.Email);
        var actor = new Actor(lead!.Id, lead.Email);
        var appearance = new AppearanceInput("https://example.org/dashboard", "Reuters", "Dashboard history", DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, null);
        var statements = new[] { "Rebels say they shot down a drone over Idlib on Sunday", "A ministry says its servers were never breached by the group", "Footage shows a convoy hit near Palmyra at dawn" };
        var ids = new List<(long Id, long Version)>();
        foreach (var statement in statements)
        {
            var created = (await commands.CreateAsync(new CreateClaimInput(statement + " " + Guid.NewGuid().ToString("N")[..6], "Wire", null, "security", "normal", appearance), actor)).Claim!.Claim;
            ids.Add((created.Id, created.Version));
        }

        await commands.TransitionAsync(ids[0].Id, new TransitionInput("denied", "Ministry denial", null, "Syrian Defence Ministry", null, ids[0].Version), actor);
        var withEvidence = (await commands.AddEvidenceAsync(ids[1].Id, new EvidenceInput(null, "Independent audit", "supports", ids[1].Version), actor)).Claim!;
        await commands.TransitionAsync(ids[1].Id, new TransitionInput("confirmed", "Audited", null, null, null, withEvidence.Claim.Version, [withEvidence.Evidence[0].Id]), actor);
    }
}
