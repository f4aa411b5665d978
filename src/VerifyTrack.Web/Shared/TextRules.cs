using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VerifyTrack.Web.Shared;

/// <summary>Length limits and shape checks shared by every input that reaches a claim.</summary>
public static partial class TextRules
{
    public const int StatementMax = 1000;
    public const int ClaimantMax = 300;
    public const int SummaryMax = 5000;
    public const int NoteMax = 5000;
    public const int NameMax = 300;
    public const int UrlMax = 2048;
    public const int ExcerptMax = 5000;
    public const int LanguageMax = 35;
    public const int SlugMax = 40;

    public static void Required(FieldErrors errors, string field, string? value, int max)
    {
        if (IsBlank(value))
        {
            errors.Add(field, $"{field} is required.");
        }
        else
        {
            Optional(errors, field, value, max);
        }
    }

    /// <summary>
    /// Length, and no control characters: they break mail headers and XML, and mean nothing in a claim.
    /// Line breaks and tabs are allowed only in the long, free-text fields.
    /// </summary>
    public static void Optional(FieldErrors errors, string field, string? value, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > max)
        {
            errors.Add(field, $"{field} must be at most {max} characters (got {value.Length}).");
        }

        var multiline = max >= NoteMax;
        if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            errors.Add(field, multiline
                ? $"{field} contains control characters; only line breaks and tabs are allowed."
                : $"{field} must be a single line without control characters.");
        }

        if (value.Any(IsBidiControl))
        {
            errors.Add(field, $"{field} contains bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069), which can make text read differently from what it says; remove them.");
        }
    }

    /// <summary>
    /// Empty once what a reader cannot see is removed: white space and format characters (zero-width spaces and
    /// joiners, word joiners, byte-order marks, soft hyphens). Such text looks blank on every page.
    /// </summary>
    public static bool IsBlank([NotNullWhen(false)] string? value) => value is null || value.All(IsInvisible);

    public static void RequiredUrl(FieldErrors errors, string field, string? value)
    {
        if (IsBlank(value))
        {
            errors.Add(field, $"{field} is required.");
            return;
        }

        OptionalUrl(errors, field, value);
    }

    public static void OptionalUrl(FieldErrors errors, string field, string? value)
    {
        if (IsBlank(value))
        {
            return;
        }

        if (value.Any(IsFormatCharacter))
        {
            errors.Add(field, $"{field} contains invisible formatting characters (such as zero-width spaces or direction marks), which can disguise a link's real address; remove them.");
        }
        else if (value.Length > UrlMax)
        {
            errors.Add(field, $"{field} must be at most {UrlMax} characters.");
        }
        else if (!IsHttpUrl(value))
        {
            errors.Add(field, $"{field} must be an absolute http or https URL, without a user name or password.");
        }
    }

    /// <summary>
    /// Absolute http(s) with a host and no user:password part, which could leak onto public pages, and no
    /// invisible formatting characters, which could make one host look like another.
    /// </summary>
    public static bool IsHttpUrl(string value) =>
        !value.Any(IsFormatCharacter)
        && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo);

    /// <summary>
    /// One plain mailbox, <c>local@domain.tld</c>: no display name, no list, no comments or quoting. A value such as
    /// <c>"a@x.example, b@evil.example"</c> would otherwise reach a mail header and mail both.
    /// </summary>
    public static bool IsPlainMailbox(string? value) => value is not null && PlainMailbox().IsMatch(value);

    public static string? Clean(string? value) => IsBlank(value) ? null : value.Trim();

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsFormatCharacter(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool IsInvisible(char c) => char.IsWhiteSpace(c) || IsFormatCharacter(c);

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$", RegexOptions.NonBacktracking)]
    private static partial Regex PlainMailbox();
}
