using System.Text;
using Dapper;
using MimeKit;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Mail;
using VerifyTrack.Web.Reminders;

namespace VerifyTrack.Tests.Mail;

/// <summary>MailKit against the real aiosmtpd on loopback: what arrives, how failures are told apart, how many connections.</summary>
public sealed class MailKitDeliveryTests
{
    [Fact]
    public async Task Reminder_ArrivesAsMimeWithItsMessageIdBothPartsAndOneClickUnsubscribe()
    {
        await using var mail = await StartAsync();
        var desk = await mail.App.CreateDeskAsync("world");
        var editor = await mail.App.CreateUserAsync("editor", desk);
        var claim = await mail.App.ApiClient(editor.Token).CreateClaimAsync(desk, "Überprüfung: «Deir Ezzor» — Видео ✔", "urgent");
        mail.App.Clock.Advance(TimeSpan.FromHours(1));
        await mail.App.Get<StaleReminders>().RunAsync(CancellationToken.None);

        Assert.Equal("1 sent, 0 to retry, 0 dead", await mail.App.Get<OutboxSender>().SendDueAsync());

        var stored = await RowAsync(mail.App, "reminder:%");
        var message = Parse(Assert.Single(mail.Smtp.Messages()));
        Assert.Equal(stored.MessageId, $"<{message.MessageId}>");
        Assert.Equal("Overdue for review: Überprüfung: «Deir Ezzor» — Видео ✔", message.Subject);
        Assert.Equal(editor.Email, Assert.Single(message.To.Mailboxes).Address);
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Contains("“Überprüfung: «Deir Ezzor» — Видео ✔”", message.TextBody);
        Assert.Contains("Change your mail preferences: http://localhost:5000/account", message.TextBody);
        Assert.Contains($"Stop these reminders: {stored.UnsubscribeUrl}", message.TextBody);
        Assert.Contains($"href=\"http://localhost:5000/claims/{claim.Id()}\"", message.HtmlBody);
        Assert.StartsWith("http://localhost:5000/mail/unsubscribe?token=", stored.UnsubscribeUrl);
        Assert.Equal($"<{stored.UnsubscribeUrl}>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task Replies_550IsDeadWithTheReplyKept_451IsRetriedWithBackOff()
    {
        await using var mail = await StartAsync();
        await EnqueueAsync(mail.App, "rejected", "reject-nobody@newsroom.test");
        await EnqueueAsync(mail.App, "busy", "busy-desk@newsroom.test");

        Assert.Equal("0 sent, 1 to retry, 1 dead", await mail.App.Get<OutboxSender>().SendDueAsync());

        var dead = await RowAsync(mail.App, "rejected");
        Assert.Equal("dead", dead.State);
        Assert.StartsWith("550 ", dead.LastError);
        Assert.Contains("Recipient address rejected: User unknown", dead.LastError);
        var busy = await RowAsync(mail.App, "busy");
        Assert.Equal(("pending", 1), (busy.State, busy.Attempts));
        Assert.StartsWith("451 ", busy.LastError);
        Assert.Equal(mail.App.Clock.GetUtcNow().AddSeconds(30), busy.NextAttemptAt);
    }

    [Fact]
    public async Task OneBatch_IsOneSmtpConnection()
    {
        await using var mail = await StartAsync();
        for (var i = 0; i < 12; i++)
        {
            await EnqueueAsync(mail.App, $"batch:{i}", $"reader{i}@newsroom.test");
        }

        var sender = mail.App.Get<OutboxSender>();
        Assert.Equal("5 sent, 0 to retry, 0 dead", await sender.SendDueAsync());
        Assert.Equal(1, mail.Smtp.Connections);
        Assert.Equal("5 sent, 0 to retry, 0 dead", await sender.SendDueAsync());
        Assert.Equal("2 sent, 0 to retry, 0 dead", await sender.SendDueAsync());
        Assert.Equal("0 sent, 0 to retry, 0 dead", await sender.SendDueAsync());

        Assert.Equal(12, mail.Smtp.Messages().Count);
        Assert.Equal(3, mail.Smtp.Connections);
    }

    [Fact]
    public async Task ConnectionDroppedMidBatch_ThatMessageIsRetried_AndTheRestGoOnANewConnection()
    {
        await using var mail = await StartAsync();
        await EnqueueAsync(mail.App, "before", "ana@newsroom.test");
        await EnqueueAsync(mail.App, "dropped", "drop-ben@newsroom.test");
        await EnqueueAsync(mail.App, "after", "cleo@newsroom.test");

        Assert.Equal("2 sent, 1 to retry, 0 dead", await mail.App.Get<OutboxSender>().SendDueAsync());

        Assert.Equal(2, mail.Smtp.Connections);
        Assert.Equal(["ana@newsroom.test", "cleo@newsroom.test"], mail.Smtp.Messages().Select(m => Parse(m).To.Mailboxes.Single().Address));
        var dropped = await RowAsync(mail.App, "dropped");
        Assert.Equal(("pending", 1), (dropped.State, dropped.Attempts));
        Assert.Contains("connection to the SMTP server broke", dropped.LastError);
    }

    [Fact]
    public async Task ServerDown_TheWholeBatchWaitsAfterOneTry_ThenGoesWhenItIsBack()
    {
        await using var mail = await StartAsync();
        await mail.Smtp.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            await EnqueueAsync(mail.App, $"outage:{i}", $"reader{i}@newsroom.test");
        }

        Assert.Equal("0 sent, 3 to retry, 0 dead", await mail.App.Get<OutboxSender>().SendDueAsync());
        var waiting = await RowAsync(mail.App, "outage:2");
        Assert.Equal(("pending", 1), (waiting.State, waiting.Attempts));
        Assert.Contains($"Could not reach the SMTP server 127.0.0.1:{mail.Smtp.Port}", waiting.LastError);

        await mail.Smtp.StartAsync();
        mail.App.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("3 sent, 0 to retry, 0 dead", await mail.App.Get<OutboxSender>().SendDueAsync());
        Assert.Equal(3, mail.Smtp.Messages().Count);
        Assert.Equal(1, mail.Smtp.Connections);
    }

    [Fact]
    public async Task WrongPassword_IsShownPlainlyOnTheOutboxPage_ChargesNoAttempt_AndMailGoesOnceItIsRight()
    {
        await using var mail = await StartAsync(m =>
        {
            m.Smtp.RequiredLogin = ("verifytrack", "right-password");
            m.App.Settings["Mail:UserName"] = "verifytrack";
            m.App.Settings["Mail:Password"] = "wrong-password";
        });
        await EnqueueAsync(mail.App, "auth:1", "ana@newsroom.test");
        await EnqueueAsync(mail.App, "auth:2", "ben@newsroom.test");

        var summary = await mail.App.Get<OutboxSender>().SendDueAsync();

        Assert.StartsWith("0 sent, 0 to retry, 0 dead, 2 held back: The SMTP server refused the user name or password", summary);
        var held = await RowAsync(mail.App, "auth:2");
        Assert.Equal(("pending", 0), (held.State, held.Attempts));
        Assert.Empty(mail.Smtp.Messages());
        var desk = await mail.App.CreateDeskAsync("world");
        var admin = await FormClient.SignedInAsync(mail.App, await mail.App.CreateUserAsync("admin", desk));
        var page = await admin.GetPageAsync("/admin/outbox");
        var alert = page.QuerySelector(".mail-setup-problem[role=alert]")!.TextContent;
        Assert.Contains("Mail is not going out.", alert);
        Assert.Contains("The SMTP server refused the user name or password set in Mail:UserName / Mail:Password.", alert);
        Assert.DoesNotContain("Exception", page.Body!.TextContent);
        Assert.DoesNotContain(" at MailKit", page.Body!.TextContent);

        await using var fixedApp = RestartedWith(mail.App, ("Mail:Password", "right-password"));
        fixedApp.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("2 sent, 0 to retry, 0 dead", await fixedApp.Get<OutboxSender>().SendDueAsync());
        Assert.Equal(2, mail.Smtp.Messages().Count);
        Assert.Null(await fixedApp.Get<OutboxAdmin>().SetupProblemAsync());
        Assert.Null((await admin.GetPageAsync("/admin/outbox")).QuerySelector(".mail-setup-problem"));
    }

    [Fact]
    public async Task WrongPassword_IsTriedEverLessOften_SoTheServerDoesNotLockTheAccount()
    {
        await using var mail = await StartAsync(m =>
        {
            m.Smtp.RequiredLogin = ("verifytrack", "right-password");
            m.App.Settings["Mail:UserName"] = "verifytrack";
            m.App.Settings["Mail:Password"] = "wrong-password";
        });
        await EnqueueAsync(mail.App, "lockout:1", "ana@newsroom.test");

        var waits = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            Assert.Contains("1 held back", await mail.App.Get<OutboxSender>().SendDueAsync());
            var row = await RowAsync(mail.App, "lockout:1");
            waits.Add((row.NextAttemptAt - mail.App.Clock.GetUtcNow()).TotalSeconds);
            mail.App.Clock.Set(row.NextAttemptAt);
        }

        Assert.Equal([30, 30, 60, 120, 240], waits);
        Assert.Equal(0, (await RowAsync(mail.App, "lockout:1")).Attempts);
    }

