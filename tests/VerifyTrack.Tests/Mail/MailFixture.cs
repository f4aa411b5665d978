using VerifyTrack.Tests.Infrastructure;

namespace VerifyTrack.Tests.Mail;

/// <summary>The app host wired to a real SMTP server on loopback.</summary>
public sealed class MailFixture(Action<MailFixture>? beforeStart = null) : IAsyncLifetime, IAsyncDisposable
{
    public SmtpServer Smtp { get; } = new();

    public AppFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        beforeStart?.Invoke(this);
        await Smtp.StartAsync();
        App.Settings["Mail:Delivery"] = "smtp";
        App.Settings["Mail:Host"] = "127.0.0.1";
        App.Settings["Mail:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        App.Settings["Mail:TimeoutSeconds"] = "5";
        App.Settings["Mail:From"] = "VerifyTrack Desk <desk@verifytrack.test>";

        // Small batches, so that two senders really overlap and a run takes several batches.
        App.Settings["Outbox:BatchSize"] = "5";
        _ = App.Services;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}
