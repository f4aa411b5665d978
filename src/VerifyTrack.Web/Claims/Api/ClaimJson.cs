using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace VerifyTrack.Web.Claims.Api;

public sealed record UserRefJson(long Id, string Email, string Name);

public sealed record AppearanceJson(
    long Id, string Url, string Outlet, string Headline, DateTimeOffset PublishedAt, string? Excerpt, string? Language, DateTimeOffset AddedAt)
{
    public static AppearanceJson From(AppearanceRow a) =>
        new(a.Id, a.Url, a.Outlet, a.Headline, a.PublishedAt, a.Excerpt, a.Language, a.AddedAt);
}

public sealed record EvidenceJson(long Id, string? Url, string Description, string Stance, string AddedBy, DateTimeOffset AddedAt)
{
    public static EvidenceJson From(EvidenceRow e) =>
        new(e.Id, e.Url, e.Description, Wire.Name(e.Stance), e.AddedBy, e.AddedAt);
}

public sealed record ClaimJson(
    long Id,
    string Slug,
    string Statement,
    string Claimant,
    string Summary,
    string Desk,
    string Priority,
    string State,
    long Version,
    bool IsPublished,
    DateTimeOffset? PublishedAt,
    UserRefJson? Assignee,
    DateTimeOffset? ReviewDueAt,
    bool IsStale,
    DateTimeOffset LastReviewedAt,
    DateTimeOffset StateChangedAt,
    string? DeniedBy,
    string? DenialUrl,
    string? PublicNote,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<AppearanceJson>? Appearances,
    IReadOnlyList<EvidenceJson>? Evidence)
{
    public static ClaimJson From(ClaimDetail detail, DateTimeOffset now) =>
        From(detail.Claim, now) with
        {
            Appearances = detail.Appearances.Select(AppearanceJson.From).ToList(),
            Evidence = detail.Evidence.Select(EvidenceJson.From).ToList(),
        };

    /// <summary>The list form: the claim without its appearances and evidence.</summary>
    public static ClaimJson From(ClaimRow c, DateTimeOffset now) => new(
        c.Id,
        c.Slug,
        c.Statement,
        c.Claimant,
        c.Summary,
        c.DeskSlug,
        Wire.Name(c.Priority),
        Wire.Name(c.State),
        c.Version,
        c.IsPublished,
        c.PublishedAt,
        c.AssigneeId is { } id ? new UserRefJson(id, c.AssigneeEmail ?? "", c.AssigneeName ?? "") : null,
        c.ReviewDueAt,
        ReviewWindows.IsStale(c.ReviewDueAt, now),
        c.LastReviewedAt,
        c.StateChangedAt,
        c.DeniedBy,
        c.DenialUrl,
        c.PublicNote,
        c.CreatedAt,
        c.UpdatedAt,
        null,
        null);
}

public sealed record ClaimListJson(IReadOnlyList<ClaimJson> Items, int Page, int PageSize, long Total);

/// <summary>One audit event; <c>at</c> is the exact stored text, so anyone can recompute <c>hash</c> (see README).</summary>
public sealed record HistoryEventJson(long Id, long? ClaimId, string Kind, long? ActorId, string Actor, string At, JsonElement Details, string PrevHash, string Hash);

public sealed record HistoryJson(IReadOnlyList<HistoryEventJson> Events);

/// <summary>
/// The shape of a 409 as <see cref="Infrastructure.Web.Problems.Conflict"/> writes it, for the API's document: the problem
/// details and the claim as it is now.
/// </summary>
public sealed class ClaimConflictProblem : ProblemDetails
{
    public long CurrentVersion { get; init; }

    public ClaimJson? Current { get; init; }
}
