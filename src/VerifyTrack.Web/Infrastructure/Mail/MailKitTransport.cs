using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Mail;

/// <summary>The outbox's messages as MimeKit writes them; the only place besides the transports that names MimeKit.</summary>
public static class MimeMail
{
    // An address without a domain would only bounce later, at the server.
    private static readonly ParserOptions StrictAddresses = new() { AllowAddressesWithoutDomain = false };

    public static bool IsMailbox(string? address) => MailboxAddress.TryParse(StrictAddresses, address ?? "", out _);

    /// <exception cref="MailDeliveryException">The message cannot be written (a malformed address): permanent.</exception>
    public static MimeMessage Build(OutgoingMail mail, string from, DateTimeOffset now)
    {
        var message = new MimeMessage { Date = now, MessageId = mail.MessageId.Trim('<', '>') };
        try
        {
            message.From.Add(MailboxAddress.Parse(StrictAddresses, from));
            message.To.Add(MailboxAddress.Parse(StrictAddresses, mail.To));
        }
        catch (ParseException ex)
        {
            message.Dispose();
            throw new MailDeliveryException($"Malformed message: the address \"{mail.To}\" is not an e-mail address ({ex.Message})", MailFailure.Permanent, ex);
        }

        // A subject is one line; anything else in it is a malformed message, never a reason to stop the outbox.
        message.Subject = string.Concat(mail.Subject.Select(c => char.IsControl(c) ? ' ' : c));
        if (mail.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Body = new MultipartAlternative { Part(TextFormat.Plain, mail.Text), Part(TextFormat.Html, mail.Html) };
        return message;
    }

    // Quoted-printable keeps the bytes 7-bit whatever the server offers, and readable where the text is ASCII.
    private static TextPart Part(TextFormat format, string content)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, content);
        return part;
    }
}

