using System.Globalization;

namespace VerifyTrack.Web.Claims;

// Form models of the claim pages. Each posts the version it was based on and the last audit event its
// editor had seen, so a conflict page can show exactly what changed meanwhile.

public abstract class ClaimForm
{
    public long? Version { get; set; }

    public long SeenEventId { get; set; }
}

public sealed class NewClaimForm
{
    public string? Statement { get; set; }
    public string? Claimant { get; set; }
    public string? Summary { get; set; }
    public string? Desk { get; set; }
    public string? Priority { get; set; } = "normal";
    public string? Url { get; set; }
    public string? Outlet { get; set; }
    public string? Headline { get; set; }
    public string? PublishedAt { get; set; }
    public string? Excerpt { get; set; }
    public string? Language { get; set; }

    public CreateClaimInput ToInput(FieldErrors errors) => new(
        Statement, Claimant, Summary, Desk, Priority,
        new AppearanceInput(Url, Outlet, Headline, FormDates.Parse(PublishedAt, "firstAppearance.publishedAt", errors), Excerpt, Language));
}

/// <summary>The edit form carries the values it was opened with, so only fields this editor changed are sent.</summary>
public sealed class EditForm : ClaimForm
{
    public string? Statement { get; set; }
    public string? Claimant { get; set; }
    public string? Summary { get; set; }
    public string? Desk { get; set; }
    public string? Priority { get; set; }
    public string? OriginalStatement { get; set; }
    public string? OriginalClaimant { get; set; }
    public string? OriginalSummary { get; set; }
    public string? OriginalDesk { get; set; }
    public string? OriginalPriority { get; set; }

    public static EditForm From(ClaimRow claim, long seenEventId) => new()
    {
        Statement = claim.Statement,
        Claimant = claim.Claimant,
        Summary = claim.Summary,
        Desk = claim.DeskSlug,
        Priority = Wire.Name(claim.Priority),
        OriginalStatement = claim.Statement,
        OriginalClaimant = claim.Claimant,
        OriginalSummary = claim.Summary,
        OriginalDesk = claim.DeskSlug,
        OriginalPriority = Wire.Name(claim.Priority),
        Version = claim.Version,
        SeenEventId = seenEventId,
    };

    public EditClaimInput ToInput() => new(
        Changed(Statement, OriginalStatement),
        Changed(Claimant, OriginalClaimant),
        Changed(Summary ?? "", OriginalSummary ?? ""),
        Changed(Desk, OriginalDesk),
        Changed(Priority, OriginalPriority),
        Version);

    private static string? Changed(string? value, string? original) =>
        string.Equals(value?.Trim(), original?.Trim(), StringComparison.Ordinal) ? null : value ?? "";
}

public sealed class TransitionForm : ClaimForm
{
    public string? To { get; set; }
    public string? Note { get; set; }
    public string? PublicNote { get; set; }
    public string? DeniedBy { get; set; }
    public string? DenialUrl { get; set; }
    public List<long> SupportingEvidenceIds { get; set; } = [];

    public TransitionInput ToInput() => To == Wire.Name(ClaimState.Denied)
        ? new(To, Note, PublicNote, DeniedBy, DenialUrl, Version)
        : new(To, Note, PublicNote, null, null, Version, To == Wire.Name(ClaimState.Confirmed) ? SupportingEvidenceIds : null);
}

public sealed class ReviewForm : ClaimForm
{
    public string? Note { get; set; }
}

public sealed class AssignForm : ClaimForm
{
    public string? Assignee { get; set; }
}

public sealed class AppearanceForm : ClaimForm
{
    public string? Url { get; set; }
    public string? Outlet { get; set; }
    public string? Headline { get; set; }
    public string? PublishedAt { get; set; }
    public string? Excerpt { get; set; }
    public string? Language { get; set; }

    public AppearanceInput ToInput(FieldErrors errors) =>
        new(Url, Outlet, Headline, FormDates.Parse(PublishedAt, "publishedAt", errors), Excerpt, Language, Version);
}

public sealed class EvidenceForm : ClaimForm
{
    public string? Url { get; set; }
    public string? Description { get; set; }
    public string? Stance { get; set; } = "context";

    public EvidenceInput ToInput() => new(Url, Description, Stance, Version);
}

public sealed class VersionForm : ClaimForm;

public static class FormDates
{
    /// <summary>A date from a date input (yyyy-MM-dd, read as UTC midnight), or a full ISO-8601 time.</summary>
    public static DateTimeOffset? Parse(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, $"'{value}' is not a date: use the form 2017-10-05.");
        return null;
    }
}
