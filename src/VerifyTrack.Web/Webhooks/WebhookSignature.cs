using System.Security.Cryptography;
using System.Text;

namespace VerifyTrack.Web.Webhooks;

/// <summary>
/// <c>X-VerifyTrack-Signature: sha256=&lt;hex&gt;</c>: HMAC-SHA256 of <c>"{timestamp}.{body}"</c>, keyed with the secret's
/// text as UTF-8 (so <c>openssl dgst -sha256 -hmac "$secret"</c> checks it). The timestamp is signed too, so a receiver
/// can refuse an old request replayed.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    /// <summary>A new secret: 32 random bytes, as <c>whsec_</c> and 64 hex digits.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does, in constant time; here for the tests and as the README's reference.</summary>
    public static bool Verify(string secret, long timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
