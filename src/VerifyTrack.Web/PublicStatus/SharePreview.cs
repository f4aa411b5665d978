using VerifyTrack.Web.Components;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>
/// What a link preview shows for a claim page (Open Graph and Twitter tags, and the page's meta
/// description): public fields only, cut at word boundaries to the lengths previews display.
/// </summary>
public sealed record SharePreview(string PageUrl, string Title, string Description, string ImageUrl, string ImageAlt, string EmbedAlt, string SiteName)
{
    public static SharePreview For(PublicClaim claim, string pageUrl, PublicStatusOptions options)
    {
        var label = StateBadge.Label(claim.State);
        return new SharePreview(
            pageUrl,
            $"{label}: {TextFitting.Shorten(claim.Statement, 90)}",
            // The page's meta description too: a preview and a search result say the same.
            PublicDescriptions.ForClaim(claim),
            $"{pageUrl}/card.png",
            $"{label} since {PublicFormats.Date(claim.StateChangedAt)}: “{TextFitting.Shorten(claim.Statement, 200)}”, claimed by {claim.Claimant}.",
            // An embedded card outlives this state, so its alt text names the claim and not where it stands.
            $"Status card from {options.OrganizationName}: “{TextFitting.Shorten(claim.Statement, 160)}”",
            options.OrganizationName);
    }
}
