using Dapper;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Tests.Mail;

/// <summary>Each test gets its own app and SMTP server: they stop servers and play crashes.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private readonly MailFixture _mail = new();

    private AppFactory App => _mail.App;

    public Task InitializeAsync() => _mail.InitializeAsync();

    public Task DisposeAsync() => _mail.DisposeAsync();

    [Fact]
    public async Task DeliveredBytes_AreMultipartWithMessageIdUtf8SubjectAndUnsubscribeHeaders()
    {
        const string subject = "Überprüfung: «Deir Ezzor» — 2 claims ✔";
        await EnqueueAsync("digest:1", "lena@newsroom.test", subject, "Plain text: café ✔", "<p>HTML: <strong>café</strong> ✔</p>", "https://verify.example/mail/unsubscribe?t=abc");

        Assert.Equal("1 sent, 0 to retry, 0 dead", await App.Get<OutboxSender>().SendDueAsync());

        var mail = RawMail.Parse(Assert.Single(_mail.Smtp.Messages()));
        var stored = await OutboxRowAsync("digest:1");
        Assert.Equal(stored.MessageId, mail.Header("message-id"));
        Assert.Matches("^<[0-9a-f]{32}@[^>]+>$", stored.MessageId);
        Assert.Equal(subject, mail.Subject);
        Assert.Contains("lena@newsroom.test", mail.Header("to"));
        Assert.Contains("desk@verifytrack.test", mail.Header("from"));
        Assert.StartsWith("multipart/alternative", mail.Header("content-type"));
        var parts = mail.Parts();
        Assert.Equal(2, parts.Count);
        Assert.StartsWith("text/plain", parts[0].ContentType);
        Assert.Contains("charset=utf-8", parts[0].ContentType, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Plain text: café ✔", parts[0].Content.TrimEnd());
        Assert.StartsWith("text/html", parts[1].ContentType);
        Assert.Equal("<p>HTML: <strong>café</strong> ✔</p>", parts[1].Content.TrimEnd());
        Assert.Equal("<https://verify.example/mail/unsubscribe?t=abc>", mail.Header("list-unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Header("list-unsubscribe-post"));
        Assert.Equal("sent", stored.State);
    }

    [Fact]
    public async Task SameIdempotencyKeyTwice_QueuesOneMessage()
    {
        Assert.True(await EnqueueAsync("reminder:7:2026-11-02T10:00:00.000Z:1:3", "ana@newsroom.test"));
        Assert.False(await EnqueueAsync("reminder:7:2026-11-02T10:00:00.000Z:1:3", "ana@newsroom.test"));

        await App.Get<OutboxSender>().SendDueAsync();

        Assert.Single(_mail.Smtp.Messages());
    }

    [Fact]
    public async Task SmtpDown_MessageIsRetriedWithBackOff_AndDeliveredOnceTheServerIsBack()
    {
        await _mail.Smtp.StopAsync();
        await EnqueueAsync("outage:1", "ana@newsroom.test");
        var sender = App.Get<OutboxSender>();

        Assert.Equal("0 sent, 1 to retry, 0 dead", await sender.SendDueAsync());
        var first = await OutboxRowAsync("outage:1");
        Assert.Equal(("pending", 1), (first.State, first.Attempts));
        Assert.Equal(App.Clock.GetUtcNow().AddSeconds(30), first.NextAttemptAt);
        Assert.NotNull(first.LastError);

        Assert.Equal("0 sent, 0 to retry, 0 dead", await sender.SendDueAsync());
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await sender.SendDueAsync();
        Assert.Equal(App.Clock.GetUtcNow().AddSeconds(60), (await OutboxRowAsync("outage:1")).NextAttemptAt);

        await _mail.Smtp.StartAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("1 sent, 0 to retry, 0 dead", await sender.SendDueAsync());
        App.Clock.Advance(TimeSpan.FromHours(1));
        await sender.SendDueAsync();

        var delivered = Assert.Single(_mail.Smtp.Messages());
        Assert.Equal(first.MessageId, RawMail.Parse(delivered).Header("message-id"));
        Assert.Equal(("sent", 3), ((await OutboxRowAsync("outage:1")).State, (await OutboxRowAsync("outage:1")).Attempts));
    }

    [Fact]
    public async Task PermanentRejection_IsDeadWithTheServersAnswerKept_AndOthersStillGo()
    {
        await EnqueueAsync("reject:1", "reject-nobody@newsroom.test");
        await EnqueueAsync("fine:1", "ana@newsroom.test");

        Assert.Equal("1 sent, 0 to retry, 1 dead", await App.Get<OutboxSender>().SendDueAsync());

        var dead = await OutboxRowAsync("reject:1");
        Assert.Equal("dead", dead.State);
        Assert.Contains("User unknown", dead.LastError);
        Assert.Single(_mail.Smtp.Messages());
    }

    [Fact]
    public async Task TransientRejection_451_IsRetriedThenDeadAfterMaxAttempts()
    {
        await EnqueueAsync("busy:1", "busy-desk@newsroom.test");
        var sender = App.Get<OutboxSender>();

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await sender.SendDueAsync();
            App.Clock.Advance(TimeSpan.FromHours(2));
        }

        var row = await OutboxRowAsync("busy:1");
        Assert.Equal(("dead", 10), (row.State, row.Attempts));
        Assert.Contains("try again later", row.LastError);
    }

    [Fact]
    public async Task ProcessStoppedMidSend_AfterRestartSendingMessagesGoOutOnce_AndSentOnesNever()
    {
        await EnqueueAsync("crash:sent", "ana@newsroom.test");
        await App.Get<OutboxSender>().SendDueAsync();
        await EnqueueAsync("crash:1", "ana@newsroom.test");
        await EnqueueAsync("crash:2", "ben@newsroom.test");
        await using (var connection = await App.Get<Database>().OpenAsync())
        {
            // What a sender leaves behind when the process dies after taking a batch.
            await connection.ExecuteAsync(
                "UPDATE outbox SET state = 'sending', attempts = 1, lease_until = @lease WHERE idempotency_key LIKE 'crash:_'",
                new { lease = App.Clock.GetUtcNow().AddMinutes(2) });
        }

        var folder = Path.GetDirectoryName(App.DatabasePath)!;
        await using var restarted = AppFactory.OnFolder(folder);
        foreach (var (key, value) in App.Settings)
        {
            restarted.Settings[key] = value;
        }

        restarted.Clock.Set(App.Clock.GetUtcNow());
        Assert.Equal("0 sent, 0 to retry, 0 dead", await restarted.Get<OutboxSender>().SendDueAsync());
        restarted.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("2 sent, 0 to retry, 0 dead", await restarted.Get<OutboxSender>().SendDueAsync());
        restarted.Clock.Advance(TimeSpan.FromHours(1));
        await restarted.Get<OutboxSender>().SendDueAsync();

        var ids = _mail.Smtp.Messages().Select(m => RawMail.Parse(m).Header("message-id")).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Contains((await OutboxRowAsync("crash:1")).MessageId, ids);
    }

    [Fact]
    public async Task TwoSendersAtOnce_SendEachMessageOnce()
    {
        for (var i = 0; i < 40; i++)
        {
            await EnqueueAsync($"parallel:{i}", $"reader{i}@newsroom.test");
        }

        var folder = Path.GetDirectoryName(App.DatabasePath)!;
        await using var second = AppFactory.OnFolder(folder);
        foreach (var (key, value) in App.Settings)
        {
            second.Settings[key] = value;
        }

        second.Clock.Set(App.Clock.GetUtcNow());
        await Task.WhenAll(
            Task.Run(() => RepeatAsync(App.Get<OutboxSender>())),
            Task.Run(() => RepeatAsync(second.Get<OutboxSender>())));

        var ids = _mail.Smtp.Messages().Select(m => RawMail.Parse(m).Header("message-id")).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(40, ids.Distinct().Count());

        static async Task RepeatAsync(OutboxSender sender)
        {
            for (var i = 0; i < 10; i++)
            {
                await sender.SendDueAsync();
            }
        }
    }

    [Fact]
    public async Task MalformedMessage_IsDeadOnItsOwn_AndTheRestOfTheBatchGoes()
    {
        await EnqueueAsync("bad-address:1", "not an address");
        await EnqueueAsync("newline-subject:1", "ana@newsroom.test", subject: "Line one\nline two");
        await EnqueueAsync("fine:2", "ben@newsroom.test");

        Assert.Equal("2 sent, 0 to retry, 1 dead", await App.Get<OutboxSender>().SendDueAsync());

        Assert.Equal("dead", (await OutboxRowAsync("bad-address:1")).State);
        Assert.Contains(_mail.Smtp.Messages().Select(RawMail.Parse), m => m.Subject == "Line one line two");
    }

    [Fact]
    public async Task RetryDelay_DoublesFromTheFirstAndIsCapped()
    {
        var settings = new OutboxOptions { FirstRetryAfter = TimeSpan.FromSeconds(30), MaxRetryAfter = TimeSpan.FromMinutes(10) };

        Assert.Equal(
            [30, 60, 120, 240, 480, 600, 600],
            Enumerable.Range(1, 7).Select(attempt => OutboxSender.RetryDelay(attempt, settings).TotalSeconds));
        await Task.CompletedTask;
    }

    private async Task<bool> EnqueueAsync(string key, string to, string subject = "Subject", string text = "Text", string html = "<p>HTML</p>", string? unsubscribe = null)
    {
        await using var connection = await App.Get<Database>().OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var added = await Outbox.EnqueueAsync(transaction, new NewMail(key, "test", to, subject, text, html, unsubscribe), App.Clock.GetUtcNow(), "verifytrack.test");
        await transaction.CommitAsync();
        return added;
    }

    private async Task<OutboxMessage> OutboxRowAsync(string key)
    {
        await using var connection = await App.Get<Database>().OpenAsync();
        return await connection.QuerySingleAsync<OutboxMessage>(
            "SELECT id, message_id, state, attempts, next_attempt_at, last_error, recipient FROM outbox WHERE idempotency_key = @key", new { key });
    }
}
