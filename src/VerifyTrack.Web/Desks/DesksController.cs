using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Digests;

namespace VerifyTrack.Web.Desks;

public sealed record DesksPageModel(IReadOnlyList<DeskDigestItem> Desks, ClaimActor Actor, string DefaultLocalTime)
{
    public bool CanSetDigestTime(DeskDigestItem desk) =>
        ClaimPermissions.Check(Actor, ClaimAction.SetDigestTime, desk.Id, publishRequiresLead: false) is null;
}

/// <summary>Every desk and its digest time; a desk's leads (and admins) set it here.</summary>
[Authorize]
[Route("desks")]
public sealed class DesksController(DeskStore desks, ClaimActors actors, IOptions<DigestOptions> digests) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new DesksPageModel(await desks.ListDigestTimesAsync(cancellationToken), await actors.ForUserAsync(User.Id(), cancellationToken), digests.Value.LocalTime));

    [HttpPost("{slug}/digest-time")]
    public async Task<IActionResult> SetDigestTime(string slug, string? localTime, CancellationToken cancellationToken)
    {
        var result = await desks.SetDigestTimeAsync(slug, localTime, User.ToActor(), cancellationToken);
        switch (result.Status)
        {
            case WriteStatus.Ok:
                TempData["Flash"] = string.IsNullOrWhiteSpace(localTime)
                    ? $"The {slug} desk's digest goes out at the default time again."
                    : $"The {slug} desk's digest goes out at {localTime.Trim()}.";
                return Redirect("/desks");
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return View("Forbidden", new Shared.ForbiddenModel(result.Reason!, "/desks"));
            default:
                TempData["Flash"] = string.Join(" ", result.Errors!.ToDictionary().SelectMany(e => e.Value));
                TempData["FlashIsError"] = true;
                return Redirect("/desks");
        }
    }
}