    [Fact]
    public async Task ServerThatRequiresSignIn_WithNoUserNameSet_IsASetupProblemNotTheMessages()
    {
        await using var mail = await StartAsync(m => m.Smtp.RequiredLogin = ("verifytrack", "secret"));
        await EnqueueAsync(mail.App, "no-auth", "ana@newsroom.test");

        Assert.Contains("1 held back: The SMTP server requires sign-in: set Mail:UserName and Mail:Password.", await mail.App.Get<OutboxSender>().SendDueAsync());

        Assert.Equal(("pending", 0), ((await RowAsync(mail.App, "no-auth")).State, (await RowAsync(mail.App, "no-auth")).Attempts));
    }

    [Fact]
    public async Task StartTlsSetTrue_StillAsksForStartTls_AndAServerWithoutItIsASetupProblem()
    {
        await using var mail = await StartAsync(m => m.App.Settings["Mail:StartTls"] = "true");
        await EnqueueAsync(mail.App, "tls", "ana@newsroom.test");

        var summary = await mail.App.Get<OutboxSender>().SendDueAsync();

        Assert.Contains("1 held back:", summary);
        Assert.Contains("does not offer STARTTLS, which Mail:Security (StartTls) requires", summary);
        Assert.Empty(mail.Smtp.Messages());
    }

