using System.Text.RegularExpressions;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>
/// The public pages' meta descriptions: what a search result or a shared link shows under the title. Built only
/// from public fields, as the pages are.
/// </summary>
public static partial class PublicDescriptions
{
    /// <summary>Search results show about 160 characters; past this a description is cut at a word.</summary>
    public const int MaxLength = 300;

    public static string ForList(PublicStatusOptions options) =>
        string.IsNullOrWhiteSpace(options.Description)
            ? $"Where each claim we track stands: unverified, denied or confirmed, by {options.OrganizationName}."
            : options.Description.Trim();

    public static string ForClaim(PublicClaim claim)
    {
        var state = claim.State switch
        {
            ClaimState.Denied when !string.IsNullOrWhiteSpace(claim.DeniedBy) => $"Denied by {claim.DeniedBy.Trim()}.",
            ClaimState.Denied => "Denied: a named party has denied it.",
            ClaimState.Unverified => "Unverified: not yet independently confirmed, and not denied.",
            ClaimState.Confirmed => "Confirmed: our desk confirmed it independently.",
            _ => throw new ArgumentOutOfRangeException(nameof(claim), claim.State, "Unknown claim state."),
        };
        return Shorten(string.IsNullOrWhiteSpace(claim.PublicNote) ? state : $"{state} {claim.PublicNote}");
    }

    /// <summary>One line (a public note may have several), at most <see cref="MaxLength"/> characters.</summary>
    private static string Shorten(string text)
    {
        var line = Whitespace().Replace(text, " ").Trim();
        if (line.Length <= MaxLength)
        {
            return line;
        }

        // At the last word break, unless that would lose most of the text (a name or URL with no spaces).
        var cut = line.LastIndexOf(' ', MaxLength - 1);
        return line[..(cut >= MaxLength / 2 ? cut : MaxLength - 1)] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
