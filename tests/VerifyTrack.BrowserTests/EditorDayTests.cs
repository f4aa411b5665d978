using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VerifyTrack.Tests.Mail;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;
using static Microsoft.Playwright.Assertions;

namespace VerifyTrack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class EditorDayTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Scenario1_EditorCreatesAClaimFromAnArticle_FindsItBySearch_AndAssignsItToThemself()
    {
        var page = await fixture.SignedInPageAsync(fixture.Editor);

        await CreateClaimAsync(page, "ISIS says it captured two Russian soldiers in Deir Ezzor", "Islamic State / Amaq News Agency",
            "https://example.org/moscow-denies", "The Foreign Desk", "Moscow Denies Islamic State Captured Two Russian Soldiers", "2017-10-05",
            "Reuters could not immediately verify the video.");
        await Expect(page.Locator(".flash")).ToHaveTextAsync("Claim created.");

        await page.GotoAsync("/queue");
        await page.GetByLabel("Search").FillAsync("captured soldiers Ezzor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var row = page.Locator("table.queue tbody tr", new() { HasText = "ISIS says it captured two Russian soldiers" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("unassigned");
        await BrowserFixture.ScreenshotAsync(page, "1-queue-search");

        await row.GetByRole(AriaRole.Button, new() { Name = "Assign to me" }).ClickAsync();

        await Expect(page.Locator(".flash")).ToHaveTextAsync("Assigned to you.");
        Assert.Contains("q=captured", page.Url);
        await Expect(page.Locator("table.queue tbody tr", new() { HasText = "ISIS says it captured two Russian soldiers" })).ToContainTextAsync("Eddie Editor");
        await BrowserFixture.ScreenshotAsync(page, "1-queue-assigned");
    }

    [Fact]
    public async Task Scenario2_EvidenceDenialAndPublishing_TheReaderSeesTheDenialJsonLdAndBadge()
    {
        var page = await fixture.SignedInPageAsync(fixture.Editor);
        await CreateClaimAsync(page, "Video shows ISIS beheading a man who says he spied for the FSB", "Islamic State (video release)",
            "https://example.org/isis-video", "AP", "Islamic State claims to behead alleged Russian spy in new video", "2015-12-03",
            "The authenticity of the video could not immediately be confirmed.");

        await page.Locator("#Evidence_Description").FillAsync("FSB statement via Interfax: the man was never an agent");
        await page.Locator("#Evidence_Url").FillAsync("https://example.org/interfax-fsb");
        await page.Locator("#Evidence_Stance").SelectOptionAsync("refutes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync("Evidence added.");

        await page.Locator("#to-denied").CheckAsync();
        await page.Locator("#Transition_Note").FillAsync("FSB spokesman denied it on the record to Interfax.");
        await page.Locator("#Transition_PublicNote").FillAsync("Russia's FSB says the man in the video never worked for it.");
        await page.Locator("#Transition_DeniedBy").FillAsync("Russia's FSB");
        await page.Locator("#Transition_DenialUrl").FillAsync("https://example.org/interfax-fsb");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change state" }).ClickAsync();
        await Expect(page.Locator(".claim-head .badge")).ToHaveTextAsync("Denied");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync("Published on the status page.");
        await BrowserFixture.ScreenshotAsync(page, "2-claim-page");

        var reader = await fixture.NewPageAsync(width: 390);
        await reader.GotoAsync("/status");
        var entry = reader.Locator(".status-list li", new() { HasText = "Video shows ISIS beheading a man" });
        await Expect(entry.Locator(".badge")).ToHaveTextAsync("Denied");
        await Expect(entry).ToContainTextAsync("Russia's FSB says the man in the video never worked for it.");
        await BrowserFixture.ScreenshotAsync(reader, "2-status-list");

        await entry.GetByRole(AriaRole.Link, new() { Name = "Video shows ISIS beheading a man who says he spied for the FSB" }).ClickAsync();
        await Expect(reader.Locator("h1")).ToHaveTextAsync("Video shows ISIS beheading a man who says he spied for the FSB");
        await Expect(reader.Locator("section[aria-labelledby=where-it-stands]")).ToContainTextAsync("Denied by Russia's FSB");
        using var jsonLd = JsonDocument.Parse(await reader.Locator("script[type='application/ld+json']").TextContentAsync() ?? "");
        Assert.Equal("ClaimReview", jsonLd.RootElement.GetProperty("@type").GetString());
        Assert.Equal("Denied", jsonLd.RootElement.GetProperty("reviewRating").GetProperty("alternateName").GetString());
        var badge = reader.Locator("section[aria-labelledby=embed] img[src$='badge.svg']");
        await Expect(badge).ToHaveAttributeAsync("alt", new System.Text.RegularExpressions.Regex("^Claim status: Denied since "));
        Assert.True(await badge.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 50, "the badge image should load and render");
        var card = reader.Locator("section[aria-labelledby=embed] img[src$='card.png']");
        await card.ScrollIntoViewIfNeededAsync();
        await Expect(card).ToHaveJSPropertyAsync("naturalWidth", 1200);
        await Expect(card).ToHaveAttributeAsync("alt", new System.Text.RegularExpressions.Regex("^Denied since .*claimed by "));
        await BrowserFixture.ScreenshotAsync(reader, "2-status-claim");
    }

    [Fact]
    public async Task Scenario3_TwoEditorsEditTheSameClaim_TheSecondSeesTheConflictAndReapplies()
    {
        var first = await fixture.SignedInPageAsync(fixture.Editor);
        var claimUrl = await CreateClaimAsync(first, "Russia denies its warplane violated Turkish airspace", "Turkish government",
            "https://example.org/jet", "AP", "Turkey shoots down Russian warplane", "2015-11-24", null);
        var second = await fixture.SignedInPageAsync(fixture.SecondEditor);
        await second.GotoAsync(claimUrl);

        await second.Locator("#Edit_Claimant").FillAsync("Turkish General Staff");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(second.Locator(".flash")).ToHaveTextAsync("Changes saved.");

        await first.Locator("#Edit_Statement").FillAsync("A Russian warplane violated Turkish airspace before it was shot down");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();

        await Expect(first.Locator("h1")).ToHaveTextAsync("Someone changed this claim while you were working");
        await Expect(first.Locator("section[aria-labelledby=yours]")).ToContainTextAsync("A Russian warplane violated Turkish airspace before it was shot down");
        await Expect(first.Locator("section[aria-labelledby=now]")).ToContainTextAsync("Turkish General Staff");
        await Expect(first.Locator("section[aria-labelledby=meanwhile]")).ToContainTextAsync("erin@newsroom.test");
        await BrowserFixture.ScreenshotAsync(first, "3-conflict");

        await first.GetByRole(AriaRole.Button, new() { Name = "Apply my change to the current version" }).ClickAsync();

        await Expect(first.Locator("h1")).ToHaveTextAsync("A Russian warplane violated Turkish airspace before it was shot down");
        await Expect(first.Locator(".facts")).ToContainTextAsync("Turkish General Staff");
        var events = first.Locator(".timeline li");
        await Expect(events).ToHaveCountAsync(3);
        await Expect(events.Nth(1)).ToContainTextAsync("erin@newsroom.test");
        await Expect(events.Nth(1)).ToContainTextAsync("Turkish General Staff");
        await Expect(events.Nth(2)).ToContainTextAsync("eddie@newsroom.test");
        await Expect(events.Nth(2)).ToContainTextAsync("A Russian warplane violated Turkish airspace before it was shot down");
        await BrowserFixture.ScreenshotAsync(first, "3-timeline");
    }

    [Fact]
    public async Task Scenario4_PastTheReviewWindow_TheReminderIsMailedTheQueueShowsOverdue_AndAReviewClearsIt()
    {
        var editor = await fixture.SignedInPageAsync(fixture.Editor);
        await CreateClaimAsync(editor, "ISIS in Afghanistan executed fighters it called FSB agents", "ISIS Khorasan",
            "https://example.org/circa", "Circa", "ISIS in Afghanistan executed alleged Russian informants", "2017-06-19", null, priority: "urgent");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ScrollIntoViewIfNeededAsync();
        await editor.Locator("#Assign_Assignee").SelectOptionAsync(fixture.Editor.Email);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        var before = fixture.Smtp.Messages().Count;

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(61));
        var admin = await fixture.SignedInPageAsync(fixture.Admin);
        await fixture.RunNowAsync(admin, "stale-reminders");
        await Expect(admin.Locator("#job-stale-reminders")).ToContainTextAsync("succeeded");
        await fixture.RunNowAsync(admin, "outbox-sender");
        await Expect(admin.Locator("#job-outbox-sender")).ToContainTextAsync("sent");

        var reminder = fixture.Smtp.Messages().Skip(before).Select(RawMail.Parse)
            .Single(m => m.Subject.Contains("ISIS in Afghanistan executed fighters", StringComparison.Ordinal));
        Assert.Contains(fixture.Editor.Email, reminder.Header("to"));
        Assert.StartsWith("Overdue for review", reminder.Subject);

        await editor.GotoAsync("/queue?q=Afghanistan+executed&stale=true");
        var row = editor.Locator("table.queue tbody tr", new() { HasText = "ISIS in Afghanistan executed fighters" });
        await Expect(row).ToContainTextAsync("overdue by 1 min");
        await BrowserFixture.ScreenshotAsync(editor, "4-queue-overdue");

        await row.GetByPlaceholder("Still checking: …").FillAsync("Still checking: waiting for the FSB to answer.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Mark reviewed" }).ClickAsync();

        await Expect(editor.Locator(".flash")).ToHaveTextAsync("Marked as reviewed.");
        await Expect(editor.Locator("table.queue tbody tr", new() { HasText = "ISIS in Afghanistan executed fighters" })).ToHaveCountAsync(0);
        await editor.GotoAsync("/queue?q=Afghanistan+executed");
        await Expect(editor.Locator("table.queue tbody tr", new() { HasText = "ISIS in Afghanistan executed fighters" })).ToContainTextAsync("due in 1 h");
    }

    [Fact]
    public async Task Scenario5_AdminRunsTheDigestNow_AndTheOutboxShowsItSent()
    {
        var admin = await fixture.SignedInPageAsync(fixture.Admin);
        await fixture.RunNowAsync(admin, "desk-digests");
        await Expect(admin.Locator("#job-desk-digests")).ToContainTextAsync("desk digests");
        await fixture.RunNowAsync(admin, "outbox-sender");
        await BrowserFixture.ScreenshotAsync(admin, "5-jobs");

        await admin.GotoAsync("/admin/outbox?state=sent");
        var digest = admin.Locator("table.outbox tbody tr", new() { HasText = "Security desk digest" });
        await Expect(digest.First).ToContainTextAsync(fixture.Lead.Email);
        await BrowserFixture.ScreenshotAsync(admin, "5-outbox");
        Assert.Contains(fixture.Smtp.Messages().Select(RawMail.Parse), m => m.Subject.StartsWith("Security desk digest", StringComparison.Ordinal) && m.Header("to").Contains(fixture.Lead.Email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scenario6_SignedOutVisitor_IsSentToSignInFromEveryEditorPage_AndSeesNothingInternal()
    {
        var (slug, unpublishedSlug) = await PublishedClaimWithInternalMarkersAsync();
        var visitor = await fixture.NewPageAsync();

        foreach (var path in new[] { "/", "/queue", "/claims/new", "/claims/1", "/audit", "/admin", "/admin/jobs", "/admin/outbox", "/account" })
        {
            await visitor.GotoAsync(path);
            Assert.Contains("/account/sign-in", visitor.Url);
            await Expect(visitor.Locator("h1")).ToHaveTextAsync("Sign in");
        }

        foreach (var path in new[] { "/status", $"/status/claims/{slug}", "/status/feed.atom", "/api/v1/public/claims", $"/api/v1/public/claims/{slug}", $"/status/claims/{slug}/badge.svg" })
        {
            var response = await visitor.GotoAsync(path);
            var body = await response!.TextAsync();
            foreach (var secret in new[] { "INTERNAL-NOTE-MARKER", "INTERNAL-EVIDENCE-MARKER", "INTERNAL-SUMMARY-MARKER", "newsroom.test", "Eddie Editor", unpublishedSlug })
            {
                Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{path} shows '{secret}'");
            }
        }

        var hidden = await visitor.GotoAsync($"/status/claims/{unpublishedSlug}");
        Assert.Equal(404, hidden!.Status);
    }

    private async Task<string> CreateClaimAsync(IPage page, string statement, string claimant, string url, string outlet, string headline, string date, string? excerpt, string priority = "high")
    {
        await page.GotoAsync("/claims/new");
        await page.GetByLabel("Statement").FillAsync(statement);
        await page.GetByLabel("Claimant").FillAsync(claimant);
        await page.GetByLabel("Desk").SelectOptionAsync("security");
        await page.GetByLabel("Priority").SelectOptionAsync(priority);
        await page.GetByLabel("URL").FillAsync(url);
        await page.GetByLabel("Outlet").FillAsync(outlet);
        await page.GetByLabel("Published on").FillAsync(date);
        await page.GetByLabel("Headline").FillAsync(headline);
        if (excerpt is not null)
        {
            await page.GetByLabel("Quoted excerpt").FillAsync(excerpt);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Create claim" }).ClickAsync();
        await page.WaitForLoadStateAsync();

        // The collection shares one app: when another test (intake) ran first and left a claim saying the same, the
        // page asks before creating, as it would ask an editor.
        var anyway = page.GetByRole(AriaRole.Button, new() { Name = "Create as a new claim anyway" });
        if (await anyway.CountAsync() > 0)
        {
            await anyway.ClickAsync();
        }

        await Expect(page.Locator("h1")).ToHaveTextAsync(statement);
        return new Uri(page.Url).PathAndQuery;
    }

    private async Task<(string Published, string Unpublished)> PublishedClaimWithInternalMarkersAsync()
    {
        var commands = fixture.App.Services.GetRequiredService<ClaimCommands>();
        var users = fixture.App.Services.GetRequiredService<VerifyTrack.Web.Accounts.UserStore>();
        var editor = await users.FindByEmailAsync(fixture.Editor.Email);
        var actor = new Actor(editor!.Id, editor.Email);
        var appearance = new AppearanceInput("https://example.org/x", "Reuters", "Public headline", DateTimeOffset.Parse("2017-10-04T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, null);

        var claim = (await commands.CreateAsync(new CreateClaimInput("A published claim for the leak check", "Amaq", "INTERNAL-SUMMARY-MARKER", "security", "normal", appearance), actor)).Claim!.Claim;
        var v = (await commands.AddEvidenceAsync(claim.Id, new EvidenceInput(null, "INTERNAL-EVIDENCE-MARKER", "refutes", claim.Version), actor)).Claim!.Claim.Version;
        v = (await commands.AssignAsync(claim.Id, new AssignmentInput(editor.Email, v), actor)).Claim!.Claim.Version;
        v = (await commands.TransitionAsync(claim.Id, new TransitionInput("denied", "INTERNAL-NOTE-MARKER", "Denied in public.", "Kremlin", null, v), actor)).Claim!.Claim.Version;
        await commands.PublishAsync(claim.Id, new VersionInput(v), actor);

        var hidden = (await commands.CreateAsync(new CreateClaimInput("An unpublished claim nobody outside may see", "Amaq", null, "security", "normal", appearance), actor)).Claim!.Claim;
        return (claim.Slug, hidden.Slug);
    }
}