    [Theory]
    [InlineData(null, false, MailSecurity.None)]
    [InlineData(null, true, MailSecurity.StartTls)]
    [InlineData(MailSecurity.SslOnConnect, true, MailSecurity.SslOnConnect)]
    [InlineData(MailSecurity.Auto, false, MailSecurity.Auto)]
    [InlineData(MailSecurity.None, true, MailSecurity.None)]
    public void EffectiveSecurity_IsSecurityWhenSet_ElseStartTls(MailSecurity? security, bool startTls, MailSecurity expected)
    {
        var options = new MailOptions { Security = security, StartTls = startTls };

        Assert.Equal(expected, options.EffectiveSecurity);
        Assert.Equal(expected.ToString(), SmtpMailTransport.SocketOptions(expected).ToString());
    }

    private static async Task<MailFixture> StartAsync(Action<MailFixture>? beforeStart = null)
    {
        var mail = new MailFixture(beforeStart);
        await mail.InitializeAsync();
        return mail;
    }

    private static AppFactory RestartedWith(AppFactory app, params (string Key, string Value)[] changes)
    {
        var restarted = AppFactory.OnFolder(Path.GetDirectoryName(app.DatabasePath)!);
        foreach (var (key, value) in app.Settings)
        {
            restarted.Settings[key] = value;
        }

        foreach (var (key, value) in changes)
        {
            restarted.Settings[key] = value;
        }

        restarted.Clock.Set(app.Clock.GetUtcNow());
        return restarted;
    }

    internal static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));

    internal static async Task EnqueueAsync(AppFactory app, string key, string to, string subject = "Subject")
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Outbox.EnqueueAsync(transaction, new NewMail(key, "test", to, subject, "Text", "<p>HTML</p>"), app.Clock.GetUtcNow(), "verifytrack.test");
        await transaction.CommitAsync();
    }

    internal static async Task<OutboxMessage> RowAsync(AppFactory app, string keyPattern)
    {
        await using var connection = await app.Get<Database>().OpenAsync();
        return await connection.QuerySingleAsync<OutboxMessage>(
            "SELECT id, message_id, state, attempts, next_attempt_at, last_error, recipient, unsubscribe_url FROM outbox WHERE idempotency_key LIKE @keyPattern",
            new { keyPattern });
    }
}
