using Microsoft.Playwright;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task KeyPages_HaveNoWcag2AOrAAViolations()
    {
        var anonymous = await fixture.NewPageAsync();
        var violations = new List<string>();
        await anonymous.GotoAsync("/account/sign-in");
        violations.AddRange((await BrowserFixture.AxeViolationsAsync(anonymous)).Select(v => "sign-in: " + v));

        var admin = await fixture.SignedInPageAsync(fixture.Admin);
        await admin.GotoAsync("/claims/new");
        await admin.GetByLabel("Statement").FillAsync("Islamic State says its fighters shot down a Russian helicopter");
        await admin.GetByLabel("Claimant").FillAsync("Amaq News Agency");
        await admin.GetByLabel("Desk").SelectOptionAsync("security");
        await admin.GetByLabel("URL").FillAsync("https://example.org/helicopter");
        await admin.GetByLabel("Outlet").FillAsync("Reuters");
        await admin.GetByLabel("Published on").FillAsync("2016-07-08");
        await admin.GetByLabel("Headline").FillAsync("Russian helicopter shot down in Syria");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create claim" }).ClickAsync();
        var claimPath = new Uri(admin.Url).AbsolutePath;
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        var slug = (await admin.Locator(".facts").TextContentAsync())!.Split("/status/claims/")[1].Split(' ', '\n')[0].Trim();

        foreach (var (name, path) in new[]
        {
            ("queue", "/queue"), ("new claim", "/claims/new"), ("claim page", claimPath), ("audit", "/audit"), ("admin jobs", "/admin/jobs"),
            ("status list", "/status"), ("status claim page", $"/status/claims/{slug}"),
        })
        {
            await admin.GotoAsync(path);
            violations.AddRange((await BrowserFixture.AxeViolationsAsync(admin)).Select(v => $"{name}: {v}"));
        }

        Assert.Empty(violations);
        await admin.GotoAsync("/queue");
        await BrowserFixture.ScreenshotAsync(admin, "queue");
        await admin.GotoAsync(claimPath);
        await BrowserFixture.ScreenshotAsync(admin, "claim");
        var reader = await fixture.NewPageAsync(width: 390);
        await reader.GotoAsync($"/status/claims/{slug}");
        await BrowserFixture.ScreenshotAsync(reader, "status-claim");
    }
}
