using System.Globalization;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>Query-string values the JSON APIs share, each read into a field error rather than an exception.</summary>
public static class QueryValues
{
    public static ClaimState? State(string? value, FieldErrors errors) =>
        OneOf<ClaimState>(value, "state", Wire.TryParse, Wire.States, errors);

    public static Priority? Priority(string? value, FieldErrors errors) =>
        OneOf<Priority>(value, "priority", Wire.TryParse, Wire.Priorities, errors);

    public static bool? Flag(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors.Add(field, $"{field} must be true or false.");
        return null;
    }

    public static int Positive(string? value, string field, int fallback, int max, FieldErrors errors)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= max)
        {
            return number;
        }

        errors.Add(field, $"{field} must be a whole number from 1 to {max}.");
        return fallback;
    }

    private delegate bool TryParser<T>(string? value, out T parsed);

    private static T? OneOf<T>(string? value, string field, TryParser<T> tryParse, IReadOnlyList<string> names, FieldErrors errors)
        where T : struct
    {
        if (value is null)
        {
            return null;
        }

        if (tryParse(value, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, $"{field} must be one of: {string.Join(", ", names)}.");
        return null;
    }
}
