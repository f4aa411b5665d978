using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Queue;

public sealed record QueuePageModel(QueueQuery Query, ClaimFilter Filter, IReadOnlyList<DeskRow> Desks, QueuePage Page, DateTimeOffset Now, FieldErrors Errors)
{
    public ClaimActor? Actor { get; init; }

    /// <summary>The people the bulk form can assign claims to.</summary>
    public IReadOnlyList<UserChoice> Users { get; init; } = [];

    /// <summary>
    /// The time limits the dashboard's links set, as the page says them, in UTC as the filter read them: a value it
    /// could not read is not among them, as it is not in the filter.
    /// </summary>
    public IReadOnlyList<string> TimeLimits =>
        new (string What, TimeRange? Range)[]
        {
            ("logged", Filter.Created),
            ("first decided", Filter.Verdict),
            ("due for review", Filter.Due),
            ("reminded or escalated", Filter.Alerted),
            ("published", Filter.PublishedIn),
        }
        .Where(limit => limit.Range is not null)
        .Select(limit => $"{limit.What} from {Utc(limit.Range!.From) ?? "the start"} to before {Utc(limit.Range.Before) ?? "now"}")
        .Concat(Filter.StateAt is { } at ? [$"as they stood at {Utc(at)}, by the state they were in then"] : [])
        .ToList();

    private static string? Utc(DateTimeOffset? at) => at is { } value ? Infrastructure.Db.SqlTime.ToSql(value) : null;
}

[Authorize]
[Route("queue")]
public sealed class QueueController(ClaimStore claims, DeskStore desks, UserStore users, ClaimActors actors, TimeProvider clock) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] QueueQuery query, CancellationToken cancellationToken)
    {
        var (filter, after, errors) = query.Parse();
        var now = clock.GetUtcNow();
        var deskList = await desks.ListAsync(cancellationToken);
        if (!errors.IsEmpty)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var empty = new QueuePage([], null, Enum.GetValues<ClaimState>().ToDictionary(s => s, _ => 0L));
            return View(new QueuePageModel(query, filter, deskList, empty, now, errors));
        }

        var page = await claims.QueueAsync(filter, after, PageSize, User.Id(), now, cancellationToken);
        return View(new QueuePageModel(query, filter, deskList, page, now, errors)
        {
            Actor = await actors.ForUserAsync(User.Id(), cancellationToken),
            // Only the bulk form, shown with rows, lists people to assign to.
            Users = page.Items.Count > 0 ? await users.ListActiveAsync(cancellationToken) : [],
        });
    }
}
