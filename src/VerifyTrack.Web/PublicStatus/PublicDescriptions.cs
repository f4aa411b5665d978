using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>
/// The public pages' meta descriptions: what a search result or a shared link shows under the title. Built only
/// from public fields, as the pages are.
/// </summary>
public static class PublicDescriptions
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
        // One line (a public note may have several), cut at a word past the limit.
        return TextFitting.Shorten(string.IsNullOrWhiteSpace(claim.PublicNote) ? state : $"{state} {claim.PublicNote}", MaxLength);
    }
}
