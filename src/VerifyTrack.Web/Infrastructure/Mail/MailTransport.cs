namespace VerifyTrack.Web.Infrastructure.Mail;

public sealed record OutgoingMail(string MessageId, string To, string Subject, string Text, string Html, string? UnsubscribeUrl);

/// <summary>What a failed delivery means for the message, and for the rest of its batch.</summary>
public enum MailFailure
{
    /// <summary>This message will never go as it is (a 5xx for its recipient, a malformed address): it is dead.</summary>
    Permanent,

    /// <summary>This message may go later (a 4xx, the connection broke while sending it): it is retried with back-off.</summary>
    Transient,

    /// <summary>The server cannot be reached now: this message and the rest of the batch are retried with back-off.</summary>
    Unreachable,

    /// <summary>
    /// The mail settings are wrong (refused credentials, an untrusted certificate): no message is to blame, so
    /// none is charged an attempt; the batch waits and the problem is shown on /admin/outbox.
    /// </summary>
    Setup,
}

/// <summary>Why a message was not delivered; <see cref="Exception.Message"/> is a sentence fit for the outbox page.</summary>
public sealed class MailDeliveryException(string message, MailFailure failure, Exception? inner = null) : Exception(message, inner)
{
    public MailFailure Failure { get; } = failure;
}

/// <summary>The one seam between the outbox and whatever delivers mail (MailKit today).</summary>
public interface IMailTransport
{
    /// <summary>Starts a delivery session for one batch: one SMTP connection, opened when first needed, reopened if it drops.</summary>
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    /// <exception cref="MailDeliveryException">The message was not delivered.</exception>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}
