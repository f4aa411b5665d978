using Microsoft.AspNetCore.DataProtection;

namespace VerifyTrack.Web.Digests;

public enum MailList
{
    Digests,
    Reminders,
}

/// <summary>
/// Signed one-click unsubscribe links, in digests and in reminders: the token names the user and the list
/// (<see cref="MailList.Reminders"/> covers escalations too), and only this app can make one, so following
/// it needs no sign-in.
/// </summary>
public sealed class Unsubscribe(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("VerifyTrack.Unsubscribe.v1");

    public string Token(long userId, MailList list) =>
        _protector.Protect($"{userId}:{list}");

    /// <summary>The one-click link for the List-Unsubscribe header and the mail's own "stop" link.</summary>
    public string Url(string appBaseUrl, long userId, MailList list) =>
        $"{appBaseUrl.TrimEnd('/')}/mail/unsubscribe?token={Uri.EscapeDataString(Token(userId, list))}";

    public (long UserId, MailList List)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split(':');
            return parts is [var id, var list] && long.TryParse(id, out var userId) && Enum.TryParse<MailList>(list, out var parsed)
                ? (userId, parsed)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
