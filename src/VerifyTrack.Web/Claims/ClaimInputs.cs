using System.ComponentModel;
using VerifyTrack.Web.ApiDocs;

namespace VerifyTrack.Web.Claims;

// Inputs as they arrive from JSON or a form: everything optional and loosely typed, so that every
// mistake becomes a field error with a message rather than a binding failure.

public sealed record AppearanceInput(
    [property: RequiredInApi, Description("Absolute http(s) URL of the article.")] string? Url,
    [property: RequiredInApi] string? Outlet,
    [property: RequiredInApi] string? Headline,
    [property: RequiredInApi, Description("ISO-8601; a time without an offset is UTC.")] DateTimeOffset? PublishedAt,
    string? Excerpt,
    string? Language,
    [property: Description("The claim's version, when adding to an existing claim (required there); not sent in a new claim's firstAppearance.")] long? Version = null)
{
    public FieldErrors Validate(string prefix = "")
    {
        var errors = new FieldErrors();
        TextRules.RequiredUrl(errors, prefix + "url", Url);
        TextRules.Required(errors, prefix + "outlet", Outlet, TextRules.NameMax);
        TextRules.Required(errors, prefix + "headline", Headline, TextRules.StatementMax);
        if (PublishedAt is null)
        {
            errors.Add(prefix + "publishedAt", $"{prefix}publishedAt is required (an ISO-8601 date such as 2017-10-04).");
        }

        TextRules.Optional(errors, prefix + "excerpt", Excerpt, TextRules.ExcerptMax);
        TextRules.Optional(errors, prefix + "language", Language, TextRules.LanguageMax);
        return errors;
    }
}

public sealed record CreateClaimInput(
    [property: RequiredInApi] string? Statement,
    [property: RequiredInApi] string? Claimant,
    string? Summary,
    [property: RequiredInApi, Description("The desk's slug.")] string? Desk,
    [property: RequiredInApi, Description("`urgent`, `high`, `normal` or `low`.")] string? Priority,
    [property: RequiredInApi] AppearanceInput? FirstAppearance);

public sealed record EditClaimInput(
    string? Statement,
    string? Claimant,
    string? Summary,
    [property: Description("Another desk's slug, to move the claim there.")] string? Desk,
    [property: Description("`urgent`, `high`, `normal` or `low`.")] string? Priority,
    [property: RequiredInApi] long? Version);

public sealed record TransitionInput(
    [property: RequiredInApi, Description("`unverified`, `denied` or `confirmed`.")] string? To,
    [property: RequiredInApi, Description("Why; internal.")] string? Note,
    [property: Description("The explanation shown to the public.")] string? PublicNote,
    [property: Description("Who denied it: required for `denied`.")] string? DeniedBy,
    [property: Description("Link to the denial, http(s); `denied` only.")] string? DenialUrl,
    [property: RequiredInApi] long? Version,
    [property: Description("`confirmed` only: the supporting evidence the confirmation rests on.")] IReadOnlyList<long>? SupportingEvidenceIds = null);

public sealed record ReviewInput([property: RequiredInApi] string? Note, [property: RequiredInApi] long? Version);

public sealed record EvidenceInput(
    string? Url,
    [property: RequiredInApi] string? Description,
    [property: RequiredInApi, Description("`supports`, `refutes` or `context`.")] string? Stance,
    [property: RequiredInApi] long? Version);

public sealed record AssignmentInput(
    [property: Description("A user's e-mail, or null to unassign.")] string? Assignee,
    [property: RequiredInApi] long? Version);

public sealed record VersionInput([property: RequiredInApi] long? Version);
