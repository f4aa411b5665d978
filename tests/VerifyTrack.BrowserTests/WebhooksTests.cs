using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VerifyTrack.Tests.Webhooks;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using static Microsoft.Playwright.Assertions;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class WebhooksTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AdminRegistersAnEndpoint_AnEditorDeniesAClaim_TheDeliveryIsListed()
    {
        await using var receiver = new WebhookReceiver().Start();
        var admin = await fixture.SignedInPageAsync(fixture.Admin);
        await admin.GotoAsync("/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await admin.Locator("#Form_Url").FillAsync(receiver.Url);
        await admin.GetByLabel("claim.state_changed").CheckAsync();
        await admin.Locator("#Form_Desk").SelectOptionAsync("security");
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(admin));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Register endpoint" }).ClickAsync();

        await Expect(admin.Locator("h1")).ToHaveTextAsync("Webhook registered");
        var secret = (await admin.Locator("#webhook-secret").InnerTextAsync()).Trim();
        Assert.Matches("^whsec_[0-9a-f]{64}$", secret);
        var section = (await admin.GetByRole(AriaRole.Link, new() { Name = "Back to the webhooks" }).GetAttributeAsync("href"))!.Split('#')[^1];

        // A statement of its own: the other browser tests create claims that must not look like duplicates of it.
        var claimId = await ClaimAsync("A drone struck a fuel convoy on the road to Palmyra, a monitoring group says");
        var editor = await fixture.SignedInPageAsync(fixture.Editor);
        await editor.GotoAsync($"/claims/{claimId}");
        await editor.Locator("#to-denied").CheckAsync();
        await editor.Locator("#Transition_Note").FillAsync("The ministry denied any strike on the road.");
        await editor.Locator("#Transition_DeniedBy").FillAsync("Russian Defence Ministry");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Change state" }).ClickAsync();
        await Expect(editor.Locator(".claim-head .badge")).ToHaveTextAsync("Denied");

        await fixture.RunNowAsync(admin, "webhook-sender");
        await admin.GotoAsync($"/admin/webhooks#{section}");
        var row = admin.Locator($"#{section} table tbody tr").First;
        await Expect(row).ToContainTextAsync("claim.state_changed");
        await Expect(row.Locator(".delivery-state")).ToHaveTextAsync("delivered");
        await Expect(row.Locator(".delivery-status")).ToHaveTextAsync("200");
        await Expect(row.Locator($"a[href='/claims/{claimId}']")).ToHaveCountAsync(1);
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(admin));
        await BrowserFixture.ScreenshotAsync(admin, "admin-webhooks");

        var delivered = Assert.Single(receiver.Requests);
        Assert.Equal("claim.state_changed", delivered.Header("X-VerifyTrack-Event"));
        Assert.True(WebhookReceiver.IsSigned(delivered, secret));
    }

    private async Task<long> ClaimAsync(string statement)
    {
        var commands = fixture.App.Services.GetRequiredService<ClaimCommands>();
        var editor = await fixture.App.Services.GetRequiredService<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync(fixture.Editor.Email);
        var appearance = new AppearanceInput("https://example.org/webhooks", "Reuters", "Convoy hit near Palmyra, monitors say", DateTimeOffset.Parse("2017-10-05T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, null);
        var created = await commands.CreateAsync(new CreateClaimInput(statement, "Amaq News Agency", null, "security", "urgent", appearance), new Actor(editor!.Id, editor.Email));
        return created.Claim!.Claim.Id;
    }
}
