using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>
/// The machine-readable forms of the public status: schema.org ClaimReview JSON-LD, the badge SVG and the
/// Atom feed. Claim text is attacker-controlled, so each is built with an encoder for its own context.
/// </summary>
public static class PublicFormats
{
    /// <summary>
    /// The ClaimReview rating scale (documented in the README): 1 denied (a named party denied it; not
    /// the same as false), 2 unverified, 3 confirmed by the desk.
    /// </summary>
    public static int RatingValue(ClaimState state) => state switch
    {
        ClaimState.Denied => 1,
        ClaimState.Unverified => 2,
        ClaimState.Confirmed => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// JSON for a &lt;script type="application/ld+json"&gt; block. The default encoder escapes &lt;, &gt;,
    /// &amp; and quotes, so no statement can close the script element.
    /// </summary>
    public static string ClaimReviewJsonLd(PublicClaimDetail detail, string pageUrl, PublicStatusOptions options)
    {
        var claim = detail.Claim;
        JsonObject Appearance(PublicAppearance a) => new()
        {
            ["@type"] = "CreativeWork",
            ["url"] = a.Url,
            ["headline"] = a.Headline,
            ["datePublished"] = a.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = a.Outlet },
        };

        var itemReviewed = new JsonObject
        {
            ["@type"] = "Claim",
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = claim.Claimant },
            ["appearance"] = new JsonArray(detail.Appearances.Select(a => (JsonNode)Appearance(a)).ToArray()),
        };
        if (detail.Appearances.Count > 0)
        {
            itemReviewed["firstAppearance"] = Appearance(detail.Appearances[0]);
            itemReviewed["datePublished"] = detail.Appearances[0].PublishedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var review = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["url"] = pageUrl,
            ["claimReviewed"] = claim.Statement,
            ["datePublished"] = claim.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dateModified"] = claim.PublicUpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = options.OrganizationName, ["url"] = options.OrganizationUrl },
            ["reviewRating"] = new JsonObject
            {
                ["@type"] = "Rating",
                ["ratingValue"] = RatingValue(claim.State),
                ["bestRating"] = 3,
                ["worstRating"] = 1,
                ["alternateName"] = StateBadge.Label(claim.State),
            },
            ["itemReviewed"] = itemReviewed,
        };
        return review.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    public static string BadgeSvg(ClaimState state, DateTimeOffset since)
    {
        var label = StateBadge.Label(state);
        var text = $"{label.ToUpperInvariant()} · {Date(since)}";
        var title = $"Claim status: {label} since {Date(since)}";
        var width = 16 + (int)Math.Ceiling(text.Length * 7.2);
        var fill = StateColour(state);
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" viewBox="0 0 {width} 20" role="img" aria-label="{SecurityElement.Escape(title)}">
            <title>{SecurityElement.Escape(title)}</title>
            <rect width="{width}" height="20" rx="3" fill="{fill}"/>
            <text x="{width / 2}" y="14" fill="#ffffff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">{SecurityElement.Escape(text)}</text>
            </svg>
            """;
    }

    /// <summary>The badge's and the share card's colour for a state; white text on each passes WCAG AA.</summary>
    public static string StateColour(ClaimState state) => state switch
    {
        ClaimState.Denied => "#8a1c1c",
        ClaimState.Confirmed => "#1b5e20",
        _ => "#6b4e00",
    };

    public static string AtomFeed(IReadOnlyList<PublicStateChange> changes, string baseUrl, DateTimeOffset updated, PublicStatusOptions options)
    {
        const string atom = "http://www.w3.org/2005/Atom";
        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, OmitXmlDeclaration = false }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", atom);
            xml.WriteElementString("id", atom, $"{baseUrl}/status/feed.atom");
            xml.WriteElementString("title", atom, $"{options.OrganizationName}: claim status changes");
            xml.WriteElementString("updated", atom, Durations.Iso(updated));
            WriteLink(xml, "self", $"{baseUrl}/status/feed.atom", "application/atom+xml");
            WriteLink(xml, "alternate", $"{baseUrl}/status", "text/html");
            xml.WriteStartElement("author", atom);
            xml.WriteElementString("name", atom, options.OrganizationName);
            xml.WriteElementString("uri", atom, options.OrganizationUrl);
            xml.WriteEndElement();

            foreach (var change in changes)
            {
                var url = $"{baseUrl}/status/claims/{Uri.EscapeDataString(change.Slug)}";
                xml.WriteStartElement("entry", atom);
                xml.WriteElementString("id", atom, $"{url}#change-{change.Id}");
                xml.WriteElementString("title", atom, XmlText($"{StateBadge.Label(change.ToState)}: {change.Statement}"));
                xml.WriteElementString("updated", atom, Durations.Iso(change.At));
                WriteLink(xml, "alternate", url, "text/html");
                var summary = change.ToState == ClaimState.Denied && change.DeniedBy is { } by ? $"Denied by {by}." : $"Now {StateBadge.Label(change.ToState).ToLowerInvariant()}.";
                xml.WriteElementString("summary", atom, XmlText(change.PublicNote is { } note ? $"{summary} {note}" : summary));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        // StringBuilder output is UTF-16; the feed is served as UTF-8, so say so.
        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>Text older data may hold that XML cannot (control characters) is dropped rather than failing the feed.</summary>
    private static string XmlText(string text) => string.Concat(text.Where(XmlConvert.IsXmlChar));

    private static void WriteLink(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", "http://www.w3.org/2005/Atom");
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
