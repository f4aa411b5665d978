using System.Globalization;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Infrastructure.Web;

/// <summary>Query-string values the JSON APIs share, each read into a field error rather than an exception.</summary>
public static class QueryValues
{
    public static ClaimState? State(string? value, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (Wire.TryParse(value, out ClaimState state))
        {
            return state;
        }

        errors.Add("state", $"state must be one of: {string.Join(", ", Wire.States)}.");
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
}
