using System.Globalization;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>
/// The one way a query-string value is read, by the pages and the JSON APIs alike. Each feature binds its query as
/// a record of the raw strings (<c>[FromQuery]</c>, so that a bad value never turns into a model-binding error of
/// another shape, and a page can show back what was typed), then reads every value through here.
/// Every value is trimmed, and an empty one means the same as a missing one. A value that cannot be read adds one
/// message under its field's name and reads as missing: a page shows the messages, an API answers 400 naming the fields.
/// </summary>
public static class QueryValues
{
    public const string BrokenPageLink = "That page link is broken: start again from the first page.";

    private const int QuotedMax = 60;

    public static ClaimState? State(string? value, FieldErrors errors) =>
        Choice<ClaimState>(value, "state", "state", Wire.TryParse, Wire.States, errors);

    public static Priority? Priority(string? value, FieldErrors errors) =>
        Choice<Priority>(value, "priority", "priority", Wire.TryParse, Wire.Priorities, errors);

    /// <summary>One of a fixed list of words, exactly as listed.</summary>
    public static string? OneOf(string? value, string field, string what, IReadOnlyList<string> choices, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (Clean(value) is not { } word)
        {
            return null;
        }

        if (choices.Contains(word, StringComparer.Ordinal))
        {
            return word;
        }

        errors.Add(field, NoSuch(what, word, choices));
        return null;
    }

    public static bool? Flag(string? value, string field, FieldErrors errors)
    {
        if (Clean(value) is not { } word)
        {
            return null;
        }

        if (bool.TryParse(word, out var flag))
        {
            return flag;
        }

        errors.Add(field, $"{field} must be true or false.");
        return null;
    }

    /// <summary>A whole number from 1 to <paramref name="max"/> (a page, a page size); <paramref name="fallback"/> when missing or bad.</summary>
    public static int Number(string? value, string field, int fallback, int max, FieldErrors errors)
    {
        if (Clean(value) is not { } word)
        {
            return fallback;
        }

        if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= max)
        {
            return number;
        }

        errors.Add(field, $"{field} must be a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}.");
        return fallback;
    }

    /// <summary>The number of a thing as people write it, with or without a leading '#' ("#42").</summary>
    public static long? Id(string? value, string field, string what, FieldErrors errors)
    {
        if (Clean(value) is not { } word)
        {
            return null;
        }

        var digits = word.StartsWith('#') ? word[1..] : word;
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1)
        {
            return id;
        }

        errors.Add(field, $"{Quote(word)} is not a {what}.");
        return null;
    }

    /// <summary>A whole UTC day, as a date input sends it (2017-10-05): its first moment.</summary>
    public static DateTimeOffset? Day(string? value, string field, FieldErrors errors)
    {
        if (Clean(value) is not { } word)
        {
            return null;
        }

        // The last days of year 9999 leave no room for "the day after", which a date range's end needs.
        if (DateTime.TryParseExact(word, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year < 9999)
        {
            return new DateTimeOffset(day, TimeSpan.Zero);
        }

        errors.Add(field, $"{Quote(word)} is not a date: use the form 2017-10-05.");
        return null;
    }

    /// <summary>A moment in ISO-8601 (an <c>updatedAt</c> from an earlier answer); without an offset it is UTC.</summary>
    public static DateTimeOffset? Time(string? value, string field, FieldErrors errors)
    {
        if (Clean(value) is not { } word)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(word, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors.Add(field, $"{Quote(word)} is not a time: use ISO-8601, such as 2017-10-05T09:00:00Z.");
        return null;
    }

    /// <summary>Free text (a search, a desk slug, an e-mail), held to the same length and character rules as text a claim stores.</summary>
    public static string? Text(string? value, string field, int max, FieldErrors errors)
    {
        if (Clean(value) is not { } text)
        {
            return null;
        }

        var problems = new FieldErrors();
        TextRules.Optional(problems, field, text, max);
        errors.AddRange(problems);
        return problems.IsEmpty ? text : null;
    }

    /// <summary>A position in a paged list that the app wrote into a next-page link.</summary>
    public static T? PageLink<T>(string? value, string field, Func<string, T?> decode, FieldErrors errors) where T : class
    {
        ArgumentNullException.ThrowIfNull(decode);
        if (Clean(value) is not { } word)
        {
            return null;
        }

        if (decode(word) is { } position)
        {
            return position;
        }

        errors.Add(field, BrokenPageLink);
        return null;
    }

    /// <summary>A next-page link that holds the id the next page starts below.</summary>
    public static long? PageLink(string? value, string field, FieldErrors errors)
    {
        if (Clean(value) is not { } word)
        {
            return null;
        }

        if (long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors.Add(field, BrokenPageLink);
        return null;
    }

    private delegate bool TryParser<T>(string? value, out T parsed);

    private static T? Choice<T>(string? value, string field, string what, TryParser<T> tryParse, IReadOnlyList<string> names, FieldErrors errors)
        where T : struct
    {
        if (Clean(value) is not { } word)
        {
            return null;
        }

        if (tryParse(word, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, NoSuch(what, word, names));
        return null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string NoSuch(string what, string word, IReadOnlyList<string> choices) =>
        $"There is no {what} {Quote(word)}: choose {(choices.Count == 1 ? choices[0] : string.Join(", ", choices.Take(choices.Count - 1)) + " or " + choices[^1])}.";

    /// <summary>Echoes a bad value, cut short: the message is for a person, and the value may be anything.</summary>
    private static string Quote(string word) => $"'{(word.Length <= QuotedMax ? word : word[..QuotedMax] + "…")}'";
}
