using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using static Microsoft.Playwright.Assertions;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class BulkTriageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Scenario_EditorBulkAssignsThreeClaimsByKeyboardOnly_AndTheQueueWithTheBulkFormIsAxeClean()
    {
        var ids = new List<long>();
        foreach (var statement in new[]
        {
            "Bulkkeyboard: Amaq says fighters seized a checkpoint near Palmyra",
            "Bulkkeyboard: a video shows a downed drone near Deir Ezzor",
            "Bulkkeyboard: the ministry says no servicemen were captured",
        })
        {
            ids.Add(await CreateClaimAsync(statement));
        }

        var page = await fixture.SignedInPageAsync(fixture.Editor);
        await page.GotoAsync("/queue?q=bulkkeyboard");
        await Expect(page.Locator("table.queue tbody tr")).ToHaveCountAsync(3);
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(page));

        foreach (var id in ids)
        {
            await TabToAsync(page, page.Locator($"#select-{id}"));
            await page.Keyboard.PressAsync("Space");
            await Expect(page.Locator($"#select-{id}")).ToBeCheckedAsync();
        }

        await TabToAsync(page, page.Locator("#bulk-action-assign"), backwards: true);
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#bulk-action-assign")).ToBeCheckedAsync();
        await TabToAsync(page, page.Locator("#bulk-assignee"));
        for (var i = 0; i < 10 && await page.Locator("#bulk-assignee").InputValueAsync() != fixture.SecondEditor.Email; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(page.Locator("#bulk-assignee")).ToHaveValueAsync(fixture.SecondEditor.Email);
        await BrowserFixture.ScreenshotAsync(page, "bulk-queue-ticked");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Apply to the ticked claims" }));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("h1")).ToHaveTextAsync("3 claims changed, 0 skipped");
        await Expect(page.Locator(".bulk-changed li")).ToHaveCountAsync(3);
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(page));
        await BrowserFixture.ScreenshotAsync(page, "bulk-result");

        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Back to the queue" }));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/queue?q=bulkkeyboard");
        await Expect(page.Locator("table.queue tbody tr", new() { HasText = "Erin Editor" })).ToHaveCountAsync(3);

        await page.GotoAsync("/queue?q=bulkkeyboard&select=all");
        await Expect(page.Locator("td.select input:checked")).ToHaveCountAsync(3);
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(page));
    }

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has the focus, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false)
    {
        for (var presses = 0; presses < 300; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        Assert.Fail($"{target} never got the focus by keyboard.");
    }

    private async Task<long> CreateClaimAsync(string statement)
    {
        var services = fixture.App.Services;
        var user = (await services.GetRequiredService<UserStore>().FindByEmailAsync(fixture.Editor.Email))!;
        var result = await services.GetRequiredService<ClaimCommands>().CreateAsync(
            new CreateClaimInput(statement, "Islamic State / Amaq", null, "security", "normal",
                new AppearanceInput("https://example.org/bulk", "Reuters", statement, fixture.App.Clock.GetUtcNow(), null, null)),
            new Actor(user.Id, user.Email));
        Assert.Equal(WriteStatus.Ok, result.Status);
        return result.Claim!.Claim.Id;
    }
}
