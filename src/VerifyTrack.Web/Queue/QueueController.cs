using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Desks;

namespace VerifyTrack.Web.Queue;

public sealed record QueuePageModel(QueueQuery Query, IReadOnlyList<DeskRow> Desks, QueuePage Page, DateTimeOffset Now, FieldErrors Errors)
{
    public ClaimActor? Actor { get; init; }

    /// <summary>The people the bulk form can assign claims to.</summary>
    public IReadOnlyList<UserChoice> Users { get; init; } = [];
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
            return View(new QueuePageModel(query, deskList, empty, now, errors));
        }

        var page = await claims.QueueAsync(filter, after, PageSize, User.Id(), now, cancellationToken);
        return View(new QueuePageModel(query, deskList, page, now, errors)
        {
            Actor = await actors.ForUserAsync(User.Id(), cancellationToken),
            Users = await users.ListActiveAsync(cancellationToken),
        });
    }
}
