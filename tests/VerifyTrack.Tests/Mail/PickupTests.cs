using Dapper;
using MimeKit;
using VerifyTrack.Tests.Infrastructure;
using VerifyTrack.Web.Infrastructure.Db;
using VerifyTrack.Web.Infrastructure.Mail;

namespace VerifyTrack.Tests.Mail;

/// <summary>The default delivery: one .eml per message in the pickup folder, written by MimeKit.</summary>
public sealed class PickupTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    private string Folder => Path.Combine(Path.GetDirectoryName(_app.DatabasePath)!, "mail");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EachMessage_IsOneCompleteEmlFile_ThatMimeKitParses()
    {
        await MailKitDeliveryTests.EnqueueAsync(_app, "pickup:1", "ana@newsroom.test", "Überprüfung ✔");
        await MailKitDeliveryTests.EnqueueAsync(_app, "pickup:2", "ben@newsroom.test");
        await MailKitDeliveryTests.EnqueueAsync(_app, "pickup:3", "cleo@newsroom.test");

        Assert.Equal("3 sent, 0 to retry, 0 dead", await _app.Get<OutboxSender>().SendDueAsync());

        var files = Directory.GetFiles(Folder);
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.EndsWith(".eml", f));
        var messages = files.Select(f => MimeMessage.Load(f)).ToList();
        var stored = await MessageIdsAsync();
        Assert.Equal(stored.Order(), messages.Select(m => $"<{m.MessageId}>").Order());
        var first = messages.Single(m => m.To.Mailboxes.Single().Address == "ana@newsroom.test");
        Assert.Equal("Überprüfung ✔", first.Subject);
        Assert.Equal("Text", first.TextBody?.TrimEnd());
        Assert.Equal("<p>HTML</p>", first.HtmlBody?.TrimEnd());
    }

    [Fact]
    public async Task AMessageTakenAgainAfterACrash_ReplacesItsFile_RatherThanAddingOne()
    {
        await MailKitDeliveryTests.EnqueueAsync(_app, "pickup:again", "ana@newsroom.test");
        await _app.Get<OutboxSender>().SendDueAsync();
        await using (var connection = await _app.Get<Database>().OpenAsync())
        {
            // What a sender leaves behind when it dies after writing the file but before recording it.
            await connection.ExecuteAsync("UPDATE outbox SET state = 'sending', lease_until = @now, sent_at = NULL", new { now = _app.Clock.GetUtcNow() });
        }

        Assert.Equal("1 sent, 0 to retry, 0 dead", await _app.Get<OutboxSender>().SendDueAsync());

        var file = Assert.Single(Directory.GetFiles(Folder));
        Assert.Equal(PickupMailTransport.FileName(Assert.Single(await MessageIdsAsync())), Path.GetFileName(file));
    }

    private async Task<List<string>> MessageIdsAsync()
    {
        await using var connection = await _app.Get<Database>().OpenAsync();
        return (await connection.QueryAsync<string>("SELECT message_id FROM outbox")).ToList();
    }
}
