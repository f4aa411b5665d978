using System.Net;
using System.Net.Http.Json;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Reminders;

namespace VerifyTrack.Tests.Reminders;

public sealed class StaleRemindersTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _api = null!;
    private TestUser _editor1 = null!;
    private TestUser _editor2 = null!;
    private TestUser _lead = null!;
    private TestUser _otherDeskEditor = null!;
    private string _desk = "";

    public async Task InitializeAsync()
    {
        _desk = await _app.CreateDeskAsync("world");
        await _app.CreateDeskAsync("security");
        _editor1 = await _app.CreateUserAsync("editor", _desk);
        _editor2 = await _app.CreateUserAsync("editor", _desk);
        _lead = await _app.CreateUserAsync("desk_lead", _desk);
        _otherDeskEditor = await _app.CreateUserAsync("editor", "security");
        _api = _app.ApiClient(_editor1.Token);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task UnassignedClaim_RemindsTheDesksEditors_ExactlyOncePerWindowAndLevel_ThenEscalatesToTheLead()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Unassigned urgent claim", "urgent");

        Assert.StartsWith("0 reminders", await RunAsync());
        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("1 reminders and 0 escalations, 2 messages queued", await RunAsync());
        Assert.Equal("0 reminders and 0 escalations, 0 messages queued", await RunAsync());
        Assert.Equal([_editor1.Email, _editor2.Email], await RecipientsAsync(claim.Id(), level: 1));

        _app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.StartsWith("0 reminders", await RunAsync());
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.StartsWith("1 reminders", await RunAsync());
        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("0 reminders and 1 escalations, 1 messages queued", await RunAsync());
        Assert.Equal([_lead.Email], await RecipientsAsync(claim.Id(), level: 3));

        _app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.StartsWith("0 reminders and 0 escalations", await RunAsync());
        Assert.Equal(["claim.created", "claim.reminded", "claim.reminded", "claim.escalated"], await AuditKindsAsync(claim.Id()));
        Assert.DoesNotContain(_otherDeskEditor.Email, await AllRecipientsAsync());
    }

    [Fact]
    public async Task AssignedClaim_RemindsOnlyTheAssignee()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Assigned claim", "urgent");
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/assignment", new { assignee = _editor2.Email, version = 1 }).ExpectAsync(HttpStatusCode.OK);
        _app.Clock.Advance(TimeSpan.FromHours(1));

        await RunAsync();

        Assert.Equal([_editor2.Email], await RecipientsAsync(claim.Id(), level: 1));
        var mail = await MailAsync(claim.Id(), 1, _editor2.Email);
        Assert.StartsWith("Overdue for review: Assigned claim", mail.Subject);
        Assert.Contains($"http://localhost:5000/claims/{claim.Id()}", mail.TextBody);
        Assert.Contains("you are assigned to it", mail.TextBody);
        Assert.Contains($"href=\"http://localhost:5000/claims/{claim.Id()}\"", mail.HtmlBody);
    }

    [Fact]
    public async Task Review_OpensANewWindow_NoMoreRemindersUntilItTooIsOverdue()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Reviewed claim", "urgent");
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await RunAsync();

        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/reviews", new { note = "Still checking with Tass.", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        _app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.StartsWith("0 reminders", await RunAsync());

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.StartsWith("1 reminders", await RunAsync());
        await using var connection = await _app.Get<Database>().OpenAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT window_due_at) FROM reminders WHERE claim_id = @id", new { id = claim.Id() }));
    }

    [Fact]
    public async Task PeopleWhoTurnedRemindersOff_AreLeftOut_ButTheReminderIsStillRecorded()
    {
        await using (var connection = await _app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE users SET reminders_enabled = 0 WHERE id IN (@a, @b)", new { a = _editor1.Id, b = _editor2.Id });
        }

        var claim = await _api.CreateClaimAsync(_desk, "Nobody listens", "urgent");
        _app.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal("1 reminders and 0 escalations, 0 messages queued", await RunAsync());
        Assert.Equal(["claim.created", "claim.reminded"], await AuditKindsAsync(claim.Id()));
    }

    [Fact]
    public async Task ConfirmedClaims_NeverGetReminders()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Confirmed claim", "urgent");
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/evidence", new { description = "Photo", stance = "supports", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        await _api.PostAsJsonAsync($"/api/v1/claims/{claim.Id()}/transitions", new { to = "confirmed", note = "Checked.", version = 2 }).ExpectAsync(HttpStatusCode.OK);

        _app.Clock.Advance(TimeSpan.FromDays(400));

        Assert.StartsWith("0 reminders", await RunAsync());
    }

    [Fact]
    public async Task TwoRunsAtOnce_SendEachLevelOnce()
    {
        for (var i = 0; i < 10; i++)
        {
            await _api.CreateClaimAsync(_desk, $"Parallel claim {i}", "urgent");
        }

        _app.Clock.Advance(TimeSpan.FromHours(1));
        await Task.WhenAll(Task.Run(RunAsync), Task.Run(RunAsync), Task.Run(RunAsync));

        await using var connection = await _app.Get<Database>().OpenAsync();
        Assert.Equal(10, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM reminders"));
        Assert.Equal(20, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE kind = 'reminder'"));
        Assert.Equal(10, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_events WHERE kind = 'claim.reminded'"));
    }

    [Fact]
    public async Task OneClickUnsubscribe_FromAReminder_StopsThatPersonsLaterReminders_AndShowsOnTheAccountPage()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Unsubscribe from reminders", "urgent");
        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("1 reminders and 0 escalations, 2 messages queued", await RunAsync());
        var link = (await MailAsync(claim.Id(), 1, _editor1.Email)).UnsubscribeUrl!;
        var path = new Uri(link).PathAndQuery;
        var client = _app.CreateClient();

        Assert.Contains(_editor1.Email, await client.GetStringAsync(path));
        var oneClick = await client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Contains("will no longer receive reminders about overdue claims", await oneClick.Content.ReadAsStringAsync());

        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("1 reminders and 0 escalations, 1 messages queued", await RunAsync());
        Assert.Equal([_editor2.Email], await RecipientsAsync(claim.Id(), level: 2));
        var account = await (await FormClient.SignedInAsync(_app, _editor1)).GetPageAsync("/account");
        Assert.False(account.QuerySelector("#mail-reminders")!.HasAttribute("checked"));
        Assert.True(account.QuerySelector("#mail-digests")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task ReminderUnsubscribe_CoversEscalations_AndLeavesDigestsAlone()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Escalation after unsubscribe", "urgent");
        var link = _app.Get<VerifyTrack.Web.Digests.Unsubscribe>().Url("http://localhost:5000", _lead.Id, VerifyTrack.Web.Digests.MailList.Reminders);
        (await _app.CreateClient().PostAsync(new Uri(link).PathAndQuery, null)).EnsureSuccessStatusCode();

        for (var level = 1; level <= 2; level++)
        {
            _app.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal("1 reminders and 0 escalations, 2 messages queued", await RunAsync());
        }

        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("0 reminders and 1 escalations, 0 messages queued", await RunAsync());

        Assert.Empty(await RecipientsAsync(claim.Id(), level: 3));
        await using var connection = await _app.Get<Database>().OpenAsync();
        Assert.Equal((0, 1), await connection.QuerySingleAsync<(int, int)>("SELECT reminders_enabled, digests_enabled FROM users WHERE id = @Id", new { _lead.Id }));
    }

    [Fact]
    public async Task ReminderMail_LinksThePreferencesAndCarriesItsOwnUnsubscribe()
    {
        var claim = await _api.CreateClaimAsync(_desk, "Links in a reminder", "urgent");
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await RunAsync();

        var first = await MailAsync(claim.Id(), 1, _editor1.Email);
        var second = await MailAsync(claim.Id(), 1, _editor2.Email);
        Assert.Contains("Change your mail preferences: http://localhost:5000/account", first.TextBody);
        Assert.Contains("href=\"http://localhost:5000/account\"", first.HtmlBody);
        Assert.StartsWith("http://localhost:5000/mail/unsubscribe?token=", first.UnsubscribeUrl);
        Assert.NotEqual(first.UnsubscribeUrl, second.UnsubscribeUrl);
        Assert.Contains(first.UnsubscribeUrl!, first.TextBody);
    }

    private Task<string> RunAsync() => _app.Get<StaleReminders>().RunAsync(CancellationToken.None);

    private async Task<List<string>> RecipientsAsync(long claimId, int level)
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        var keys = await connection.QueryAsync<string>(
            "SELECT recipient FROM outbox WHERE idempotency_key LIKE @prefix ORDER BY recipient",
            new { prefix = $"reminder:{claimId}:%:{level}:%" });
        return keys.ToList();
    }

    private async Task<List<string>> AllRecipientsAsync()
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        return (await connection.QueryAsync<string>("SELECT recipient FROM outbox")).ToList();
    }

    private async Task<List<string>> AuditKindsAsync(long claimId)
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        return (await connection.QueryAsync<string>("SELECT kind FROM audit_events WHERE claim_id = @claimId ORDER BY id", new { claimId })).ToList();
    }

    private async Task<VerifyTrack.Web.Infrastructure.Mail.OutboxMessage> MailAsync(long claimId, int level, string recipient)
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        return await connection.QuerySingleAsync<VerifyTrack.Web.Infrastructure.Mail.OutboxMessage>(
            "SELECT subject, text_body, html_body, unsubscribe_url, recipient FROM outbox WHERE idempotency_key LIKE @prefix AND recipient = @recipient",
            new { prefix = $"reminder:{claimId}:%:{level}:%", recipient });
    }
}