/// <summary>
/// Delivers through MailKit's <see cref="SmtpClient"/>: one connection per batch, authenticated only when
/// Mail:UserName is set. Turns MailKit's exceptions and reply codes into <see cref="MailFailure"/>s.
/// </summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options, TimeProvider clock) : IMailTransport
{
    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMailSession>(new Session(options.Value, clock));

    public static SecureSocketOptions SocketOptions(MailSecurity security) => security switch
    {
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        MailSecurity.Auto => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.None,
    };

    /// <summary>A 5xx reply is permanent; a 4xx reply may pass.</summary>
    public static bool IsPermanent(SmtpStatusCode code) => (int)code >= 500;

    private sealed class Session(MailOptions settings, TimeProvider clock) : IMailSession
    {
        private SmtpClient _client = NewClient(settings);

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            using var message = MimeMail.Build(mail, settings.From, clock.GetUtcNow());
            await EnsureConnectedAsync(cancellationToken);
            try
            {
                await _client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException ex)
            {
                throw Refused(ex);
            }
            catch (ServiceNotAuthenticatedException ex)
            {
                throw SignInRequired(ex);
            }
            catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
            {
                // Whether the server kept the message is unknown; the next message reconnects, this one is retried.
                Reset();
                throw new MailDeliveryException($"The connection to the SMTP server broke while sending: {ex.Message}", MailFailure.Transient, ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                try
                {
                    await _client.DisconnectAsync(quit: true);
                }
                catch (Exception ex) when (IsConnectionFailure(ex, CancellationToken.None) || ex is SmtpCommandException)
                {
                    // The batch is over and every outcome recorded; a server that hangs up before QUIT has lost nothing.
                }
            }

            _client.Dispose();
        }

        private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
        {
            if (_client.IsConnected)
            {
                return;
            }

            Reset();
            var signingIn = false;
            try
            {
                await _client.ConnectAsync(settings.Host, settings.Port, SocketOptions(settings.EffectiveSecurity), cancellationToken);
                if (!string.IsNullOrEmpty(settings.UserName))
                {
                    signingIn = true;
                    await _client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
                }
            }
            catch (Exception ex) when (ConnectFailure(ex, signingIn, cancellationToken) is { } failure)
            {
                Reset();
                throw failure;
            }
        }

        private MailDeliveryException? ConnectFailure(Exception ex, bool signingIn, CancellationToken cancellationToken) => ex switch
        {
            AuthenticationException => Setup(
                "The SMTP server refused the user name or password set in Mail:UserName / Mail:Password. Correct them; the queued mail waits and goes once the server accepts them.", ex),
            SslHandshakeException => Setup(
                $"The TLS connection to the SMTP server {settings.Host}:{settings.Port} failed: its certificate was refused (not trusted, or not issued for Mail:Host), or it does not speak TLS the way Mail:Security ({settings.EffectiveSecurity}) says. Check Mail:Host, Mail:Port and Mail:Security.", ex),
            NotSupportedException when signingIn => Setup(
                "The SMTP server does not offer sign-in (AUTH) on this connection, but Mail:UserName is set. Clear Mail:UserName, or use Mail:Security StartTls or SslOnConnect if the server only offers AUTH over TLS.", ex),
            NotSupportedException => Setup(
                $"The SMTP server {settings.Host}:{settings.Port} does not offer STARTTLS, which Mail:Security ({settings.EffectiveSecurity}) requires. Check Mail:Port and Mail:Security.", ex),
            SmtpCommandException command => Unreachable($"The SMTP server {settings.Host}:{settings.Port} turned the connection away: {(int)command.StatusCode} {command.Message}", ex),
            _ when IsConnectionFailure(ex, cancellationToken) => Unreachable($"Could not reach the SMTP server {settings.Host}:{settings.Port}: {ex.Message}", ex),
            _ => null,
        };

        private MailDeliveryException Refused(SmtpCommandException ex)
        {
            var reply = $"{(int)ex.StatusCode} {ex.Message}";
            if (!_client.IsConnected)
            {
                Reset();
            }

            return ex switch
            {
                { StatusCode: SmtpStatusCode.AuthenticationRequired } => SignInRequired(ex),
                { ErrorCode: SmtpErrorCode.SenderNotAccepted } when IsPermanent(ex.StatusCode) => Setup(
                    $"The SMTP server refuses the sender address set in Mail:From ({settings.From}): {reply}", ex),
                _ when IsPermanent(ex.StatusCode) => new MailDeliveryException(reply, MailFailure.Permanent, ex),
                _ => new MailDeliveryException(reply, MailFailure.Transient, ex),
            };
        }

        private void Reset()
        {
            _client.Dispose();
            _client = NewClient(settings);
        }

        private static SmtpClient NewClient(MailOptions settings) => new() { Timeout = settings.TimeoutSeconds * 1000 };

        private static MailDeliveryException Setup(string sentence, Exception ex) => new(sentence, MailFailure.Setup, ex);

        private static MailDeliveryException SignInRequired(Exception ex) => Setup(
            "The SMTP server requires sign-in: set Mail:UserName and Mail:Password. The queued mail waits and goes once they are set.", ex);

        private static MailDeliveryException Unreachable(string sentence, Exception ex) => new(sentence, MailFailure.Unreachable, ex);

        private static bool IsConnectionFailure(Exception ex, CancellationToken cancellationToken) =>
            ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
    }
}

/// <summary>
/// Writes each message as one .eml file in the pickup folder, named after its Message-ID, so a retry
/// replaces rather than duplicates it. The file is written under a temporary name in the same folder and
/// renamed, so a reader of *.eml never sees half a message.
/// </summary>
public sealed class PickupMailTransport(IOptions<MailOptions> options, Database database, TimeProvider clock) : IMailTransport
{
    public string Folder => Path.GetFullPath(options.Value.PickupDirectory, Path.GetDirectoryName(database.FilePath)!);

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailSession>(new Session(Folder, options.Value.From, clock));
    }

    public static string FileName(string messageId) =>
        string.Concat(messageId.Trim('<', '>').Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_')) + ".eml";

    private sealed class Session(string folder, string from, TimeProvider clock) : IMailSession
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            using var message = MimeMail.Build(mail, from, clock.GetUtcNow());
            var temporary = Path.Combine(folder, $".{Guid.NewGuid():N}.part");
            try
            {
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    await message.WriteToAsync(file, cancellationToken);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, Path.Combine(folder, FileName(mail.MessageId)), overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                File.Delete(temporary);
                throw new MailDeliveryException($"Could not write to the pickup folder {folder}: {ex.Message}", MailFailure.Transient, ex);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
