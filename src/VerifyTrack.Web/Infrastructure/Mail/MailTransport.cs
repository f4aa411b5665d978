using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Mail;

public sealed record OutgoingMail(string MessageId, string To, string Subject, string Text, string Html, string? UnsubscribeUrl);

/// <summary>Why a message was not delivered: a permanent failure (5xx, a bad address) will never succeed; anything else may.</summary>
public sealed class MailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool IsPermanent { get; } = permanent;
}

/// <summary>The one seam between the outbox and whatever delivers mail (System.Net.Mail today).</summary>
public interface IMailTransport
{
    /// <exception cref="MailDeliveryException">The message was not delivered.</exception>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers through <see cref="SmtpClient"/>, to an SMTP server or a pickup folder. SmtpClient adds no
/// Message-ID, so the outbox's own goes in; each message has a single recipient, so a partial delivery
/// cannot happen.
/// </summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options, Database database) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = new MailMessage { SubjectEncoding = Encoding.UTF8, HeadersEncoding = Encoding.UTF8, BodyEncoding = Encoding.UTF8 };
        try
        {
            // A subject is one line; anything else in it is a malformed message, never a reason to stop the outbox.
            message.Subject = string.Concat(mail.Subject.Select(c => char.IsControl(c) ? ' ' : c));
            message.From = new MailAddress(settings.From);
            message.To.Add(new MailAddress(mail.To));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new MailDeliveryException($"Malformed message: {ex.Message}", permanent: true, ex);
        }

        message.Headers.Add("Message-ID", mail.MessageId);
        if (mail.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var text = AlternateView.CreateAlternateViewFromString(mail.Text, Encoding.UTF8, MediaTypeNames.Text.Plain);
        text.TransferEncoding = TransferEncoding.QuotedPrintable;
        var html = AlternateView.CreateAlternateViewFromString(mail.Html, Encoding.UTF8, MediaTypeNames.Text.Html);
        html.TransferEncoding = TransferEncoding.QuotedPrintable;
        message.AlternateViews.Add(text);
        message.AlternateViews.Add(html);

        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        if (settings.Delivery == "pickup")
        {
            var folder = Path.GetFullPath(settings.PickupDirectory, Path.GetDirectoryName(database.FilePath)!);
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }
        else
        {
            client.Host = settings.Host;
            client.Port = settings.Port;
            client.EnableSsl = settings.StartTls;
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                client.Credentials = new System.Net.NetworkCredential(settings.UserName, settings.Password);
            }
        }

        try
        {
            await client.SendMailAsync(message, cancellationToken);
        }
        catch (SmtpFailedRecipientException ex)
        {
            throw new MailDeliveryException(ex.Message, IsPermanent(ex.StatusCode), ex);
        }
        catch (SmtpException ex)
        {
            throw new MailDeliveryException(Describe(ex), IsPermanent(ex.StatusCode), ex);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or InvalidOperationException)
        {
            // An untrusted certificate surfaces as a bare AuthenticationException: a setup problem, not the message's.
            throw new MailDeliveryException($"{ex.GetType().Name}: {ex.Message}", permanent: false, ex);
        }
    }

    /// <summary>5xx replies are permanent; 4xx replies and failures to talk to the server at all are not.</summary>
    public static bool IsPermanent(SmtpStatusCode code) => (int)code >= 500;

    private static string Describe(SmtpException ex) =>
        ex.InnerException is { } inner && ex.StatusCode == SmtpStatusCode.GeneralFailure ? $"{ex.Message} ({inner.Message})" : ex.Message;
}
