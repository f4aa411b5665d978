namespace VerifyTrack.Web.Shared;

/// <summary>Length limits and shape checks shared by every input that reaches a claim.</summary>
public static class TextRules
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
        if (string.IsNullOrWhiteSpace(value))
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
    }

    public static void RequiredUrl(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required.");
            return;
        }

        OptionalUrl(errors, field, value);
    }

    public static void OptionalUrl(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (value.Length > UrlMax)
        {
            errors.Add(field, $"{field} must be at most {UrlMax} characters.");
        }
        else if (!IsHttpUrl(value))
        {
            errors.Add(field, $"{field} must be an absolute http or https URL, without a user name or password.");
        }
    }

    /// <summary>Absolute http(s) with a host and no user:password part, which could leak onto public pages.</summary>
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo);

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
