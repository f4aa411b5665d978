using System.Globalization;
using System.Text;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// Redirects carry URLs that people typed or pasted (a return URL such as <c>/queue?q=café</c>). HTTP headers
/// are ASCII, and the server refuses to send any other character, so such a redirect would fail as a 500 after
/// the action it follows had already run. Every Location header is percent-encoded (UTF-8) just before the
/// response starts, wherever the redirect was made.
/// </summary>
public static class AsciiLocation
{
    public static IApplicationBuilder UseAsciiLocationHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (headers.Location.ToString() is { Length: > 0 } location && NeedsEncoding(location))
                {
                    headers.Location = Encode(location);
                }

                return Task.CompletedTask;
            });
            return next(context);
        });

    public static string Encode(string url)
    {
        var encoded = new StringBuilder(url.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii && !Rune.IsControl(rune) && rune.Value != ' ')
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                encoded.Append('%').Append(utf8[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static bool NeedsEncoding(string url) => url.Any(c => c is <= ' ' or >= '\u007F');
}
