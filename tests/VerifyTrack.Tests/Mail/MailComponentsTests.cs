using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Digests;
using VerifyTrack.Web.Infrastructure.Mail;
using VerifyTrack.Web.Reminders;

namespace VerifyTrack.Tests.Mail;

public sealed class MailComponentsTests : IDisposable
{
    private const string Unsubscribe = "https://verify.example/mail/unsubscribe?token=t0k3n";

    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void ReminderMail_SaysHowOverdue_AndLinksTheClaimThePreferencesAndTheUnsubscribe()
    {
        var cut = _context.Render<ReminderMail>(p => p.Add(c => c.Mail, Reminder()));

        cut.Find("p").MarkupMatches("<p>This claim is overdue for review by 2 h 5 min.</p>");
        cut.Find("strong").MarkupMatches("<strong>“ISIS says it captured two Russian soldiers in Deir Ezzor”</strong>");
        Assert.Contains("unverified, urgent priority, World desk", cut.FindAll("p")[1].TextContent);
        Assert.Equal("Review the claim", cut.Find("a[href='https://verify.example/claims/42']").TextContent);
        Assert.Equal("Change your mail preferences", cut.Find("a[href='https://verify.example/account']").TextContent);
        Assert.Equal("stop these reminders", cut.Find($"a[href='{Unsubscribe}']").TextContent);
        Assert.Contains("You get this because you are assigned to it.", cut.Find("p[style]").TextContent);
    }

    [Fact]
    public void ReminderMail_Escalation_CountsTheUnansweredReminders()
    {
        var cut = _context.Render<ReminderMail>(p => p.Add(c => c.Mail, Reminder() with { Level = 3, Escalation = true, Why = "you lead the World desk" }));

        cut.Find("p").MarkupMatches("<p>This claim is overdue by 2 h 5 min and 2 reminder(s) have gone unanswered.</p>");
        Assert.Equal("Escalation: overdue claim on World: ISIS says it captured two Russian soldiers in Deir Ezzor", Reminder() with { Escalation = true } is var m ? m.Subject : "");
    }

    [Fact]
    public void ReminderMail_StatementIsText_NeverMarkup()
    {
        var cut = _context.Render<ReminderMail>(p => p.Add(c => c.Mail, Reminder() with { Statement = "<img src=x onerror=alert(1)> & more" }));

        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("“<img src=x onerror=alert(1)> & more”", cut.Find("strong").TextContent);
    }

    [Fact]
    public void DigestMail_ListsEachSectionWithLinks_AndSaysWhenOneIsEmpty()
    {
        var cut = _context.Render<DigestMail>(p => p.Add(c => c.Mail, Digest()));

        cut.Find("h1").MarkupMatches("<h1 style=\"font-size:1.2em\">World desk, Tuesday 3 November 2026</h1>");
        Assert.Equal("Claims by state: 3 unverified, 0 denied, 1 confirmed", cut.FindAll("p")[0].TextContent);
        Assert.Equal(
            ["Stale, oldest first (and 4 more)", "New since the last digest", "Changed state"],
            cut.FindAll("h2").Select(h => h.TextContent));
        cut.Find("li").MarkupMatches(
            "<li><a href=\"https://verify.example/claims/7\">Old stale claim</a> <span style=\"color:#555\">unverified, overdue by 1 d</span></li>");
        Assert.Contains(cut.FindAll("p"), p => p.TextContent == "No state changes.");
        Assert.Equal("Stop these digests", cut.Find($"a[href='{Unsubscribe}']").TextContent);
        Assert.Equal("World desk digest, Tue 3 Nov 2026: 5 stale, 1 new", Digest().Subject);
    }

    [Fact]
    public async Task MailRenderer_TextTwins_AreThePlainTextOfTheSameMail()
    {
        await using var services = new ServiceCollection().BuildServiceProvider(validateScopes: true);
        var renderer = new MailRenderer(services.GetRequiredService<IServiceScopeFactory>(), NullLoggerFactory.Instance);

        var quoted = Reminder() with { Statement = "Claim with \"quotes\" & <angles>" };
        var reminder = await renderer.RenderAsync<ReminderMail, ReminderMailText>(p => p.Add(c => c.Mail, quoted), p => p.Add(c => c.Mail, quoted));
        var digest = await renderer.RenderAsync<DigestMail, DigestMailText>(p => p.Add(c => c.Mail, Digest()), p => p.Add(c => c.Mail, Digest()));

        Assert.Equal(
            """
            This claim is overdue for review by 2 h 5 min.

            “Claim with "quotes" & <angles>”
            unverified, urgent priority, World desk

            Review it (a state change or a "still checking" note restarts its window):
            https://verify.example/claims/42

            You get this because you are assigned to it.
            Change your mail preferences: https://verify.example/account
            Stop these reminders: https://verify.example/mail/unsubscribe?token=t0k3n

            """.ReplaceLineEndings("\n"),
            reminder.Text);
        Assert.Contains("<strong>“Claim with &quot;quotes&quot; &amp; &lt;angles&gt;”</strong>", reminder.Html);
        Assert.Equal(
            """
            World desk, Tuesday 3 November 2026
            Claims by state: 3 unverified, 0 denied, 1 confirmed

            Stale, oldest first (and 4 more)
              - Old stale claim (unverified, overdue by 1 d)
                https://verify.example/claims/7

            New since the last digest
              - Вертолёт сбит над Дейр-эз-Зором (urgent priority, claimed by Amaq)
                https://verify.example/claims/9

            Changed state
              No state changes.

            Stop these digests: https://verify.example/mail/unsubscribe?token=t0k3n
            Change your mail preferences: https://verify.example/account

            """.ReplaceLineEndings("\n"),
            digest.Text);
        Assert.Contains(">Вертолёт сбит над Дейр-эз-Зором</a>", digest.Html);
        Assert.StartsWith("<!DOCTYPE html>", digest.Html);
    }

    [Fact]
    public async Task MailRenderer_ARequiredParameterLeftOut_IsNamedBeforeAnythingRenders()
    {
        await using var services = new ServiceCollection().BuildServiceProvider(validateScopes: true);
        var renderer = new MailRenderer(services.GetRequiredService<IServiceScopeFactory>(), NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            renderer.RenderAsync<ReminderMail, ReminderMailText>(p => p.Add(c => c.Mail, Reminder()), _ => { }));

        Assert.Equal("ReminderMailText needs Mail.", error.Message);
    }

    private static ReminderMailModel Reminder() => new(
        "ISIS says it captured two Russian soldiers in Deir Ezzor", ClaimState.Unverified, Priority.Urgent, "World", "2 h 5 min", 1, false,
        "https://verify.example/claims/42", "you are assigned to it", "https://verify.example/account", Unsubscribe);

    private static DigestMailModel Digest() => new(
        "World",
        new DateOnly(2026, 11, 3),
        new DeskDigests.DigestContent(
            New: [new(9, "Вертолёт сбит над Дейр-эз-Зором", "urgent priority, claimed by Amaq")],
            Changed: [],
            Stale: [new(7, "Old stale claim", "unverified, overdue by 1 d")],
            MoreStale: 4,
            Counts: new Dictionary<ClaimState, long> { [ClaimState.Unverified] = 3, [ClaimState.Denied] = 0, [ClaimState.Confirmed] = 1 }),
        "https://verify.example",
        "https://verify.example/account",
        Unsubscribe);
}
