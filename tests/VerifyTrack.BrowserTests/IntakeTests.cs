using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using static Microsoft.Playwright.Assertions;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class IntakeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task EditorPastesAnArticle_KeepsThreeCandidates_OneAsAnAppearanceOfAnExistingClaim_AndFindsThemInTheQueueAndAudit()
    {
        var existing = await ExistingClaimAsync("ISIS released footage of the allegedly kidnapped Russian soldiers via its Amaq News Agency and through social media, including accounts linked to the messaging app Telegram");
        var article = await File.ReadAllTextAsync(Path.Combine(BrowserFixture.RepositoryRoot(), "tests", "VerifyTrack.Tests", "Intake", "Fixtures", "03-moscow-denies-soldiers-captured-2017.txt"));
        var page = await fixture.SignedInPageAsync(fixture.Editor);

        await page.GetByRole(AriaRole.Link, new() { Name = "Intake" }).ClickAsync();
        await page.Locator("#Form_Text").FillAsync(article);
        await page.Locator("#Form_Url").FillAsync("https://example.org/intake-moscow-denies");
        await page.Locator("#Form_Outlet").FillAsync("The Foreign Desk");
        await page.Locator("#Form_PublishedAt").FillAsync("2017-10-05");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find claims" }).ClickAsync();

        var capture = Candidate(page, "On Thursday, ISIS claimed that it took the two Russians captive");
        var footage = Candidate(page, "On Tuesday, ISIS released the footage");
        var killed = Candidate(page, "Citing the Russian military");
        await Expect(capture.Locator("mark.cue-attribution")).ToHaveTextAsync("claimed");
        await Expect(capture.Locator("input[name$='.Claimant']")).ToHaveValueAsync("ISIS");
        Assert.Empty(await BrowserFixture.AxeViolationsAsync(page));
        await BrowserFixture.ScreenshotAsync(page, "intake-candidates");

        await capture.Locator("input[type=checkbox][name$='.Keep']").CheckAsync();
        await capture.Locator("textarea[name$='.Statement']").FillAsync("Jihadists took two servicemen captive during fighting near the Euphrates");
        await Expect(capture.Locator("input[type=checkbox][name$='.KeepDenied']")).ToBeCheckedAsync();
        await footage.Locator("input[type=checkbox][name$='.Keep']").CheckAsync();
        await footage.GetByLabel(new System.Text.RegularExpressions.Regex($"Add this as an appearance of #{existing}")).CheckAsync();
        await killed.Locator("input[type=checkbox][name$='.Keep']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the kept claims" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("From this article");
        await Expect(page.Locator("main li")).ToHaveCountAsync(3);
        await Expect(page.Locator("main li", new() { HasText = "Jihadists took two servicemen captive during fighting near the Euphrates" })).ToContainTextAsync("Denied");
        var deniedPath = await page.Locator("main li", new() { HasText = "Jihadists took two servicemen captive during fighting near the Euphrates" }).GetByRole(AriaRole.Link).GetAttributeAsync("href");

        await page.GotoAsync("/queue");
        await page.GetByLabel("Search").FillAsync("servicemen Euphrates");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("table.queue tbody tr", new() { HasText = "Jihadists took two servicemen captive during fighting near the Euphrates" })).ToHaveCountAsync(1);

        await page.GotoAsync($"/audit?claim={deniedPath!.Split('/')[^1]}");
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table tbody")).ToContainTextAsync("created the claim");
        await page.GotoAsync($"/claims/{existing}");
        await Expect(page.Locator("main a[href='https://example.org/intake-moscow-denies']")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("main")).ToContainTextAsync("added an appearance: The Foreign Desk");
    }

    private static ILocator Candidate(IPage page, string sentenceStart) =>
        page.Locator("fieldset.candidate", new() { Has = page.Locator("blockquote", new() { HasText = sentenceStart }) });

    private async Task<long> ExistingClaimAsync(string statement)
    {
        var commands = fixture.App.Services.GetRequiredService<ClaimCommands>();
        var editor = await fixture.App.Services.GetRequiredService<VerifyTrack.Web.Accounts.UserStore>().FindByEmailAsync(fixture.Editor.Email);
        var appearance = new AppearanceInput("https://example.org/earlier", "Reuters", "ISIS video shows captured Russians", DateTimeOffset.Parse("2017-10-04T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, null);
        var created = await commands.CreateAsync(new CreateClaimInput(statement, "Amaq News Agency", null, "security", "high", appearance), new Actor(editor!.Id, editor.Email));
        return created.Claim!.Claim.Id;
    }
}
