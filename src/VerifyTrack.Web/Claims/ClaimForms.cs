using System.Globalization;
using VerifyTrack.Web.Components;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Claims;

// Form models of the claim pages. Each posts the version it was based on and the last audit event its
// editor had seen, so a conflict page can show exactly what changed meanwhile.

public abstract class ClaimForm
{
    public long? Version { get; set; }

    public long SeenEventId { get; set; }

    /// <summary>The form's own fields by property name, as a conflict page sends them again on top of the current version.</summary>
    public abstract IEnumerable<KeyValuePair<string, string>> Fields();

    protected static KeyValuePair<string, string> Field(string name, string? value) => new(name, value ?? "");
}

/// <summary>One field of a change refused because the claim moved on: what the editor sent beside what the claim holds now.</summary>
/// <param name="Now">Null when the claim has no such field to compare with (a note, a new appearance).</param>
public sealed record ChangedField(string Label, string Yours, string? Now);

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

    /// <summary>The editor has seen the likely duplicates and creates a new claim all the same.</summary>
    public bool CreateAnyway { get; set; }

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

    public override IEnumerable<KeyValuePair<string, string>> Fields() =>
    [
        Field(nameof(Statement), Statement),
        Field(nameof(Claimant), Claimant),
        Field(nameof(Summary), Summary),
        Field(nameof(Desk), Desk),
        Field(nameof(Priority), Priority),
        Field(nameof(OriginalStatement), OriginalStatement),
        Field(nameof(OriginalClaimant), OriginalClaimant),
        Field(nameof(OriginalSummary), OriginalSummary),
        Field(nameof(OriginalDesk), OriginalDesk),
        Field(nameof(OriginalPriority), OriginalPriority),
    ];

    /// <summary>Only the fields this editor changed from the values the form was opened with, as <see cref="ToInput"/> sends them.</summary>
    public IReadOnlyList<ChangedField> Changes(ClaimDetail current, IReadOnlyList<DeskRow> desks)
    {
        var claim = current.Claim;
        var input = ToInput();
        var changes = new List<ChangedField>();
        if (input.Statement is { } statement)
        {
            changes.Add(new("Statement", statement, claim.Statement));
        }

        if (input.Claimant is { } claimant)
        {
            changes.Add(new("Claimant", claimant, claim.Claimant));
        }

        if (input.Summary is { } summary)
        {
            changes.Add(new("Summary", summary, claim.Summary));
        }

        if (input.Desk is { } desk)
        {
            changes.Add(new("Desk", desks.FirstOrDefault(d => d.Slug == desk.Trim())?.Name ?? desk, claim.DeskName));
        }

        if (input.Priority is { } priority)
        {
            changes.Add(new("Priority", priority, Wire.Name(claim.Priority)));
        }

        return changes;
    }

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

    public override IEnumerable<KeyValuePair<string, string>> Fields() =>
    [
        Field(nameof(To), To),
        Field(nameof(Note), Note),
        Field(nameof(PublicNote), PublicNote),
        Field(nameof(DeniedBy), DeniedBy),
        Field(nameof(DenialUrl), DenialUrl),
        .. SupportingEvidenceIds.Select(id => Field(nameof(SupportingEvidenceIds), id.ToString(CultureInfo.InvariantCulture))),
    ];

    /// <summary>The move and what it carries; what the target state does not use is left out, as <see cref="ToInput"/> leaves it out.</summary>
    public IReadOnlyList<ChangedField> Changes(ClaimDetail current)
    {
        var claim = current.Claim;
        var changes = new List<ChangedField>
        {
            new("State", Wire.TryParse(To, out ClaimState to) ? StateBadge.Label(to) : To ?? "", StateBadge.Label(claim.State)),
            new("Internal note", Note ?? "", null),
        };
        if (!string.IsNullOrWhiteSpace(PublicNote))
        {
            changes.Add(new("Public note", PublicNote, claim.PublicNote ?? ""));
        }

        var input = ToInput();
        if (To == Wire.Name(ClaimState.Denied))
        {
            changes.Add(new("Denied by", input.DeniedBy ?? "", claim.DeniedBy ?? ""));
            if (!string.IsNullOrWhiteSpace(input.DenialUrl))
            {
                changes.Add(new("Link to the denial", input.DenialUrl, claim.DenialUrl ?? ""));
            }
        }

        if (input.SupportingEvidenceIds is { } ids)
        {
            var evidence = ids.Select(id => current.Evidence.FirstOrDefault(e => e.Id == id)?.Description ?? $"evidence {id}, since removed");
            changes.Add(new("Supporting evidence", string.Join("; ", evidence), null));
        }

        return changes;
    }
}

public sealed class ReviewForm : ClaimForm
{
    public string? Note { get; set; }

    public override IEnumerable<KeyValuePair<string, string>> Fields() => [Field(nameof(Note), Note)];

    public IReadOnlyList<ChangedField> Changes(ClaimDetail current) => [new("Review note", Note ?? "", null)];
}

public sealed class AssignForm : ClaimForm
{
    public string? Assignee { get; set; }

    public override IEnumerable<KeyValuePair<string, string>> Fields() => [Field(nameof(Assignee), Assignee)];

    public IReadOnlyList<ChangedField> Changes(ClaimDetail current) =>
        [new("Assignee", string.IsNullOrWhiteSpace(Assignee) ? "unassigned" : Assignee, current.Claim.AssigneeEmail ?? "unassigned")];
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

    public override IEnumerable<KeyValuePair<string, string>> Fields() =>
    [
        Field(nameof(Url), Url),
        Field(nameof(Outlet), Outlet),
        Field(nameof(Headline), Headline),
        Field(nameof(PublishedAt), PublishedAt),
        Field(nameof(Excerpt), Excerpt),
        Field(nameof(Language), Language),
    ];

    /// <summary>A new appearance has nothing on the claim to compare with.</summary>
    public IReadOnlyList<ChangedField> Changes(ClaimDetail current) =>
        new (string Label, string? Value)[]
            {
                ("New appearance: URL", Url), ("Outlet", Outlet), ("Headline", Headline), ("Published on", PublishedAt),
                ("Excerpt", Excerpt), ("Language", Language),
            }
            .Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .Select(f => new ChangedField(f.Label, f.Value!, null))
            .ToList();
}

public sealed class EvidenceForm : ClaimForm
{
    public string? Url { get; set; }
    public string? Description { get; set; }
    public string? Stance { get; set; } = "context";

    public EvidenceInput ToInput() => new(Url, Description, Stance, Version);

    public override IEnumerable<KeyValuePair<string, string>> Fields() =>
        [Field(nameof(Url), Url), Field(nameof(Description), Description), Field(nameof(Stance), Stance)];

    /// <summary>New evidence has nothing on the claim to compare with.</summary>
    public IReadOnlyList<ChangedField> Changes(ClaimDetail current) =>
        new (string Label, string? Value)[] { ("New evidence", Description), ("URL", Url), ("Stance", Stance) }
            .Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .Select(f => new ChangedField(f.Label, f.Value!, null))
            .ToList();
}

/// <summary>A form that sends only the version: the action says what it does (publish, remove an item).</summary>
public sealed class VersionForm : ClaimForm
{
    public override IEnumerable<KeyValuePair<string, string>> Fields() => [];
}

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
