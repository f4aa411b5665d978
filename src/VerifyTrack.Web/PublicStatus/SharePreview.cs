using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>
/// What a link preview shows for a claim page (Open Graph and Twitter tags, and the page's meta
/// description): public fields only, cut at word boundaries to the lengths previews display.
/// </summary>
public sealed record SharePreview(string PageUrl, string Title, string Description, string ImageUrl, string ImageAlt, string EmbedAlt, string SiteName)
{
    public const string UnverifiedText = "We have not been able to confirm this claim independently, and no one has denied it.";

    public static SharePreview For(PublicClaim claim, string pageUrl, PublicStatusOptions options)
    {
        var label = StateBadge.Label(claim.State);
        return new SharePreview(
            pageUrl,
            $"{label}: {TextFitting.Shorten(claim.Statement, 90)}",
            TextFitting.Shorten($"{Standing(claim, options)} Claimed by {claim.Claimant}.", 200),
            $"{pageUrl}/card.png",
            TextFitting.Shorten($"{label} since {PublicFormats.Date(claim.StateChangedAt)}: {claim.Statement} Claimed by {claim.Claimant}.", 280),
            // An embedded card outlives this state, so its alt text names the claim and not where it stands.
            TextFitting.Shorten($"Status card from {options.OrganizationName}: {claim.Statement}", 200),
            options.OrganizationName);
    }

    /// <summary>Who denied it, and the public note; without a note, what the state means.</summary>
    private static string Standing(PublicClaim claim, PublicStatusOptions options)
    {
        var note = string.IsNullOrWhiteSpace(claim.PublicNote) ? null : claim.PublicNote.Trim();
        return claim.State switch
        {
            ClaimState.Denied => $"{(claim.DeniedBy is { } by ? $"Denied by {by}." : "Denied by a named party.")}{(note is null ? "" : " " + note)}",
            ClaimState.Confirmed => note ?? $"Confirmed independently by {options.OrganizationName}.",
            _ => note ?? UnverifiedText,
        };
    }
}
