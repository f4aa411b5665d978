namespace VerifyTrack.Web.Claims;

/// <summary>A claim as stored, joined with its desk and assignee.</summary>
public sealed class ClaimRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Statement { get; init; } = "";
    public string Claimant { get; init; } = "";
    public string Summary { get; init; } = "";
    public long DeskId { get; init; }
    public string DeskSlug { get; init; } = "";
    public string DeskName { get; init; } = "";
    public Priority Priority { get; init; }
    public ClaimState State { get; init; }
    public long? AssigneeId { get; init; }
    public string? AssigneeEmail { get; init; }
    public string? AssigneeName { get; init; }
    public bool IsPublished { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public string? DeniedBy { get; init; }
    public string? DenialUrl { get; init; }
    public string? PublicNote { get; init; }
    public DateTimeOffset StateChangedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset LastReviewedAt { get; init; }
    public DateTimeOffset? ReviewDueAt { get; init; }
    public long Version { get; init; }
}

public sealed class AppearanceRow
{
    public long Id { get; init; }
    public long ClaimId { get; init; }
    public string Url { get; init; } = "";
    public string Outlet { get; init; } = "";
    public string Headline { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
    public string? Excerpt { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset AddedAt { get; init; }
}

public sealed class EvidenceRow
{
    public long Id { get; init; }
    public long ClaimId { get; init; }
    public string? Url { get; init; }
    public string Description { get; init; } = "";
    public Stance Stance { get; init; }
    public string AddedBy { get; init; } = "";
    public DateTimeOffset AddedAt { get; init; }
}

public sealed record ClaimDetail(ClaimRow Claim, IReadOnlyList<AppearanceRow> Appearances, IReadOnlyList<EvidenceRow> Evidence);

public sealed record ClaimFilter(
    ClaimState? State = null,
    string? Desk = null,
    Priority? Priority = null,
    string? Assignee = null,
    bool? Stale = null,
    string? Text = null,
    bool? Published = null,
    TimeRange? Created = null,
    TimeRange? Verdict = null,
    TimeRange? Due = null,
    TimeRange? Alerted = null,
    TimeRange? PublishedIn = null)
{
    /// <summary>Several desks' claims at once (the dashboard's links for several desks); one desk is <see cref="Desk"/>.</summary>
    public IReadOnlyList<string>? Desks { get; init; }

    /// <summary>Claims as they stood at this moment: logged before it, and <see cref="State"/> is the state they were in then.</summary>
    public DateTimeOffset? StateAt { get; init; }
}

/// <summary>
/// From (inclusive) and before (exclusive), either end open: the claims logged, first decided, due for review,
/// reminded or escalated, or published in it.
/// </summary>
public sealed record TimeRange(DateTimeOffset? From, DateTimeOffset? Before);

public sealed record ClaimPage(IReadOnlyList<ClaimRow> Items, int Page, int PageSize, long Total);

/// <summary>Where a queue page starts: just after this claim in (review due, id) order; claims never due come last.</summary>
public sealed record QueueCursor(DateTimeOffset? ReviewDueAt, long Id)
{
    public string Encode() => ReviewDueAt is { } due ? $"{due.ToUnixTimeMilliseconds()}.{Id}" : $"never.{Id}";

    public static QueueCursor? Decode(string? value)
    {
        var parts = value?.Split('.');
        if (parts is not [var due, var id] || !long.TryParse(id, out var claimId))
        {
            return null;
        }

        if (due == "never")
        {
            return new QueueCursor(null, claimId);
        }

        return long.TryParse(due, out var ms) && ms is >= 0 and <= 253402300799999
            ? new QueueCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), claimId)
            : null;
    }
}

/// <param name="CountsByState">
/// Claims per state for the filter; null for a search that matched more than <see cref="ClaimStore.CountedMatchesLimit"/>
/// claims, which are not counted one by one.
/// </param>
public sealed record QueuePage(IReadOnlyList<ClaimRow> Items, QueueCursor? Next, IReadOnlyDictionary<ClaimState, long>? CountsByState);
