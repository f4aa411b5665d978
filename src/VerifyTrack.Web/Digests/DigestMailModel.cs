using System.Globalization;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Web.Digests;

public sealed record DigestSection(string Title, IReadOnlyList<DeskDigests.DigestLine> Lines, string Empty);

/// <summary>What a desk digest says, for its subject and its two bodies.</summary>
public sealed record DigestMailModel(string DeskName, DateOnly LocalDate, DeskDigests.DigestContent Content, string AppBaseUrl, string AccountUrl, string UnsubscribeUrl)
{
    public string Subject =>
        $"{DeskName} desk digest, {LocalDate.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture)}: {Content.Stale.Count + Content.MoreStale} stale, {Content.New.Count} new";

    public string Heading => $"{DeskName} desk, {LocalDate.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}";

    public string Counts => string.Join(", ", Content.Counts.Select(c => $"{c.Value} {Wire.Name(c.Key)}"));

    public IReadOnlyList<DigestSection> Sections =>
    [
        new(Content.MoreStale > 0 ? $"Stale, oldest first (and {Content.MoreStale} more)" : "Stale, oldest first", Content.Stale, "Nothing is overdue."),
        new("New since the last digest", Content.New, "No new claims."),
        new("Changed state", Content.Changed, "No state changes."),
    ];

    public string Link(long claimId) => $"{AppBaseUrl}/claims/{claimId}";
}
