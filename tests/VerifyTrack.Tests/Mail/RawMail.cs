using System.Text;
using System.Text.RegularExpressions;

namespace VerifyTrack.Tests.Mail;

/// <summary>
/// Just enough MIME to check what crossed the wire: unfolded headers, RFC 2047 encoded words, one level of
/// multipart, quoted-printable and base64 bodies. Deliberately independent of MimeKit, which wrote them.
/// </summary>
public sealed partial class RawMail
{
    private RawMail(Dictionary<string, string> headers, string body)
    {
        Headers = headers;
        Body = body;
    }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";

    public string Subject => DecodeWords(Header("subject"));

    public static RawMail Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = raw[..split];
        var body = raw[(split + 4)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Regex.Replace(head, @"\r\n[ \t]+", " ").Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        return new RawMail(headers, body);
    }

    /// <summary>The parts of a multipart body, each parsed, with its content decoded.</summary>
    public IReadOnlyList<(string ContentType, string Content)> Parts()
    {
        var boundary = BoundaryPattern().Match(Header("content-type")).Groups[1].Value;
        return Body.Split("--" + boundary)
            .Skip(1)
            .Where(part => !part.StartsWith("--", StringComparison.Ordinal))
            .Select(part => Parse(part.TrimStart('\r', '\n')))
            .Select(part => (part.Header("content-type"), Decode(part.Body, part.Header("content-transfer-encoding"))))
            .ToList();
    }

    public static string DecodeWords(string value) =>
        EncodedWord().Replace(Regex.Replace(value, @"\?=\s+=\?", "?==?"), m =>
        {
            var bytes = m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return Encoding.GetEncoding(m.Groups[1].Value).GetString(bytes);
        });

    private static string Decode(string content, string transferEncoding) => transferEncoding.ToLowerInvariant() switch
    {
        "quoted-printable" => Encoding.UTF8.GetString(QuotedPrintable(Regex.Replace(content, "=\r\n", ""))),
        "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(content.Replace("\r\n", "", StringComparison.Ordinal))),
        _ => content,
    };

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return bytes.ToArray();
    }

    [GeneratedRegex("""boundary="?([^";]+)"?""")]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
