namespace VerifyTrack.Web.Claims;

// Inputs as they arrive from JSON or a form: everything optional and loosely typed, so that every
// mistake becomes a field error with a message rather than a binding failure.

public sealed record AppearanceInput(
    string? Url, string? Outlet, string? Headline, DateTimeOffset? PublishedAt, string? Excerpt, string? Language, long? Version = null)
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
    string? Statement, string? Claimant, string? Summary, string? Desk, string? Priority, AppearanceInput? FirstAppearance);

public sealed record EditClaimInput(
    string? Statement, string? Claimant, string? Summary, string? Desk, string? Priority, long? Version);

public sealed record TransitionInput(
    string? To, string? Note, string? PublicNote, string? DeniedBy, string? DenialUrl, long? Version,
    IReadOnlyList<long>? SupportingEvidenceIds = null);

public sealed record ReviewInput(string? Note, long? Version);

public sealed record EvidenceInput(string? Url, string? Description, string? Stance, long? Version);

public sealed record AssignmentInput(string? Assignee, long? Version);

public sealed record VersionInput(long? Version);
