using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Components;

/// <summary>Rows as the stores return them, for rendering components without a database.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2017, 10, 5, 12, 0, 0, TimeSpan.Zero);

    public static ClaimRow Row(
        long id = 7,
        string statement = "ISIS says it captured two Russian soldiers",
        string claimant = "Islamic State / Amaq",
        ClaimState state = ClaimState.Unverified,
        Priority priority = Priority.High,
        long? assigneeId = null,
        string? assigneeName = null,
        bool isPublished = false,
        DateTimeOffset? reviewDueAt = default) => new()
    {
        Id = id,
        Slug = "isis-says",
        Statement = statement,
        Claimant = claimant,
        DeskName = "World",
        DeskSlug = "world",
        Priority = priority,
        State = state,
        AssigneeId = assigneeId,
        AssigneeName = assigneeName,
        IsPublished = isPublished,
        CreatedAt = Now.AddHours(-3),
        ReviewDueAt = reviewDueAt == default && state != ClaimState.Confirmed ? Now.AddHours(1) : reviewDueAt,
        Version = 4,
    };

    public static AuditEventRow Event(long id, string kind, string details, string actor = "ana@desk.example") => new()
    {
        Id = id,
        ClaimId = 7,
        Kind = kind,
        Actor = actor,
        At = Now.AddMinutes(id),
        Details = details,
    };
}
