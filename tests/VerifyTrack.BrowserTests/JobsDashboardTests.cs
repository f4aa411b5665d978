using Microsoft.Playwright;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class JobsDashboardTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Admin_WalksFromTheJobsPageToTheHangfireDashboard_WhichListsOurJobs_WithinItsContentSecurityPolicy()
    {
        // CSP enforced here (not bypassed as for axe), so a dashboard script or style the policy blocks shows up.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseUrl });
        var admin = await context.NewPageAsync();
        var blocked = new List<string>();
        admin.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };
        await admin.GotoAsync("/account/sign-in");
        await admin.GetByLabel("E-mail").FillAsync(fixture.Admin.Email);
        await admin.GetByLabel("Password").FillAsync(fixture.Admin.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.WaitForURLAsync("**/queue");

        await admin.GotoAsync("/admin/jobs");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Hangfire dashboard" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/hangfire");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" }).First.ClickAsync();
        await admin.WaitForURLAsync("**/admin/hangfire/recurring");
        var table = await admin.Locator("table.js-jobs-table, table").First.InnerTextAsync();

        foreach (var job in new[] { "stale-reminders", "desk-digests", "outbox-sender", "webhook-sender", "housekeeping" })
        {
            Assert.Contains(job, table);
        }

        Assert.Equal("/admin/jobs", await admin.Locator("a[href='/admin/jobs']").First.GetAttributeAsync("href"));
        Assert.Empty(blocked);
        await BrowserFixture.ScreenshotAsync(admin, "hangfire-recurring");
        await context.CloseAsync();
    }
}
