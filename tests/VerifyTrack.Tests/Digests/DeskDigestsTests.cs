using System.Net;
using System.Net.Http.Json;
using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Digests;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Tests.Digests;

public sealed class DeskDigestsTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _api = null!;
    private TestUser _lead = null!;
    private TestUser _secondLead = null!;

    public async Task InitializeAsync()
    {
        // 2026-11-02 is a Monday; London is on GMT (UTC+0) then.
        _app.Clock.Set(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        await _app.CreateDeskAsync("world", "Europe/London");
        _lead = await _app.CreateUserAsync("desk_lead", "world");
        _secondLead = await _app.CreateUserAsync("desk_lead", "world");
        await _app.CreateUserAsync("editor", "world");
        _api = _app.ApiClient(_lead.Token);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Digest_ListsNewChangedAndStaleOldestFirst_WithCountsAndLinks_ToEachLeadOnly()
    {
        var stale = await _api.CreateClaimAsync("world", "Old stale claim", "urgent");
        var confirmed = await _api.CreateClaimAsync("world", "Claim confirmed yesterday", "low");
        await _api.PostAsJsonAsync($"/api/v1/claims/{confirmed.Id()}/evidence", new { description = "Photo", stance = "supports", version = 1 }).ExpectAsync(HttpStatusCode.OK);
        await RunAsync("2026-11-02T07:00:00Z");
        _app.Clock.Set(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
        await _api.PostAsJsonAsync($"/api/v1/claims/{confirmed.Id()}/transitions", new { to = "confirmed", note = "Checked.", version = 2 }).ExpectAsync(HttpStatusCode.OK);
        var newer = await _api.CreateClaimAsync("world", "Claim logged after the last digest", "normal");
        var newerStale = await _api.CreateClaimAsync("world", "Newer stale claim", "urgent");

        Assert.Equal("1 desk digests, 2 messages queued", await RunAsync("2026-11-03T07:00:00Z"));

        var mail = await DigestAsync(_lead.Email, "world", "2026-11-03");
        Assert.Equal("World desk digest, Tue 3 Nov 2026: 2 stale, 2 new", mail.Subject.Replace("WORLD", "World", StringComparison.Ordinal));
        var text = mail.TextBody;
        Assert.Contains("Claims by state: 3 unverified, 0 denied, 1 confirmed", text);
        var staleSection = Section(text, "Stale, oldest first", "New since the last digest");
        Assert.True(staleSection.IndexOf("Old stale claim", StringComparison.Ordinal) < staleSection.IndexOf("Newer stale claim", StringComparison.Ordinal));
        Assert.Contains("overdue by 1 d", staleSection);
        var newSection = Section(text, "New since the last digest", "Changed state");
        Assert.Contains("Claim logged after the last digest", newSection);
        Assert.DoesNotContain("Old stale claim", newSection);
        Assert.Contains("Claim confirmed yesterday (unverified → confirmed)", Section(text, "Changed state", "Stop these digests"));
        Assert.Contains($"http://localhost:5000/claims/{newer.Id()}", text);
        Assert.Contains($"<a href=\"http://localhost:5000/claims/{stale.Id()}\">Old stale claim</a>", mail.HtmlBody);
        Assert.StartsWith("http://localhost:5000/mail/unsubscribe?token=", mail.UnsubscribeUrl);
        Assert.NotNull(await DigestAsync(_secondLead.Email, "world", "2026-11-03"));
        Assert.Equal(newerStale.Id() - 1, newer.Id());
        await using var connection = await _app.Get<Database>().OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE kind = 'digest' AND recipient LIKE 'editor%'"));
    }

    [Fact]
    public async Task Digest_GoesOncePerDeskAndLocalDay_AndCatchesUpTheSameDayAfterAnOutage()
    {
        Assert.Equal("0 desk digests, 0 messages queued", await RunAsync("2026-11-02T06:59:00Z"));
        Assert.Equal("1 desk digests, 2 messages queued", await RunAsync("2026-11-02T07:00:00Z"));
        Assert.Equal("0 desk digests, 0 messages queued", await RunAsync("2026-11-02T07:05:00Z"));

        // Down from before 07:00 until the afternoon: the day's digest still goes, once.
        Assert.Equal("0 desk digests, 0 messages queued", await RunAsync("2026-11-03T05:00:00Z"));
        Assert.Equal("1 desk digests, 2 messages queued", await RunAsync("2026-11-03T15:30:00Z"));
        Assert.Equal("0 desk digests, 0 messages queued", await RunAsync("2026-11-03T16:00:00Z"));
    }

    [Theory]
    [InlineData("2026-03-29T05:59:00Z", "2026-03-29T06:00:00Z", "2026-03-29")]
    [InlineData("2026-10-25T06:59:00Z", "2026-10-25T07:00:00Z", "2026-10-25")]
    [InlineData("2026-03-28T06:59:00Z", "2026-03-28T07:00:00Z", "2026-03-28")]
    public async Task Digest_FollowsTheDesksLocalTimeAcrossDaylightSavingChanges(string justBefore, string at, string localDate)
    {
        Assert.Equal("0 desk digests, 0 messages queued", await RunAsync(justBefore));
        Assert.Equal("1 desk digests, 2 messages queued", await RunAsync(at));

        Assert.NotNull(await DigestAsync(_lead.Email, "world", localDate));
    }

    [Fact]
    public async Task Digest_UsesEachDesksZoneAndItsOwnTime_AndOnlyItsOwnClaims()
    {
        _app.Clock.Set(new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.Zero));
        await _app.CreateDeskAsync("beirut", "Asia/Beirut");
        var beirutLead = await _app.CreateUserAsync("desk_lead", "beirut");
        await _api.CreateClaimAsync("world", "A World desk claim", "urgent");
        await _app.ApiClient(beirutLead.Token).CreateClaimAsync("beirut", "A Beirut desk claim", "urgent");
        await using (var connection = await _app.Get<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE desks SET digest_local_time = '06:30' WHERE slug = 'beirut'");
        }

        // Beirut is UTC+2 in November: 06:30 local is 04:30 UTC; London's 07:00 is 07:00 UTC.
        Assert.Equal("0 desk digests, 0 messages queued", await RunAsync("2026-11-02T04:29:00Z"));
        Assert.Equal("1 desk digests, 1 messages queued", await RunAsync("2026-11-02T04:30:00Z"));
        var beirut = await DigestAsync(beirutLead.Email, "beirut", "2026-11-02");
        Assert.Contains("A Beirut desk claim", beirut.TextBody);
        Assert.DoesNotContain("A World desk claim", beirut.TextBody);
        Assert.Equal("1 desk digests, 2 messages queued", await RunAsync("2026-11-02T07:00:00Z"));
    }

    [Fact]
    public async Task Unsubscribe_OneClickPost_StopsTheLeadsDigests()
    {
        await RunAsync("2026-11-02T07:00:00Z");
        var link = (await DigestAsync(_lead.Email, "world", "2026-11-02")).UnsubscribeUrl!;
        var path = new Uri(link).PathAndQuery;
        var client = _app.CreateClient();

        var confirm = await client.GetAsync(path);
        var confirmPage = await confirm.Content.ReadAsStringAsync();
        Assert.True(confirmPage.Contains(_lead.Email, StringComparison.Ordinal), confirmPage[confirmPage.IndexOf("<main", StringComparison.Ordinal)..]);

        var oneClick = await client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Contains("will no longer receive daily desk digests", await oneClick.Content.ReadAsStringAsync());

        Assert.Equal("1 desk digests, 1 messages queued", await RunAsync("2026-11-03T07:00:00Z"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/mail/unsubscribe?token=forged", null)).StatusCode);
    }

    private async Task<string> RunAsync(string utc)
    {
        _app.Clock.Set(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        return await _app.Get<DeskDigests>().RunAsync(CancellationToken.None);
    }

    private async Task<OutboxMessage> DigestAsync(string recipient, string desk, string localDate)
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        return await connection.QuerySingleAsync<OutboxMessage>(
            "SELECT subject, text_body, html_body, unsubscribe_url, recipient FROM outbox WHERE recipient = @recipient AND idempotency_key LIKE @key",
            new { recipient, key = $"digest:%:{desk}:{localDate}" });
    }

    private static string Section(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        var end = text.IndexOf(to, start, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)];
    }
}
